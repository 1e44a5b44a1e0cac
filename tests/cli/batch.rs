//! `grade batch` and `grade merge` on a fixture class built in a temporary folder from the
//! bundled course: students with good files, known mistakes, missing files and hostile files;
//! verdicts, the class report, resuming an interrupted run, shards and their merge.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::{code, stderr, stdout};
use crate::support::{grade_in, repo};

/// The course's exercise ids, in order.
pub(crate) fn exercise_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(repo().join("exercises"))
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().to_str()?.strip_suffix(".toml").map(str::to_string))
        .collect();
    ids.sort();
    // Course order: `[course] order` in grader.toml first, then the rest sorted.
    let course: toml::Table = std::fs::read_to_string(repo().join("grader.toml")).unwrap().parse().unwrap();
    let order: Vec<String> = course["course"]
        .get("order")
        .and_then(|o| o.as_array())
        .map(|o| o.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
        .unwrap_or_default();
    ids.sort_by_key(|id| order.iter().position(|o| o == id).unwrap_or(usize::MAX));
    ids
}

/// Whether an exercise of the bundled course is a predict-the-output one.
fn is_predict(id: &str) -> bool {
    let text = std::fs::read_to_string(repo().join(format!("exercises/{id}.toml"))).unwrap();
    text.parse::<toml::Table>().unwrap().get("kind").and_then(|k| k.as_str()) == Some("predict")
}

/// The `[[mistake]]` entries (name, code) of an exercise of the bundled course.
pub(crate) fn mistakes(id: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join("exercises").join(format!("{id}.toml"))).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table["mistake"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["name"].as_str().unwrap().to_string(), m["code"].as_str().unwrap().to_string()))
        .collect()
}

pub(crate) fn solution(id: &str) -> String {
    std::fs::read_to_string(repo().join("solutions").join(format!("{id}.js"))).unwrap()
}

/// A temporary course (the bundled one with a 300 ms time limit) and its class folder.
pub(crate) struct Class {
    pub(crate) root: tempfile::TempDir,
}

impl Class {
    pub(crate) fn new() -> Class {
        let root = tempfile::tempdir().unwrap();
        let config = std::fs::read_to_string(repo().join("grader.toml")).unwrap();
        let config = config.replace("time_ms = 1000", "time_ms = 300");
        assert!(config.contains("time_ms = 300"), "the fixture sets a small time limit");
        std::fs::write(root.path().join("grader.toml"), config).unwrap();
        let exercises = root.path().join("exercises");
        std::fs::create_dir(&exercises).unwrap();
        for entry in std::fs::read_dir(repo().join("exercises")).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), exercises.join(entry.file_name())).unwrap();
        }
        std::fs::create_dir(root.path().join("class")).unwrap();
        Class { root }
    }

    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root.path().join(rel)
    }

    pub(crate) fn student(&self, name: &str) -> PathBuf {
        let dir = self.path("class").join(name);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    pub(crate) fn write(&self, student: &str, id: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.student(student).join(format!("{id}.js")), bytes).unwrap();
    }

    /// `grade batch class ARGS` in the course folder.
    pub(crate) fn batch(&self, args: &[&str]) -> Output {
        grade_in(self.root.path()).arg("batch").arg("class").args(args).output().expect("grade runs")
    }

    pub(crate) fn grade(&self, args: &[&str]) -> Output {
        grade_in(self.root.path()).args(args).output().expect("grade runs")
    }

    pub(crate) fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
    }
}

/// What a pair must come out as.
#[derive(Debug, Clone)]
struct Expected {
    status: &'static str,
    /// A phrase the record's message, or one of its checks' messages, must contain.
    cause: Option<&'static str>,
    /// The known mistake the report must recognise.
    mistake: Option<String>,
}

fn pass() -> Expected {
    Expected { status: "pass", cause: None, mistake: None }
}

fn error(cause: &'static str) -> Expected {
    Expected { status: "error", cause: Some(cause), mistake: None }
}

