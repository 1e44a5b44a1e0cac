//! The hostile corpus: every file of `tests/hostile/` graded by the real binary (as `exercise-03`
//! unless its entry names another exercise), against the verdict `tests/hostile/expected.toml`
//! gives it; and the files that cannot sensibly
//! be committed (a FIFO, a folder named like a `.js` file, a 200 MB sparse file, invalid UTF-8,
//! NUL bytes, UTF-16, a BOM, CRLF and CR line ends, a symlink loop), made at run time.
//!
//! Each run must end within 10 s with the expected exit code, JSON status and message, must not
//! panic, and must write nothing: the course and the corpus are graded from a copy in a temp dir
//! (with TMPDIR pointing into it), which must be byte-for-byte unchanged afterwards.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::support::{grade_in, repo};

/// Longest a single `grade` run may take, however hostile the file.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// Files graded at once (most of a run is waiting on the per-check time limit).
const PARALLEL: usize = 2;

/// The verdict one file must get.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    /// The exit code.
    exit: i32,
    /// The JSON `status`; None when the command cannot run (exit 2: no JSON, a message on stderr).
    status: Option<String>,
    /// Substring of the JSON `message`, or when it is null of the first non-passing check's;
    /// empty for a pass (then every check passes); on stderr when there is no JSON.
    message: String,
    /// Substring of the first check's `stdout`.
    stdout: Option<String>,
    /// The known mistake the report names.
    mistake: Option<String>,
    /// The exercise it is graded against (default `exercise-03`).
    exercise: Option<String>,
    /// The way of faking a verdict it tries, for the ones the trust model names (see
    /// [`TRUST_CLASSES`]).
    class: Option<String>,
    /// Graded with `--no-isolation` (in-process) when false.
    isolation: Option<bool>,
    /// A check that must not pass (for one whose message a hidden check keeps to itself).
    failing: Option<String>,
}

/// The ways a submission used to get a wrong verdict (issue "Verdicts you can trust"), each of
/// which the corpus must try in at least three ways of its own.
const TRUST_CLASSES: &[&str] =
    &["check-bindings", "implicit-protocols", "host-helpers", "late-read", "blind-scanner", "leak-check"];

fn expected(exit: i32, status: &str, message: &str) -> Expected {
    Expected {
        exit,
        status: Some(status.into()),
        message: message.into(),
        stdout: None,
        mistake: None,
        exercise: None,
        class: None,
        isolation: None,
        failing: None,
    }
}

/// A verdict for a command that cannot run (exit 2, a message on stderr).
fn cannot_run(message: &str) -> Expected {
    Expected { status: None, ..expected(2, "", message) }
}

fn manifest() -> BTreeMap<String, Expected> {
    let path = repo().join("tests/hostile/expected.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Copies a folder's files (not recursively into `target/`), for grading from a scratch copy.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        } else if kind.is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// Every path under `dir` with what it holds (file bytes, `<dir>`, or `<other>` for a FIFO or
/// link), to show that grading wrote nothing there.
fn tree_state(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut state = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            let relative = path.strip_prefix(dir).unwrap().to_path_buf();
            if kind.is_dir() {
                state.insert(relative, b"<dir>".to_vec());
                pending.push(path);
            } else if kind.is_file() && entry.metadata().unwrap().len() <= 2 << 20 {
                state.insert(relative, std::fs::read(&path).unwrap());
            } else {
                let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
                state.insert(relative, format!("<other {len}>").into_bytes());
            }
        }
    }
    state
}

/// The scratch course: the bundled course's TOML files and the corpus, graded from here.
struct Scratch {
    _root: tempfile::TempDir,
    course: PathBuf,
    tmp: PathBuf,
}

/// The scratch course's copy of `exercise-03` with every optional built-in.
const TYPED_COUNTER: &str = "exercise-03-typed";

