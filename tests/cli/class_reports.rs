//! The class reports show hand-in problems: files that could not be graded (syntax, empty,
//! binary, folder, symbolic link) and students with no files, in the terminal summary and in
//! report.md; an exercise nobody handed in is said to be so, not shown as `0/0 0%`; rates are
//! rounded; the files written get ordinary permissions; `--output` may name a folder not yet made.

use std::os::unix::fs::PermissionsExt;

use crate::batch::{Class, full_run, mistakes, solution, summary_lines};
use crate::harness::{code, stderr, stdout};

#[test]
fn hand_in_problems_and_students_without_files_are_in_the_summary_and_report_md() {
    let run = full_run();
    let text = stdout(&run.output);
    assert!(text.contains("Hand-in problems (5)"), "{text}");
    for (label, student_exercise) in [
        ("does not load (syntax error, error while loading, missing entry)", "eve/exercise-05"),
        ("binary file", "eve/exercise-06"),
        ("folder, not a file", "eve/exercise-03"),
        ("symbolic link", "eve/exercise-08"),
        ("stopped (native code or crash)", "eve/exercise-04"),
    ] {
        assert!(text.lines().any(|l| l.trim_start().starts_with("1  ") && l.ends_with(label)), "{label}:\n{text}");
        assert!(text.contains(&format!("{student_exercise}: ")), "{student_exercise}:\n{text}");
    }
    assert!(text.contains("Students with no files (1): fay"), "{text}");

    let report = run.class.read("report/report.md");
    assert!(report.contains("## Hand-in problems"), "{report}");
    for row in [
        "| eve | exercise-03 | folder, not a file |",
        "| eve | exercise-05 | does not load (syntax error, error while loading, missing entry) |",
        "| eve | exercise-06 | binary file |",
        "| eve | exercise-08 | symbolic link |",
    ] {
        assert!(report.contains(row), "report.md lacks `{row}`:\n{report}");
    }
    assert!(report.contains("## Students with no files\n\nfay"), "{report}");
    // The records carry the problem, typed, for merge and for scripts.
    let problems: Vec<(String, String)> = crate::batch::records(&run.jsonl)
        .into_iter()
        .filter_map(|((s, e), r)| Some((format!("{s}/{e}"), r.get("problem")?.as_str()?.to_string())))
        .collect();
    assert!(problems.contains(&("eve/exercise-06".into(), "binary".into())), "{problems:?}");
    assert!(problems.contains(&("eve/exercise-08".into(), "symlink".into())), "{problems:?}");
    let summary = &summary_lines(&run.jsonl)[0];
    assert_eq!(summary["errors"], 5, "{summary}");
}

