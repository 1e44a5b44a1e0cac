//! Isolation: every check loads the submission into a fresh realm, and check code runs in a
//! frozen realm of its own, so nothing one check or one submission does is visible to the next,
//! though one runtime grades them all. Fixture: `tests/fixtures/isolation`, whose checks are built
//! to fail if any state were shared: a load counter, a call counter, a `const` declared by two
//! setups, prototypes patched by the submission, check code that tries to patch its own realm, a
//! timer left pending, and two known mistakes where the second passes every check if the first
//! one's `Array.prototype.sum` survives.

use crate::harness::{code, json, run_in, stderr, stdout};

fn assert_all_pass(file: &str) {
    let output = run_in("isolation", &["total", file, "--format", "json"]);
    let doc = json(&output);
    let failing: Vec<String> = doc["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["status"] != "pass")
        .map(|c| format!("{}: {}", c["name"], c["message"]))
        .collect();
    assert!(failing.is_empty(), "{file}: state leaked between checks:\n{}", failing.join("\n"));
    assert_eq!(doc["status"], "pass");
    assert_eq!(code(&output), 0);
}

#[test]
fn a_polluting_submission_is_loaded_fresh_for_every_check() {
    assert_all_pass("submissions/polluter.js");
}

#[test]
fn a_clean_submission_sees_nothing_of_a_polluter() {
    assert_all_pass("submissions/clean.js");
}

#[test]
fn one_process_grades_submission_after_submission_without_leaks() {
    // `grade check` grades the solution, the starter and both mistakes in one process. The first
    // mistake adds Array.prototype.sum, Object.prototype.x and a load counter; the second calls
    // `numbers.sum()` without defining it. Were any context reused, the second mistake would pass
    // every check (and `check` would complain that nothing catches it).
    let output = run_in("isolation", &["check"]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("solution passes 7/7"), "{}", stdout(&output));
    assert!(stdout(&output).contains("2/2 mistakes caught"), "{}", stdout(&output));
}

#[test]
fn the_second_mistake_fails_on_its_own() {
    let course = crate::harness::copy_of("isolation");
    let path = course.path().join("relies-on-sum.js");
    std::fs::write(
        &path,
        "function total(numbers) {\n  return numbers.sum();\n}\nfunction probe() {\n  return { loads: 1, calls: 0, \
         y: typeof Object.prototype.y, leaked: typeof [].leaked, max: Math.max(1, 3), fired: 0 };\n}\n",
    )
    .unwrap();
    let output = crate::support::grade_in(course.path())
        .args(["total", "relies-on-sum.js", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let doc = json(&output);
    assert_eq!(doc["mistake"]["name"], "relies on an Array.prototype.sum that JavaScript does not have");
    let message = doc["checks"][0]["message"].as_str().unwrap();
    assert!(message.contains("TypeError"), "{message}");
}
