//! `grade check` (spec §5): every exercise loads, every solution passes, every mistake is caught.

use insta::assert_snapshot;

use crate::harness::{code, run_in, stable, stderr, stdout};
use crate::support::{grade_in, repo};

#[test]
fn the_bundled_course_is_sound() {
    let output = grade_in(&repo()).arg("check").output().unwrap();
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("23 exercises"), "{out}");
    assert!(out.trim_end().ends_with("all good"), "{out}");
    assert!(!out.contains('✗'), "{out}");
}

#[test]
fn the_fixture_courses_are_sound() {
    for course in ["counter", "isolation"] {
        let output = run_in(course, &["check"]);
        assert_eq!(code(&output), 0, "{course}:\n{}{}", stdout(&output), stderr(&output));
    }
}

#[test]
fn a_broken_solution_and_an_uncaught_mistake_are_reported() {
    let output = run_in("authoring", &["check"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let out = stable(&stdout(&output));
    assert!(out.contains("✓ adder"), "{out}");
    assert!(out.contains("✗ once"), "{out}");
    assert!(out.contains("solutions/once.js does not pass: \"returns the first result again\""), "{out}");
    assert!(out.contains("mistake \"forgets to call fn again\" passes every check"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn exercises_that_do_not_load_are_reported_one_by_one() {
    let output = run_in("broken", &["check"]);
    assert_eq!(code(&output), 2, "a TOML that does not load stops the course: {}", stderr(&output));
    let out = stable(&stdout(&output));
    assert!(out.contains("6 exercises need work"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn course_option_before_the_subcommand() {
    // `-C DIR` is a global option: it may come before `check` as well as after it.
    let output = grade_in(&repo()).args(["-C", "tests/fixtures/authoring", "check"]).output().unwrap();
    assert_eq!(code(&output), 1, "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("✗ once"), "{}{}", stdout(&output), stderr(&output));
}
