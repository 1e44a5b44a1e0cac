//! A file that does not parse is reported in the parser's words, with a code frame a learner
//! reads: the lines before the error, a caret under its column, and the parser's second label.

use insta::assert_snapshot;

use crate::harness::{code, copy_of, stable, stderr, stdout};
use crate::support::{Unprivileged, fixture, grade_in};

/// The human report of grading `source` as `attempt.js` in a copy of the counter course.
fn report(source: &str) -> String {
    let course = copy_of("counter");
    std::fs::write(course.path().join("attempt.js"), source).unwrap();
    let output = grade_in(course.path()).args(["counter", "attempt.js"]).output().unwrap();
    assert_eq!(code(&output), 1, "{}", stdout(&output));
    stable(&stdout(&output))
}

#[test]
fn an_unclosed_function_points_at_the_end_and_where_it_opened() {
    let out = report(
        "function makeCounter() {\n  let count = 0;\n  return function () {\n    count++;\n    return count;\n  };\n\n",
    );
    assert!(out.contains("Expected `}` but found `EOF` (line 6, column 5)"), "{out}");
    assert!(!out.contains("at the end of the file"), "the engine's words: {out}");
    assert_snapshot!(out);
}

#[test]
fn an_unclosed_string() {
    let out = report("function makeCounter() {\n  let label = 'count;\n  let count = 0;\n  return () => ++count;\n}\n");
    assert!(out.contains("Unterminated string (line 2, column 15)"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn a_stray_closing_parenthesis() {
    let out = report("function makeCounter() {\n  let count = 0;\n  return () => ++count);\n}\n");
    assert!(out.contains("(line 3, column 23)"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn an_import_inside_a_function() {
    let out = report(
        "function makeCounter() {\n  import { step } from './step.js';\n  let count = 0;\n  return () => (count += step);\n}\n",
    );
    assert!(out.contains("(line 2, column 3)"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn an_escaped_keyword() {
    let out = report("function makeCounter() {\n  let count = 0;\n  \\u0072eturn () => ++count;\n}\n");
    assert!(out.contains("(line 3, column 3)"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn an_escaped_identifier_is_read_as_the_name_it_spells() {
    let out = report("let t\\u006ftal = 0;\nfunction makeCounter() {\n  return () => ++total;\n}\nlet total = 1;\n");
    assert!(out.contains("Identifier `total` has already been declared (line 5, column 5)"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn a_long_minified_line_is_shown_around_the_error() {
    let filler = "a".repeat(5_000);
    let out = report(&format!("function makeCounter() {{ let {filler} = 0; return () => ++{filler} = ; }}\n"));
    assert!(out.lines().all(|l| l.chars().count() < 200), "{out}");
    assert!(out.contains('…'), "{out}");
}

#[test]
fn a_file_the_parser_accepts_but_the_engine_does_not_shows_the_engine_message() {
    // Decorators parse in oxc, not in QuickJS: the engine's own diagnostic is reported.
    let out = report("function dec(c) { return c; }\n@dec class A {}\nfunction makeCounter() { return () => 1; }\n");
    assert!(out.contains("SyntaxError: unexpected token in expression: '@' (line 2, column 1)"), "{out}");
    assert!(out.contains("      2 | @dec class A {}\n        | ^\n"), "{out}");
}

#[test]
fn a_file_that_could_nest_deeper_than_the_parser_can_follow_is_refused_not_crashed() {
    for source in [format!("x = {}1{};\n", "(".repeat(150_000), ")".repeat(150_000)), "!".repeat(400_000) + "1;\n"] {
        let out = report(&source);
        assert!(out.contains("the submission is too large to analyse safely"), "{out}");
    }
}

#[test]
fn pool_workers_of_an_unprivileged_user_analyse_deep_and_broken_files_without_crashing() {
    // A worker may start no thread: it analyses on its own stack, with the same limit as `grade`.
    let copy = Unprivileged::new(&fixture("counter"));
    let class = copy.writable("class");
    let files = [
        ("ada", "function makeCounter() {\n  let count = 0;\n".to_string()),
        ("bob", format!("x = {}1{};\n", "(".repeat(20_000), ")".repeat(20_000))),
        ("cy", format!("x = {}1{};\n", "(".repeat(150_000), ")".repeat(150_000))),
    ];
    for (student, source) in &files {
        std::fs::create_dir_all(class.join(student)).unwrap();
        std::fs::write(class.join(student).join("counter.js"), source).unwrap();
    }
    let results = class.join("results.jsonl");
    let output =
        copy.grade().args(["batch"]).arg(&class).args(["--format", "json", "--output"]).arg(&results).output().unwrap();
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    let lines = std::fs::read_to_string(&results).expect("results are written");
    let message = |student: &str| {
        lines
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .find(|v| v["student"] == student && v["exercise"] == "counter")
            .map(|v| (v["status"].to_string(), v["message"].as_str().unwrap_or_default().to_string()))
            .unwrap_or_else(|| panic!("no result for {student}: {lines}"))
    };
    let (status, ada) = message("ada");
    assert_eq!(status, "\"error\"");
    assert!(ada.contains("does not parse: SyntaxError: Expected `}` but found `EOF` (line 2, column 17)"), "{ada}");
    let (status, bob) = message("bob");
    assert_eq!(status, "\"error\"");
    assert!(!bob.contains("grading process") && !bob.contains("nested"), "analysed, then the engine ran: {bob}");
    let (_, cy) = message("cy");
    assert!(cy.contains("too large to analyse safely"), "{cy}");
}