impl Scratch {
    fn new() -> Scratch {
        let root = tempfile::tempdir().unwrap();
        let course = root.path().join("course");
        let tmp = root.path().join("tmp");
        std::fs::create_dir_all(&tmp).unwrap();
        std::fs::create_dir_all(&course).unwrap();
        std::fs::copy(repo().join("grader.toml"), course.join("grader.toml")).unwrap();
        copy_tree(&repo().join("exercises"), &course.join("exercises"));
        copy_tree(&repo().join("solutions"), &course.join("solutions"));
        copy_tree(&repo().join("tests/hostile"), &course.join("hostile"));
        // The counter with the optional built-ins (typed arrays, atob) that a plain exercise leaves
        // out: the memory bombs made of typed arrays are graded against it.
        let counter = std::fs::read_to_string(repo().join("exercises/exercise-03.toml")).unwrap();
        let typed = format!("intrinsics = [\"typed-arrays\", \"base64\"]\n{counter}");
        std::fs::write(course.join("exercises").join(format!("{TYPED_COUNTER}.toml")), typed).unwrap();
        Scratch { _root: root, course, tmp }
    }

    /// `grade <exercise> <file> --format json`, from the scratch course, timed.
    fn grade(&self, file: &str, want: &Expected) -> (Output, Duration) {
        let started = Instant::now();
        let exercise = want.exercise.as_deref().unwrap_or("exercise-03");
        let mut command = grade_in(&self.course);
        command
            .env("TMPDIR", &self.tmp)
            // grade's own cache of the course's known mistakes, outside the tree compared below.
            .env("GRADE_CACHE_DIR", self.tmp.join("mistakes"))
            .env_remove("RUST_BACKTRACE")
            .args([exercise, file, "--format", "json"])
            .timeout(TIME_LIMIT + Duration::from_secs(20));
        if want.isolation == Some(false) {
            command.arg("--no-isolation");
        }
        let output = command.output().expect("grade runs");
        (output, started.elapsed())
    }
}

/// What is wrong with one run, if anything.
fn problems(file: &str, want: &Expected, output: &Output, took: Duration) -> Vec<String> {
    let mut found = Vec::new();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if took > TIME_LIMIT {
        found.push(format!("took {took:?}, more than {TIME_LIMIT:?}"));
    }
    if stderr.contains("panicked") || stderr.contains("RUST_BACKTRACE") {
        found.push(format!("panicked: {stderr}"));
    }
    match output.status.code() {
        Some(code) if code == want.exit => {}
        other => found.push(format!("exit code {other:?}, expected {}", want.exit)),
    }
    let Some(status) = &want.status else {
        if !stderr.contains(&want.message) {
            found.push(format!("stderr does not contain {:?}: {stderr}", want.message));
        }
        return found.into_iter().map(|p| format!("{file}: {p}")).collect();
    };
    let json: Value = match serde_json::from_str(&stdout) {
        Ok(json) => json,
        Err(e) => return vec![format!("{file}: no JSON on stdout ({e}): {stdout}\nstderr: {stderr}")],
    };
    if json["status"].as_str() != Some(status.as_str()) {
        found.push(format!("status {}, expected {status:?} (message: {})", json["status"], json["message"]));
    }
    let checks = json["checks"].as_array().cloned().unwrap_or_default();
    let first_failing = checks.iter().find(|c| c["status"] != "pass");
    if status == "pass" {
        if let Some(check) = first_failing {
            found.push(format!("a pass with a failing check: {check}"));
        }
    } else if status != "error" || json["message"].is_null() {
        // Graded "fail" (or a check "error"): some check must say why.
        if first_failing.is_none() {
            found.push("not a pass, yet every check passed".into());
        }
    }
    let message =
        json["message"].as_str().or_else(|| first_failing.and_then(|c| c["message"].as_str())).unwrap_or_default();
    if !message.contains(&want.message) {
        found.push(format!("message {message:?} does not contain {:?}", want.message));
    }
    if let Some(want_stdout) = &want.stdout {
        let first = checks.first().and_then(|c| c["stdout"].as_str()).unwrap_or_default();
        if !first.contains(want_stdout.as_str()) {
            let tail: String = first.chars().rev().take(120).collect::<Vec<_>>().into_iter().rev().collect();
            found.push(format!("first check's stdout does not contain {want_stdout:?}; it ends {tail:?}"));
        }
    }
    if let Some(name) = &want.failing
        && !checks.iter().any(|c| c["name"] == name.as_str() && c["status"] != "pass")
    {
        found.push(format!("check {name:?} did not fail"));
    }
    if let Some(mistake) = &want.mistake
        && json["mistake"]["name"].as_str() != Some(mistake.as_str())
    {
        found.push(format!("mistake {}, expected {mistake:?}", json["mistake"]));
    }
    found.into_iter().map(|p| format!("{file}: {p}")).collect()
}

