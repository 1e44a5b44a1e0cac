//! The learner commands of issue 4 — `list`, `show`, `start`, `all` and `watch` — through the real
//! binary, each test on its own copy of the bundled course (grader.toml and exercises/) in a
//! temporary folder, so nothing is ever written in the repository.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use insta::assert_snapshot;
use serde_json::Value;
use tempfile::TempDir;

use crate::harness::{code, stderr, stdout};
use crate::support::{grade_in, repo};

/// Every exercise id of the bundled course, in course order (`[course] order` in grader.toml).
const IDS: [&str; 23] = [
    "exercise-01",
    "exercise-02",
    "exercise-03",
    "define-vs-run",
    "exercise-04",
    "scope-names",
    "live-variables",
    "exercise-05",
    "exercise-06",
    "exercise-07",
    "secret-holder",
    "after",
    "make-history",
    "forward-this",
    "exercise-08",
    "exercise-09",
    "memoize-limit",
    "delay",
    "exercise-10",
    "exercise-11",
    "exercise-12",
    "exercise-13",
    "exercise-14",
];

/// A fresh copy of the bundled course: grader.toml and exercises/ (with the glossary), no
/// solutions and no submissions.
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

/// The course's submissions folder (created).
fn submissions(course: &TempDir) -> PathBuf {
    let dir = course.path().join("submissions");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Copies the reference solution of `id` into `dir` as `<id>.js`.
fn submit_solution(dir: &Path, id: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(repo().join("solutions").join(format!("{id}.js")), dir.join(format!("{id}.js"))).unwrap();
}

/// A submission for exercise-03 that loads but returns nothing useful.
const WRONG_03: &str = "function outer() {\n  return function () {};\n}\n";

/// A submission for exercise-01 whose functions triple instead of doubling.
const WRONG_01: &str = "function createFunction() {\n  return (n) => n * 3;\n}\n\n\
function createPrinter(text) {\n  return () => console.log(text);\n}\n";

/// Runs `grade ARGS` in the course folder.
fn run(course: &TempDir, args: &[&str]) -> Output {
    grade_in(course.path()).args(args).output().expect("grade runs")
}

/// Runs `grade ARGS` and expects exit 0, no stderr and no colors; returns stdout.
fn ok(course: &TempDir, args: &[&str]) -> String {
    let output = run(course, args);
    assert_eq!(code(&output), 0, "grade {args:?}:\n{}{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).is_empty(), "grade {args:?} wrote to stderr:\n{}", stderr(&output));
    let out = stdout(&output);
    assert!(!out.contains('\u{1b}'), "colors with NO_COLOR set:\n{out}");
    out
}

/// Runs `grade ARGS`, expects exit 2 with nothing on stdout; returns the message on stderr.
fn cannot_run(course: &TempDir, args: &[&str]) -> String {
    let output = run(course, args);
    assert_eq!(code(&output), 2, "grade {args:?}:\n{}{}", stdout(&output), stderr(&output));
    assert!(stdout(&output).is_empty(), "grade {args:?} wrote to stdout:\n{}", stdout(&output));
    stderr(&output)
}

/// The line of `grade list` (or `grade all`) about exercise `id`.
fn line_of<'a>(out: &'a str, id: &str) -> &'a str {
    out.lines().find(|l| l.split_whitespace().any(|w| w == id)).unwrap_or_else(|| panic!("no line for {id}:\n{out}"))
}

/// The skill-matrix lines of `grade list`: (state, tag).
fn skills(out: &str) -> Vec<(String, String)> {
    out.lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let (state, rest) = ["■ mastered", "□ unlocked", "· locked"]
                .iter()
                .find_map(|mark| Some((mark.split(' ').nth(1)?.to_string(), l.strip_prefix(mark)?)))?;
            Some((state, rest.split_whitespace().next()?.to_string()))
        })
        .collect()
}

/// The tags `grade list` shows as mastered.
fn mastered(out: &str) -> Vec<String> {
    skills(out).into_iter().filter(|(s, _)| s == "mastered").map(|(_, t)| t).collect()
}

/// The state `grade list` shows for a tag.
fn state_of(out: &str, tag: &str) -> String {
    skills(out).into_iter().find(|(_, t)| t == tag).unwrap_or_else(|| panic!("no node {tag}:\n{out}")).0
}

