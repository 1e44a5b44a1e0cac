//! The known mistakes' signatures are graded once and kept in the course's cache: a second
//! failing run reads them, a broken or stale entry is ignored and written again, and a cache that
//! cannot be written never fails a run. `GRADE_DEBUG` makes each use of the cache a note on stderr.

use std::path::{Path, PathBuf};

use crate::harness::{code, stderr, stdout};
use crate::support::{Unprivileged, copy_tree, grade_in, repo};

/// The mistake "counter declared inside the inner function" of exercise-03, as a learner writes it.
const COUNTER_INSIDE: &str =
    "function outer() {\n  return function () {\n    let counter = 0;\n    counter++;\n    return counter;\n  };\n}\n";
const RECOGNISED: &str = "This looks like a known mistake: counter declared inside the inner function";

/// A copy of the bundled course with the learner's failing file as `mine/exercise-03.js`.
fn course() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(repo().join("grader.toml"), dir.path().join("grader.toml")).expect("grader.toml is copied");
    copy_tree(&repo().join("exercises"), &dir.path().join("exercises"));
    copy_tree(&repo().join("solutions"), &dir.path().join("solutions"));
    std::fs::create_dir(dir.path().join("mine")).expect("a folder for the learner");
    std::fs::write(dir.path().join("mine/exercise-03.js"), COUNTER_INSIDE).expect("the file is written");
    dir
}

fn entry(course: &Path) -> PathBuf {
    course.join(".grade/cache/mistakes/exercise-03.json")
}

/// `grade exercise-03 mine/exercise-03.js` with cache notes on: (stdout, stderr), after checking
/// that it failed and recognised the mistake.
fn grade_failing(course: &Path, extra: &[&str]) -> (String, String) {
    let output = grade_in(course)
        .args(["exercise-03", "mine/exercise-03.js"])
        .args(extra)
        .env("GRADE_DEBUG", "1")
        .env_remove("GRADE_CACHE_DIR")
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}\n{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains(RECOGNISED), "{}", stdout(&output));
    (stdout(&output), stderr(&output))
}

#[test]
fn a_second_failing_run_reads_the_signatures_the_first_kept() {
    let dir = course();
    let (first, notes) = grade_failing(dir.path(), &[]);
    assert!(notes.contains("known mistakes of exercise-03: graded, signatures kept in"), "{notes}");
    let kept: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(entry(dir.path())).unwrap()).unwrap();
    let mistakes =
        grade::exercise::Exercise::load(&dir.path().join("exercises/exercise-03.toml")).unwrap().mistakes.len();
    assert_eq!(kept["signatures"].as_array().map(Vec::len), Some(mistakes), "one set per mistake: {kept}");
    let ignore = std::fs::read_to_string(dir.path().join(".grade/.gitignore")).expect("the cache is ignored");
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");

    for extra in [&[][..], &["--no-isolation"][..]] {
        let (again, notes) = grade_failing(dir.path(), extra);
        assert!(notes.contains("known mistakes of exercise-03: signatures read from"), "{notes}");
        assert!(!notes.contains("graded, signatures kept"), "{notes}");
        assert_eq!(crate::support::without_timings(&again), crate::support::without_timings(&first));
    }
    // `grade all` shares the cache.
    let output = grade_in(dir.path()).args(["all", "mine"]).env("GRADE_DEBUG", "1").output().unwrap();
    assert!(stderr(&output).contains("signatures read from"), "{}", stderr(&output));
    assert!(stdout(&output).contains("exercise-03"), "{}", stdout(&output));
}

#[test]
fn a_passing_run_grades_no_mistake_and_writes_nothing() {
    let dir = course();
    let output = grade_in(dir.path())
        .args(["exercise-03", "solutions/exercise-03.js"])
        .env("GRADE_DEBUG", "1")
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!stderr(&output).contains("known mistakes"), "{}", stderr(&output));
    assert!(!dir.path().join(".grade").exists());
}

