//! Untrusted text is inert in every report: hostile submissions (tests/fixtures/reports/hostile/)
//! print terminal escapes, CR and BS, bidi overrides, fake `✓` and `Score` lines, GitHub Actions
//! workflow commands and noncharacters, or claim column 4,000,000,000 in their stack.

use insta::assert_snapshot;

use crate::support::{fixture, grade_in, without_timings};

fn course() -> std::path::PathBuf {
    fixture("reports")
}

/// `grade greet hostile/<name>.js [args]`: the report, whatever the exit code (0 or 1).
fn report(name: &str, args: &[&str]) -> String {
    let file = format!("hostile/{name}.js");
    let out = grade_in(&course()).args(["greet", file.as_str()]).args(args).output().expect("grade runs");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    String::from_utf8(out.stdout).expect("UTF-8 report")
}

/// No character a terminal, log viewer or XML reader would act on, and no workflow command.
fn assert_inert(text: &str) {
    for c in text.chars() {
        let active = (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{fffe}' | '\u{ffff}');
        assert!(!active, "{c:?} in\n{text}");
    }
    for line in text.split(['\n', '\r']) {
        assert!(!line.trim_start().starts_with("::"), "a workflow command starts a line: {line:?}");
    }
    assert!(!text.contains("##["), "the old workflow command form: {text}");
}

#[test]
fn the_human_report_shows_escapes_and_fences_console_output() {
    let out = report("escapes", &[]);
    assert_inert(&out);
    // The submission's fake lines sit behind the gutter, never at the start of a report line.
    for line in out.lines() {
        let fake = line.contains("greets Ada") && line.contains("1/1") || line.contains("Score 3/3");
        let fenced = line.starts_with("      + │ ") || line.starts_with("      │ ");
        assert!(!fake || fenced, "a fake line passes for the grader's: {line:?}");
    }
    assert!(out.contains("\\x1b[2J") && out.contains("\\u{202e}") && out.contains("\\x07\\x00"), "{out}");
    assert_snapshot!(without_timings(&out));
}

#[test]
fn a_claimed_column_does_not_size_the_caret() {
    let out = report("column", &[]);
    assert_inert(&out);
    assert!(out.len() < 2_000, "{} bytes", out.len());
    assert!(out.contains("column 4000000000"), "{out}");
    assert_snapshot!(without_timings(&out));
}

#[test]
fn every_ci_format_is_inert() {
    for format in ["junit", "gradescope", "classroom"] {
        let text = report("escapes", &["--format", format]);
        let text = if format == "junit" {
            text
        } else {
            // Read the strings the consumer reads (JSON escapes would hide a raw control).
            let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            let mut strings = Vec::new();
            collect_strings(&json, &mut strings);
            strings.join("\n")
        };
        assert_inert(&text);
    }
}

fn collect_strings(value: &serde_json::Value, into: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => into.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, into)),
        serde_json::Value::Object(map) => map.values().for_each(|v| collect_strings(v, into)),
        _ => {}
    }
}

#[test]
fn junit_with_noncharacters_is_well_formed_and_valid() {
    let xml = report("escapes", &["--format", "junit"]);
    roxmltree::Document::parse(&xml).expect("JUnit output is well-formed XML");
    assert!(xml.contains("\\u{fffe}") && xml.contains("\\u{ffff}"), "shown as escapes: {xml}");
    crate::formats::assert_valid_junit(&xml);
}

#[test]
fn the_course_summary_shows_a_hostile_load_error_on_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(course().join("hostile/column.js"), dir.path().join("greet.js")).unwrap();
    let out = grade_in(&course()).args(["all", dir.path().to_str().unwrap()]).output().expect("grade runs");
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let text = String::from_utf8(out.stdout).unwrap();
    assert_inert(&text);
    let line = text.lines().find(|l| l.contains("greet")).expect("greet's line");
    assert!(line.contains("\\x1b[2Jclaimed column\\n::error::forged"), "{text}");
}

#[test]
fn json_keeps_the_data_but_cannot_start_a_workflow_command() {
    let text = report("escapes", &["--format", "json"]);
    assert!(!text.contains("##[") && !text.lines().any(|l| l.trim_start().starts_with("::")), "{text}");
    let json: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let stdout = json["checks"][1]["stdout"].as_str().unwrap();
    assert!(
        stdout.contains("::add-mask::Hello\n") && stdout.contains("say ##[set-output name=result;]forged\n"),
        "{stdout}"
    );
    assert!(stdout.contains('\u{1b}'), "JSON is data: the text as printed, escaped by JSON only");
}
