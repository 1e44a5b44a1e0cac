//! The CI formats of spec §6, each read back by a real parser and checked field by field.

use serde_json::Value;

use crate::support::{grade_in, repo};

fn run(format: &str, file: &str) -> String {
    let out = grade_in(&repo()).args(["exercise-03", file, "--format", format]).output().expect("grade runs");
    assert!(out.status.code() == Some(0) || out.status.code() == Some(1), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

const MISTAKE: &str = "tests/fixtures/formats/counter-reset.js";

#[test]
fn junit_is_well_formed_xml_with_a_case_per_check() {
    let xml = run("junit", MISTAKE);
    let doc = roxmltree::Document::parse(&xml).expect("JUnit output parses as XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let suites: Vec<_> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), 1);
    assert_eq!(suites[0].attribute("name"), Some("exercise-03"));
    let cases: Vec<_> = suites[0].children().filter(|n| n.has_tag_name("testcase")).collect();
    assert_eq!(cases.len(), 6, "five checks and the leak check");
    let failures: Vec<_> = cases.iter().filter_map(|c| c.children().find(|n| n.has_tag_name("failure"))).collect();
    assert_eq!(suites[0].attribute("failures"), Some(failures.len().to_string().as_str()));
    let first = failures[0].text().unwrap_or_default();
    assert!(first.contains("first difference"), "the failure text carries the step table: {first}");
}

#[test]
fn gradescope_results_have_the_autograder_fields() {
    let json: Value = serde_json::from_str(&run("gradescope", MISTAKE)).expect("JSON");
    let tests = json["tests"].as_array().expect("tests");
    assert!(json["score"].is_u64() && json["execution_time"].is_f64() && json["output"].is_string());
    let mut total = 0;
    for t in tests {
        assert!(t["name"].is_string() && t["output"].is_string());
        assert!(["passed", "failed"].contains(&t["status"].as_str().unwrap()));
        assert!(["visible", "after_published"].contains(&t["visibility"].as_str().unwrap()));
        assert!(t["score"].as_u64().unwrap() <= t["max_score"].as_u64().unwrap());
        total += t["score"].as_u64().unwrap();
    }
    assert_eq!(json["score"].as_u64(), Some(total));
    assert!(tests.iter().any(|t| t["visibility"] == "after_published"), "the hidden check is after_published");
    assert!(json["output"].as_str().unwrap().contains("known mistake"));
}

#[test]
fn classroom_json_has_the_reporter_fields() {
    let json: Value = serde_json::from_str(&run("classroom", "solutions/exercise-03.js")).expect("JSON");
    assert_eq!(json["version"], 1);
    assert_eq!(json["status"], "pass");
    let tests = json["tests"].as_array().expect("tests");
    let max: u64 = tests.iter().map(|t| t["score"].as_u64().unwrap()).sum();
    assert_eq!(json["max_score"].as_u64(), Some(max));
    for t in tests {
        for key in ["name", "status", "message", "test_code"] {
            assert!(t[key].is_string(), "{key} in {t}");
        }
        assert!(t["score"].is_u64() && t["line_no"].is_u64() && t["duration"].is_u64());
    }
}
