//! Review findings on values, output and exercise files: lone surrogates and huge strings copied
//! out, console output printed while loading, function kinds, exercise TOML that used to panic or
//! read badly, and hidden checks in JUnit.

use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use crate::harness::{code, stderr, stdout};
use crate::support::grade_in;

/// A course with one exercise `ex` (the given TOML) and a submission `sub.js`.
fn course(exercise: &str, submission: &str) -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("exercises")).unwrap();
    std::fs::write(dir.path().join("exercises/ex.toml"), exercise).unwrap();
    std::fs::write(dir.path().join("sub.js"), submission).unwrap();
    dir
}

fn grade(dir: &TempDir, format: &str) -> Output {
    grade_in(dir.path()).args(["ex", "sub.js", "--format", format]).output().expect("grade runs")
}

/// Grades as JSON; returns the document and each check's (name, status, message).
fn graded(exercise: &str, submission: &str) -> (Value, Vec<(String, String, String)>) {
    let dir = course(exercise, submission);
    let out = grade(&dir, "json");
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", stdout(&out), stderr(&out)));
    let checks = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let text = |key: &str| c[key].as_str().unwrap_or_default().to_string();
            (text("name"), text("status"), text("message"))
        })
        .collect();
    (doc, checks)
}

fn status_of<'a>(checks: &'a [(String, String, String)], name: &str) -> &'a str {
    &checks.iter().find(|c| c.0 == name).unwrap_or_else(|| panic!("no check {name}: {checks:?}")).1
}

const HEAD: &str = "title = \"t\"\nentry = [\"outer\"]\n";

#[test]
fn a_lone_surrogate_equals_only_itself() {
    let exercise = format!(
        "{HEAD}[[check]]\nname = \"empty\"\nrun = \"outer()\"\nexpect = \"\"\n\
         [[check]]\nname = \"replacement\"\nrun = \"outer()\"\nexpect = \"\\uFFFD\"\n\
         [[check]]\nname = \"itself\"\nrun = \"outer()\"\nexpect_js = \"'\\\\uD800'\"\n\
         [[check]]\nname = \"the other half\"\nrun = \"outer()\"\nexpect_js = \"'\\\\uDC00'\"\n"
    );
    let (doc, checks) = graded(&exercise, "function outer() { return \"\\uD800\"; }\n");
    assert_eq!(status_of(&checks, "empty"), "fail", "{doc:#}");
    assert_eq!(status_of(&checks, "replacement"), "fail", "{doc:#}");
    assert_eq!(status_of(&checks, "itself"), "pass", "{doc:#}");
    assert_eq!(status_of(&checks, "the other half"), "fail", "{doc:#}");
    assert_eq!(doc["checks"][0]["actual"], "'\\uD800'", "shown escaped, as Node shows it: {doc:#}");
}

#[test]
fn a_huge_string_is_cut_never_equal_and_the_report_stays_small() {
    let exercise = format!(
        "{HEAD}[[check]]\nname = \"huge\"\nrun = \"outer()\"\nexpect = \"x\"\n\
         [[check]]\nname = \"long equals long\"\nrun = \"outer().slice(0, 300000)\"\nexpect_js = \"'x'.repeat(300000)\"\n\
         [[check]]\nname = \"many\"\nrun = \"Array(2000).fill(outer().slice(0, 200000))\"\nexpect = [1]\n\
         [[check]]\nname = \"fits\"\nrun = \"outer().slice(0, 100000)\"\nexpect_js = \"'x'.repeat(100000)\"\n"
    );
    let dir = course(&exercise, "function outer() { return 'x'.repeat(20000000); }\n");
    let json = grade(&dir, "json");
    // Copied whole, the strings would make hundreds of megabytes.
    assert!(json.stdout.len() < 1_000_000, "a report of {} bytes", json.stdout.len());
    let doc: Value = serde_json::from_slice(&json.stdout).unwrap();
    let checks = doc["checks"].as_array().unwrap();
    let by_name = |name: &str| checks.iter().find(|c| c["name"] == name).unwrap();
    for name in ["huge", "long equals long", "many"] {
        assert_eq!(by_name(name)["status"], "fail", "{name}: {:#}", by_name(name));
    }
    assert_eq!(by_name("fits")["status"], "pass", "{:#}", by_name("fits"));
    let huge = by_name("huge");
    let message = huge["message"].as_str().unwrap();
    assert!(message.contains("too large to compare"), "{message}");
    let actual = huge["actual"].as_str().unwrap();
    assert!(actual.starts_with("'xxxx") && actual.contains("a string of 20000000 characters"), "{actual}");
    let human = grade(&dir, "human");
    assert!(human.stdout.len() < 1_000_000, "a report of {} bytes", human.stdout.len());
    assert_eq!(code(&human), 1);
}

