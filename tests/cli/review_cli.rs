//! Review findings on the command line: `--jobs` shared by every grading command, `grade list
//! --format json`, student folders `grade batch` cannot grade (named on stderr, never dropped
//! silently), and `grade all` on odd files after it stopped reading each file twice.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;
use tempfile::TempDir;

use crate::harness::{code, stderr, stdout};
use crate::support::{grade_in, repo};

/// A fresh copy of the bundled course (grader.toml and exercises/), nothing submitted.
fn course() -> TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(repo().join("grader.toml"), dir.path().join("grader.toml")).unwrap();
    let exercises = dir.path().join("exercises");
    std::fs::create_dir(&exercises).unwrap();
    for entry in std::fs::read_dir(repo().join("exercises")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), exercises.join(entry.file_name())).unwrap();
    }
    dir
}

/// Copies the reference solution of `id` into `dir` as `<id>.js`.
fn submit_solution(dir: &Path, id: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(repo().join("solutions").join(format!("{id}.js")), dir.join(format!("{id}.js"))).unwrap();
}

fn submissions(course: &TempDir) -> PathBuf {
    let dir = course.path().join("submissions");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A submission for exercise-03 that loads but returns nothing useful (1 of 6 points).
const WRONG_03: &str = "function outer() {\n  return function () {};\n}\n";

fn run(course: &TempDir, args: &[&str]) -> Output {
    grade_in(course.path()).args(args).output().expect("grade runs")
}

fn expect_code(output: &Output, expected: i32, args: &[&str]) {
    assert_eq!(code(output), expected, "grade {args:?}:\n{}{}", stdout(output), stderr(output));
}

// ---------------------------------------------------------------------------------------- --jobs

#[test]
fn grading_one_submission_accepts_jobs() {
    let course = course();
    submit_solution(&submissions(&course), "exercise-01");
    let plain = run(&course, &["exercise-01"]);
    expect_code(&plain, 0, &["exercise-01"]);
    for args in [
        &["exercise-01", "--jobs", "3"][..],
        &["exercise-01", "-j", "1"],
        &["--jobs", "2", "exercise-01"],
        &["exercise-01", "--jobs", "4", "--no-isolation"],
    ] {
        let output = run(&course, args);
        expect_code(&output, 0, args);
        assert!(stdout(&output).contains("exercise-01"), "grade {args:?}:\n{}", stdout(&output));
    }
}

#[test]
fn all_and_list_accept_jobs_and_give_the_same_report() {
    let course = course();
    let dir = submissions(&course);
    submit_solution(&dir, "exercise-01");
    std::fs::write(dir.join("exercise-03.js"), WRONG_03).unwrap();
    for command in ["all", "list"] {
        let expected = stdout(&run(&course, &[command]));
        for jobs in [&["--jobs", "1"][..], &["-j", "3"], &["--jobs", "0"]] {
            let args: Vec<&str> = std::iter::once(command).chain(jobs.iter().copied()).collect();
            let output = run(&course, &args);
            assert!(matches!(code(&output), 0 | 1), "grade {args:?}:\n{}", stderr(&output));
            assert_eq!(stdout(&output), expected, "grade {args:?}");
        }
        // Global: also before the command.
        let output = run(&course, &["-j", "2", command]);
        assert_eq!(stdout(&output), expected, "grade -j 2 {command}:\n{}", stderr(&output));
    }
}

#[test]
fn jobs_must_be_a_number() {
    let course = course();
    for args in [&["all", "--jobs", "many"][..], &["list", "-j", "1.5"], &["exercise-01", "--jobs", "x"]] {
        let output = run(&course, args);
        expect_code(&output, 2, args);
        assert!(stderr(&output).contains("--jobs"), "grade {args:?}:\n{}", stderr(&output));
    }
}

#[test]
fn batch_takes_jobs_before_or_after_the_command() {
    let course = course();
    submit_solution(&course.path().join("class/ada"), "exercise-01");
    for args in [&["batch", "class", "--jobs", "1"][..], &["-j", "2", "batch", "class"], &["batch", "-j", "1", "class"]]
    {
        let args: Vec<&str> = args.iter().copied().chain(["--format", "json"]).collect();
        let output = run(&course, &args);
        expect_code(&output, 0, &args);
        let records: Vec<Value> = stdout(&output)
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .filter(|v: &Value| v.get("summary").is_none())
            .collect();
        assert_eq!(records.len(), 1, "grade {args:?}:\n{}", stdout(&output));
        assert_eq!(records[0]["status"], "pass");
    }
}

// ------------------------------------------------------------------------------ list --format

#[test]
fn list_json() {
    let course = course();
    let dir = submissions(&course);
    submit_solution(&dir, "exercise-01");
    submit_solution(&dir, "exercise-02");
    std::fs::write(dir.join("exercise-03.js"), WRONG_03).unwrap();
    let output = run(&course, &["list", "--format", "json"]);
    expect_code(&output, 0, &["list", "--format", "json"]);
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", stdout(&output)));
    assert_eq!(doc["version"], 1);
    assert!(doc["course"].as_str().is_some_and(|t| !t.is_empty()), "{doc:#}");
    let exercises = doc["exercises"].as_array().unwrap();
    assert_eq!(exercises.len(), 23);
    let first = &exercises[0];
    assert_eq!(first["id"], "exercise-01");
    assert_eq!(first["title"], "Functions that return functions");
    assert_eq!(first["tags"], serde_json::json!(["returning-functions", "closure", "higher-order-functions"]));
    assert_eq!((&first["status"], &first["score"], &first["max_score"]), (&"passing".into(), &7.into(), &7.into()));
    let third = &exercises[2];
    assert_eq!((&third["status"], &third["score"], &third["max_score"]), (&"failing".into(), &1.into(), &7.into()));
    assert!(exercises[3..].iter().all(|e| e["status"] == "not-started" && e["score"] == 0), "{doc:#}");
    let max: u64 = exercises.iter().map(|e| e["max_score"].as_u64().unwrap()).sum();
    assert_eq!((&doc["score"], max), (&16.into(), 156));
    assert_eq!(doc["max_score"], 156);
    assert_eq!(doc["xp"]["total"], 150, "10 XP per point of each passing exercise: {doc:#}");
    assert_eq!(doc["xp"]["by_tag"]["nested-scope"], 80);
    assert_eq!(doc["xp"]["by_tag"]["closure"], 150);

    let skills = doc["skills"].as_array().unwrap();
    assert_eq!(skills.len(), 45, "a node per tag: {doc:#}");
    let mastered: Vec<&str> =
        skills.iter().filter(|s| s["state"] == "mastered").map(|s| s["tag"].as_str().unwrap()).collect();
    assert_eq!(mastered, ["returning-functions", "nested-scope"]);
    assert_eq!(doc["mastered"], 2);
    let once = skills.iter().find(|s| s["tag"] == "once").unwrap();
    assert_eq!(once["requires"], serde_json::json!(["retained-memory", "multiple-instances", "this-forwarding"]));
    assert_eq!((&once["state"], &once["unlocked"]), (&"locked".into(), &false.into()));
    let unlocked = skills.iter().filter(|s| s["unlocked"] == true).count();
    assert_eq!(doc["unlocked"], unlocked, "unlocked counts mastered nodes too");
    let iterator = skills.iter().find(|s| s["tag"] == "iterator").unwrap();
    assert_eq!(iterator["exercises"], serde_json::json!(["exercise-10"]));
    assert_eq!(doc["next"], "exercise-03");
}

#[test]
fn list_json_to_a_file() {
    let course = course();
    let output = run(&course, &["list", "--format", "json", "--output", "list.json"]);
    expect_code(&output, 0, &["list"]);
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(course.path().join("list.json")).unwrap()).unwrap();
    assert_eq!(doc["score"], 0);
    assert_eq!(doc["next"], "exercise-01");
}