#[test]
fn an_exercise_nobody_handed_in_is_said_so_and_rates_are_rounded() {
    let class = Class::new();
    // exercise-01: 2 of 3 pass (66.7% → 67%); exercise-02: 1 of 8 (12.5% → 13%); nobody did the rest.
    for student in ["a1", "a2"] {
        class.write(student, "exercise-01", solution("exercise-01"));
    }
    class.write("a3", "exercise-01", mistakes("exercise-01")[0].1.as_str());
    class.write("b0", "exercise-02", solution("exercise-02"));
    for i in 1..8 {
        class.write(&format!("b{i}"), "exercise-02", mistakes("exercise-02")[0].1.as_str());
    }
    // An empty file is an error, and counted in its exercise's hand-ins.
    class.write("c0", "exercise-03", "  \n");
    let output = class.batch(&["-j", "2", "--output", "out.jsonl", "--report", "report"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.lines().any(|l| l.contains("exercise-01") && l.contains("2/3") && l.ends_with("67%")), "{text}");
    assert!(text.lines().any(|l| l.contains("exercise-02") && l.contains("1/8") && l.ends_with("13%")), "{text}");
    assert!(text.lines().any(|l| l.contains("exercise-03") && l.contains("0/1") && l.ends_with(" 0%")), "{text}");
    assert!(text.lines().any(|l| l.contains("exercise-14") && l.ends_with("nobody handed it in")), "{text}");
    assert!(!text.contains("0/0"), "{text}");
    assert!(text.contains("1  empty file"), "{text}");
    let report = class.read("report/report.md");
    assert!(report.contains("| exercise-01 | 3 | 2 | 67% |"), "{report}");
    assert!(report.contains("| exercise-14 | 0 | – | nobody handed it in |"), "{report}");
    assert!(report.contains("| c0 | exercise-03 | empty file |"), "{report}");
}

#[test]
fn written_files_get_ordinary_permissions_and_missing_folders_are_made() {
    let class = Class::new();
    class.write("ada", "exercise-01", solution("exercise-01"));
    let output = class.batch(&["--output", "new/deeper/out.jsonl", "--report", "reports/week-3"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let mode = |rel: &str| std::fs::metadata(class.path(rel)).unwrap().permissions().mode() & 0o777;
    // 0644 under the usual umask 022: an ordinary file, not tempfile's private 0600.
    for rel in [
        "new/deeper/out.jsonl",
        "reports/week-3/gradebook.csv",
        "reports/week-3/report.md",
        "reports/week-3/report.html",
    ] {
        assert_eq!(mode(rel), 0o666 & !umask(), "{rel}");
    }
    let merged = class.grade(&["merge", "new/deeper/out.jsonl", "--output", "merged/here/class.jsonl"]);
    assert_eq!(code(&merged), 0, "{}", stderr(&merged));
    assert_eq!(mode("merged/here/class.jsonl"), 0o666 & !umask());
    let all = class.grade(&["all", "class/ada", "--format", "json", "--output", "new/ada.json"]);
    assert_eq!(code(&all), 1, "{}", stderr(&all));
    assert_eq!(mode("new/ada.json"), 0o666 & !umask());
}

/// The process's umask (read by setting it and putting it back).
fn umask() -> u32 {
    // SAFETY: umask has no preconditions; it is put back at once.
    let mask = unsafe { libc::umask(0o022) };
    unsafe { libc::umask(mask) };
    #[allow(clippy::useless_conversion)] // mode_t is u32 on Linux, u16 on macOS
    u32::from(mask)
}

#[test]
fn batch_help_does_not_call_the_appended_output_atomic() {
    let class = Class::new();
    let output = class.grade(&["batch", "--help"]);
    assert_eq!(code(&output), 0);
    let help = stdout(&output);
    let output_help: String =
        help.lines().skip_while(|l| !l.trim_start().starts_with("--output")).take(3).collect::<Vec<_>>().join(" ");
    assert!(!output_help.contains("atomically)"), "{help}");
    assert!(output_help.contains("appends"), "{help}");
    assert!(help.contains("--roster") && help.contains("--gradebook-format"), "{help}");
}

#[test]
fn the_gradebook_format_and_roster_are_checked_before_grading() {
    let class = Class::new();
    class.write("ada", "exercise-01", solution("exercise-01"));
    let output = class.batch(&["--report", "r", "--gradebook-format", "canvas", "--output", "out.jsonl"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("--gradebook-format canvas needs --roster FILE"), "{}", stderr(&output));
    assert!(!class.path("out.jsonl").exists(), "nothing was graded");
    let output = class.batch(&["--report", "r", "--roster", "no-such.csv"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("cannot read the roster no-such.csv"), "{}", stderr(&output));
    let output = class.batch(&["--roster", "no-such.csv"]);
    assert_eq!(code(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("add --report"), "{}", stderr(&output));
}

#[test]
fn an_unprivileged_user_gets_the_same_class_report_as_root() {
    let class = Class::new();
    class.write("ada", "exercise-01", solution("exercise-01"));
    class.write("ada", "exercise-03", mistakes("exercise-03")[0].1.as_str());
    std::fs::write(class.student("bob").join("Exercise-02.js"), solution("exercise-02")).unwrap();
    class.write("bob", "exercise-04", "function makeCounter( {\n");
    class.write("cyd", "exercise-05", b"\0\x01binary");
    class.student("dee");
    std::fs::write(class.path("class/README.txt"), "week 3\n").unwrap();
    let as_root = class.batch(&["-j", "2", "--output", "root.jsonl", "--report", "root"]);
    assert_eq!(code(&as_root), 0, "{}", stderr(&as_root));

    let copy = crate::support::Unprivileged::new(class.root.path());
    let out = copy.writable("out");
    let output = copy
        .grade()
        .args(["batch", "class", "-j", "2", "--output"])
        .arg(out.join("class.jsonl"))
        .arg("--report")
        .arg(out.join("report"))
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    let mine = std::fs::read_to_string(out.join("class.jsonl")).unwrap();
    assert_eq!(crate::batch::verdicts(&mine), crate::batch::verdicts(&class.read("root.jsonl")));
    assert_eq!(crate::batch::records(&mine).len(), 5);
    assert!(stderr(&output).contains("warning: README.txt"), "{}", stderr(&output));
    for file in ["gradebook.csv", "report.md"] {
        let theirs = std::fs::read_to_string(out.join("report").join(file)).unwrap();
        assert_eq!(theirs, class.read(&format!("root/{file}")), "{file}");
    }
    let html = out.join("report/report.html");
    assert_eq!(std::fs::metadata(&html).unwrap().permissions().mode() & 0o777, 0o666 & !umask());
}

#[test]
fn nothing_from_the_class_starts_a_workflow_command_in_a_ci_log() {
    let class = Class::new();
    let name = "##[group]eve";
    class.write(name, "exercise-01", "throw new Error('##[error]fake\\n::error::fake');\n");
    let output = class.batch(&["--format", "json"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let lines = stdout(&output);
    assert!(!lines.contains("##["), "{lines}");
    let records = crate::batch::records(&lines);
    let record = &records[&(name.to_string(), "exercise-01".to_string())];
    assert!(record["message"].as_str().unwrap().contains("##[error]fake"), "the data is intact: {record}");

    let output = class.batch(&["--output", "out.jsonl", "--report", "report"]);
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    for (what, text) in
        [("stdout", stdout(&output)), ("stderr", stderr(&output)), ("out.jsonl", class.read("out.jsonl"))]
    {
        assert!(!text.contains("##["), "{what}: {text}");
        assert!(!text.split(['\n', '\r']).any(|l| l.trim_start().starts_with("::")), "{what}: {text}");
    }
    let merged = class.grade(&["merge", "out.jsonl", "--format", "json"]);
    assert!(!stdout(&merged).contains("##["), "{}", stdout(&merged));
}
