//! `grade show`, `grade check` and the report of a graded file count an exercise's checks the
//! same way (the automatic "no global leaks" check included), and never say "1 checks".

use serde_json::Value;

use crate::harness::stdout;
use crate::support::{grade_in, repo};

/// The number right after the first `after` in `text`, when ` check` or ` checks` follows it.
fn count_after(text: &str, after: &str) -> Option<usize> {
    let rest = &text[text.find(after)? + after.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let tail = &rest[digits.len()..];
    (tail.starts_with(" check") || tail.starts_with(" checks")).then(|| digits.parse().ok()).flatten()
}

#[test]
fn show_check_and_the_report_agree_on_every_exercise() {
    let check = stdout(&grade_in(&repo()).arg("check").output().unwrap());
    assert!(!check.contains(" 1 checks") && !check.contains("\n1 checks"), "{check}");
    for line in check.lines().filter(|l| l.starts_with('✓') || l.starts_with('✗')) {
        let id = line.split_whitespace().nth(1).unwrap();
        let in_check = count_after(line, &format!("{id}  ")).unwrap_or_else(|| panic!("{line}"));
        let show = stdout(&grade_in(&repo()).args(["show", id]).output().unwrap());
        assert!(!show.contains("\n1 checks") && !show.contains("(1 hints)"), "{show}");
        // The line that starts with the count: "7 checks (2 hidden), 7 points. ..."
        let in_show = show.lines().find_map(|l| count_after(l, ""));
        let solution = repo().join("solutions").join(format!("{id}.js"));
        let report = grade_in(&repo()).args([id, solution.to_str().unwrap(), "--format", "json"]).output().unwrap();
        let doc: Value = serde_json::from_slice(&report.stdout).unwrap();
        let in_report = doc["checks"].as_array().unwrap().len();
        assert_eq!(
            (in_check, in_show, in_report),
            (in_report, Some(in_report), in_report),
            "{id}: check, show, report"
        );
    }
}
