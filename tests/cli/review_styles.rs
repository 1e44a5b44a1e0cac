//! Review findings on submission styles (spec §3): comments and strings do not decide a file's
//! style, module statements count wherever a statement starts, and locations point into the
//! submission (never into check code, never past the file's end).

use serde_json::Value;

use crate::harness::{code, copy_of, json, stderr, stdout};
use crate::support::grade_in;

/// Grades `source`, saved as `attempt.js` in a copy of the counter course, as JSON.
fn grade_source(source: &str) -> (i32, Value) {
    let course = copy_of("counter");
    std::fs::write(course.path().join("attempt.js"), source).unwrap();
    let output = grade_in(course.path()).args(["counter", "attempt.js", "--format", "json"]).output().unwrap();
    let doc = json(&output);
    assert!(code(&output) <= 1, "{}{}", stdout(&output), stderr(&output));
    (code(&output), doc)
}

const COUNTER: &str = "function makeCounter() { let c = 0; return () => ++c; }";

fn assert_passes(source: &str) {
    let (code, doc) = grade_source(source);
    assert_eq!((code, &doc["status"]), (0, &Value::from("pass")), "{source}\n{doc:#}");
}

#[test]
fn a_comment_mentioning_module_exports_leaves_a_script() {
    assert_passes(&format!("// Note: no need for module.exports here, the grader finds it.\n{COUNTER}\n"));
}

#[test]
fn a_block_comment_line_starting_with_export_leaves_a_script() {
    assert_passes(&format!("/*\n  export this later when we learn modules\n*/\n{COUNTER}\n"));
}

#[test]
fn strings_mentioning_exports_leave_a_script() {
    assert_passes(&format!("const note = 'exports.x is for CommonJS';\n{COUNTER}\n"));
}

#[test]
fn an_export_after_use_strict_on_one_line_is_a_module() {
    assert_passes("\"use strict\"; export function makeCounter() { let c = 0; return () => ++c; }\n");
}

#[test]
fn an_export_list_after_a_semicolon_is_a_module() {
    assert_passes(&format!("{COUNTER}; export {{ makeCounter }};\n"));
}

#[test]
fn a_throw_in_check_code_has_no_location_in_check_code() {
    let (_, doc) = grade_source("function makeCounter() {\n  return 5;\n}\n");
    let check = &doc["checks"][0];
    let text = check.to_string();
    assert!(text.contains("not a function"), "{check:#}");
    assert!(!text.contains("(at "), "a location in check code: {check:#}");
}

#[test]
fn a_throw_in_the_submission_points_at_its_line() {
    let (_, doc) = grade_source("function makeCounter() {\n  let c;\n  return () => c.x.y;\n}\n");
    let check = doc["checks"][0].to_string();
    assert!(check.contains("(at 3:"), "{check}");
}

#[test]
fn a_commonjs_file_that_ends_too_early_is_reported_at_its_end() {
    let source = "module.exports = function makeCounter() {\n  let c = 0;\n  return () => ++c\n";
    let (code, doc) = grade_source(source);
    assert_eq!(code, 1);
    let message = doc["message"].as_str().unwrap();
    // The parser's words, pointing just past the last character of code.
    assert!(message.contains("Expected `}` but found `EOF`"), "{message}");
    assert_eq!((&doc["location"]["line"], &doc["location"]["column"]), (&3.into(), &19.into()), "{doc:#}");
    assert!(message.ends_with("(line 3, column 19)"), "{message}");
}