#[test]
fn list_refuses_the_formats_it_has_no_form_for() {
    let course = course();
    for format in ["junit", "gradescope", "classroom"] {
        let output = run(&course, &["list", "--format", format]);
        expect_code(&output, 2, &["list", "--format", format]);
        assert!(stdout(&output).is_empty(), "{}", stdout(&output));
        let err = stderr(&output);
        assert!(err.contains("grade list") && err.contains(format) && err.contains("json"), "{err}");
    }
}

// --------------------------------------------------------------------------- batch: skipped folders

/// Records of a batch's JSON Lines output, as (student, exercise).
#[cfg(unix)]
fn pairs(out: &str) -> Vec<(String, String)> {
    out.lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .filter(|v| v.get("summary").is_none())
        .map(|v| (v["student"].as_str().unwrap().to_string(), v["exercise"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
#[cfg(unix)]
fn a_symlinked_student_folder_is_refused_with_a_warning() {
    let course = course();
    let class = course.path().join("class");
    submit_solution(&class.join("ada"), "exercise-01");
    // Someone else's work, reachable under another name: not graded as `zed`.
    std::os::unix::fs::symlink(class.join("ada"), class.join("zed")).unwrap();
    let args = ["batch", "class", "--format", "json"];
    let output = run(&course, &args);
    expect_code(&output, 0, &args);
    assert_eq!(pairs(&stdout(&output)), [("ada".to_string(), "exercise-01".to_string())]);
    let err = stderr(&output);
    let warning = err.lines().find(|l| l.contains("zed")).unwrap_or_else(|| panic!("no warning about zed:\n{err}"));
    assert!(warning.starts_with("warning:") && warning.contains("symbolic link"), "{warning}");
}

#[test]
#[cfg(unix)]
fn a_student_folder_whose_name_is_not_utf8_is_named_in_a_warning() {
    use std::os::unix::ffi::OsStrExt;
    let course = course();
    let class = course.path().join("class");
    submit_solution(&class.join("ada"), "exercise-01");
    let odd = class.join(std::ffi::OsStr::from_bytes(b"b\xe9a"));
    if std::fs::create_dir(&odd).is_err() {
        return; // A file system that only takes UTF-8 names cannot have such a folder.
    }
    submit_solution(&odd, "exercise-01");
    let args = ["batch", "class", "--format", "json"];
    let output = run(&course, &args);
    expect_code(&output, 0, &args);
    assert_eq!(pairs(&stdout(&output)), [("ada".to_string(), "exercise-01".to_string())]);
    let err = stderr(&output);
    let warning =
        err.lines().find(|l| l.contains("b\u{fffd}a")).unwrap_or_else(|| panic!("no warning about the folder:\n{err}"));
    assert!(warning.starts_with("warning:") && warning.contains("UTF-8"), "{warning}");
}

#[test]
fn hidden_folders_in_the_class_folder_are_passed_over_and_files_are_named() {
    let course = course();
    let class = course.path().join("class");
    submit_solution(&class.join("ada"), "exercise-01");
    std::fs::write(class.join("roster.txt"), "ada\n").unwrap();
    submit_solution(&class.join(".git"), "exercise-01");
    let output = run(&course, &["batch", "class", "--format", "json"]);
    expect_code(&output, 0, &["batch"]);
    // Nothing is dropped without a word: a file at the top is no student, and is named as such.
    let err = stderr(&output);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning")).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("warning: roster.txt: a file at the top of the class folder"), "{warnings:?}");
}

// ------------------------------------------------------------------------------- all: odd files

#[test]
#[cfg(unix)]
fn all_reports_odd_files_once_and_skips_what_is_missing() {
    let course = course();
    let dir = submissions(&course);
    submit_solution(&dir, "exercise-01");
    std::fs::create_dir(dir.join("exercise-02.js")).unwrap();
    std::fs::write(dir.join("exercise-03.js"), vec![b'/'; 2 << 20]).unwrap();
    std::fs::write(dir.join("exercise-04.js"), b"let a = '\xff';").unwrap();
    std::os::unix::fs::symlink("nowhere.js", dir.join("exercise-05.js")).unwrap();
    let fifo = dir.join("exercise-06.js");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success());
    for isolation in [&[][..], &["--no-isolation"]] {
        let args: Vec<&str> = ["all", "--format", "json"].into_iter().chain(isolation.iter().copied()).collect();
        let output = run(&course, &args);
        expect_code(&output, 1, &args);
        let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
        let results = doc["results"].as_array().unwrap();
        // exercise-0{i + 1}, wherever the course order puts it.
        let result = |i: usize| results.iter().find(|r| r["exercise"] == format!("exercise-0{}", i + 1)).unwrap();
        let status = |i: usize| result(i)["status"].as_str().unwrap().to_string();
        let message = |i: usize| result(i)["message"].as_str().unwrap_or_default().to_string();
        assert_eq!(status(0), "pass");
        assert_eq!(status(1), "error");
        assert!(message(1).contains("a folder"), "{}", message(1));
        assert_eq!(status(2), "error");
        assert!(message(2).contains("bytes"), "{}", message(2));
        assert_eq!(status(3), "error");
        assert!(message(3).contains("UTF-8"), "{}", message(3));
        assert_eq!(
            (status(4).as_str(), &result(4)["missing"]),
            ("error", &Value::Bool(true)),
            "a dangling link is no submission"
        );
        if made {
            assert_eq!(status(5), "error");
            assert!(message(5).contains("special file"), "{}", message(5));
        }
        let rest = results.iter().filter(|r| !(1..=6).any(|i| r["exercise"] == format!("exercise-0{i}")));
        assert!(rest.clone().count() == results.len() - 6, "{doc:#}");
        assert!(rest.into_iter().all(|r| r["status"] == "error" && r["missing"] == true), "{doc:#}");
    }
}
