//! `grade merge` checks what it merges: a shard missing from a set (each shard's summary names
//! `K/N`), a file whose batch never finished, files of different classes (warnings), results of
//! another course (refused); and its summary line has the same fields as batch's.

use crate::batch::{Class, mistakes, records, solution, summary_lines};
use crate::harness::{code, stderr, stdout};

fn small_class() -> Class {
    let class = Class::new();
    for (i, student) in ["ada", "ben", "cal", "dee"].iter().enumerate() {
        class.write(student, "exercise-01", solution("exercise-01"));
        if i % 2 == 0 {
            class.write(student, "exercise-02", mistakes("exercise-02")[0].1.as_str());
        }
    }
    class
}

#[test]
fn a_missing_shard_is_named_and_the_summary_has_batchs_fields() {
    let class = small_class();
    for k in 1..=3 {
        let output = class.batch(&["-j", "1", "--shard", &format!("{k}/3"), "--output", &format!("shard-{k}.jsonl")]);
        assert_eq!(code(&output), 0, "{}", stderr(&output));
    }
    let whole = class.batch(&["-j", "2", "--output", "whole.jsonl"]);
    assert_eq!(code(&whole), 0, "{}", stderr(&whole));

    let output = class.grade(&["merge", "shard-1.jsonl", "shard-3.jsonl", "--output", "merged.jsonl"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("warning: shard(s) 2/3 missing"), "{err}");

    let output = class.grade(&["merge", "shard-1.jsonl", "shard-2.jsonl", "shard-3.jsonl", "--output", "merged.jsonl"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(!stderr(&output).contains("warning"), "{}", stderr(&output));
    let merged = summary_lines(&class.read("merged.jsonl")).remove(0);
    let batch = summary_lines(&class.read("whole.jsonl")).remove(0);
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(keys(&merged), keys(&batch), "merge's summary has batch's fields");
    for field in ["students", "results", "passing", "errors", "max_score", "without_files", "course", "class"] {
        assert_eq!(merged[field], batch[field], "{field}: {merged:#} vs {batch:#}");
    }
    assert_eq!(merged["merged_from"], 3);
    assert_eq!(merged["shard"], serde_json::Value::Null);
    assert_eq!(batch["passing"], 4, "{batch}");
}

#[test]
fn a_file_with_no_summary_and_files_of_two_classes_are_warned_about() {
    let class = small_class();
    let output = class.batch(&["-j", "2", "--output", "a.jsonl"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    // A second class in the same course: another folder of students.
    let other = class.path("other");
    std::fs::create_dir_all(other.join("zed")).unwrap();
    std::fs::write(other.join("zed/exercise-01.js"), solution("exercise-01")).unwrap();
    let output = class.grade(&["batch", "other", "--output", "b.jsonl"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    // A batch killed before its summary.
    let text = class.read("a.jsonl");
    let cut: String = text.lines().take(2).map(|l| format!("{l}\n")).collect();
    std::fs::write(class.path("cut.jsonl"), cut).unwrap();

    let output = class.grade(&["merge", "a.jsonl", "b.jsonl", "cut.jsonl", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let err = stderr(&output);
    let warning = err.lines().find(|l| l.contains("different classes")).unwrap_or_else(|| panic!("{err}"));
    assert!(warning.starts_with("warning: these files grade 2 different classes: "), "{err}");
    assert!(warning.contains("class (4 students, 6 files to grade) in a.jsonl"), "{err}");
    assert!(warning.contains("other (1 students, 1 files to grade) in b.jsonl"), "{err}");
    assert!(err.contains("cut.jsonl has no summary line: the batch that wrote it did not finish"), "{err}");
    assert_eq!(records(&stdout(&output)).len(), 7, "the merge still holds every record");
}

#[test]
fn results_of_another_course_are_refused() {
    let class = small_class();
    let output = class.batch(&["-j", "2", "--output", "a.jsonl"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    // The course changes under the results: a check renamed.
    let path = class.path("exercises/exercise-01.toml");
    let toml = std::fs::read_to_string(&path).unwrap();
    let first_name = toml.lines().find_map(|l| l.strip_prefix("name = ")).unwrap().to_string();
    std::fs::write(&path, toml.replacen(&format!("name = {first_name}"), "name = \"a renamed check\"", 1)).unwrap();
    let output = class.grade(&["merge", "a.jsonl", "--report", "report"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("a.jsonl was graded against another course"), "{err}");
    assert!(!class.path("report/gradebook.csv").exists());
    // Resuming into results of the old course would mix the two in one gradebook too.
    let before = class.read("a.jsonl");
    let output = class.batch(&["--resume", "--output", "a.jsonl"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("a.jsonl was graded against another course"), "{}", stderr(&output));
    assert_eq!(class.read("a.jsonl"), before, "nothing appended");
}

#[test]
fn a_merge_outside_the_course_reports_under_the_courses_title() {
    let class = small_class();
    let output = class.batch(&["-j", "2", "--output", "a.jsonl", "--report", "here"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let elsewhere = tempfile::tempdir().unwrap();
    let output = crate::support::grade_in(elsewhere.path())
        .arg("merge")
        .arg(class.path("a.jsonl"))
        .args(["--output", "class.jsonl", "--report", "report"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let report = std::fs::read_to_string(elsewhere.path().join("report/report.md")).unwrap();
    assert!(report.starts_with("# Closures: functions with memories: class report"), "{report}");
    assert_eq!(report, class.read("here/report.md"), "the same report as in the course");
    let merged = std::fs::read_to_string(elsewhere.path().join("class.jsonl")).unwrap();
    assert_eq!(summary_lines(&merged)[0]["course"], summary_lines(&class.read("a.jsonl"))[0]["course"]);
}
