//! The author reference and the walkthrough are true: a course written only from
//! docs/exercise-format.md passes `grade check`, the ten-minute walk of docs/writing-a-course.md
//! (`grade new`, `grade new-exercise`, its TOML and JS as printed) ends green, and the README
//! sends authors to these docs.

use crate::harness::{code, run_in, stderr, stdout};
use crate::support::{Unprivileged, copy_tree, fixture, grade_in, repo};

fn doc(name: &str) -> String {
    std::fs::read_to_string(repo().join("docs").join(name)).expect("the doc exists")
}

/// The fenced blocks of `lang` in `markdown`, in order.
fn blocks(markdown: &str, lang: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, fence) if fence == format!("```{lang}") => current = Some(String::new()),
            (Some(block), "```") => {
                found.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    found
}

#[test]
fn a_course_written_from_the_reference_passes_grade_check() {
    let output = run_in("authoring/from-docs", &["check"]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).trim_end().ends_with("all good"), "{}", stdout(&output));
}

#[test]
fn the_ten_minute_walk_ends_green() {
    let walk = doc("writing-a-course.md");
    let dir = tempfile::tempdir().unwrap();
    let output = grade_in(dir.path()).args(["new", "closures-course"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).starts_with("Created the course \"closures-course\":"), "{}", stdout(&output));
    let course = dir.path().join("closures-course");
    let output = grade_in(&course).arg("check").output().unwrap();
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    assert!(walk.contains(stdout(&output).lines().next().unwrap()), "the walk shows what check prints");

    let output = grade_in(&course).args(["new-exercise", "counter"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let toml =
        blocks(&walk, "toml").into_iter().find(|b| b.contains("title = \"A counter")).expect("the walk's exercise");
    let js = blocks(&walk, "js").into_iter().next().expect("the walk's solution");
    std::fs::write(course.join("exercises/counter.toml"), toml).unwrap();
    std::fs::write(course.join("solutions/counter.js"), js).unwrap();
    let output = grade_in(&course).arg("check").output().unwrap();
    let out = stdout(&output);
    assert_eq!(code(&output), 0, "{out}{}", stderr(&output));
    for line in out.lines().filter(|l| l.starts_with('✓')) {
        assert!(walk.contains(line), "the walk shows `{line}`");
    }
}

#[test]
fn the_scaffolds_never_overwrite_and_refuse_bad_ids() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(code(&grade_in(dir.path()).args(["new", "c"]).output().unwrap()), 0);
    let again = grade_in(dir.path()).args(["new", "c"]).output().unwrap();
    assert_eq!(code(&again), 2);
    assert!(stderr(&again).contains("already holds a course"), "{}", stderr(&again));
    let course = dir.path().join("c");
    let twice = grade_in(&course).args(["new-exercise", "exercise-01"]).output().unwrap();
    assert_eq!(code(&twice), 2);
    assert!(stderr(&twice).contains("already exists; grade new never overwrites"), "{}", stderr(&twice));
    let bad = grade_in(&course).args(["new-exercise", "../escape"]).output().unwrap();
    assert_eq!(code(&bad), 2);
    assert!(stderr(&bad).contains("cannot be an exercise id"), "{}", stderr(&bad));
    assert!(!dir.path().join("escape.toml").exists());
}

#[test]
fn the_scaffold_passes_grade_check_as_an_unprivileged_user() {
    let staging = tempfile::tempdir().unwrap();
    let made = grade_in(staging.path()).args(["new", "course"]).output().unwrap();
    assert_eq!(code(&made), 0, "{}", stderr(&made));
    let copy = tempfile::tempdir().unwrap();
    copy_tree(&staging.path().join("course"), copy.path());
    copy_tree(&fixture("authoring/matchers/exercises"), &copy.path().join("exercises"));
    copy_tree(&fixture("authoring/matchers/solutions"), &copy.path().join("solutions"));
    let user = Unprivileged::new(copy.path());
    let output = user.grade().arg("check").output().unwrap();
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).contains("✓ circular-buffer"), "{}", stdout(&output));
}

#[test]
fn the_readme_sends_authors_to_the_docs() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("docs/exercise-format.md") && readme.contains("docs/writing-a-course.md"));
    assert!(!readme.contains("grader-spec.md"), "grader-spec.md is not in the repository");
}
