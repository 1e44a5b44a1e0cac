//! `--format json` (spec §6): the schema every consumer relies on, and `--output FILE` written
//! atomically with the same document.

use serde_json::Value;

use crate::harness::{code, copy_of, json, run_in, stderr};
use crate::support::grade_in;

const STATUSES: [&str; 3] = ["pass", "fail", "error"];

/// Asserts the §6 schema of one outcome and returns its checks.
fn assert_outcome_schema(doc: &Value) -> &Vec<Value> {
    let object = doc.as_object().unwrap_or_else(|| panic!("not an object: {doc}"));
    for key in ["version", "exercise", "submission", "status", "score", "max_score", "message", "checks"] {
        assert!(object.contains_key(key), "key {key} is missing: {doc:#}");
    }
    assert_eq!(doc["version"], 1);
    assert!(doc["exercise"].is_string(), "{doc:#}");
    assert!(doc["submission"].is_string(), "{doc:#}");
    assert!(STATUSES.contains(&doc["status"].as_str().unwrap_or_default()), "{doc:#}");
    assert!(doc["score"].is_u64() && doc["max_score"].is_u64(), "{doc:#}");
    assert!(doc["message"].is_null() || doc["message"].is_string(), "{doc:#}");

    let checks = doc["checks"].as_array().unwrap_or_else(|| panic!("checks is not an array: {doc:#}"));
    assert!(!checks.is_empty());
    for check in checks {
        for key in ["name", "status", "points", "max_points", "message", "expected", "actual", "stdout", "duration_ms"]
        {
            assert!(check.get(key).is_some(), "check key {key} is missing: {check:#}");
        }
        assert!(check["name"].is_string(), "{check:#}");
        assert!(STATUSES.contains(&check["status"].as_str().unwrap_or_default()), "{check:#}");
        assert!(check["points"].is_u64() && check["max_points"].is_u64(), "{check:#}");
        assert!(check["points"].as_u64() <= check["max_points"].as_u64(), "{check:#}");
        for key in ["message", "expected", "actual", "stdout"] {
            assert!(check[key].is_null() || check[key].is_string(), "{key} is {}: {check:#}", check[key]);
        }
        assert!(check["duration_ms"].as_f64().is_some_and(|d| d >= 0.0), "{check:#}");
        let passed = check["status"] == "pass";
        assert_eq!(check["points"] == check["max_points"], passed, "points of a check: {check:#}");
        if passed {
            assert!(
                check["message"].is_null() && check["expected"].is_null() && check["actual"].is_null(),
                "{check:#}"
            );
        }
    }
    let points: u64 = checks.iter().map(|c| c["points"].as_u64().unwrap()).sum();
    let max_points: u64 = checks.iter().map(|c| c["max_points"].as_u64().unwrap()).sum();
    assert_eq!(doc["score"].as_u64(), Some(points), "score is the sum of points: {doc:#}");
    assert_eq!(doc["max_score"].as_u64(), Some(max_points), "max_score is the sum of max_points: {doc:#}");
    match doc["status"].as_str().unwrap() {
        "pass" => assert!(checks.iter().all(|c| c["status"] == "pass") && doc["message"].is_null()),
        "fail" => assert!(checks.iter().any(|c| c["status"] != "pass") && doc["message"].is_null()),
        _ => assert!(doc["message"].is_string(), "an error outcome says why: {doc:#}"),
    }
    checks
}

fn grade_json(exercise: &str, file: &str) -> (i32, Value) {
    let output = run_in("counter", &[exercise, file, "--format", "json"]);
    (code(&output), json(&output))
}

#[test]
fn a_pass_follows_the_schema() {
    let (code, doc) = grade_json("counter", "solutions/counter.js");
    assert_eq!(code, 0);
    let checks = assert_outcome_schema(&doc);
    assert_eq!(doc["exercise"], "counter");
    assert_eq!(doc["submission"], "solutions/counter.js");
    assert_eq!(doc["status"], "pass");
    assert_eq!((doc["score"].as_u64(), doc["max_score"].as_u64()), (Some(5), Some(5)));
    assert_eq!(checks.len(), 4);
    assert_eq!(checks[2]["stdout"], "start\ndone\n");
}

#[test]
fn a_failure_carries_expected_actual_and_output() {
    let (code, doc) = grade_json("counter", "attempts/counter/chatty.js");
    assert_eq!(code, 1);
    let checks = assert_outcome_schema(&doc);
    assert_eq!(doc["status"], "fail");
    assert_eq!((doc["score"].as_u64(), doc["max_score"].as_u64()), (Some(4), Some(5)));
    let logs = &checks[2];
    assert_eq!(logs["status"], "fail");
    assert_eq!(logs["expected"], "start\ndone\n");
    assert_eq!(logs["actual"], "start\ncount is now 1\ncount is now 2\ndone\n");
    assert_eq!(logs["stdout"], logs["actual"]);
    assert!(logs["message"].is_string());
}

