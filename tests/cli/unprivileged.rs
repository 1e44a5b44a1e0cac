//! Any user: the pool, `all` and `batch` give the same verdicts to an unprivileged user as to root.
//! When the tests run as root (as CI does), every test here runs `grade` as uid/gid 65534 on a
//! world-readable copy of the binary and the course; root is exempt from limits such as
//! `RLIMIT_NPROC`, so a suite run only as root would miss what every real user gets.

use crate::harness::{code, stderr, stdout};
use crate::support::{Unprivileged, copy_tree, fixture, repo};

/// A copy of the bundled course (grader.toml, exercises and solutions).
fn bundled_course() -> Unprivileged {
    let staging = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(repo().join("grader.toml"), staging.path().join("grader.toml")).expect("grader.toml is copied");
    copy_tree(&repo().join("exercises"), &staging.path().join("exercises"));
    copy_tree(&repo().join("solutions"), &staging.path().join("solutions"));
    Unprivileged::new(staging.path())
}

fn json(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", stdout(output), stderr(output)))
}

#[test]
fn one_solution_passes_through_the_pool() {
    let copy = bundled_course();
    let output = copy.grade().args(["exercise-03", "solutions/exercise-03.js", "--format", "json"]).output().unwrap();
    let doc = json(&output);
    assert_eq!(doc["status"], "pass", "{doc:#}\n{}", stderr(&output));
    assert_eq!(doc["score"], doc["max_score"]);
    assert_eq!(code(&output), 0);
}

#[test]
fn every_bundled_solution_passes_through_the_pool() {
    let copy = bundled_course();
    let output = copy.grade().args(["all", "solutions", "--format", "json"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    let text = stdout(&output);
    assert!(!text.contains("\"stopped"), "{text}");
    assert!(!text.contains("\"status\": \"error\""), "{text}");
}

#[test]
fn an_endless_loop_is_still_stopped_by_its_limit() {
    let copy = Unprivileged::new(&fixture("counter"));
    let output = copy.grade().args(["counter", "attempts/counter/endless.js", "--format", "json"]).output().unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("time limit"), "{text}");
    assert!(!text.contains("grading process"), "the worker itself must not fail: {text}");
}

#[test]
fn a_class_is_graded_by_workers_of_an_unprivileged_user() {
    let copy = Unprivileged::new(&fixture("counter"));
    let class = copy.writable("class");
    for (student, file) in [("ada", "solutions/counter.js"), ("bob", "attempts/counter/inner.js")] {
        std::fs::create_dir_all(class.join(student)).unwrap();
        std::fs::copy(copy.course().join(file), class.join(student).join("counter.js")).unwrap();
    }
    let results = class.join("results.jsonl");
    let output =
        copy.grade().args(["batch"]).arg(&class).args(["--format", "json", "--output"]).arg(&results).output().unwrap();
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    let lines = std::fs::read_to_string(&results).expect("results are written");
    let statuses: Vec<(String, String)> = lines
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["exercise"] == "counter")
        .map(|v| (v["student"].as_str().unwrap_or_default().to_string(), v["status"].to_string()))
        .collect();
    assert!(statuses.contains(&("ada".into(), "\"pass\"".into())), "{lines}");
    assert!(statuses.contains(&("bob".into(), "\"fail\"".into())), "{lines}");
}

#[test]
#[cfg(unix)] // `/bin/false` as the worker
fn a_batch_the_grader_could_not_grade_does_not_exit_0() {
    let copy = Unprivileged::new(&fixture("counter"));
    let class = copy.writable("class");
    std::fs::create_dir_all(class.join("ada")).unwrap();
    std::fs::copy(copy.course().join("solutions/counter.js"), class.join("ada/counter.js")).unwrap();
    let output = copy.grade().env("GRADE_WORKER_PROGRAM", "/bin/false").arg("batch").arg(&class).output().unwrap();
    assert_eq!(code(&output), 2, "{}\n{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).contains("the grader itself failed on 1 of 1 submission"), "{}", stderr(&output));
}

#[test]
#[cfg(unix)] // a shell script as the worker
fn a_worker_that_dies_says_why() {
    let copy = Unprivileged::new(&fixture("counter"));
    let worker =
        copy.script("dying-worker", "#!/bin/sh\necho 'grade worker: setrlimit(RLIMIT_AS) failed' >&2\nexit 3\n");
    let output = copy
        .grade()
        .env("GRADE_WORKER_PROGRAM", &worker)
        .args(["counter", "solutions/counter.js", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 2, "a grader failure is not the learner's: {}", stderr(&output));
    let doc = json(&output);
    let message = doc["message"].as_str().unwrap_or_default();
    assert!(message.contains("exited (exit status: 3)"), "{message}");
    assert!(message.contains("it said: grade worker: setrlimit(RLIMIT_AS) failed"), "{message}");
}

#[test]
fn a_folder_given_as_the_file_is_a_usage_error() {
    let copy = Unprivileged::new(&fixture("counter"));
    let output = copy.grade().args(["counter", "solutions"]).output().unwrap();
    assert_eq!(code(&output), 2, "{}", stdout(&output));
    assert!(stderr(&output).contains("is a folder"), "{}", stderr(&output));
}

#[test]
fn in_a_batch_a_folder_instead_of_a_file_is_that_student_s_error() {
    let copy = Unprivileged::new(&fixture("counter"));
    let class = copy.writable("class");
    std::fs::create_dir_all(class.join("ada/counter.js")).unwrap();
    std::fs::create_dir_all(class.join("bob")).unwrap();
    std::fs::copy(copy.course().join("solutions/counter.js"), class.join("bob/counter.js")).unwrap();
    let results = class.join("results.jsonl");
    let output =
        copy.grade().arg("batch").arg(&class).args(["--format", "json", "--output"]).arg(&results).output().unwrap();
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    let lines = std::fs::read_to_string(&results).unwrap();
    let records: Vec<serde_json::Value> = lines
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["exercise"] == "counter")
        .collect();
    let of = |student: &str| records.iter().find(|r| r["student"] == student).cloned().unwrap_or_default();
    assert_eq!(of("ada")["status"], "error", "{lines}");
    assert!(of("ada")["message"].as_str().unwrap_or_default().contains("is a folder"), "{lines}");
    assert_eq!(of("bob")["status"], "pass", "{lines}");
}