/// Grades every (file, verdict) pair on a few threads; returns every problem found.
fn grade_all(scratch: &Scratch, work: Vec<(String, Expected)>) -> Vec<String> {
    let queue = Mutex::new(work);
    let found = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..PARALLEL {
            scope.spawn(|| {
                loop {
                    let Some((file, want)) = queue.lock().unwrap().pop() else { break };
                    let (output, took) = scratch.grade(&file, &want);
                    found.lock().unwrap().extend(problems(&file, &want, &output, took));
                }
            });
        }
    });
    found.into_inner().unwrap()
}

/// The files made at run time, each with its verdict; paths relative to the scratch course.
fn generated_files(dir: &Path) -> Vec<(String, Expected)> {
    std::fs::create_dir_all(dir).unwrap();
    let rel = |name: &str| format!("generated/{name}");
    let counter = "function outer() {\n  let counter = 0;\n  return () => ++counter;\n}\n";
    let mut files = Vec::new();

    std::fs::create_dir(dir.join("folder.js")).unwrap();
    // The user pointed at the wrong thing: like a missing file, the command cannot run (exit 2).
    files.push((rel("folder.js"), cannot_run("is a folder, not a JavaScript file")));

    let big = std::fs::File::create(dir.join("sparse-200mb.js")).unwrap();
    big.set_len(200 << 20).unwrap();
    files.push((rel("sparse-200mb.js"), expected(1, "error", "is 209715200 bytes; a submission must be under")));

    std::fs::write(
        dir.join("latin1.js"),
        b"function outer() {\n  let counter = 0; // caf\xe9\n  return () => ++counter;\n}\n",
    )
    .unwrap();
    files.push((rel("latin1.js"), expected(1, "error", "latin1.js:2:26: the file is not UTF-8 text")));

    std::fs::write(dir.join("elf-binary.js"), b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00")
        .unwrap();
    files.push((rel("elf-binary.js"), expected(1, "error", "is a binary file, not JavaScript source")));

    let utf16: Vec<u8> = format!("\u{feff}{counter}").encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.join("utf16.js"), utf16).unwrap();
    files.push((rel("utf16.js"), expected(1, "error", "utf16.js:1:1: the file is not UTF-8 text")));

    std::fs::write(dir.join("bom.js"), format!("\u{feff}{counter}")).unwrap();
    files.push((rel("bom.js"), expected(0, "pass", "")));

    std::fs::write(dir.join("crlf.js"), counter.replace('\n', "\r\n")).unwrap();
    files.push((rel("crlf.js"), expected(0, "pass", "")));

    std::fs::write(dir.join("cr-only.js"), counter.replace('\n', "\r")).unwrap();
    files.push((rel("cr-only.js"), expected(0, "pass", "")));

    #[cfg(unix)]
    {
        let fifo = dir.join("fifo.js");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo runs");
        assert!(made.success(), "mkfifo {}", fifo.display());
        files.push((rel("fifo.js"), expected(1, "error", "is a special file (FIFO, device or socket)")));

        std::os::unix::fs::symlink("/dev/zero", dir.join("dev-zero.js")).unwrap();
        files.push((rel("dev-zero.js"), expected(1, "error", "is a special file")));

        std::os::unix::fs::symlink("loop-b.js", dir.join("loop-a.js")).unwrap();
        std::os::unix::fs::symlink("loop-a.js", dir.join("loop-b.js")).unwrap();
        files.push((rel("loop-a.js"), cannot_run("loop-a.js: cannot read")));
    }
    files
}