/// The fixture class of the verdict, report and shard tests, with what every pair must give.
/// Pairs without a file are absent from the map: a batch writes no record for them.
fn build_class() -> (Class, BTreeMap<(String, String), Expected>) {
    let class = Class::new();
    let ids = exercise_ids();
    let mut expected = BTreeMap::new();
    let mut expect = |student: &str, id: &str, e: Expected| {
        expected.insert((student.to_string(), id.to_string()), e);
    };
    // ada: every exercise, every one right.
    for id in &ids {
        class.write("ada", id, solution(id));
        expect("ada", id, pass());
    }
    // ben: the first five right, the rest not handed in.
    for id in &ids[..5] {
        class.write("ben", id, solution(id));
        expect("ben", id, pass());
    }
    // cal and dee: a known mistake in every exercise (the first and the second of each).
    for (student, which) in [("cal", 0), ("dee", 1)] {
        for id in &ids {
            let (name, code) = mistakes(id).swap_remove(which);
            class.write(student, id, code);
            // A predict exercise names no mistake: its explanations would give the answers away.
            let named = (!is_predict(id)).then_some(name);
            expect(student, id, Expected { status: "fail", cause: None, mistake: named });
        }
    }
    // eve: hostile files, and some good ones between them.
    class.write("eve", "exercise-01", solution("exercise-01"));
    expect("eve", "exercise-01", pass());
    class.write("eve", "exercise-02", "function countCalls(task) {\n  while (true) {}\n}\n");
    expect("eve", "exercise-02", Expected { status: "fail", cause: Some("time limit"), mistake: None });
    std::fs::create_dir_all(class.student("eve").join("exercise-03.js")).unwrap();
    expect("eve", "exercise-03", error("folder"));
    class.write(
        "eve",
        "exercise-04",
        "function makeCounter(step = 1) {\n  return function () {\n    \
         return Array.prototype.join.call({ length: 2 ** 32 - 1 });\n  };\n}\n",
    );
    expect("eve", "exercise-04", error("native code"));
    class.write("eve", "exercise-05", "function makeMultiplier(factor {\n  return (n) => n * factor;\n}\n");
    expect("eve", "exercise-05", error("does not parse"));
    class.write("eve", "exercise-06", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0");
    expect("eve", "exercise-06", error("binary"));
    class.write("eve", "exercise-07", solution("exercise-07"));
    expect("eve", "exercise-07", pass());
    // A symbolic link to someone else's (right) file is refused, not followed.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(class.path("class/ada/exercise-08.js"), class.student("eve").join("exercise-08.js"))
            .unwrap();
        expect("eve", "exercise-08", error("symbolic link"));
    }
    // fay: an empty folder (nothing handed in yet).
    class.student("fay");
    // Not students: a file at the top of the class folder, and a hidden folder.
    std::fs::write(class.path("class/roster.txt"), "ada ben cal dee eve fay\n").unwrap();
    std::fs::create_dir_all(class.path("class/.git")).unwrap();
    std::fs::write(class.path("class/.git/exercise-01.js"), solution("exercise-01")).unwrap();
    (class, expected)
}

/// The records of a JSON Lines file, by (student, exercise); later lines win, like a resume.
pub(crate) fn records(text: &str) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let Ok(value) = serde_json::from_str::<Value>(line) else { continue };
        if value.get("summary").is_some() {
            continue;
        }
        let student = value["student"].as_str().unwrap_or_else(|| panic!("a record without a student: {line}"));
        let exercise = value["exercise"].as_str().unwrap();
        out.insert((student.to_string(), exercise.to_string()), value);
    }
    out
}

/// What must not change between two runs of the same pair: everything but the durations.
fn verdict(record: &Value) -> Value {
    let checks: Vec<Value> = record["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| serde_json::json!([c["name"], c["status"], c["points"], c["message"]]))
        .collect();
    serde_json::json!({
        "status": record["status"],
        "score": record["score"],
        "max_score": record["max_score"],
        "message": record["message"],
        "mistake": record.get("mistake"),
        "checks": checks,
    })
}

pub(crate) fn verdicts(text: &str) -> BTreeMap<(String, String), Value> {
    records(text).into_iter().map(|(k, v)| (k, verdict(&v))).collect()
}

pub(crate) fn summary_lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v.get("summary").cloned())
        .collect()
}