#[test]
fn output_printed_while_loading_does_not_hide_the_checks_output() {
    let exercise = format!(
        "{HEAD}[[check]]\nname = \"prints nothing\"\nrun = \"outer()\"\nstdout = \"\"\n\
         [[check]]\nname = \"prints late\"\nrun = \"outer()\"\nstdout = \"late\\n\"\n"
    );
    let flood = "console.log('x'.repeat(70000));\nfunction outer() { console.log('late'); }\n";
    let (doc, checks) = graded(&exercise, flood);
    assert_eq!(status_of(&checks, "prints nothing"), "fail", "{doc:#}");
    assert_eq!(status_of(&checks, "prints late"), "pass", "{doc:#}");
    // A cut during a check shows in the output that is compared, on the stream that lost lines.
    let noisy = "function outer() { console.error('e'.repeat(70000)); console.log('late'); }\n";
    let (doc, checks) = graded(&exercise, noisy);
    assert_eq!(status_of(&checks, "prints nothing"), "fail", "{doc:#}");
    assert_eq!(status_of(&checks, "prints late"), "fail", "{doc:#}");
    assert!(doc["checks"][0]["stdout"].as_str().unwrap().contains("[output cut"), "{doc:#}");
}

#[test]
fn functions_match_only_functions_of_their_kind() {
    let exercise = format!(
        "{HEAD}[[check]]\nname = \"generator\"\nrun = \"outer\"\nexpect_js = \"(function* () {{}})\"\n\
         [[check]]\nname = \"class\"\nrun = \"outer\"\nexpect_js = \"(class {{}})\"\n\
         [[check]]\nname = \"arrow\"\nrun = \"outer\"\nexpect_js = \"() => 1\"\n"
    );
    let (doc, checks) = graded(&exercise, "function outer() {}\n");
    assert_eq!(status_of(&checks, "generator"), "fail", "{doc:#}");
    assert_eq!(status_of(&checks, "class"), "fail", "{doc:#}");
    assert_eq!(status_of(&checks, "arrow"), "pass", "a plain function and an arrow are one kind: {doc:#}");
    let (doc, checks) = graded(&exercise, "function* outer() {}\n");
    assert_eq!(status_of(&checks, "generator"), "pass", "{doc:#}");
    assert_eq!(status_of(&checks, "arrow"), "fail", "{doc:#}");
    let (doc, checks) = graded(&exercise, "class outer {}\n");
    assert_eq!(status_of(&checks, "class"), "pass", "{doc:#}");
}

#[test]
fn odd_exercise_files_are_located_load_errors() {
    let check = "[[check]]\nname = \"a\"\nrun = \"1\"\n";
    let cases = [
        (
            format!("{HEAD}{check}expect = 1\npoints = 4294967295\n{check}expect = 1\npoints = 4294967295\n"),
            "ex.toml:7:10:",
            "out of range: use 0 to 1000",
        ),
        (
            format!("title = \"t\"\nentry = [\"class\"]\n{check}expect = 1\n"),
            "ex.toml:2:10:",
            "`class` is a reserved word",
        ),
        (
            format!("title = \"t\"\nentry = [\"outer\"]\nglobals = [\"yield\"]\n{check}expect = 1\n"),
            "ex.toml:3:12:",
            "`yield` is a reserved word",
        ),
        (
            format!("{HEAD}{check}throws = 5\n"),
            "ex.toml:6:10:",
            "`throws` must be true, a message substring or a table",
        ),
        (
            format!("{HEAD}prompt = \"set time_ms low\"\ntime_ms = 0\n{check}expect = 1\n"),
            "ex.toml:4:11:",
            "time_ms = 0 is out of range",
        ),
    ];
    for (exercise, at, message) in cases {
        let dir = course(&exercise, "function outer() {}\n");
        let out = grade(&dir, "human");
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{err}");
        assert!(err.contains(at) && err.contains(message), "expected {at} {message}:\n{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn junit_shows_a_hidden_check_by_name_and_verdict_only() {
    let exercise = format!(
        "{HEAD}[[check]]\nname = \"secret\"\nrun = \"console.log('SECRET-OUT'); outer()\"\nexpect = 'SECRET-WANTED'\nhidden = true\n\
         [[check]]\nname = \"open\"\nrun = \"console.log('OPEN-OUT'); outer()\"\nexpect = 2\n"
    );
    let dir = course(&exercise, "function outer() { return 1; }\n");
    let xml = stdout(&grade(&dir, "junit"));
    assert!(!xml.contains("SECRET"), "{xml}");
    assert!(xml.contains("failed (hidden check)"), "{xml}");
    assert!(xml.contains("OPEN-OUT") && xml.contains("returned 1; expected 2"), "{xml}");
}

#[test]
fn a_single_check_reads_in_good_english() {
    let exercise = format!("{HEAD}[[check]]\nname = \"a\"\nrun = \"outer()\"\nexpect = 1\n");
    let dir = course(&exercise, "function outer() { return 1; }\n");
    let out = stdout(&grade(&dir, "human"));
    assert!(out.contains("Score 1/1 · the check passed"), "{out}");
}
