//! A submission graded by a spec cannot reach or patch `expect`: the spec's runtime lives in the
//! checker realm, and every matcher is compared on the host from copies, so fake globals, patched
//! prototypes, Proxies, getters and walks from a handed-in mock change no verdict.

use crate::support::{fixture, grade_in};

fn graded(exercise: &str, file: &str) -> serde_json::Value {
    let output = grade_in(&fixture("specs")).args([exercise, file, "--format", "json"]).output().unwrap();
    serde_json::from_slice(&output.stdout).expect("JSON on stdout")
}

fn status<'d>(doc: &'d serde_json::Value, name: &str) -> &'d str {
    doc["checks"].as_array().unwrap().iter().find(|c| c["name"] == name).and_then(|c| c["status"].as_str()).unwrap()
}

#[test]
fn fake_jest_globals_proxies_getters_and_realm_walks_do_not_pass() {
    let doc = graded("coordinates", "hostile/coordinates-fakes.js");
    assert_eq!(doc["status"], "fail");
    for name in [
        "translate2d moves a point by the offsets it was made with",
        "translate2d each translation keeps its own offsets",
        "scale2d multiplies each coordinate by its factor",
        "composeTransform applies the first transform, then the second",
        "memoizeTransform asked twice about the same point, calls the transform once",
    ] {
        assert_eq!(status(&doc, name), "fail", "{name}: {doc:#}");
    }
    // What it does compute right still passes: the attempts broke nothing of the checker's.
    assert_eq!(status(&doc, "memoizeTransform gives the transform's answer"), "pass");
    assert_eq!(doc["score"], 2, "{doc:#}");
}

#[test]
fn an_error_that_only_pretends_to_be_of_a_class_does_not_pass() {
    let doc = graded("delivery", "hostile/delivery-proxy-error.js");
    for name in [
        "checkStock rejects with an OutOfStockError for an item it lacks",
        "checkStock says which item is missing",
        "placeOrder refuses a quantity below one at once",
        "placeOrder rejects when the item is out of stock",
    ] {
        assert_eq!(status(&doc, name), "fail", "{name}: {doc:#}");
    }
}

#[test]
fn a_submission_class_that_renames_itself_is_matched_by_identity_not_by_name() {
    for file in ["hostile/delivery-renamed-class.js", "hostile/delivery-object-named-class.js"] {
        let doc = graded("delivery", file);
        for name in [
            "checkStock rejects with an OutOfStockError for an item it lacks",
            "placeOrder rejects when the item is out of stock",
        ] {
            assert_eq!(status(&doc, name), "fail", "{file}: {name}: {doc:#}");
        }
    }
}

#[test]
fn a_fake_promise_class_is_no_promise() {
    let doc = graded("delivery", "hostile/delivery-fake-promise.js");
    let later = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"].as_str().is_some_and(|n| n.contains("answers later")))
        .expect("the check that wants a real promise");
    assert_eq!(later["status"], "fail", "{doc:#}");
}