/// One uninterrupted run of the fixture class, shared by the tests that compare against it.
pub(crate) struct FullRun {
    pub(crate) class: Class,
    expected: BTreeMap<(String, String), Expected>,
    pub(crate) output: Output,
    pub(crate) jsonl: String,
}

pub(crate) fn full_run() -> &'static FullRun {
    static RUN: OnceLock<FullRun> = OnceLock::new();
    RUN.get_or_init(|| {
        let (class, expected) = build_class();
        let output = class.batch(&["-j", "2", "--output", "out/all.jsonl", "--report", "report"]);
        let jsonl = class.read("out/all.jsonl");
        FullRun { class, expected, output, jsonl }
    })
}

#[test]
fn every_pair_gets_the_right_verdict() {
    let run = full_run();
    assert_eq!(code(&run.output), 0, "the batch completes: {}", stderr(&run.output));
    let records = records(&run.jsonl);
    let graded: BTreeSet<_> = records.keys().cloned().collect();
    let wanted: BTreeSet<_> = run.expected.keys().cloned().collect();
    assert_eq!(graded, wanted, "one record per handed-in file, none for missing files or non-students");
    for (key, want) in &run.expected {
        let record = &records[key];
        let context = || format!("{}/{}.js: {record:#}", key.0, key.1);
        assert_eq!(record["status"], want.status, "{}", context());
        let (score, max) = (record["score"].as_u64().unwrap(), record["max_score"].as_u64().unwrap());
        assert!(max > 0, "{}", context());
        if want.status == "pass" {
            assert_eq!(score, max, "{}", context());
        } else {
            assert!(score < max, "{}", context());
        }
        if want.status == "error" {
            assert_eq!(score, 0, "{}", context());
        }
        if let Some(cause) = want.cause {
            let mut messages: Vec<&str> = record["message"].as_str().into_iter().collect();
            messages.extend(record["checks"].as_array().unwrap().iter().filter_map(|c| c["message"].as_str()));
            assert!(messages.iter().any(|m| m.contains(cause)), "no message names \"{cause}\": {}", context());
        }
        if let Some(mistake) = &want.mistake {
            assert_eq!(record["mistake"]["name"], mistake.as_str(), "{}", context());
        }
    }
    // The record names the submission by its place in the class folder.
    assert_eq!(records[&("ada".into(), "exercise-01".into())]["submission"], "ada/exercise-01.js");
}

#[test]
fn the_summary_line_ends_the_results() {
    let run = full_run();
    let last: Value = serde_json::from_str(run.jsonl.lines().last().unwrap()).unwrap();
    let summary = &last["summary"];
    assert_eq!(summary["results"], run.expected.len(), "{summary}");
    let passing = run.expected.values().filter(|e| e.status == "pass").count();
    assert_eq!(summary["passing"], passing, "{summary}");
    assert_eq!(summary_lines(&run.jsonl).len(), 1);
    // With --output, the class summary goes to the terminal.
    let text = stdout(&run.output);
    assert!(text.contains("Class summary:"), "{text}");
    assert!(text.contains("Known mistakes most often made"), "{text}");
}

#[test]
fn correct_students_pass_everything_they_handed_in() {
    let run = full_run();
    for ((student, id), record) in records(&run.jsonl) {
        if ["ada", "ben"].contains(&student.as_str()) {
            assert_eq!(record["status"], "pass", "{student}/{id}: {record:#}");
        }
    }
}

