//! One worker grades student after student on one reused runtime: nothing a submission does may
//! reach the students graded after it. Each class here puts an attacker (from
//! `tests/fixtures/cross-student/`, found by a red-team pass) before honest students, and grades it
//! with one worker, isolated and in-process, as an unprivileged user.

use std::path::Path;

use serde_json::Value;

use crate::harness::{code, stderr, stdout};
use crate::support::{Unprivileged, copy_tree, fixture, repo};

/// A world-readable copy of the bundled course and a writable class folder in it.
fn course() -> (Unprivileged, std::path::PathBuf) {
    let staging = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(repo().join("grader.toml"), staging.path().join("grader.toml")).unwrap();
    copy_tree(&repo().join("exercises"), &staging.path().join("exercises"));
    copy_tree(&repo().join("solutions"), &staging.path().join("solutions"));
    copy_tree(&fixture("cross-student"), &staging.path().join("cross-student"));
    let copy = Unprivileged::new(staging.path());
    let class = copy.writable("class");
    (copy, class)
}

/// Puts `file` (relative to the course copy) in the class as `student/<exercise>.js`.
fn hand_in(copy: &Unprivileged, class: &Path, student: &str, exercise: &str, file: &str) {
    std::fs::create_dir_all(class.join(student)).unwrap();
    std::fs::copy(copy.course().join(file), class.join(student).join(format!("{exercise}.js"))).unwrap();
}

/// Grades the class with one worker (so every student goes through the same runtime); returns
/// each student's record.
fn grade(copy: &Unprivileged, class: &Path, isolated: bool) -> Vec<Value> {
    let results = class.join(if isolated { "isolated.jsonl" } else { "in-process.jsonl" });
    let mut command = copy.grade();
    command.arg("batch").arg(class).args(["--jobs", "1", "--format", "json", "--output"]).arg(&results);
    if !isolated {
        command.arg("--no-isolation");
    }
    let output = command.output().unwrap();
    assert_eq!(code(&output), 0, "the batch completes:\n{}\n{}", stdout(&output), stderr(&output));
    let text = std::fs::read_to_string(&results).expect("results are written");
    text.lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|record| record.get("student").is_some() && record.get("exercise").is_some())
        .collect()
}

fn record<'a>(records: &'a [Value], student: &str) -> &'a Value {
    records.iter().find(|r| r["student"] == student).unwrap_or_else(|| panic!("no record for {student}: {records:?}"))
}

fn all_output(record: &Value) -> String {
    record["checks"]
        .as_array()
        .map(|c| c.iter().map(|c| c["stdout"].as_str().unwrap_or_default()).collect())
        .unwrap_or_default()
}

#[test]
fn a_planted_callback_never_runs_in_a_later_student_s_checks() {
    let (copy, class) = course();
    hand_in(&copy, &class, "a-bomb", "exercise-01", "cross-student/bomb-exercise-01.js");
    hand_in(&copy, &class, "b-victim", "exercise-01", "solutions/exercise-01.js");
    hand_in(&copy, &class, "c-victim", "exercise-01", "solutions/exercise-01.js");
    for isolated in [true, false] {
        let records = grade(&copy, &class, isolated);
        for victim in ["b-victim", "c-victim"] {
            let victim = record(&records, victim);
            assert_eq!(victim["status"], "pass", "isolated {isolated}: {victim:#}");
            assert!(!all_output(victim).contains("planted"), "isolated {isolated}: {victim:#}");
        }
    }
}

#[test]
fn a_later_student_s_code_cannot_be_stolen_through_the_stack() {
    let (copy, class) = course();
    hand_in(&copy, &class, "a-thief", "exercise-14", "cross-student/thief-exercise-14.js");
    hand_in(&copy, &class, "b-victim", "exercise-14", "solutions/exercise-14.js");
    hand_in(&copy, &class, "c-colluder", "exercise-14", "cross-student/colluder-exercise-14.js");
    for isolated in [true, false] {
        let records = grade(&copy, &class, isolated);
        assert_eq!(record(&records, "b-victim")["status"], "pass", "isolated {isolated}");
        let colluder = all_output(record(&records, "c-colluder"));
        assert!(!colluder.contains("STOLEN"), "isolated {isolated}: the colluder printed {colluder}");
    }
}

#[test]
fn a_leak_in_the_engine_is_never_blamed_on_the_next_student() {
    let (copy, class) = course();
    hand_in(&copy, &class, "a-refleak", "exercise-03", "cross-student/refleak-exercise-03.js");
    hand_in(&copy, &class, "b-hangs", "exercise-03", "cross-student/hangs-after-50-exercise-03.js");
    hand_in(&copy, &class, "c-solution", "exercise-03", "solutions/exercise-03.js");
    for isolated in [true, false] {
        let records = grade(&copy, &class, isolated);
        assert_eq!(record(&records, "a-refleak")["score"], 7, "isolated {isolated}: a correct counter");
        let hangs = record(&records, "b-hangs");
        assert_eq!(hangs["status"], "fail", "isolated {isolated}: {hangs:#}");
        assert_eq!(hangs["score"], 6, "isolated {isolated}: only its own timeout costs it: {hangs:#}");
        assert_eq!(record(&records, "c-solution")["score"], 7, "isolated {isolated}");
    }
}
