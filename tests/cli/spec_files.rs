//! Jest-style spec files (`spec = "x.spec.js"`): their tests are the exercise's checks, exemplar
//! solutions pass them unchanged, wrong ones fail with grade's own message and diff, and they run
//! through the pool as any user.

use insta::assert_snapshot;

use crate::harness::{code, stable, stderr, stdout};
use crate::support::{Unprivileged, fixture, grade_in};

fn json_of(output: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", stdout(output), stderr(output)))
}

fn graded(exercise: &str, file: &str) -> serde_json::Value {
    let output = grade_in(&fixture("specs")).args([exercise, file, "--format", "json"]).output().unwrap();
    json_of(&output)
}

fn check<'d>(doc: &'d serde_json::Value, name: &str) -> &'d serde_json::Value {
    doc["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no check named {name:?} in {doc:#}"))
}

fn names(doc: &serde_json::Value) -> Vec<String> {
    doc["checks"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

#[test]
fn exemplar_solutions_pass_their_specs_unchanged() {
    for exercise in ["coordinates", "delivery", "notify"] {
        let doc = graded(exercise, &format!("solutions/{exercise}.js"));
        assert_eq!(doc["status"], "pass", "{exercise}: {doc:#}");
        assert_eq!(doc["score"], doc["max_score"], "{exercise}");
    }
}

#[test]
fn describe_names_are_joined_each_rows_expand_and_skipped_tests_are_not_checks() {
    let doc = graded("coordinates", "solutions/coordinates.js");
    assert_eq!(
        names(&doc),
        [
            "translate2d moves a point by the offsets it was made with",
            "translate2d translate2d(0, 0) moves (5, 5)",
            "translate2d translate2d(-1, 4) moves (1, -4)",
            "translate2d each translation keeps its own offsets",
            "scale2d multiplies each coordinate by its factor",
            "composeTransform applies the first transform, then the second",
            "memoizeTransform gives the transform's answer",
            "memoizeTransform asked twice about the same point, calls the transform once",
            "memoizeTransform a new point is computed afresh",
        ]
    );
    // `xtest` and `test.skip` are counted by `grade check`, not graded.
    let output = grade_in(&fixture("specs")).arg("check").output().unwrap();
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("coordinates  9 checks (2 skipped in the spec)"), "{}", stdout(&output));
    assert!(stdout(&output).contains("notify  9 checks (1 skipped in the spec)"), "{}", stdout(&output));
}

#[test]
fn a_failing_expect_gives_the_spec_line_and_a_diff_not_a_stack_trace() {
    let doc = graded("coordinates", "wrong/coordinates-shared-offsets.js");
    assert_eq!(doc["status"], "fail");
    let failed = check(&doc, "translate2d each translation keeps its own offsets");
    assert_eq!(failed["status"], "fail");
    assert_eq!(
        failed["message"],
        "expect(up(0, 0)).toEqual([0, 1]): received [ -1, 0 ], expected [ 0, 1 ] (coordinates.spec.js:20:5)"
    );
    assert!(!failed.to_string().contains("at "), "no stack trace: {failed:#}");
    // beforeEach made a fresh mock for every test: the other memoize checks pass.
    assert_eq!(check(&doc, "memoizeTransform a new point is computed afresh")["status"], "pass");
}

#[test]
fn identity_matchers_and_mock_counts_teach_what_differs() {
    let doc = graded("coordinates", "wrong/coordinates-no-cache.js");
    let failed = check(&doc, "memoizeTransform asked twice about the same point, calls the transform once");
    let message = failed["message"].as_str().unwrap();
    assert!(message.starts_with("expect(second).toBe(first): received an object with the same contents"), "{message}");
    assert!(message.contains("use toEqual to compare contents"), "{message}");
    assert_eq!(doc["score"], 8);
}

#[test]
fn promises_resolve_reject_and_throw_with_classes_and_messages() {
    let doc = graded("delivery", "wrong/delivery-resolves-undefined.js");
    assert_eq!(
        check(&doc, "checkStock resolves to the number in stock")["message"],
        "expect(checkStock('tea')).resolves.toBe(3): received undefined, expected 3 (delivery.spec.js:6:12)"
    );
    // An async function rejects where the spec wants a throw at once.
    let message =
        check(&doc, "placeOrder refuses a quantity below one at once")["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("expected an error with the message \"quantity must be positive\", but it returned Promise"),
        "{message}"
    );
    // The known mistake (a plain Error for a missing item) is recognised by the class it lacks.
    let mistake = grade_in(&fixture("specs")).args(["check"]).output().unwrap();
    assert!(
        stdout(&mistake)
            .contains("delivery  10 checks · solution passes 10/10 · starter loads and fails · 1/1 mistakes caught"),
        "{}",
        stdout(&mistake)
    );
}

#[test]
fn callbacks_are_checked_with_jest_fn_and_a_done_that_never_comes_fails() {
    let output = grade_in(&fixture("specs")).args(["notify", "wrong/notify-args-as-array.js"]).output().unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert_snapshot!("spec_callback_failures", stable(&stdout(&output)));
    let doc = graded("notify", "wrong/notify-args-as-array.js");
    let never = check(&doc, "later calls back with an error for a negative delay");
    assert_eq!(never["status"], "fail");
    assert!(never["message"].as_str().unwrap().starts_with("the test never finished"), "{never:#}");
}

#[test]
fn a_spec_exercise_is_graded_through_the_pool_by_an_unprivileged_user() {
    let copy = Unprivileged::new(&fixture("specs"));
    for (file, status) in [("solutions/notify.js", "pass"), ("wrong/notify-args-as-array.js", "fail")] {
        let output = copy.grade().args(["notify", file, "--format", "json"]).output().unwrap();
        let doc = json_of(&output);
        assert_eq!(doc["status"], status, "{file}: {doc:#}\n{}", stderr(&output));
    }
    let output = copy.grade().args(["delivery", "solutions/delivery.js", "--format", "json"]).output().unwrap();
    assert_eq!(json_of(&output)["status"], "pass", "{}", stderr(&output));
}
