//! Feedback that is right, or says it is unsure (issue 11 §1), on the bundled course: known
//! mistakes recognised by their checks and the shape of the code, explained in the learner's
//! names, hints that do not contradict the diagnosis, a leak check that judges what was written,
//! and code that is never cut. Learner files: `tests/fixtures/feedback/`.

use std::process::Output;

use insta::assert_snapshot;

use crate::harness::{code, stable, stderr, stdout};
use crate::support::{grade_in, repo};

fn run(args: &[&str], columns: Option<&str>) -> Output {
    let mut cmd = grade_in(&repo());
    if let Some(columns) = columns {
        cmd.env("COLUMNS", columns);
    }
    cmd.args(args).output().unwrap()
}

/// Grades a feedback fixture against a bundled exercise; (exit code, stable stdout).
fn grade(exercise: &str, file: &str) -> (i32, String) {
    let path = format!("tests/fixtures/feedback/{file}");
    let output = run(&[exercise, &path], Some("100"));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    (code(&output), stable(&stdout(&output)))
}

#[test]
fn the_shadowing_mistake_in_other_names_is_recognised_and_its_hints_stay_quiet() {
    let (code, out) = grade("exercise-02", "ex02-shadowing-arrow.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: tick declares its own count"), "{out}");
    assert!(out.contains("`tick` declares its own `count` (line 5), which hides the `count` of"), "{out}");
    // The checks' own hints (about where the count must live) would talk past this learner,
    // whose count is where it belongs: with the mistake named, none is shown.
    assert!(!out.contains("hint:"), "{out}");
    assert!(!out.contains("must start again from 0"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn a_class_with_private_fields_is_not_told_its_array_is_exposed() {
    // The checks read the public surface through the object, so methods on the prototype count:
    // the class is correct, and nothing is said of a mistake it does not make.
    let (code, out) = grade("exercise-07", "ex07-private-class.js");
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("internal array exposed"), "{out}");
    assert!(!out.contains("known mistake"), "{out}");
}

#[test]
fn a_throttle_style_debounce_is_not_told_every_call_schedules_its_own_run() {
    let (code, out) = grade("exercise-13", "ex13-throttle.js");
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("every call schedules its own run"), "{out}");
    assert!(!out.contains("debounce never cancels"), "{out}");
}

#[test]
fn two_mistakes_at_once_are_both_named() {
    let (code, out) = grade("exercise-13", "ex13-two-mistakes.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: debounce never cancels the pending call"), "{out}");
    assert!(out.contains("And also like this known mistake: var in the loop"), "{out}");
    assert!(out.contains("the loop variable `n` is declared with `var` (line 2)"), "{out}");
}

#[test]
fn a_narrower_version_of_the_named_mistake_is_not_named_beside_it() {
    let (code, out) = grade("exercise-04", "ex04-shared-total.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: one total shared by every counter"), "{out}");
    assert!(!out.contains("shared total reset by makeCounter"), "{out}");
    assert!(out.contains("`total` is declared at the top of the file (line 1) and changed by a"), "{out}");
}

#[test]
fn the_explanation_uses_the_learner_s_names_and_claims_nothing_their_code_does_not_do() {
    let (code, out) = grade("exercise-01", "ex01-double.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: returns the result of calling the inner function"), "{out}");
    assert!(out.contains("`return double(2)` (line 3) calls `double` and returns its result"), "{out}");
    assert!(!out.contains("multiplyBy2") && !out.contains("NaN"), "{out}");
}

#[test]
fn a_different_bug_failing_a_mistake_s_checks_is_not_named_that_mistake() {
    // The counter is in outer's backpack (not born inside it) and starts at 1, but outer resets
    // a second counter: the checks of "counter declared inside the inner function" fail, its
    // shape is not in the code.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex03.js");
    std::fs::write(
        &file,
        "function outer() {\n  let n = 0;\n  return () => { n = n + 1; return n > 1 ? 1 : n; };\n}\n",
    )
    .unwrap();
    let output = run(&["exercise-03", file.to_str().unwrap()], None);
    let out = stdout(&output);
    // The checks agree with the mistake, the code does not (its count lives in outer): the report
    // names no mistake rather than send the learner after one they did not make, and keeps the
    // checks' own hints.
    assert!(!out.contains("This looks like"), "{out}");
    assert!(!out.contains("known mistake"), "{out}");
    assert!(out.contains("hint:"), "{out}");
}

#[test]
fn an_endless_loop_shows_no_hint_about_where_the_variable_lives() {
    let output = crate::harness::run_in("counter", &["counter", "attempts/counter/endless.js"]);
    let out = stdout(&output);
    assert!(out.contains("time limit"), "{out}");
    assert!(!out.contains("hint:"), "{out}");
    assert!(!out.contains("known mistake"), "{out}");
}

#[test]
fn a_stateless_helper_in_a_plain_script_is_allowed() {
    let (code, out) = grade("exercise-01", "ex01-helper.js");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn a_helper_that_keeps_state_on_itself_still_leaks() {
    let (code, out) = grade("exercise-01", "ex01-stateful-helper.js");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("added twice.calls"), "{out}");
}