#[test]
fn a_broken_or_stale_entry_is_ignored_and_written_again() {
    let dir = course();
    grade_failing(dir.path(), &[]);
    let good = std::fs::read_to_string(entry(dir.path())).unwrap();

    // Not JSON at all (a run killed while writing, a disk error).
    std::fs::write(entry(dir.path()), "{\"key\": \"0123").unwrap();
    let (_, notes) = grade_failing(dir.path(), &[]);
    assert!(notes.contains("not used (it does not read"), "{notes}");
    assert!(notes.contains("graded, signatures kept in"), "{notes}");
    assert_eq!(std::fs::read_to_string(entry(dir.path())).unwrap(), good);

    // The right key, but sets that cannot be this exercise's: grading checks what it is handed.
    let mut forged: serde_json::Value = serde_json::from_str(&good).unwrap();
    forged["signatures"] = serde_json::json!([["no such check"], [], []]);
    std::fs::write(entry(dir.path()), forged.to_string()).unwrap();
    let (_, notes) = grade_failing(dir.path(), &[]);
    assert!(notes.contains("graded, signatures kept in"), "{notes}");
    assert_eq!(std::fs::read_to_string(entry(dir.path())).unwrap(), good);

    // The exercise changed since (a mistake's code): the entry is stale.
    let toml = dir.path().join("exercises/exercise-03.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, text.replacen("counter++;", "counter += 1;", 1)).unwrap();
    let (_, notes) = grade_failing(dir.path(), &[]);
    assert!(notes.contains("not used (it was made from another version of the exercise"), "{notes}");
    assert!(notes.contains("graded, signatures kept in"), "{notes}");
    let (_, notes) = grade_failing(dir.path(), &[]);
    assert!(notes.contains("signatures read from"), "{notes}");
}

#[test]
fn a_cache_that_cannot_be_written_still_grades() {
    let dir = course();
    // A folder under a file cannot be made, not even by root.
    let blocked = dir.path().join("grader.toml").join("cache");
    let output = grade_in(dir.path())
        .args(["exercise-03", "mine/exercise-03.js"])
        .env("GRADE_DEBUG", "1")
        .env("GRADE_CACHE_DIR", &blocked)
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(stdout(&output).contains(RECOGNISED), "{}", stdout(&output));
    assert!(stderr(&output).contains("could not be written"), "{}", stderr(&output));
    // Without the debug note nothing is said of it.
    let output = grade_in(dir.path())
        .args(["exercise-03", "mine/exercise-03.js"])
        .env("GRADE_CACHE_DIR", &blocked)
        .output()
        .unwrap();
    assert_eq!((code(&output), stderr(&output)), (1, String::new()));
}

#[test]
fn a_learner_who_cannot_write_the_course_folder_still_grades() {
    let staging = course();
    let copy = Unprivileged::new(staging.path());
    let output = copy.grade().args(["exercise-03", "mine/exercise-03.js"]).output().unwrap();
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    assert!(stdout(&output).contains(RECOGNISED), "{}", stdout(&output));
    assert_eq!(stderr(&output), "");
    if crate::support::running_as_root() {
        assert!(!copy.course().join(".grade").exists(), "nobody cannot write the course folder");
    }
}

#[test]
fn grade_check_grades_the_mistakes_afresh_and_keeps_them() {
    let dir = course();
    std::fs::create_dir_all(entry(dir.path()).parent().unwrap()).unwrap();
    std::fs::write(entry(dir.path()), "stale").unwrap();
    let output = grade_in(dir.path()).arg("check").env("GRADE_DEBUG", "1").output().unwrap();
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).contains("known mistakes of exercise-03: graded afresh"), "{}", stderr(&output));
    assert!(!stderr(&output).contains("signatures read from"), "{}", stderr(&output));
    let (_, notes) = grade_failing(dir.path(), &[]);
    assert!(notes.contains("signatures read from"), "{notes}");
}
