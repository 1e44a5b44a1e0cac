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
    assert_eq!(cases.len(), 7, "six checks and the leak check");
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

/// Validates JUnit XML against Jenkins' `junit-10.xsd` (what the xunit plugin checks) with
/// `xmllint --schema`. The schema is read from `../shared/schemas/` beside the repository; where
/// it or xmllint is absent the check is skipped with a message (in CI a missing xmllint fails:
/// `.ci/run` installs libxml2-utils).
pub fn assert_valid_junit(xml: &str) {
    let schema = repo().join("../shared/schemas/junit-10.xsd");
    if !schema.is_file() {
        eprintln!("SKIPPED: JUnit XSD validation: no schema at {}", schema.display());
        return;
    }
    if std::process::Command::new("xmllint").arg("--version").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "xmllint is missing in CI: apt-get install libxml2-utils");
        eprintln!("SKIPPED: JUnit XSD validation: xmllint is not installed (apt-get install libxml2-utils)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("junit.xml");
    std::fs::write(&file, xml).unwrap();
    let out = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&schema)
        .arg(&file)
        .output()
        .expect("xmllint runs");
    assert!(out.status.success(), "junit-10.xsd rejects the report:\n{}\n{xml}", String::from_utf8_lossy(&out.stderr));
}

/// Checks a `results.json` against Gradescope's documented autograder schema
/// (gradescope-autograders.readthedocs.io, "Autograder Specifications"): known keys only, the
/// types and enumerations it names, and a score equal to what the tests add up to.
pub fn assert_gradescope_schema(json: &Value) {
    const TOP: &[&str] = &[
        "score",
        "execution_time",
        "output",
        "output_format",
        "test_output_format",
        "test_name_format",
        "visibility",
        "stdout_visibility",
        "extra_data",
        "tests",
        "leaderboard",
    ];
    const TEST: &[&str] = &[
        "score",
        "max_score",
        "status",
        "name",
        "name_format",
        "number",
        "output",
        "output_format",
        "tags",
        "visibility",
        "extra_data",
    ];
    const VISIBILITY: &[&str] = &["hidden", "after_due_date", "after_published", "visible"];
    const FORMATS: &[&str] = &["text", "html", "simple_format", "md", "ansi"];
    let object = json.as_object().expect("results.json is an object");
    for key in object.keys() {
        assert!(TOP.contains(&key.as_str()), "unknown top-level key {key}");
    }
    assert!(json["score"].is_number() && json["output"].is_string(), "{json:#}");
    assert!(json.get("execution_time").is_none_or(Value::is_number), "{json:#}");
    assert!(VISIBILITY.contains(&json["visibility"].as_str().unwrap()));
    assert!(VISIBILITY.contains(&json["stdout_visibility"].as_str().unwrap()));
    assert!(["text", "md"].contains(&json["output_format"].as_str().unwrap_or_default()), "learner text is never HTML");
    for key in ["test_output_format", "test_name_format"] {
        assert!(json.get(key).is_none_or(|f| f == "text" || f == "md"), "{key}: learner text is never HTML");
    }
    let mut total = 0.0;
    for t in json["tests"].as_array().expect("tests") {
        for key in t.as_object().expect("a test is an object").keys() {
            assert!(TEST.contains(&key.as_str()), "unknown test key {key}");
        }
        assert!(t["name"].is_string() && t["output"].is_string(), "{t}");
        assert!(["passed", "failed"].contains(&t["status"].as_str().unwrap()));
        assert!(VISIBILITY.contains(&t["visibility"].as_str().unwrap()));
        assert!(FORMATS.contains(&t["output_format"].as_str().unwrap()) && t["output_format"] != "html");
        assert!(t["score"].as_f64().unwrap() <= t["max_score"].as_f64().unwrap());
        total += t["score"].as_f64().unwrap();
    }
    assert_eq!(json["score"].as_f64(), Some(total), "{json:#}");
}

fn in_reports(args: &[&str]) -> std::process::Output {
    grade_in(&crate::support::fixture("reports")).args(args).output().expect("grade runs")
}