#[test]
fn a_calls_failure_lists_every_value() {
    let (_, doc) = grade_json("counter", "attempts/counter/shared.js");
    let checks = assert_outcome_schema(&doc);
    assert_eq!(checks[1]["expected"], "[ 1, 2, 1, 3, 2 ]");
    assert_eq!(checks[1]["actual"], "[ 1, 2, 3, 4, 5 ]");
}

#[test]
fn a_hidden_failure_keeps_its_details() {
    let (code, doc) = grade_json("counter", "attempts/counter/wraps.js");
    assert_eq!(code, 1);
    let checks = assert_outcome_schema(&doc);
    let hidden = &checks[3];
    assert_eq!(hidden["name"], "keeps counting to 100");
    assert_eq!(hidden["status"], "fail");
    assert_eq!((hidden["points"].as_u64(), hidden["max_points"].as_u64()), (Some(0), Some(2)));
    for key in ["message", "expected", "actual", "stdout"] {
        assert!(hidden[key].is_null(), "hidden check shows {key}: {hidden:#}");
    }
}

#[test]
fn a_load_error_has_status_error_and_a_location() {
    let (code, doc) = grade_json("counter", "attempts/counter/syntax.js");
    assert_eq!(code, 1);
    let checks = assert_outcome_schema(&doc);
    assert_eq!(doc["status"], "error");
    assert_eq!(doc["score"], 0);
    assert_eq!(doc["max_score"], 5);
    assert!(doc["message"].as_str().unwrap().contains("SyntaxError"), "{doc:#}");
    assert_eq!(doc["location"]["line"], 4);
    assert_eq!(doc["location"]["column"], 14);
    assert!(checks.iter().all(|c| c["status"] == "error"));
}

#[test]
fn a_missing_entry_is_an_error_with_the_spec_message() {
    let (code, doc) = grade_json("counter", "attempts/counter/misnamed.js");
    assert_eq!(code, 1);
    assert_outcome_schema(&doc);
    assert_eq!(doc["status"], "error");
    assert_eq!(doc["message"], "counter expects a function named makeCounter; the submission defines none");
}

#[test]
fn a_timeout_is_an_error_check() {
    let (code, doc) = grade_json("counter", "attempts/counter/endless.js");
    assert_eq!(code, 1);
    let checks = assert_outcome_schema(&doc);
    assert_eq!(doc["status"], "fail");
    assert_eq!(checks[0]["status"], "error");
    assert!(checks[0]["message"].as_str().unwrap().contains("300 ms time limit"), "{doc:#}");
}

#[test]
fn a_known_mistake_is_named_in_the_json() {
    let (_, doc) = grade_json("counter", "attempts/counter/inner.js");
    assert_outcome_schema(&doc);
    assert_eq!(doc["mistake"]["name"], "count declared inside the inner function");
    assert!(doc["mistake"]["explain"].as_str().unwrap().starts_with("The count is born again"));
}

#[test]
fn the_leak_check_counts_in_the_score() {
    let output = grade_in(&crate::support::repo())
        .args(["exercise-03", "solutions/exercise-03.js", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let doc = json(&output);
    let checks = assert_outcome_schema(&doc);
    assert_eq!(checks.last().unwrap()["name"], "no global leaks");
}

/// The document without its durations, which differ from run to run.
fn without_durations(mut doc: Value) -> Value {
    doc.as_object_mut().unwrap().remove("duration_ms");
    for check in doc["checks"].as_array_mut().unwrap() {
        check.as_object_mut().unwrap().remove("duration_ms");
    }
    doc
}

#[test]
fn output_file_gets_the_same_json_atomically() {
    let course = copy_of("counter");
    let dir = course.path();
    std::fs::create_dir(dir.join("out")).unwrap();
    let printed = grade_in(dir).args(["counter", "attempts/counter/inner.js", "--format", "json"]).output().unwrap();
    let written = grade_in(dir)
        .args(["counter", "attempts/counter/inner.js", "--format", "json", "--output", "out/result.json"])
        .output()
        .unwrap();
    assert_eq!(code(&written), 1, "{}", stderr(&written));
    assert!(written.stdout.is_empty(), "with --output, nothing goes to stdout");
    let text = std::fs::read_to_string(dir.join("out/result.json")).unwrap();
    let from_file: Value = serde_json::from_str(&text).unwrap();
    assert_outcome_schema(&from_file);
    assert_eq!(without_durations(from_file), without_durations(json(&printed)));

    // Overwriting an existing file also goes through a temp file and a rename.
    let again = grade_in(dir)
        .args(["counter", "solutions/counter.js", "--format", "json", "--output", "out/result.json"])
        .output()
        .unwrap();
    assert_eq!(code(&again), 0);
    let names: Vec<String> = std::fs::read_dir(dir.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["result.json"], "temp files left behind");
    let overwritten: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/result.json")).unwrap()).unwrap();
    assert_eq!(overwritten["status"], "pass");
}

#[test]
fn output_file_in_a_missing_folder_cannot_run() {
    let course = copy_of("counter");
    let output = grade_in(course.path())
        .args(["counter", "--format", "json", "--output", "no/such/folder/result.json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("no/such/folder"), "{}", stderr(&output));
}
