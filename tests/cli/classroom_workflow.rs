//! The GitHub Classroom workflows of examples/github-actions/ run step by step as GitHub runs
//! them (`bash --noprofile --norc -eo pipefail`, the step's `run` text read from the YAML), as an
//! unprivileged user, and their results are read back the way the autograding reporter reads
//! them: base64 from an environment variable, then JSON.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;

use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

use crate::support::{NOBODY, Unprivileged, copy_tree, fixture, repo, running_as_root};

/// A step of `workflow`'s only job, found by its `id` or `name`: its `run` text and `env`.
fn step(workflow: &str, key: &str, wanted: &str) -> (String, Vec<(String, String)>) {
    let text = std::fs::read_to_string(repo().join("examples/github-actions").join(workflow)).unwrap();
    let doc = YamlLoader::load_from_str(&text).expect("the workflow is YAML").remove(0);
    let job = doc["jobs"].as_hash().and_then(|jobs| jobs.values().next()).expect("a job").clone();
    let step = job["steps"].as_vec().unwrap().iter().find(|s| s[key].as_str() == Some(wanted)).cloned();
    let step = step.unwrap_or_else(|| panic!("{workflow} has no step with {key} {wanted}"));
    let env = match &step["env"] {
        Yaml::Hash(env) => {
            env.iter().map(|(k, v)| (k.as_str().unwrap().into(), v.as_str().unwrap_or_default().into())).collect()
        }
        _ => Vec::new(),
    };
    (step["run"].as_str().expect("a run step").to_string(), env)
}

/// A student's repository: the reports fixture course with `files` in submissions/, writable by
/// the unprivileged user the steps run as.
struct Repository {
    sandbox: Unprivileged,
    workspace: PathBuf,
}

impl Repository {
    fn new(files: &[(&str, &str)]) -> Repository {
        let sandbox = Unprivileged::new(&fixture("reports"));
        let workspace = sandbox.writable("workspace");
        copy_tree(&sandbox.course().join("exercises"), &workspace.join("exercises"));
        std::fs::copy(sandbox.course().join("grader.toml"), workspace.join("grader.toml")).unwrap();
        let submissions = sandbox.writable("workspace/submissions");
        for (name, source) in files {
            std::fs::copy(fixture("reports").join(source), submissions.join(name)).unwrap();
        }
        Repository { sandbox, workspace }
    }

    /// Runs a step's script; returns its exit code, its log and what it wrote to GITHUB_OUTPUT.
    fn run(&self, script: &str, env: &[(String, String)]) -> (Option<i32>, String, String) {
        let outputs = self.sandbox.writable("outputs").join("github_output");
        std::fs::write(&outputs, "").unwrap();
        std::fs::set_permissions(&outputs, std::os::unix::fs::PermissionsExt::from_mode(0o666)).unwrap();
        let path = format!("{}:{}", self.sandbox.path("").display(), std::env::var("PATH").unwrap_or_default());
        let mut cmd = std::process::Command::new("bash");
        cmd.args(["--noprofile", "--norc", "-eo", "pipefail", "-c", script])
            .current_dir(&self.workspace)
            .env("PATH", path)
            .env("GITHUB_OUTPUT", &outputs)
            .env("NO_COLOR", "1")
            .envs(env.iter().map(|(k, v)| (k, v)));
        if running_as_root() {
            cmd.uid(NOBODY).gid(NOBODY);
        }
        let out = cmd.output().expect("bash runs");
        let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        (out.status.code(), log, std::fs::read_to_string(&outputs).unwrap())
    }
}

