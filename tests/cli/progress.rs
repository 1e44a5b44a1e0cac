//! Progress through the bundled course: a pass of the learner's own file earns XP and says which
//! nodes of the skill matrix it unlocked, recorded in `.grade/progress.toml`; the course order
//! never asks for a node before the exercises that master it.

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use crate::harness::{code, stdout};
use crate::support::{grade_in, repo};

/// A copy of the bundled course (grader.toml, exercises/) with an empty submissions folder.
fn course() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("grader.toml"), dir.path().join("grader.toml")).unwrap();
    std::fs::create_dir_all(dir.path().join("exercises")).unwrap();
    std::fs::create_dir_all(dir.path().join("submissions")).unwrap();
    for entry in std::fs::read_dir(repo().join("exercises")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join("exercises").join(entry.file_name())).unwrap();
    }
    dir
}

fn submit(course: &Path, id: &str) {
    std::fs::copy(repo().join(format!("solutions/{id}.js")), course.join(format!("submissions/{id}.js"))).unwrap();
}

/// `grade <id>` on the learner's own file, which must pass; its stdout.
fn pass(course: &Path, id: &str) -> String {
    submit(course, id);
    let output = grade_in(course).arg(id).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stdout(&output));
    stdout(&output)
}

#[test]
fn a_pass_earns_xp_and_names_what_it_unlocked() {
    let course = course();
    let out = pass(course.path(), "exercise-01");
    assert!(out.ends_with("\n+70 XP · Total XP: 70 · returning-functions XP: 70\nunlocked: closure\nunlocked: nested-scope\nunlocked: this-forwarding\n"), "{out}");
    for id in ["exercise-02", "exercise-03", "forward-this"] {
        pass(course.path(), id);
    }
    let out = pass(course.path(), "exercise-04");
    assert!(out.contains("\n+80 XP · Total XP: 350 · multiple-instances XP: 80\n"), "{out}");
    // `once` needs retained-memory, multiple-instances and this-forwarding: this pass completes them.
    let unlocked: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("unlocked: ")).collect();
    assert_eq!(unlocked, ["scope-names", "function-factory", "private-state", "once", "partial-application"], "{out}");

    let record = std::fs::read_to_string(course.path().join(".grade/progress.toml")).unwrap();
    assert!(
        record.contains(r#"passed = ["exercise-01", "exercise-02", "exercise-03", "exercise-04", "forward-this"]"#),
        "{record}"
    );
    // Passing again earns nothing new and unlocks nothing.
    let out = pass(course.path(), "exercise-04");
    assert!(out.ends_with("\n+0 XP · Total XP: 350 · multiple-instances XP: 80\n"), "{out}");

    let list = grade_in(course.path()).args(["list", "--format", "json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&list.stdout).unwrap();
    assert_eq!(doc["xp"]["total"], 350, "{doc:#}");
    let once = doc["skills"].as_array().unwrap().iter().find(|s| s["tag"] == "once").unwrap();
    assert_eq!(once["state"], "unlocked", "{once:#}");
}

#[test]
fn only_the_learners_own_passing_file_in_the_human_report_is_progress() {
    let course = course();
    let solution = repo().join("solutions/exercise-01.js");
    let named = grade_in(course.path()).arg("exercise-01").arg(&solution).output().unwrap();
    assert_eq!(code(&named), 0);
    assert!(!stdout(&named).contains("XP"), "a file named on the command line is not the learner's own");
    submit(course.path(), "exercise-01");
    let json = grade_in(course.path()).args(["exercise-01", "--format", "json"]).output().unwrap();
    assert!(serde_json::from_slice::<Value>(&json.stdout).is_ok(), "the JSON stays one document");
    std::fs::write(course.path().join("submissions/exercise-02.js"), "function countCalls() { return 0; }\n").unwrap();
    let failing = grade_in(course.path()).arg("exercise-02").output().unwrap();
    assert_eq!(code(&failing), 1);
    assert!(!stdout(&failing).contains("XP"), "{}", stdout(&failing));
    assert!(!course.path().join(".grade/progress.toml").exists(), "nothing recorded");
}

#[test]
fn the_course_order_never_asks_for_a_node_before_its_exercises() {
    let course = course();
    let output = grade_in(course.path()).args(["list", "--format", "json"]).output().unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = doc["exercises"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap()).collect();
    let skills = doc["skills"].as_array().unwrap();
    let node = |tag: &str| skills.iter().find(|s| s["tag"] == tag).unwrap_or_else(|| panic!("no node {tag}"));
    for (position, exercise) in doc["exercises"].as_array().unwrap().iter().enumerate() {
        let topic = exercise["tags"][0].as_str().unwrap();
        for needed in node(topic)["requires"].as_array().unwrap() {
            for carrier in node(needed.as_str().unwrap())["exercises"].as_array().unwrap() {
                let at = ids.iter().position(|id| *id == carrier.as_str().unwrap()).unwrap();
                assert!(
                    at < position,
                    "{} (topic {topic}) needs {needed}, which {carrier} (later) carries",
                    ids[position]
                );
            }
        }
    }
}