#[test]
fn gradebook_has_a_row_per_student_and_a_column_per_exercise() {
    let run = full_run();
    let csv = run.class.read("report/gradebook.csv");
    let rows: Vec<Vec<&str>> = csv.lines().map(|l| l.split(',').collect()).collect();
    let ids = exercise_ids();
    let mut header = vec!["student"];
    header.extend(ids.iter().map(String::as_str));
    header.push("total");
    assert_eq!(rows[0], header, "{csv}");
    let students: Vec<&str> = rows[1..].iter().map(|r| r[0]).collect();
    assert_eq!(students, ["ada", "ben", "cal", "dee", "eve", "fay"], "{csv}");
    let records = records(&run.jsonl);
    for row in &rows[1..] {
        assert_eq!(row.len(), header.len(), "{csv}");
        let mut total = 0;
        for (id, cell) in ids.iter().zip(&row[1..]) {
            match records.get(&(row[0].to_string(), id.clone())) {
                Some(record) => {
                    assert_eq!(*cell, record["score"].to_string(), "{} {id}: {csv}", row[0]);
                    total += record["score"].as_u64().unwrap();
                }
                None => assert_eq!(*cell, "", "a file not handed in leaves the cell empty: {} {id}\n{csv}", row[0]),
            }
        }
        assert_eq!(row[row.len() - 1], total.to_string(), "{csv}");
    }
    let ada_total: u64 = rows[1][row_total(&rows[1])].parse().unwrap();
    let course_max: u64 = summary_lines(&run.jsonl)[0]["max_score"].as_u64().unwrap();
    assert_eq!(ada_total, course_max, "a student with every solution has every point");

    let report = run.class.read("report/report.md");
    assert!(report.starts_with("# Closures: functions with memories: class report"), "{report}");
    assert!(report.contains("6 students"), "{report}");
    assert!(report.contains("| exercise-01 | 5 | 3 | 60% |"), "{report}");
    assert!(report.contains("- exercise-03 › counter declared inside the inner function: 1"), "{report}");
}

fn row_total(row: &[&str]) -> usize {
    row.len() - 1
}

#[test]
fn shards_merged_equal_one_run() {
    let run = full_run();
    let class = &run.class;
    for k in 1..=3 {
        let shard = format!("{k}/3");
        let file = format!("shards/shard-{k}.jsonl");
        let output = class.batch(&["-j", "2", "--shard", &shard, "--output", &file]);
        assert_eq!(code(&output), 0, "shard {shard}: {}", stderr(&output));
        let text = class.read(&file);
        assert_eq!(summary_lines(&text)[0]["shard"], shard.as_str());
    }
    // The shards split the work: no pair is graded twice.
    let sizes: Vec<usize> = (1..=3).map(|k| records(&class.read(&format!("shards/shard-{k}.jsonl"))).len()).collect();
    assert_eq!(sizes.iter().sum::<usize>(), run.expected.len(), "{sizes:?}");
    assert!(sizes.iter().all(|&n| n > 0), "{sizes:?}");

    let merged = class.grade(&[
        "merge",
        "shards/shard-1.jsonl",
        "shards/shard-2.jsonl",
        "shards/shard-3.jsonl",
        "--output",
        "merged.jsonl",
        "--report",
        "merged",
    ]);
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    assert!(stdout(&merged).contains("Class summary:"), "{}", stdout(&merged));
    let merged_text = class.read("merged.jsonl");
    assert_eq!(verdicts(&merged_text), verdicts(&run.jsonl));
    assert_eq!(summary_lines(&merged_text).len(), 1);
    assert_eq!(class.read("merged/gradebook.csv"), class.read("report/gradebook.csv"));
    assert_eq!(class.read("merged/report.md"), class.read("report/report.md"));
}

