//! The learner cases of `tests/learner/`: every file graded by the real binary against the
//! exercise named by its folder, with the verdict `tests/learner/expected.toml` gives it; every
//! exercise of the bundled course has at least three correct files there.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Mutex;

use serde_json::Value;

use crate::support::{grade_in, repo};

/// Files graded at once.
const PARALLEL: usize = 2;

/// The verdict one file must get.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// `pass` or `fail`.
    verdict: String,
    /// A check that must fail.
    failing: Option<String>,
    /// What the file is.
    #[allow(dead_code)]
    why: String,
}

fn manifest() -> BTreeMap<String, Expected> {
    let path = repo().join("tests/learner/expected.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `<exercise>/<file>.js` of the folder.
fn files_on_disk() -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    for dir in std::fs::read_dir(repo().join("tests/learner")).unwrap() {
        let dir = dir.unwrap();
        if !dir.file_type().unwrap().is_dir() {
            continue;
        }
        for file in std::fs::read_dir(dir.path()).unwrap() {
            let name = file.unwrap().file_name().into_string().unwrap();
            files.insert(format!("{}/{name}", dir.file_name().into_string().unwrap()));
        }
    }
    files
}

/// What is wrong with the verdict of `file`, if anything.
fn problems(file: &str, want: &Expected) -> Vec<String> {
    let exercise = file.split('/').next().unwrap();
    let path = repo().join("tests/learner").join(file);
    let output = grade_in(&repo()).args([exercise, path.to_str().unwrap(), "--format", "json"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json: Value = match serde_json::from_str(&stdout) {
        Ok(json) => json,
        Err(e) => return vec![format!("{file}: no JSON ({e}): {}", String::from_utf8_lossy(&output.stderr))],
    };
    let mut found = Vec::new();
    if json["status"] != want.verdict.as_str() {
        let failing: Vec<&Value> = json["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["status"] != "pass")
            .map(|c| &c["name"])
            .collect();
        found.push(format!(
            "{file}: {} (failing {failing:?}; message {}), expected {}",
            json["status"], json["message"], want.verdict
        ));
    }
    let code = output.status.code();
    if code != Some(if want.verdict == "pass" { 0 } else { 1 }) {
        found.push(format!("{file}: exit code {code:?} for a {}", want.verdict));
    }
    if let Some(name) = &want.failing {
        let failed = json["checks"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["name"] == name.as_str() && c["status"] != "pass");
        if !failed {
            found.push(format!("{file}: check {name:?} did not fail"));
        }
    }
    found
}

#[test]
fn every_learner_case_gets_its_verdict() {
    let manifest = manifest();
    let on_disk = files_on_disk();
    let listed: BTreeSet<String> = manifest.keys().cloned().collect();
    assert_eq!(on_disk, listed, "tests/learner/ and its expected.toml must list the same files");
    for want in manifest.values() {
        assert!(want.verdict == "pass" || (want.verdict == "fail" && want.failing.is_some()), "{want:?}");
    }
    let queue = Mutex::new(manifest.into_iter().collect::<Vec<_>>());
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL {
            scope.spawn(|| {
                loop {
                    let Some((file, want)) = queue.lock().unwrap().pop() else { break };
                    found.lock().unwrap().extend(problems(&file, &want));
                }
            });
        }
    });
    let found = found.into_inner().unwrap();
    assert!(found.is_empty(), "{} learner case(s) got the wrong verdict:\n{}", found.len(), found.join("\n"));
}

#[test]
fn every_exercise_has_three_correct_styles_or_more() {
    let manifest = manifest();
    let exercises = std::fs::read_dir(repo().join("exercises")).unwrap();
    for entry in exercises {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "toml") {
            continue;
        }
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        let passing = manifest.iter().filter(|(f, e)| f.starts_with(&format!("{id}/")) && e.verdict == "pass").count();
        assert!(passing >= 3, "{id} has {passing} correct learner case(s) in tests/learner/; it needs 3 or more");
    }
}