#[test]
fn junit_validates_against_jenkins_xsd_for_one_exercise_a_course_and_a_hidden_check() {
    assert_valid_junit(&run("junit", MISTAKE));
    assert_valid_junit(&run("junit", "solutions/exercise-03.js"));
    let one = in_reports(&["greet", "hostile/escapes.js", "--format", "junit"]);
    let xml = String::from_utf8(one.stdout).unwrap();
    assert!(xml.contains("failed (hidden check)"), "{xml}");
    assert_valid_junit(&xml);
    let load_error = in_reports(&["greet", "hostile/column.js", "--format", "junit"]);
    let xml = String::from_utf8(load_error.stdout).unwrap();
    assert!(xml.contains("<error") && xml.contains("failed while loading"), "{xml}");
    assert_valid_junit(&xml);
    for dir in ["solutions", "hostile"] {
        let all = in_reports(&["all", dir, "--format", "junit"]);
        assert_valid_junit(&String::from_utf8(all.stdout).unwrap());
    }
    let course = in_reports(&["all", "hostile", "--format", "junit"]);
    let xml = String::from_utf8(course.stdout).unwrap();
    assert!(xml.contains("no file was handed in"), "a missing exercise is an error: {xml}");
}

#[test]
fn gradescope_follows_the_documented_schema_and_explains_hidden_failures_to_instructors() {
    let json: Value = serde_json::from_str(&run("gradescope", MISTAKE)).expect("JSON");
    assert_gradescope_schema(&json);
    let out = in_reports(&["greet", "hostile/escapes.js", "--format", "gradescope"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_gradescope_schema(&json);
    let tests = json["tests"].as_array().unwrap();
    let student = tests.iter().find(|t| t["name"] == "greets nobody in particular").expect("the hidden check");
    assert_eq!(student["visibility"], "after_published");
    assert!(!student["output"].as_str().unwrap().contains("returned"), "{student}");
    let instructor = tests.iter().find(|t| t["visibility"] == "hidden").expect("an instructor-only test");
    assert!(instructor["name"].as_str().unwrap().starts_with("greets nobody in particular"));
    assert_eq!((instructor["score"].as_u64(), instructor["max_score"].as_u64()), (Some(0), Some(0)));
    assert!(instructor["output"].as_str().unwrap().contains("returned"), "{instructor}");
}

#[cfg(unix)]
#[test]
fn classroom_results_fit_the_reporters_environment_whatever_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(crate::support::fixture("reports/hostile/huge-output.js"), dir.path().join("greet.js")).unwrap();
    let out = in_reports(&["all", dir.path().to_str().unwrap(), "--format", "classroom"]);
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let encoded = std::process::Command::new("base64")
        .arg("-w0")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&out.stdout)?;
            child.wait_with_output()
        })
        .expect("base64 runs");
    let encoded = String::from_utf8(encoded.stdout).unwrap();
    assert!(encoded.len() < 128 * 1024, "{} bytes of base64 cannot be one environment string", encoded.len());
    // The workflow starts the reporter with the results in its environment; this is how the
    // reporter (src/main.js) reads them back.
    let read_back = r#"
        const json = Buffer.from(process.env.GRADE_RESULTS, "base64").toString("utf-8");
        const results = JSON.parse(json);
        const score = results.tests.reduce((acc, { score }) => acc + score, 0);
        console.log(JSON.stringify({ status: results.status, score, max: results.max_score, tests: results.tests.length }));
    "#;
    let reporter = std::process::Command::new("node").arg("-e").arg(read_back).env("GRADE_RESULTS", &encoded).output();
    match reporter {
        Ok(reporter) => {
            assert!(reporter.status.success(), "{reporter:?}");
            let seen: Value = serde_json::from_slice(&reporter.stdout).unwrap();
            assert_eq!(seen, serde_json::json!({ "status": "error", "score": 0, "max": 4, "tests": 4 }));
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("SKIPPED: reading the results back as the reporter does: node is not installed");
            let status = std::process::Command::new("true").env("GRADE_RESULTS", &encoded).status();
            assert!(status.expect("a process starts with the results in its environment").success());
        }
        Err(e) => panic!("the reporter cannot start with the results in its environment: {e}"),
    }
}
