//! Unit tests of the CI formats on hand-made outcomes.

use std::time::Duration;

use super::*;
use crate::grading::CheckCode;

fn check(name: &str, status: Status, hidden: bool) -> CheckOutcome {
    CheckOutcome {
        name: name.into(),
        status,
        points: 0,
        max_points: 1,
        hidden,
        hint: Some("SECRET-HINT".into()),
        code: CheckCode { setup: None, action: vec!["secretCall()".into()], calls: false, line: 3 },
        message: Some("returned SECRET-VALUE; expected 1".into()),
        mismatches: Vec::new(),
        stdout: "SECRET-STDOUT\n".into(),
        stderr: String::new(),
        duration: Duration::from_millis(1),
    }
}

fn outcome(checks: Vec<CheckOutcome>) -> Outcome {
    Outcome {
        exercise: "exercise-03".into(),
        title: "t".into(),
        submission: "s.js".into(),
        status: Status::Fail,
        score: 0,
        max_score: checks.len() as u32,
        message: None,
        interrupted: None,
        location: None,
        source_line: None,
        syntax: None,
        checks,
        mistake: None,
        more_mistakes: Vec::new(),
        shapes: Vec::new(),
        duration: Duration::from_millis(3),
    }
}

#[test]
fn junit_keeps_hidden_checks_to_name_and_verdict() {
    let hidden = outcome(vec![check("secret", Status::Fail, true), check("broken", Status::Error, true)]);
    let xml = junit(&[&hidden]).unwrap();
    assert!(!xml.contains("SECRET"), "{xml}");
    assert!(!xml.contains("system-out"), "{xml}");
    assert!(xml.contains("failed (hidden check)") && xml.contains("error (hidden check)"), "{xml}");
    assert!(xml.contains("secret") && xml.contains("<failure") && xml.contains("<error"), "{xml}");

    let shown = outcome(vec![check("open", Status::Fail, false)]);
    let xml = junit(&[&shown]).unwrap();
    assert!(xml.contains("SECRET-VALUE") && xml.contains("SECRET-STDOUT"), "{xml}");
}

#[test]
fn hostile_text_is_inert_in_every_ci_format() {
    let mut c = check("open", Status::Fail, false);
    c.message = Some("threw \u{fffe}\u{ffff}\u{1b}[31m\n::add-mask::SECRET".into());
    c.stdout = "::notice title=pass::all good\r::stop-commands::x\n\u{0}##[add-mask]y\n".into();
    let o = outcome(vec![c]);
    let xml = junit(&[&o]).unwrap();
    roxmltree::Document::parse(&xml).expect("well-formed");
    let mut texts = vec![xml];
    texts.extend(gradescope(&[&o]).tests.into_iter().map(|t| t.output));
    texts.extend(classroom(&[&o]).tests.into_iter().map(|t| t.message));
    for text in texts {
        for bad in ['\u{fffe}', '\u{ffff}', '\u{1b}', '\u{0}', '\r'] {
            assert!(!text.contains(bad), "{bad:?} in {text}");
        }
        assert!(!text.contains("##["), "{text}");
        assert!(!text.lines().any(|l| l.trim_start().starts_with("::")), "{text}");
    }
}

#[test]
fn hidden_checks_tell_instructors_why_in_gradescope_only_to_them() {
    let o = outcome(vec![check("secret", Status::Fail, true)]);
    let results = gradescope(&[&o]);
    assert_eq!(results.tests.len(), 2);
    let (student, instructor) = (&results.tests[0], &results.tests[1]);
    assert_eq!((student.visibility, student.max_score), ("after_published", 1));
    assert!(!student.output.contains("SECRET"), "{}", student.output);
    assert_eq!((instructor.visibility, instructor.max_score, instructor.score), ("hidden", 0, 0));
    assert!(instructor.output.contains("SECRET-VALUE"), "{}", instructor.output);
    assert_eq!(results.score, 0);
}

#[test]
fn classroom_messages_are_bounded_each_and_in_total() {
    let checks = (0..40)
        .map(|i| {
            let mut c = check(&format!("check {i}"), Status::Fail, false);
            c.message = Some("x".repeat(100_000));
            c
        })
        .collect();
    let o = outcome(checks);
    let report = classroom(&[&o]);
    let json = serde_json::to_string_pretty(&report).unwrap();
    assert!(json.len() <= classroom::TOTAL_LIMIT, "{} bytes", json.len());
    assert!(report.tests.iter().all(|t| t.message.len() <= classroom::MESSAGE_LIMIT + 40));
    assert!(report.tests[0].message.contains("more bytes not shown"), "{}", report.tests[0].message);
    assert!(
        report.tests[0].message.len() > 1_000,
        "the budget is shared, not wasted: {}",
        report.tests[0].message.len()
    );

    // Short messages stay whole beside long ones.
    let mut checks: Vec<CheckOutcome> = (0..80).map(|i| check(&format!("short {i}"), Status::Fail, false)).collect();
    checks[0].message = Some("y".repeat(1_000_000));
    let report = classroom(&[&outcome(checks)]);
    assert!(report.tests[1].message.contains("SECRET-VALUE") && !report.tests[1].message.contains("not shown"));
    assert!(report.tests[0].message.len() > classroom::MESSAGE_LIMIT / 2);
    assert!(serde_json::to_string_pretty(&report).unwrap().len() <= classroom::TOTAL_LIMIT);
}