/// The `result=` value a step wrote, read back by the reporter's own code (src/main.js of
/// classroom-resources/autograding-grading-reporter) from the environment it is started with.
fn as_the_reporter_reads(outputs: &str) -> Option<Value> {
    let encoded = outputs.lines().find_map(|l| l.strip_prefix("result=")).expect("a result output");
    assert!(encoded.len() < 128 * 1024, "{} bytes cannot be one environment string", encoded.len());
    let read_back = r#"
        const json = Buffer.from(process.env.GRADE_RESULTS, "base64").toString("utf-8");
        console.log(JSON.stringify(JSON.parse(json)));
    "#;
    match std::process::Command::new("node").arg("-e").arg(read_back).env("GRADE_RESULTS", encoded).output() {
        Ok(out) => {
            assert!(out.status.success(), "{out:?}");
            Some(serde_json::from_slice(&out.stdout).unwrap())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("SKIPPED: reading the results as the reporter does: node is not installed");
            None
        }
        Err(e) => panic!("the reporter cannot start with the results in its environment: {e}"),
    }
}

fn has(program: &str) -> bool {
    let found = std::process::Command::new(program).arg("--version").output().is_ok();
    if !found {
        eprintln!("SKIPPED: {program} is not installed (GitHub's runners have it)");
    }
    found
}

fn score(results: &Value) -> u64 {
    results["tests"].as_array().unwrap().iter().map(|t| t["score"].as_u64().unwrap()).sum()
}

#[test]
fn the_grade_step_fits_the_reporter_whatever_the_submission_prints() {
    let repo = Repository::new(&[("greet.js", "hostile/huge-output.js")]);
    let (script, env) = step("classroom.yml", "id", "grade");
    let (code, log, outputs) = repo.run(&script, &env);
    assert_eq!(code, Some(0), "{log}");
    let Some(results) = as_the_reporter_reads(&outputs) else { return };
    assert_eq!(
        (results["status"].as_str(), results["max_score"].as_u64(), score(&results)),
        (Some("error"), Some(4), 0)
    );
    let twice =
        results["tests"].as_array().unwrap().iter().find(|t| t["name"].as_str().unwrap().starts_with("twice")).unwrap();
    assert!(twice["message"].as_str().unwrap().contains("no file was handed in"), "{twice}");
}

#[test]
fn the_feedback_step_prints_every_report_with_its_diff() {
    let repo = Repository::new(&[("greet.js", "hostile/escapes.js")]);
    let (script, env) = step("classroom.yml", "name", "Feedback, check by check");
    let (code, log, _) = repo.run(&script, &env);
    assert_eq!(code, Some(0), "{log}");
    assert!(log.contains("value (- expected, + actual):") && log.contains("+ │ "), "{log}");
    assert!(log.contains("::group::greet") && !log.contains("::group::twice"), "{log}");
    for line in log.lines().filter(|l| l.trim_start().starts_with("::")) {
        assert!(line == "::group::greet" || line == "::endgroup::", "the submission starts a workflow command: {line}");
    }
}

#[test]
fn per_exercise_a_missing_file_scores_zero_and_a_present_one_is_graded() {
    if !has("jq") {
        return;
    }
    let repo = Repository::new(&[("greet.js", "solutions/greet.js")]);
    let (script, env) = step("classroom-per-exercise.yml", "id", "exercise01");
    let missing: Vec<(String, String)> =
        env.iter().map(|(k, v)| (k.clone(), if k == "EXERCISE" { "twice".into() } else { v.clone() })).collect();
    let (code, log, outputs) = repo.run(&script, &missing);
    assert_eq!(code, Some(0), "a missing file must not fail the step:\n{log}");
    if let Some(results) = as_the_reporter_reads(&outputs) {
        assert_eq!((results["max_score"].as_u64(), score(&results)), (Some(1), 0), "{results:#}");
        assert_eq!(results["tests"][0]["message"], "no file was handed in: expected submissions/twice.js");
    }
    let present: Vec<(String, String)> =
        env.iter().map(|(k, v)| (k.clone(), if k == "EXERCISE" { "greet".into() } else { v.clone() })).collect();
    let (code, log, outputs) = repo.run(&script, &present);
    assert_eq!(code, Some(0), "{log}");
    if let Some(results) = as_the_reporter_reads(&outputs) {
        assert_eq!(
            (results["status"].as_str(), results["max_score"].as_u64(), score(&results)),
            (Some("pass"), Some(3), 3)
        );
    }
}
