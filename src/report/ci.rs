//! The CI formats of spec §6: JUnit XML, Gradescope's `results.json`, and the JSON GitHub
//! Classroom's autograding reporter reads. Each takes one or more outcomes (one per exercise).

use std::time::Duration;

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_json::{Value, json};

use super::Paint;
use super::human::check_details;
use crate::grading::{CheckOutcome, Outcome, Status};

fn check_text(outcome: &Outcome, check: &CheckOutcome) -> String {
    if check.hidden && check.status != Status::Pass {
        return "hidden check: details are not shown".into();
    }
    match (&outcome.message, check.status) {
        (Some(message), Status::Error) => message.clone(),
        _ => check_details(check, &Paint::plain()),
    }
}

/// JUnit XML: one testsuite per exercise, one testcase per check; failures carry the diff.
pub fn junit(outcomes: &[&Outcome]) -> anyhow::Result<String> {
    let mut report = Report::new("grade");
    for outcome in outcomes {
        let mut suite = TestSuite::new(outcome.exercise.as_str());
        suite.set_time(outcome.duration);
        for check in &outcome.checks {
            let status = match check.status {
                Status::Pass => TestCaseStatus::success(),
                // A hidden check shows its name and verdict only, as in every other format.
                Status::Fail | Status::Error if check.hidden => {
                    let (kind, message) = match check.status {
                        Status::Fail => (NonSuccessKind::Failure, "failed (hidden check)"),
                        _ => (NonSuccessKind::Error, "error (hidden check)"),
                    };
                    let mut s = TestCaseStatus::non_success(kind);
                    s.set_message(message);
                    s
                }
                Status::Fail => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                    s.set_message(check.message.as_deref().unwrap_or("failed"))
                        .set_description(check_text(outcome, check));
                    s
                }
                Status::Error => {
                    let mut s = TestCaseStatus::non_success(NonSuccessKind::Error);
                    let message = outcome.message.as_deref().or(check.message.as_deref()).unwrap_or("error");
                    s.set_message(message).set_description(check_text(outcome, check));
                    s
                }
            };
            let mut case = TestCase::new(check.name.as_str(), status);
            case.set_classname(outcome.exercise.as_str()).set_time(check.duration);
            if !check.hidden {
                case.set_system_out(check.stdout.as_str());
            }
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    Ok(report.to_string()?)
}

fn seconds(d: Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}

fn test_name(outcomes: &[&Outcome], outcome: &Outcome, check: &CheckOutcome) -> String {
    if outcomes.len() > 1 { format!("{} › {}", outcome.exercise, check.name) } else { check.name.clone() }
}

/// Gradescope's autograder `results.json`; hidden checks are `after_published`.
pub fn gradescope(outcomes: &[&Outcome]) -> Value {
    let mut tests = Vec::new();
    let mut output = String::new();
    for outcome in outcomes {
        if let Some(message) = &outcome.message {
            output.push_str(&format!("{}: {message}\n", outcome.exercise));
        }
        if let Some(m) = &outcome.mistake {
            output.push_str(&format!(
                "{}: this looks like a known mistake, {}. {}\n",
                outcome.exercise, m.name, m.explain
            ));
        }
        for check in &outcome.checks {
            tests.push(json!({
                "name": test_name(outcomes, outcome, check),
                "score": check.points,
                "max_score": check.max_points,
                "status": if check.status == Status::Pass { "passed" } else { "failed" },
                "output": check_text(outcome, check),
                "visibility": if check.hidden { "after_published" } else { "visible" },
            }));
        }
    }
    json!({
        "score": outcomes.iter().map(|o| o.score).sum::<u32>(),
        "execution_time": seconds(outcomes.iter().map(|o| o.duration).sum()),
        "output": output,
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    })
}

/// The JSON GitHub Classroom's autograding reporter reads.
pub fn classroom(outcomes: &[&Outcome]) -> Value {
    let tests: Vec<Value> = outcomes
        .iter()
        .flat_map(|outcome| {
            outcome.checks.iter().map(move |check| {
                json!({
                    "name": test_name(outcomes, outcome, check),
                    "status": check.status.as_str(),
                    "score": check.points,
                    "message": check_text(outcome, check),
                    "test_code": if check.hidden { String::new() } else { check.code.text() },
                    "line_no": check.code.line,
                    "duration": check.duration.as_millis() as u64,
                })
            })
        })
        .collect();
    let status = if outcomes.iter().all(|o| o.status == Status::Pass) {
        "pass"
    } else if outcomes.iter().any(|o| o.status == Status::Error) {
        "error"
    } else {
        "fail"
    };
    json!({
        "version": 1,
        "status": status,
        "max_score": outcomes.iter().map(|o| o.max_score).sum::<u32>(),
        "tests": tests,
    })
}

#[cfg(test)]
mod tests {
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
            checks,
            mistake: None,
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
}