#[test]
fn the_manifest_and_the_corpus_agree() {
    let manifest = manifest();
    let mut on_disk: Vec<String> = std::fs::read_dir(repo().join("tests/hostile"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "expected.toml")
        .collect();
    on_disk.sort();
    let listed: Vec<String> = manifest.keys().cloned().collect();
    let unlisted: Vec<&String> = on_disk.iter().filter(|f| !manifest.contains_key(*f)).collect();
    let missing: Vec<&String> = listed.iter().filter(|f| !on_disk.contains(f)).collect();
    assert!(unlisted.is_empty(), "files in tests/hostile/ without an entry in expected.toml: {unlisted:?}");
    assert!(missing.is_empty(), "entries in expected.toml without a file: {missing:?}");
    assert!(manifest.len() >= 45, "the corpus has {} files; it should have at least 45", manifest.len());
    for (file, want) in &manifest {
        assert!(file.ends_with(".js"), "{file}: the corpus holds .js submissions");
        let status = want.status.as_deref().unwrap_or_else(|| panic!("{file}: every corpus file gets a JSON status"));
        assert!(["pass", "fail", "error"].contains(&status), "{file}: status {status:?}");
        assert_eq!(want.exit == 0, status == "pass", "{file}: exit {} with status {status}", want.exit);
        let says_why = !want.message.is_empty() || want.failing.is_some();
        assert_eq!(
            !says_why,
            status == "pass",
            "{file}: a pass has no message; anything else one (or a failing check)"
        );
        if let Some(class) = &want.class {
            assert!(TRUST_CLASSES.contains(&class.as_str()), "{file}: unknown class {class:?}");
        }
    }
}

#[test]
fn every_way_of_faking_a_verdict_is_tried_three_ways() {
    let manifest = manifest();
    for class in TRUST_CLASSES {
        let tries: Vec<&String> =
            manifest.iter().filter(|(_, want)| want.class.as_deref() == Some(*class)).map(|(file, _)| file).collect();
        assert!(tries.len() >= 3, "class {class}: {} case(s) in the corpus, at least 3 needed: {tries:?}", tries.len());
    }
}

#[test]
fn every_hostile_submission_gets_its_verdict_quickly_and_writes_nothing() {
    let scratch = Scratch::new();
    let mut work: Vec<(String, Expected)> =
        manifest().into_iter().map(|(file, want)| (format!("hostile/{file}"), want)).collect();
    work.extend(generated_files(&scratch.course.join("generated")));
    // The queue is popped from its end: the slow files (limits reached) go first, so the
    // threads finish together.
    work.sort_by_key(|(file, _)| ["loop-", "stack-caught", "mem-", "output-"].iter().any(|p| file.contains(p)));
    let before = tree_state(&scratch.course);
    let outside = repo().join("pwned.txt");
    assert!(!outside.exists(), "{} exists before the run", outside.display());

    let found = grade_all(&scratch, work);

    assert!(found.is_empty(), "{} problem(s):\n{}", found.len(), found.join("\n"));
    let after = tree_state(&scratch.course);
    let changed: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, content)| before.get(*path) != Some(*content))
        .map(|(path, _)| path)
        .chain(before.keys().filter(|path| !after.contains_key(*path)))
        .collect();
    assert!(changed.is_empty(), "grading changed files in the course it graded: {changed:?}");
    assert!(!outside.exists(), "a submission wrote {}", outside.display());
}