/// An exercise TOML of the bundled course, parsed.
fn exercise_toml(id: &str) -> toml::Table {
    let text = std::fs::read_to_string(repo().join("exercises").join(format!("{id}.toml"))).unwrap();
    toml::from_str(&text).unwrap()
}

// ---------------------------------------------------------------------------------------- list

#[test]
fn list_with_an_empty_submissions_folder() {
    let course = course();
    submissions(&course);
    let out = ok(&course, &["list"]);
    for id in IDS {
        assert!(line_of(&out, id).contains("not started"), "{id}:\n{out}");
    }
    assert!(!out.contains("passing") && !out.contains("failing"), "{out}");
    assert!(out.contains("\nProgress: 0/156 points · Total XP: 0\n"), "{out}");
    let skills = skills(&out);
    assert_eq!(skills.len(), 45, "a node per tag:\n{out}");
    assert!(skills.iter().all(|(state, _)| state != "mastered"), "{out}");
    assert_eq!(state_of(&out, "returning-functions"), "unlocked", "it needs nothing:\n{out}");
    assert_eq!(state_of(&out, "once"), "locked", "{out}");
    assert!(
        out.contains("· locked    once ")
            && out
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains("needs retained-memory, multiple-instances, this-forwarding"),
        "{out}"
    );
    assert!(out.ends_with("\nNext: `grade start exercise-01`\n"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn list_without_a_submissions_folder_is_the_same_as_an_empty_one() {
    let course = course();
    let without = ok(&course, &["list"]);
    submissions(&course);
    assert_eq!(without, ok(&course, &["list"]));
    assert!(!course.path().join("submissions").read_dir().unwrap().any(|_| true), "list wrote a file");
}

#[test]
fn list_shows_progress_points_and_skills() {
    let course = course();
    let dir = submissions(&course);
    submit_solution(&dir, "exercise-01");
    submit_solution(&dir, "exercise-02");
    std::fs::write(dir.join("exercise-03.js"), WRONG_03).unwrap();
    let out = ok(&course, &["list"]);

    let line = line_of(&out, "exercise-01");
    assert!(line.contains("Functions that return functions"), "the title: {line}");
    // At the 100 columns a report is laid out in when it is not on a terminal, the tags go on
    // the line below the title.
    assert!(
        out.contains("\n                  returning-functions, closure, higher-order-functions\n"),
        "the tags: {out}"
    );
    assert!(line.contains("passing") && line.contains(" 7/7"), "{line}");
    let line = line_of(&out, "exercise-02");
    assert!(line.contains("passing") && line.contains(" 8/8"), "{line}");
    let line = line_of(&out, "exercise-03");
    assert!(line.contains("failing") && line.contains(" 1/7"), "{line}");
    for id in &IDS[3..] {
        assert!(line_of(&out, id).contains("not started"), "{id}:\n{out}");
    }
    // The exercises come in course order.
    let positions: Vec<usize> = IDS.iter().map(|id| out.find(line_of(&out, id)).unwrap()).collect();
    assert!(positions.is_sorted(), "{out}");
    assert!(!out.lines().any(|l| l.ends_with(' ')), "trailing spaces:\n{out:?}");

    assert!(out.contains("\nProgress: 16/156 points · Total XP: 150\n"), "{out}");
    assert_eq!(mastered(&out), ["returning-functions", "nested-scope"], "{out}");
    assert!(out.contains("Skill matrix: 45 nodes: 2 mastered, "), "{out}");
    assert!(out.contains("■ mastered  nested-scope              80 XP  exercise-02\n"), "{out}");
    assert!(out.ends_with("\nNext: `grade exercise-03`\n"), "a failing exercise is graded, not started again:\n{out}");
    assert_snapshot!(out);
}

#[test]
fn a_failing_submission_earns_its_partial_points() {
    let course = course();
    std::fs::write(submissions(&course).join("exercise-01.js"), WRONG_01).unwrap();
    let out = ok(&course, &["list"]);
    let line = line_of(&out, "exercise-01");
    assert!(line.contains("failing") && line.contains(" 5/7"), "{line}");
    assert!(out.contains("\nProgress: 5/156 points · Total XP: 0\n"), "no XP without a pass:\n{out}");
    assert!(mastered(&out).is_empty(), "{out}");
}

#[test]
fn a_skill_needs_every_exercise_that_carries_its_tag() {
    // `iterator` is the topic of exercise-10 and a tag of exercise-11 (generators).
    let course = course();
    let dir = submissions(&course);
    submit_solution(&dir, "exercise-10");
    let out = ok(&course, &["list"]);
    assert!(mastered(&out).contains(&"iterator".to_string()), "{out}");
    assert!(
        !mastered(&out).contains(&"persistence".to_string()),
        "persistence needs exercise-03 and exercise-07 too:\n{out}"
    );
    assert!(
        out.contains(
            "□ unlocked  persistence               80 XP  exercise-03, exercise-07, make-history, exercise-10\n"
        ),
        "{out}"
    );

    for id in ["exercise-03", "exercise-07", "make-history"] {
        submit_solution(&dir, id);
    }
    let out = ok(&course, &["list"]);
    assert!(mastered(&out).contains(&"persistence".to_string()), "{out}");
}

#[test]
fn a_finished_course() {
    let course = course();
    let dir = submissions(&course);
    for id in IDS {
        submit_solution(&dir, id);
    }
    let out = ok(&course, &["list"]);
    assert!(IDS.iter().all(|id| line_of(&out, id).contains("passing")), "{out}");
    assert!(out.contains("\nProgress: 156/156 points · Total XP: 1560\n"), "{out}");
    assert!(skills(&out).iter().all(|(state, _)| state == "mastered"), "{out}");
    assert!(out.ends_with("\nEvery exercise passes. Well done!\n"), "{out}");
    assert!(!out.contains("Next:"), "{out}");

    let out = ok(&course, &["all"]);
    assert!(out.ends_with("\nScore 156/156\n"), "{out}");
}

#[test]
fn list_with_course_option_from_another_folder() {
    let course = course();
    submit_solution(&submissions(&course), "exercise-01");
    let elsewhere = tempfile::tempdir().unwrap();
    let output = grade_in(elsewhere.path()).args(["-C"]).arg(course.path()).arg("list").output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(line_of(&stdout(&output), "exercise-01").contains("passing"), "{}", stdout(&output));
}

// ---------------------------------------------------------------------------------------- show

#[test]
fn show_renders_the_prompt_and_the_starter() {
    let course = course();
    let out = ok(&course, &["show", "exercise-01"]);
    assert!(!out.contains("```"), "raw code fences:\n{out}");
    assert!(!out.lines().any(|l| l.starts_with('#')), "raw heading marks:\n{out}");
    assert!(out.contains("\nFunctions that return functions\n===============================\n"), "{out}");
    assert!(out.contains("\nYour task\n---------\n"), "{out}");
    assert!(out.contains("\n    function makeHello() {\n"), "the code block is indented:\n{out}");
    assert!(out.contains("\nDefine: createFunction, createPrinter\n"), "{out}");
    assert!(out.contains("\nStarter\n    function createFunction() {\n"), "{out}");
    assert!(out.contains("`grade show exercise-01 --hint 1` (3 hints)"), "{out}");
    // As many checks as the report of `grade exercise-01` lists, "no global leaks" included.
    assert!(out.contains("\n7 checks (2 hidden), 7 points."), "{out}");
    let tail = &out[out.find("\nDefine:").unwrap()..];
    assert!(!tail.lines().any(|l| l.ends_with(' ')), "trailing spaces:\n{tail:?}");
    assert_snapshot!(out);
}

#[test]
fn every_prompt_renders_without_raw_fences_or_heading_marks() {
    let course = course();
    for id in IDS {
        let out = ok(&course, &["show", id]);
        assert!(!out.contains("```"), "{id}: raw code fences:\n{out}");
        assert!(!out.lines().any(|l| l.starts_with('#')), "{id}: raw heading marks:\n{out}");
        let title = exercise_toml(id)["title"].as_str().unwrap().to_string();
        // The tags follow on the title's line, or on a line of their own when it would be too long.
        let head = format!("{id} · {title}");
        assert!(out.starts_with(&format!("{head} · ")) || out.starts_with(&format!("{head}\ntags: ")), "{id}:\n{out}");
        assert!(out.contains("\nStarter\n"), "{id}:\n{out}");
    }
}

/// Open (src/report/markdown.rs renders line by line): `**bold**` that wraps onto the next line
/// keeps its raw stars, and a blank line inside a code block is printed as four spaces.
#[test]
fn prompt_markdown_across_lines() {
    let out = ok(&course(), &["show", "exercise-01"]);
    assert!(!out.contains("**"), "raw emphasis marks:\n{out}");
    assert!(!out.lines().any(|l| l.ends_with(' ')), "trailing spaces:\n{out:?}");
}

#[test]
fn hints_one_at_a_time() {
    let course = course();
    let hints = exercise_toml("exercise-01")["hints"].as_array().unwrap().clone();
    assert_eq!(hints.len(), 3);
    let one = ok(&course, &["show", "exercise-01", "--hint", "1"]);
    // The hint is wrapped to the terminal: compared word for word.
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words(&one).starts_with(&words(&format!("Hint 1 of 3: {}", hints[0].as_str().unwrap()))), "{one}");
    assert!(one.contains("grade show exercise-01 --hint 2"), "points at the next hint:\n{one}");
    assert!(!words(&one).contains(&words(hints[1].as_str().unwrap())), "only one hint at a time:\n{one}");
    assert!(!one.contains("Starter") && !one.contains("Your task"), "only the hint:\n{one}");

    let two = ok(&course, &["show", "exercise-01", "--hint", "2"]);
    assert!(words(&two).starts_with(&words(&format!("Hint 2 of 3: {}", hints[1].as_str().unwrap()))), "{two}");
    assert!(two.contains("--hint 3"), "{two}");

    let last = ok(&course, &["show", "exercise-01", "--hint", "3"]);
    assert!(!last.contains("--hint"), "the last hint points at no other:\n{last}");
    assert_snapshot!("hint_1", one);
    assert_snapshot!("hint_2", two);
}

#[test]
fn a_hint_that_does_not_exist_cannot_run() {
    let course = course();
    let zero = cannot_run(&course, &["show", "exercise-01", "--hint", "0"]);
    assert!(zero.contains("numbered from 1") && zero.contains("--hint 1 to --hint 3"), "{zero}");
    let many = cannot_run(&course, &["show", "exercise-01", "--hint", "99"]);
    assert!(many.contains("exercise-01 has 3 hints") && many.contains("no hint 99"), "{many}");
    assert!(many.contains("--hint 1 to --hint 3"), "{many}");
    let word = cannot_run(&course, &["show", "exercise-01", "--hint", "two"]);
    assert!(word.contains("--hint"), "{word}");
}

#[test]
fn show_glossary() {
    let course = course();
    let out = ok(&course, &["show", "glossary"]);
    assert!(out.starts_with("Glossary — Closures: functions with memories\n====="), "{out}");
    assert!(out.contains("\nClosure\n-------\n"), "{out}");
    assert!(out.contains("\nLexical scope\n-------------\n"), "{out}");
    assert!(!out.contains("```") && !out.lines().any(|l| l.starts_with('#')), "raw Markdown:\n{out}");
    assert_snapshot!(out);
}

#[test]
fn show_of_an_exercise_mentions_the_glossary_terms_it_uses() {
    let out = ok(&course(), &["show", "exercise-01"]);
    assert!(out.contains("Terms: Closure (see `grade show glossary`)."), "{out}");
}

#[test]
fn show_glossary_without_one_cannot_run() {
    let course = course();
    std::fs::remove_file(course.path().join("exercises/GLOSSARY.md")).unwrap();
    let err = cannot_run(&course, &["show", "glossary"]);
    assert!(err.contains("no glossary") && err.contains("GLOSSARY.md"), "{err}");
    // Without a glossary, an exercise still shows, without the list of terms.
    let out = ok(&course, &["show", "exercise-01"]);
    assert!(!out.contains("Terms:"), "{out}");
}

#[test]
fn show_of_an_unknown_exercise_cannot_run() {
    let err = cannot_run(&course(), &["show", "exercise-99"]);
    assert!(err.contains("exercise-99") && err.contains("exercise-01") && err.contains("exercise-14"), "{err}");
}

// --------------------------------------------------------------------------------------- start

/// A message as one line (messages wrap to the terminal), for reading whole sentences.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn start_writes_the_starter_and_never_overwrites() {
    let course = course();
    let file = course.path().join("submissions/exercise-01.js");
    let out = one_line(&ok(&course, &["start", "exercise-01"]));
    assert!(out.contains("exercise-01.js") && out.contains("`grade exercise-01`"), "{out}");
    let starter = exercise_toml("exercise-01")["starter"].as_str().unwrap().trim_start_matches('\n').to_string();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), starter);

    // The starter loads: it fails checks, it does not fail to load.
    let graded = run(&course, &["exercise-01", "--format", "json"]);
    let doc: Value = serde_json::from_slice(&graded.stdout).unwrap();
    assert_eq!(doc["status"], "fail", "{doc:#}");

    // The learner's work survives a second start, byte for byte.
    let edited = b"function createFunction() { return (n) => n * 2; } // mine\r\n\xE2\x9C\x93\n".to_vec();
    std::fs::write(&file, &edited).unwrap();
    let again = one_line(&ok(&course, &["start", "exercise-01"]));
    assert!(again.contains("already exists") && again.contains("left untouched"), "{again}");
    assert!(again.contains("`grade exercise-01`"), "{again}");
    assert_eq!(std::fs::read(&file).unwrap(), edited);
    assert_eq!(std::fs::read_dir(file.parent().unwrap()).unwrap().count(), 1, "no other file in submissions/");
}

