//! The three submission styles of spec §3 (script, CommonJS, ES module) load and pass unchanged,
//! and so does a nodeschool-style CommonJS file with a helper and `setTimeout` callbacks.

use crate::harness::{code, json, run_in, stderr, stdout};

fn assert_passes(exercise: &str, file: &str) {
    let output = run_in("counter", &[exercise, file, "--format", "json"]);
    assert_eq!(code(&output), 0, "{file}:\n{}{}", stdout(&output), stderr(&output));
    let doc = json(&output);
    assert_eq!(doc["status"], "pass", "{doc:#}");
    assert_eq!(doc["score"], doc["max_score"], "{doc:#}");
}

#[test]
fn script() {
    assert_passes("counter", "submissions/counter.js");
}

#[test]
fn commonjs_with_a_helper_beside_module_exports_function() {
    assert_passes("counter", "attempts/counter/commonjs.js");
}

#[test]
fn commonjs_with_a_named_export() {
    assert_passes("counter", "attempts/counter/commonjs-named.js");
}

#[test]
fn es_module_with_export_function() {
    assert_passes("counter", "attempts/counter/module.js");
}

#[test]
fn nodeschool_style_module_with_timers_grades_unchanged() {
    assert_passes("map-later", "attempts/map-later/nodeschool.js");
}

#[test]
fn reference_solution_with_timers() {
    assert_passes("map-later", "solutions/map-later.js");
}

#[test]
fn require_is_refused_with_a_clear_message() {
    let course = crate::harness::copy_of("counter");
    let path = course.path().join("requires.js");
    std::fs::write(&path, "const fs = require('fs');\nmodule.exports = function () { return () => 1; };\n").unwrap();
    let output =
        crate::support::grade_in(course.path()).args(["counter", "requires.js", "--format", "json"]).output().unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let doc = json(&output);
    assert_eq!(doc["status"], "error");
    let message = doc["message"].as_str().unwrap();
    assert!(message.contains("self-contained"), "{message}");
}