#[test]
fn merge_lets_a_later_file_win_and_streams_json_lines() {
    let run = full_run();
    let class = &run.class;
    // A regrade of one pair, as a second batch run over a one-student class would write it.
    let mut redo: Value = records(&run.jsonl)[&("cal".to_string(), "exercise-01".to_string())].clone();
    redo["status"] = "pass".into();
    redo["score"] = redo["max_score"].clone();
    std::fs::write(class.path("redo.jsonl"), format!("{redo}\nnot json\n")).unwrap();
    let output = class.grade(&["merge", "out/all.jsonl", "redo.jsonl", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stderr(&output).contains("1 line(s) were not results"), "{}", stderr(&output));
    let text = stdout(&output);
    let merged = records(&text);
    assert_eq!(merged.len(), run.expected.len());
    assert_eq!(merged[&("cal".to_string(), "exercise-01".to_string())]["status"], "pass");
    assert!(text.lines().all(|l| serde_json::from_str::<Value>(l).is_ok()), "only JSON Lines on stdout:\n{text}");
}

#[test]
fn format_json_without_output_streams_json_lines() {
    let class = Class::new();
    class.write("ada", "exercise-01", solution("exercise-01"));
    class.write("ada", "exercise-03", mistakes("exercise-03")[0].1.as_str());
    class.write("bo", "exercise-02", "function countCalls(");
    let output = class.batch(&["-j", "2", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}\n{text}")))
        .collect();
    assert_eq!(lines.len(), 4, "three records and a summary:\n{text}");
    assert!(lines[..3].iter().all(|l| l.get("student").is_some() && l["version"] == 1), "{text}");
    assert_eq!(lines[3]["summary"]["results"], 3, "{text}");
    let statuses: BTreeMap<_, _> = records(&text).into_iter().map(|(k, v)| (k, v["status"].clone())).collect();
    assert_eq!(
        statuses,
        BTreeMap::from([
            (("ada".to_string(), "exercise-01".to_string()), Value::from("pass")),
            (("ada".to_string(), "exercise-03".to_string()), Value::from("fail")),
            (("bo".to_string(), "exercise-02".to_string()), Value::from("error")),
        ])
    );
}

#[test]
fn threads_give_the_same_verdicts_as_worker_processes() {
    let class = Class::new();
    for id in &exercise_ids()[..4] {
        class.write("ada", id, solution(id));
        class.write("bo", id, mistakes(id)[0].1.as_str());
    }
    class.write("cy", "exercise-01", "while (true) {}\n");
    class.write("cy", "exercise-02", "function countCalls(task) {\n  return task(;\n}\n");
    let threads = class.batch(&["-j", "2", "--no-isolation", "--output", "threads.jsonl"]);
    assert_eq!(code(&threads), 0, "{}", stderr(&threads));
    let processes = class.batch(&["-j", "2", "--output", "processes.jsonl"]);
    assert_eq!(code(&processes), 0, "{}", stderr(&processes));
    let threads = verdicts(&class.read("threads.jsonl"));
    assert_eq!(threads.len(), 10);
    assert_eq!(threads, verdicts(&class.read("processes.jsonl")));
}

#[test]
fn bad_usage_cannot_run() {
    let class = Class::new();
    class.write("ada", "exercise-01", solution("exercise-01"));
    for shard in ["0/3", "4/3", "3", "a/b"] {
        let output = class.batch(&["--shard", shard]);
        assert_eq!(code(&output), 2, "--shard {shard}: {}", stderr(&output));
        assert!(stderr(&output).contains("shard"), "--shard {shard}: {}", stderr(&output));
    }
    // Batch results are JSON Lines; a per-submission CI format would silently print nothing.
    for format in ["junit", "gradescope", "classroom"] {
        let output = class.batch(&["--format", format]);
        assert_eq!(code(&output), 2, "--format {format}: {}", stderr(&output));
        assert!(stderr(&output).contains(format), "--format {format}: {}", stderr(&output));
        let output = class.grade(&["merge", "class.jsonl", "--format", format]);
        assert_eq!(code(&output), 2, "merge --format {format}: {}", stderr(&output));
        assert!(stderr(&output).contains(format), "merge --format {format}: {}", stderr(&output));
    }
    let output = class.batch(&["--resume"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("--output"), "{}", stderr(&output));
    let output = grade_in(class.root.path()).args(["batch", "no-such-class"]).output().unwrap();
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("no-such-class"), "{}", stderr(&output));
    let output = class.grade(&["merge", "no-such-file.jsonl"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("no-such-file.jsonl"), "{}", stderr(&output));
}

#[test]
fn resume_with_a_fresh_output_file_grades_everything() {
    let class = Class::new();
    class.write("ada", "exercise-01", solution("exercise-01"));
    class.write("bo", "exercise-01", mistakes("exercise-01")[0].1.as_str());
    let output = class.batch(&["-j", "2", "--resume", "--output", "results/class.jsonl"]);
    assert_eq!(code(&output), 0, "the first run of a resumable job: {}", stderr(&output));
    assert_eq!(records(&class.read("results/class.jsonl")).len(), 2);
    // Resuming a finished run grades nothing again and keeps what was there.
    let before = class.read("results/class.jsonl");
    let output = class.batch(&["-j", "2", "--resume", "--output", "results/class.jsonl"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let after = class.read("results/class.jsonl");
    assert!(after.starts_with(&before), "{after}");
    let new_records = records(&after[before.len()..]);
    assert!(new_records.is_empty(), "nothing graded twice: {new_records:?}");
    assert_eq!(after, before, "a resume that graded nothing appends no summary either");
    assert_eq!(summary_lines(&after).last().unwrap()["results"], 2, "{after}");
}

/// A class that takes a few seconds on one worker: endless loops at the top of many files
/// (each stopped at the 300 ms limit), between good files and known mistakes.
fn slow_class() -> Class {
    let class = Class::new();
    let ids = exercise_ids();
    for student in ["kai", "lea", "max", "noa"] {
        for id in &ids[..3] {
            class.write(student, id, "let ticks = 0;\nwhile (true) { ticks++; }\n");
        }
        for id in &ids[3..6] {
            class.write(student, id, solution(id));
        }
        class.write(student, &ids[6], mistakes(&ids[6])[0].1.as_str());
    }
    class
}

#[test]
fn an_interrupted_batch_resumes_to_the_same_results() {
    let class = slow_class();
    let reference = class.batch(&["-j", "2", "--output", "reference.jsonl"]);
    assert_eq!(code(&reference), 0, "{}", stderr(&reference));
    let reference = class.read("reference.jsonl");
    assert_eq!(records(&reference).len(), 28);

    let output = class.path("interrupted.jsonl");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .current_dir(class.root.path())
        .env("NO_COLOR", "1")
        .args(["batch", "class", "-j", "1", "--output"])
        .arg(&output)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let lines = std::fs::read_to_string(&output).map_or(0, |t| t.lines().count());
        if lines >= 5 {
            break;
        }
        assert!(child.try_wait().unwrap().is_none(), "the batch ended before it could be interrupted");
        assert!(started.elapsed() < Duration::from_secs(60), "the batch wrote too little");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let before_kill = std::fs::read(&output).unwrap();
    let cut = String::from_utf8_lossy(&before_kill).to_string();
    assert!(summary_lines(&cut).is_empty(), "killed midway, before the summary:\n{cut}");
    let done_before = records(&cut).len();
    assert!((5..28).contains(&done_before), "{done_before} results before the kill");

    let resumed = class.batch(&["-j", "2", "--resume", "--output", "interrupted.jsonl", "--report", "resumed"]);
    assert_eq!(code(&resumed), 0, "{}", stderr(&resumed));
    let after = std::fs::read(&output).unwrap();
    assert!(after.starts_with(&before_kill), "every line written before the kill is still there");
    let after = String::from_utf8(after).unwrap();
    assert_eq!(verdicts(&after), verdicts(&reference), "the resumed run has every result of one run");
    // Only the pairs not finished before the kill were graded again.
    let regraded = records(&after[before_kill.len()..]).len();
    assert_eq!(regraded, 28 - done_before);
    let summary = summary_lines(&after);
    assert_eq!(summary.len(), 1);
    assert_eq!(summary[0]["results"], 28, "the summary counts the whole class");
    let gradebook = class.read("resumed/gradebook.csv");
    assert_eq!(gradebook.lines().count(), 5, "{gradebook}");
}

#[test]
fn every_example_names_the_right_commands() {
    let examples = repo().join("examples");
    let read = |rel: &str| std::fs::read_to_string(examples.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let class = read("github-actions/grade-class.yml");
    assert!(class.contains("grade batch") && class.contains("--shard ${{ matrix.shard }}/"), "{class}");
    assert!(class.contains("grade merge") && class.contains("--report report/"), "{class}");
    let classroom = read("github-actions/classroom.yml");
    assert!(classroom.contains("grade all") && classroom.contains("--format"), "{classroom}");
    let job = read("kubernetes/grade-class-job.yaml");
    assert!(job.contains("completionMode: Indexed") && job.contains("JOB_COMPLETION_INDEX"), "{job}");
    assert!(job.contains("grade merge"), "{job}");
}

/// The parent process id and state letter of a process, from `/proc/PID/stat`.
#[cfg(target_os = "linux")]
fn proc_stat(pid: u32) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut fields = rest.split(' ');
    let state = fields.next()?.chars().next()?;
    let ppid = fields.next()?.parse().ok()?;
    Some((state, ppid))
}

#[cfg(target_os = "linux")]
fn children_of(parent: u32) -> Vec<u32> {
    std::fs::read_dir("/proc")
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|&pid| proc_stat(pid).is_some_and(|(_, ppid)| ppid == parent))
        .collect()
}

#[test]
#[cfg(target_os = "linux")]
fn a_killed_batch_leaves_no_worker_behind() {
    // A long time limit, so that only the parent's death can stop the worker's native loop.
    let class = Class::new();
    let config = class.read("grader.toml").replace("time_ms = 300", "time_ms = 30000");
    std::fs::write(class.path("grader.toml"), config).unwrap();
    class.write(
        "ada",
        "exercise-04",
        "function makeCounter() {\n  return () => Array.prototype.join.call({ length: 2 ** 32 - 1 }, '');\n}\n",
    );
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .current_dir(class.root.path())
        .args(["batch", "class", "-j", "1", "--output", "out.jsonl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let workers = loop {
        let workers = children_of(child.id());
        if !workers.is_empty() {
            break workers;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "no worker process started");
        std::thread::sleep(Duration::from_millis(20));
    };
    // Let the worker get into the check that never yields.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(child.try_wait().unwrap().is_none(), "the batch is still grading");
    child.kill().unwrap();
    child.wait().unwrap();
    let killed = Instant::now();
    let alive = |pid: u32| proc_stat(pid).is_some_and(|(state, _)| state != 'Z' && state != 'X');
    while workers.iter().any(|&w| alive(w)) && killed.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let orphans: Vec<u32> = workers.iter().copied().filter(|&w| alive(w)).collect();
    for &pid in &orphans {
        // Our own orphan: stop it so that it does not spin on after the test.
        let _ = std::process::Command::new("kill").args(["-9", &pid.to_string()]).status();
    }
    assert!(orphans.is_empty(), "worker(s) {orphans:?} kept running after their batch was killed");
}

#[test]
fn a_record_is_the_json_object_of_one_submission_plus_the_student() {
    let class = Class::new();
    class.write("ada", "exercise-03", mistakes("exercise-03")[0].1.as_str());
    class.write("ada", "exercise-05", "function makeMultiplier(factor {\n");
    let output = class.batch(&["--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let batch = records(&stdout(&output));
    for id in ["exercise-03", "exercise-05"] {
        let one = class.grade(&[id, &format!("class/ada/{id}.js"), "--format", "json"]);
        let mut single: Value = serde_json::from_slice(&one.stdout).unwrap();
        let mut record = batch[&("ada".to_string(), id.to_string())].clone();
        assert_eq!(record["student"], "ada");
        // Batch names the file by its place in the class; durations differ from run to run.
        for value in [&mut single, &mut record] {
            let object = value.as_object_mut().unwrap();
            for key in ["submission", "duration_ms", "student", "problem"] {
                object.remove(key);
            }
            for check in object["checks"].as_array_mut().unwrap() {
                check.as_object_mut().unwrap().remove("duration_ms");
            }
        }
        if let Some(message) = single["message"].as_str() {
            single["message"] = message.replace("class/ada/", "ada/").into();
        }
        assert_eq!(record, single, "{id}");
    }
}
