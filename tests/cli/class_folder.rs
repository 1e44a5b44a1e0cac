//! `grade batch` reads the class folder as an instructor collected it: nothing is passed over
//! without a word. Files that are unambiguously an exercise's (letter case, a cloned Classroom
//! repository's `submissions/` folder) are graded and noted; everything else is warned about by
//! name on stderr and listed in report.md and in the summary line; one student's folder given as
//! the class is refused.

use crate::batch::{Class, records, solution, summary_lines};
use crate::harness::{code, stderr, stdout};

/// The class of the issue: misnamed, miscased and nested files, a stray file at the top.
fn odd_class() -> Class {
    let class = Class::new();
    let put = |rel: &str, text: &str| {
        let path = class.path("class").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    put("amy/exercise-1.js", &solution("exercise-01"));
    put("amy/Exercise-03.js", &solution("exercise-03"));
    put("bob/exercise-02.JS", &solution("exercise-02"));
    put("kim/exercise-99.js", "function nothing() {}\n");
    put("README.txt", "hand-ins for week 3\n");
    put("dot/submissions/exercise-01.js", &solution("exercise-01"));
    put("dot/README.md", "# my repo\n");
    put("dot/.github/classroom/autograding.json", "{}\n");
    class
}

#[test]
fn files_matched_up_to_case_or_nesting_are_graded_and_the_rest_named() {
    let class = odd_class();
    let output = class.batch(&["-j", "2", "--output", "out.jsonl", "--report", "report"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let graded: Vec<(String, String, String)> = records(&class.read("out.jsonl"))
        .into_iter()
        .map(|((student, exercise), r)| (student, exercise, r["submission"].as_str().unwrap().to_string()))
        .collect();
    let want = [
        ("amy", "exercise-03", "amy/Exercise-03.js"),
        ("bob", "exercise-02", "bob/exercise-02.JS"),
        ("dot", "exercise-01", "dot/submissions/exercise-01.js"),
    ]
    .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()));
    assert_eq!(graded, want, "each record names the file it graded");
    let records = records(&class.read("out.jsonl"));
    assert!(records.values().all(|r| r["status"] == "pass"), "{records:#?}");

    // Every file not graded as it stands is named on stderr, with what to do.
    let err = stderr(&output);
    for line in [
        "warning: README.txt: a file at the top of the class folder, where each student has a folder; not graded",
        "warning: amy/exercise-1.js: no exercise has this name (did you mean exercise-01.js?); not graded",
        "warning: kim/exercise-99.js: no exercise of the course has this name; not graded",
        "warning: dot/README.md: not an exercise file (<exercise-id>.js); not graded",
        "note: amy/Exercise-03.js: graded as exercise-03.js",
        "note: bob/exercise-02.JS: graded as exercise-02.js",
        "note: dot/submissions/exercise-01.js: graded as exercise-01.js",
    ] {
        assert!(err.lines().any(|l| l == line), "stderr lacks `{line}`:\n{err}");
    }
    assert!(!err.contains(".github"), "hidden folders are not students' work: {err}");

    // ... and listed in report.md, the terminal summary and the summary line.
    let report = class.read("report/report.md");
    assert!(report.contains("## Files not graded as they stand"), "{report}");
    for path in ["README.txt", "amy/exercise-1.js", "kim/exercise-99.js", "amy/Exercise-03.js"] {
        let escaped = path.replace('_', "\\_");
        assert!(report.contains(&escaped), "report.md lacks {path}:\n{report}");
    }
    assert!(report.contains("## Students with no files\n\nkim"), "{report}");
    assert!(stdout(&output).contains("Files not graded as they stand (7)"), "{}", stdout(&output));
    let summary = &summary_lines(&class.read("out.jsonl"))[0];
    let kinds: Vec<(&str, &str)> = summary["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["path"].as_str().unwrap(), f["kind"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("README.txt", "not-a-student"),
            ("amy/Exercise-03.js", "graded-as"),
            ("amy/exercise-1.js", "unknown-exercise"),
            ("bob/exercise-02.JS", "graded-as"),
            ("dot/README.md", "not-an-exercise-file"),
            ("dot/submissions/exercise-01.js", "graded-as"),
            ("kim/exercise-99.js", "unknown-exercise"),
        ]
    );
    assert_eq!(summary["without_files"], serde_json::json!(["kim"]));
}

#[test]
fn two_files_for_one_exercise_grade_the_exact_name_or_neither() {
    let class = Class::new();
    class.write("eve", "exercise-01", solution("exercise-01"));
    std::fs::write(class.student("eve").join("EXERCISE-01.js"), "broken(").unwrap();
    std::fs::write(class.student("fay").join("Exercise-02.js"), solution("exercise-02")).unwrap();
    std::fs::write(class.student("fay").join("exercise-02.JS"), solution("exercise-02")).unwrap();
    let output = class.batch(&["-j", "1", "--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let graded: Vec<_> = records(&stdout(&output)).into_keys().collect();
    assert_eq!(graded, [("eve".to_string(), "exercise-01".to_string())]);
    let err = stderr(&output);
    assert!(
        err.contains("eve/EXERCISE-01.js: another file for exercise-01; eve/exercise-01.js was graded instead"),
        "{err}"
    );
    assert!(
        err.contains("fay/Exercise-02.js: one of several files that could be exercise-02.js; none was graded"),
        "{err}"
    );
    assert!(err.contains("fay/exercise-02.JS: one of several files"), "{err}");
}

#[test]
fn one_students_folder_given_as_the_class_is_refused() {
    let class = Class::new();
    class.write("ada", "exercise-01", solution("exercise-01"));
    class.write("ada", "exercise-02", solution("exercise-02"));
    let output = class.grade(&["batch", "class/ada"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("class/ada holds 2 .js file(s) and no student folders"), "{err}");
    assert!(err.contains("one student's folder"), "{err}");
    assert!(err.contains("`grade batch class` if class/ada is one of them"), "{err}");
    assert!(!stdout(&output).contains("0 students"), "{}", stdout(&output));

    // A cloned repository given as the class, and an empty class, say so too.
    std::fs::create_dir_all(class.path("repo/submissions")).unwrap();
    std::fs::write(class.path("repo/submissions/exercise-01.js"), solution("exercise-01")).unwrap();
    let output = class.grade(&["batch", "repo"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("one student's repository"), "{}", stderr(&output));
    std::fs::create_dir_all(class.path("empty")).unwrap();
    let output = class.grade(&["batch", "empty"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("empty holds no student folders"), "{}", stderr(&output));
}
