//! `grade <EXERCISE> [FILE]`: the human report a learner reads, through the real binary, for each
//! kind of result (spec §3–§5). Fixture: `tests/fixtures/counter`.

use insta::assert_snapshot;

use crate::harness::{code, run_in, stable, stderr, stdout};

/// Grades `file` against `exercise` in the counter course; returns (exit code, stable stdout).
fn grade(exercise: &str, file: &str) -> (i32, String) {
    let output = run_in("counter", &[exercise, file]);
    assert!(stderr(&output).is_empty(), "grading wrote to stderr:\n{}", stderr(&output));
    assert!(!stdout(&output).contains('\u{1b}'), "colors without a terminal or with NO_COLOR set");
    (code(&output), stable(&stdout(&output)))
}

#[test]
fn every_check_passes() {
    let (code, out) = grade("counter", "solutions/counter.js");
    assert_eq!(code, 0);
    assert_snapshot!(out);
}

#[test]
fn the_default_submission_is_submissions_id_js() {
    let output = run_in("counter", &["counter"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("submissions/counter.js"), "{}", stdout(&output));
}

#[test]
fn console_output_is_diffed_line_by_line() {
    let (code, out) = grade("counter", "attempts/counter/chatty.js");
    assert_eq!(code, 1);
    assert!(out.contains("+ │ count is now 1"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn values_are_pretty_printed_and_diffed() {
    let (code, out) = grade("tally", "attempts/tally/off-by-one.js");
    assert_eq!(code, 1);
    assert_snapshot!(out);
}

#[test]
fn object_keys_in_another_order_are_not_a_difference() {
    // The counts are right but their keys come in another order than the (sorted) TOML table:
    // only the `order` line may be marked.
    let (code, out) = grade("tally", "attempts/tally/sorted.js");
    assert_eq!(code, 1);
    assert!(out.contains("\n          counts: { apple: 2, fig: 1, pear: 3 },\n"), "{out}");
    assert!(out.contains("\n      -   order: [ 'pear', 'apple', 'fig' ]\n"), "{out}");
    assert!(out.contains("\n      +   order: [ 'apple', 'fig', 'pear' ]\n"), "{out}");
    assert!(!out.contains("-   counts"), "{out}");
}

#[test]
fn calls_table_marks_the_first_difference() {
    let (code, out) = grade("counter", "attempts/counter/shared.js");
    assert_eq!(code, 1);
    let marked: Vec<&str> = out.lines().filter(|l| l.contains("← first difference")).collect();
    assert_eq!(marked.len(), 1, "{out}");
    assert!(marked[0].contains("b()"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn missing_entry_is_one_clear_line() {
    let (code, out) = grade("counter", "attempts/counter/misnamed.js");
    assert_eq!(code, 1);
    assert!(out.contains("counter expects a function named makeCounter; the submission defines none"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn syntax_error_points_at_line_and_column() {
    let (code, out) = grade("counter", "attempts/counter/syntax.js");
    assert_eq!(code, 1);
    assert!(out.contains("line 4, column 14"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn endless_loop_stops_at_the_time_limit() {
    let started = std::time::Instant::now();
    let (code, out) = grade("counter", "attempts/counter/endless.js");
    assert_eq!(code, 1);
    assert!(out.contains("ran past the 300 ms time limit"), "{out}");
    // Four checks of 300 ms each, and some slack for a loaded machine.
    assert!(started.elapsed() < std::time::Duration::from_secs(10), "took {:?}", started.elapsed());
    assert_snapshot!(out);
}

#[test]
fn hidden_check_shows_name_and_verdict_only() {
    let (code, out) = grade("counter", "attempts/counter/wraps.js");
    assert_eq!(code, 1);
    let lines: Vec<&str> = out.lines().collect();
    let at = lines.iter().position(|l| l.contains("keeps counting to 100")).expect("the hidden check is listed");
    assert!(lines[at].contains('✗') && lines[at].contains("(hidden)"), "{out}");
    assert!(lines[at + 1].trim().is_empty(), "details of a hidden check are shown:\n{out}");
    assert!(!out.contains("for (let i") && !out.contains("returned"), "hidden details leaked:\n{out}");
    assert_snapshot!(out);
}

#[test]
fn known_mistake_is_explained() {
    let (code, out) = grade("counter", "attempts/counter/inner.js");
    assert_eq!(code, 1);
    assert!(out.contains("This looks like a known mistake: count declared inside the inner function"), "{out}");
    assert!(out.contains("The count is born again on every call"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn bad_exercise_toml_cannot_run() {
    let output = run_in("broken", &["bad-toml", "solutions/bad-toml.js"]);
    assert_eq!(code(&output), 2);
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    let err = stable(&stderr(&output));
    assert!(err.contains("exercises/bad-toml.toml:7:12"), "{err}");
    assert_snapshot!(err);
}

#[test]
fn what_a_failing_check_printed_is_shown_under_it() {
    // A learner's own console.log while debugging is the first thing they look for.
    let output = crate::harness::run_in("counter", &["counter", "attempts/counter/debugging.js"]);
    let text = crate::harness::stdout(&output);
    let printed = text.find("printed:").unwrap_or_else(|| panic!("no printed: block\n{text}"));
    assert!(text[printed..].contains("│ debug: count is 1"), "{text}");
}