#[test]
fn a_this_write_on_the_global_object_is_reported_as_what_it_is() {
    let (code, out) = grade("exercise-06", "ex06-this-balance.js");
    assert_eq!(code, 1);
    assert!(out.contains("this.balance landed on the global object"), "{out}");
    assert!(!out.contains("created global balance"), "{out}");
}

#[test]
fn learner_functions_named_clock_and_spy_do_not_collide_with_the_check_helpers() {
    let (code, out) = grade("exercise-13", "ex13-reserved-names.js");
    assert_eq!(code, 0, "{out}");
}

#[test]
fn run_code_and_check_names_are_shown_whole_wrapped_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ex13.js");
    std::fs::write(&file, "function logInOrder() {}\nfunction debounce(fn) { return fn; }\n").unwrap();
    let exercise = std::fs::read_to_string(repo().join("exercises/exercise-13.toml")).unwrap();
    let table: toml::Table = exercise.parse().unwrap();
    let checks = table["check"].as_array().unwrap();
    let long_run = checks
        .iter()
        .filter(|c| c.get("hidden").is_none())
        .filter_map(|c| c.get("run").and_then(|r| r.as_str()))
        .find(|r| r.len() > 100)
        .expect("exercise-13 has a run longer than 100 characters");
    for columns in ["80", "120"] {
        let output = run(&["exercise-13", file.to_str().unwrap()], Some(columns));
        let out = stdout(&output);
        let width: usize = columns.parse().unwrap();
        for line in out.lines() {
            assert!(line.chars().count() <= width, "line wider than {width}: {line:?}\n{out}");
        }
        // Every word of the code is there, in order, however it is wrapped.
        let shown: String = out.split_whitespace().collect::<Vec<_>>().join(" ");
        let code: String = long_run.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(shown.contains(&code), "the run code was cut at {columns} columns:\n{out}");
        assert!(!out.contains('…'), "{out}");
        for check in checks.iter().filter(|c| c.get("hidden").is_none()) {
            let name = check["name"].as_str().unwrap();
            assert!(shown.contains(name), "check name {name:?} was cut:\n{out}");
        }
    }
    let output = run(&["exercise-13", file.to_str().unwrap(), "--format", "junit"], Some("80"));
    let xml = stdout(&output);
    let escaped = long_run
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\'', "&apos;")
        .replace('"', "&quot;");
    assert!(xml.contains(&escaped) || xml.contains(long_run), "JUnit cut the run code:\n{xml}");
}

#[test]
fn the_wrapped_report_at_80_columns() {
    let path = "tests/fixtures/feedback/ex03-counter-inside.js";
    let output = run(&["exercise-03", path], Some("80"));
    assert_snapshot!(stable(&stdout(&output)));
}

#[test]
fn top_level_state_is_recognised_whatever_the_learner_calls_it_and_however_add_is_written() {
    // The mistake's own code returns `nextId++`; this learner keeps a `counter` and adds first.
    let (code, out) = grade("exercise-07", "ex07-top-level-state-own-add.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: state declared at the top of the file"), "{out}");
    assert!(out.contains("`counter` is declared at the top of the file (line 2)"), "{out}");
}

#[test]
fn an_off_by_one_without_a_post_increment_is_not_told_about_this() {
    // `calls > n` instead of `>=`: no `this` is lost, and nothing says so.
    let (code, out) = grade("after", "after-greater-than.js");
    assert_eq!(code, 1);
    assert!(out.contains("off by one: waits for n + 1 calls"), "{out}");
    assert!(!out.contains("passes `this`"), "{out}");
    assert!(!out.contains("must keep its own count: a count kept outside after"), "{out}");
}

#[test]
fn a_truthiness_default_is_recognised_from_the_code_not_only_from_the_checks() {
    let (code, out) = grade("exercise-04", "ex04-step-or-one-own-names.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: step || 1 turns a step of 0 into 1"), "{out}");
    assert!(out.contains("`step || 1` (line 2) treats every falsy `step` as missing"), "{out}");
}

#[test]
fn a_shared_cache_and_a_truthy_lookup_made_at_once_are_both_named() {
    let (code, out) = grade("exercise-09", "ex09-shared-object-cache-truthy.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: one cache shared by every memoized function"), "{out}");
    assert!(out.contains("And also like this known mistake: checks the cached value instead of the key"), "{out}");
    assert!(out.contains("`cache[arg]` (line 4) asks whether the stored value is truthy"), "{out}");
}

#[test]
fn a_plain_object_cache_is_recognised_in_the_learner_s_names() {
    let (code, out) = grade("exercise-09", "ex09-object-cache-own-names.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: plain object as the cache"), "{out}");
    assert!(out.contains("`results` is a plain object (line 2) filled under computed keys"), "{out}");
}

#[test]
fn at_forty_columns_no_line_of_a_report_is_wider_than_the_terminal() {
    let output = run(&["exercise-03", "tests/fixtures/feedback/ex03-post-increment.js"], Some("40"));
    let out = stdout(&output);
    assert!(out.contains("count = 1"), "the backpack's values are shown:\n{out}");
    for line in out.lines() {
        assert!(line.chars().count() <= 40, "{line:?}\n{out}");
    }
}
