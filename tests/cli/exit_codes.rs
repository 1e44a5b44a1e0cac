//! Exit codes (spec §5): 0 every check passed, 1 a check failed or the submission did not load,
//! 2 the command could not run, with a message naming the file (and, for TOML, line and column).

use insta::assert_snapshot;

use crate::harness::{code, copy_of, run_in, stable, stderr, stdout};
use crate::support::grade_in;

/// Runs `grade ARGS` in a fixture and asserts exit 2 with nothing on stdout; returns stderr.
fn cannot_run(fixture: &str, args: &[&str]) -> String {
    let output = run_in(fixture, args);
    assert_eq!(code(&output), 2, "stdout:\n{}\nstderr:\n{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    let err = stable(&stderr(&output));
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn zero_one_and_one_again() {
    for (file, expected) in [
        ("solutions/counter.js", 0),
        ("attempts/counter/shared.js", 1),
        ("attempts/counter/syntax.js", 1),
        ("attempts/counter/misnamed.js", 1),
    ] {
        let output = run_in("counter", &["counter", file]);
        assert_eq!(code(&output), expected, "{file}:\n{}{}", stdout(&output), stderr(&output));
    }
}

#[test]
fn an_exercise_can_be_named_by_its_toml_path() {
    let output = run_in("counter", &["exercises/counter.toml", "solutions/counter.js"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).starts_with("counter · A counter with a memory"), "{}", stdout(&output));
}

#[test]
fn missing_submission_file() {
    let err = cannot_run("counter", &["counter", "attempts/counter/nope.js"]);
    assert!(err.contains("attempts/counter/nope.js: no such file"), "{err}");
}

#[test]
fn missing_default_submission_file() {
    let err = cannot_run("counter", &["tally"]);
    assert!(err.contains("submissions/tally.js: no such file"), "{err}");
}

#[test]
fn unknown_exercise_lists_the_known_ones() {
    let err = cannot_run("counter", &["countr", "solutions/counter.js"]);
    assert!(err.contains("no exercise `countr`"), "{err}");
    assert!(err.contains("known exercises: counter, map-later, tally"), "{err}");
}

#[test]
fn unknown_key_in_grader_toml() {
    let err = cannot_run("bad-config", &["double", "solutions/double.js"]);
    assert!(err.contains("bad-config/grader.toml:6:1"), "{err}");
    assert!(err.contains("memry_mb"), "{err}");
    assert_snapshot!(err);
}

#[test]
fn grade_check_also_refuses_a_bad_grader_toml() {
    let err = cannot_run("bad-config", &["check"]);
    assert!(err.contains("bad-config/grader.toml:6:1"), "{err}");
}

/// Each exercise of the `broken` fixture breaks one rule; each is refused with its location.
#[test]
fn exercises_that_break_a_rule() {
    let cases = [
        ("bad-toml", "bad-toml.toml:7:12"),
        ("no-expectation", "no-expectation.toml:9:1"),
        ("calls-mismatch", "calls-mismatch.toml:4:1"),
        ("duplicate-names", "duplicate-names.toml:9:1"),
        ("bad-expect-js", "bad-expect-js.toml:12:19"),
        ("unknown-field", "unknown-field.toml:7:1"),
    ];
    let mut all = String::new();
    for (id, location) in cases {
        let file = format!("solutions/{id}.js");
        let err = cannot_run("broken", &[id, &file]);
        assert!(err.contains(&format!("[repo]/tests/fixtures/broken/exercises/{location}: ")), "{err}");
        all.push_str(&err);
    }
    assert_snapshot!(all);
}

#[test]
fn check_without_expectation_says_what_to_add() {
    let err = cannot_run("broken", &["no-expectation", "solutions/no-expectation.js"]);
    assert!(err.contains("\"runs without checking anything\""), "{err}");
    assert!(err.contains("`expect`, `expect_js`, `stdout` or `throws`"), "{err}");
}

#[test]
fn calls_and_expect_of_different_lengths() {
    let err = cannot_run("broken", &["calls-mismatch", "solutions/calls-mismatch.js"]);
    assert!(err.contains("3 calls but 2 expected values"), "{err}");
}

#[test]
fn duplicate_check_names() {
    let err = cannot_run("broken", &["duplicate-names", "solutions/duplicate-names.js"]);
    assert!(err.contains("two checks are named \"doubles\""), "{err}");
}

#[test]
fn expect_js_that_does_not_parse() {
    let err = cannot_run("broken", &["bad-expect-js", "solutions/bad-expect-js.js"]);
    assert!(err.contains("check \"doubles an array\""), "{err}");
    assert!(err.contains("`expect_js` does not parse"), "{err}");
    // At the expression's own line and column, in the parser's words (no `)` the author never wrote).
    assert!(err.contains("bad-expect-js.toml:12:19:"), "{err}");
    assert!(err.contains("Expected `]` but found `EOF`"), "{err}");
}

#[test]
fn a_folder_without_grader_toml_uses_the_defaults() {
    let course = copy_of("counter");
    std::fs::remove_file(course.path().join("grader.toml")).unwrap();
    let output = grade_in(course.path()).args(["counter", "solutions/counter.js"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
}

#[test]
fn course_option_picks_the_course_folder() {
    let output = grade_in(&crate::support::repo())
        .args(["-C", "tests/fixtures/counter", "counter", "tests/fixtures/counter/solutions/counter.js"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let output =
        grade_in(&crate::support::repo()).args(["counter", "--course", "tests/fixtures/counter"]).output().unwrap();
    assert_eq!(code(&output), 0, "default submission under the course folder: {}", stderr(&output));
}
