//! Check code runs in a realm of its own: a submission that patches, locks or shadows
//! `Object.keys`, `JSON` or `Promise.prototype.then` changes only its own realm and never fakes a
//! pass, while ordinary code that gives objects a `toString` or extends a prototype still passes.

use serde_json::Value;

use crate::support::{fixture, grade_in};

/// The status of each check of `registry` for one submission, and the failure messages.
fn grade(file: &str) -> (Vec<String>, String) {
    let out = grade_in(&fixture("guard"))
        .args(["registry", &format!("submissions/{file}"), "--format", "json"])
        .output()
        .expect("grade runs");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let checks = json["checks"].as_array().expect("checks");
    let statuses = checks.iter().map(|c| c["status"].as_str().unwrap().to_string()).collect();
    let messages = checks.iter().filter_map(|c| c["message"].as_str()).collect::<Vec<_>>().join("\n");
    (statuses, messages)
}

#[test]
fn ordinary_code_that_touches_prototypes_still_passes() {
    assert_eq!(grade("correct.js").0, ["pass", "pass", "pass"]);
}

#[test]
fn a_builtin_patched_while_loading_is_not_the_one_check_code_uses() {
    let (statuses, messages) = grade("patch-at-load.js");
    assert_eq!(statuses[0], "fail");
    assert!(messages.contains("_items"), "the check saw the real keys: {messages}");
}

#[test]
fn a_builtin_patched_during_a_call_is_not_the_one_check_code_uses() {
    assert_eq!(grade("patch-during-call.js").0[0], "fail");
}

#[test]
fn a_builtin_locked_by_the_submission_is_its_own_realm_s() {
    let (statuses, messages) = grade("lock-first.js");
    assert_eq!(statuses[0], "fail");
    assert!(messages.contains("_items"), "the check saw the real keys: {messages}");
}

#[test]
fn a_top_level_binding_that_shadows_a_builtin_is_not_seen_by_check_code() {
    let (statuses, messages) = grade("shadow-json.js");
    assert_eq!(statuses, ["pass", "fail", "fail"]);
    assert!(messages.contains("returned '[]'"), "the check's own JSON printed the real list: {messages}");
}

#[test]
fn await_in_check_code_uses_the_real_promise_then() {
    assert_eq!(grade("fake-then.js").0[2], "fail");
}