#[test]
fn start_without_an_exercise_starts_the_next_one_in_course_order() {
    let course = course();
    let out = one_line(&ok(&course, &["start"]));
    assert!(out.contains("submissions/exercise-01.js") && out.contains("`grade exercise-01`"), "{out}");
    let out = one_line(&ok(&course, &["start"]));
    assert!(out.contains("submissions/exercise-02.js"), "the one after, not the same again: {out}");
    // Once every exercise has a file, it says so and writes nothing.
    for id in IDS {
        ok(&course, &["start", id]);
    }
    let done = one_line(&ok(&course, &["start"]));
    assert!(done.contains("Every exercise already has a file") && done.contains("grade list"), "{done}");
}

#[test]
fn start_from_a_subfolder_writes_into_the_course() {
    let course = course();
    let sub = course.path().join("notes/today");
    std::fs::create_dir_all(&sub).unwrap();
    let output = grade_in(&sub).args(["start", "exercise-02"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(course.path().join("submissions/exercise-02.js").is_file());
    assert!(!sub.join("submissions").exists());
}

#[test]
fn start_of_an_unknown_exercise_lists_the_known_ones() {
    let course = course();
    let err = cannot_run(&course, &["start", "closures-101"]);
    assert!(err.contains("closures-101"), "{err}");
    for id in IDS {
        assert!(err.contains(id), "{id} is not listed:\n{err}");
    }
    assert!(!course.path().join("submissions").exists(), "nothing is written");
}

// ----------------------------------------------------------------------------------------- all

/// A submissions folder with two passing exercises, one failing, the rest missing.
fn partly_done() -> TempDir {
    let course = course();
    let dir = submissions(&course);
    submit_solution(&dir, "exercise-01");
    submit_solution(&dir, "exercise-02");
    std::fs::write(dir.join("exercise-03.js"), WRONG_03).unwrap();
    course
}

#[test]
fn all_human() {
    let course = partly_done();
    let output = run(&course, &["all"]);
    assert_eq!(code(&output), 1, "not every exercise passes:\n{}", stderr(&output));
    let out = stdout(&output);
    assert!(line_of(&out, "exercise-01").starts_with("✓ exercise-01"), "{out}");
    assert!(line_of(&out, "exercise-01").contains(" 7/7"), "{out}");
    assert!(line_of(&out, "exercise-02").starts_with("✓ exercise-02"), "{out}");
    let failing = line_of(&out, "exercise-03");
    assert!(failing.starts_with("✗ exercise-03") && failing.contains(" 1/7") && failing.contains("failing: "), "{out}");
    for id in &IDS[3..] {
        let line = line_of(&out, id);
        assert!(line.starts_with(&format!("· {id}")) && line.contains("not started"), "{line}");
    }
    assert!(out.ends_with("\nScore 16/156\n"), "{out}");
    assert!(!out.lines().any(|l| l.ends_with(' ')), "trailing spaces:\n{out:?}");
}

#[test]
fn all_json() {
    let course = partly_done();
    let output = run(&course, &["all", "--format", "json"]);
    assert_eq!(code(&output), 1, "{}", stderr(&output));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{e}:\n{}", stdout(&output)));
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["status"], "fail");
    let results = doc["results"].as_array().unwrap();
    let ids: Vec<&str> = results.iter().map(|r| r["exercise"].as_str().unwrap()).collect();
    assert_eq!(ids, IDS);
    let statuses: Vec<&str> = results.iter().map(|r| r["status"].as_str().unwrap()).collect();
    let mut expected = vec!["pass", "pass", "fail"];
    expected.resize(IDS.len(), "error");
    assert_eq!(statuses, expected);
    assert!(results[..3].iter().all(|r| r.get("missing").is_none()), "{doc:#}");
    assert!(results[3..].iter().all(|r| r["missing"] == true), "{doc:#}");
    let message = results[3]["message"].as_str().unwrap();
    assert!(
        message.starts_with("no file was handed in: expected ") && message.ends_with("define-vs-run.js"),
        "{message}"
    );
    assert_eq!(results[2]["score"], 1, "the no-leaks check passes");
    assert!(results[2]["checks"].as_array().unwrap().iter().any(|c| c["status"] == "fail"), "{:#}", results[2]);
    assert_eq!(results[3]["submission"], Value::Null);
    let sum: u64 = results.iter().map(|r| r["score"].as_u64().unwrap()).sum();
    let max: u64 = results.iter().map(|r| r["max_score"].as_u64().unwrap()).sum();
    assert_eq!((doc["score"].as_u64(), sum), (Some(16), 16));
    assert_eq!((doc["max_score"].as_u64(), max), (Some(156), 156));
}

#[test]
fn all_of_another_folder() {
    let course = course();
    let alice = course.path().join("class/alice");
    for id in IDS {
        submit_solution(&alice, id);
    }
    let output = run(&course, &["all", "class/alice", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(doc["status"], "pass");
    assert_eq!(doc["score"], 156);
    assert!(doc["results"].as_array().unwrap().iter().all(|r| r["status"] == "pass"), "{doc:#}");
    assert!(!course.path().join("submissions").exists(), "the default folder is not touched");
}

#[test]
fn all_of_a_missing_folder_cannot_run() {
    let course = course();
    let err = cannot_run(&course, &["all", "nobody"]);
    assert!(err.contains("nobody") && err.contains("not a folder"), "{err}");
}

// --------------------------------------------------------------------------------------- watch

/// How long any one thing `grade watch` does may take before the test gives up.
const PATIENCE: Duration = Duration::from_secs(20);

/// `grade watch` running as a child process, its stdout read line by line in a thread. Killed
/// when dropped, so a failing test leaves no process behind.
struct Watch {
    child: Child,
    lines: Receiver<String>,
    /// Everything printed so far.
    transcript: String,
    /// Where the next wait starts looking.
    seen: usize,
}

impl Watch {
    fn spawn(course: &TempDir, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_grade"))
            .arg("watch")
            .args(args)
            .current_dir(course.path())
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("grade watch starts");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Watch { child, lines, transcript: String::new(), seen: 0 }
    }

    /// Waits until what was printed since the last wait contains `text`; fails the test after
    /// `PATIENCE`, showing everything printed.
    fn wait_for(&mut self, what: &str, text: &str) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(pos) = self.transcript[self.seen..].find(text) {
                self.seen += pos + text.len();
                return;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.transcript.push_str(&line);
                    self.transcript.push('\n');
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "timed out after {PATIENCE:?} waiting for {what} ({text:?}); grade watch printed:\n{}",
                        self.transcript
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait().ok();
                    panic!("grade watch ended ({status:?}) before {what} ({text:?}); it printed:\n{}", self.transcript)
                }
            }
        }
    }

    /// Reads whatever arrives during `quiet`, and returns it.
    fn drain(&mut self, quiet: Duration) -> String {
        let start = self.transcript.len();
        let deadline = Instant::now() + quiet;
        while let Ok(line) = self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            self.transcript.push_str(&line);
            self.transcript.push('\n');
        }
        self.transcript[start..].to_string()
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Writes `bytes` to `path` the way many editors save: a temporary file, then a rename.
fn save_by_rename(path: &Path, bytes: &[u8]) {
    let temp = path.with_extension("js.swp");
    std::fs::write(&temp, bytes).unwrap();
    std::fs::rename(&temp, path).unwrap();
}

#[test]
fn watch_regrades_on_save_and_moves_on() {
    let course = course();
    let dir = submissions(&course);
    let file = dir.join("exercise-01.js");
    let mut watch = Watch::spawn(&course, &["exercise-01"]);
    watch.wait_for("the announcement", "Watching ");
    watch.wait_for("the file it watches", "exercise-01.js (Functions that return functions)");
    watch.wait_for("the note that there is no file yet", "No file yet: `grade start exercise-01`");

    std::fs::write(&file, WRONG_01).unwrap();
    watch.wait_for("the report of the wrong submission", "exercise-01 · Functions that return functions");
    watch.wait_for("the failing check", "✗ the returned function doubles");
    watch.wait_for("the score", "Score 5/7 · 2 of 7 checks failed");

    // Grading reads the file, and reading is not a save: nothing more until the next save.
    let quiet = watch.drain(Duration::from_millis(1000));
    assert!(quiet.trim().is_empty(), "graded again without a save:\n{quiet}");

    save_by_rename(&file, &std::fs::read(repo().join("solutions/exercise-01.js")).unwrap());
    watch.wait_for("the passing report", "Score 7/7 · all 7 checks passed");
    watch.wait_for("the XP the pass earned, recorded as by `grade <id>`", "Total XP: 70");
    watch.wait_for("the move to the next exercise", "exercise-01 passes. On to the next one!");
    watch.wait_for("the next file", "exercise-02.js (Reaching into the parent's scope)");
    watch.wait_for("the note that there is no file yet", "No file yet: `grade start exercise-02`");

    // Every exercise the learner saves is followed: saving exercise-01 again grades it again.
    std::fs::write(&file, WRONG_01).unwrap();
    watch.wait_for("the report of exercise-01 saved again", "exercise-01 · Functions that return functions");
    watch.wait_for("its score", "Score 5/7 · 2 of 7 checks failed");
    // And a save of any other exercise's file, too.
    std::fs::write(dir.join("exercise-05.js"), "function makeMultiplier() {}\n").unwrap();
    watch.wait_for("the report of exercise-05", "exercise-05 · ");
    let piped = watch.drain(Duration::from_millis(300));
    assert!(!watch.transcript.contains('\u{1b}') && !piped.contains('\u{1b}'), "a pipe got terminal codes");
}

#[test]
fn watch_without_an_exercise_starts_at_the_first_that_does_not_pass() {
    let course = course();
    let dir = submissions(&course);
    submit_solution(&dir, "exercise-01");
    std::fs::write(dir.join("exercise-02.js"), "function outer() {}\n").unwrap();
    let mut watch = Watch::spawn(&course, &[]);
    watch.wait_for("the announcement", "exercise-02.js (Reaching into the parent's scope)");
    watch.wait_for("the report of the file already there", "exercise-02 · Reaching into the parent's scope");
    assert!(!watch.transcript.contains("exercise-01.js"), "{}", watch.transcript);
}

#[test]
fn watch_goes_back_to_an_earlier_exercise_after_the_last() {
    let course = course();
    let dir = submissions(&course);
    let mut watch = Watch::spawn(&course, &["exercise-14"]);
    watch.wait_for("the announcement", "exercise-14.js (");
    watch.wait_for("the note that there is no file yet", "No file yet");
    submit_solution(&dir, "exercise-14");
    watch.wait_for("the move to the next exercise", "exercise-14 passes. On to the next one!");
    watch.wait_for("the first exercise", "exercise-01.js (Functions that return functions)");
    assert!(!watch.transcript.contains("Every exercise passes"), "{}", watch.transcript);
}

#[test]
fn watch_when_everything_passes_says_so_and_ends() {
    let course = course();
    let dir = submissions(&course);
    for id in IDS {
        submit_solution(&dir, id);
    }
    let output = run(&course, &["watch"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert_eq!(stdout(&output), "Every exercise already passes. Well done!\n");
}

#[test]
fn watch_of_an_unknown_exercise_cannot_run() {
    let err = cannot_run(&course(), &["watch", "exercise-99"]);
    assert!(err.contains("exercise-99") && err.contains("exercise-01"), "{err}");
}
