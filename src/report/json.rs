//! The `json` format of spec §6: one object per graded submission.

use serde_json::{Value, json};

use crate::grading::{CheckOutcome, Mismatch, Outcome, in_actual_order};
use crate::value::{JsValueSnapshot, Slot, inspect};

/// The JSON object for one outcome.
pub fn outcome_json(outcome: &Outcome) -> Value {
    let mut object = json!({
        "version": 1,
        "exercise": outcome.exercise,
        "submission": outcome.submission,
        "status": outcome.status.as_str(),
        "score": outcome.score,
        "max_score": outcome.max_score,
        "message": outcome.message,
        "checks": outcome.checks.iter().map(check_json).collect::<Vec<_>>(),
        "duration_ms": millis(outcome.duration),
    });
    if let Some((line, column)) = outcome.location {
        object["location"] = json!({ "line": line, "column": column });
    }
    if let Some(mistake) = &outcome.mistake {
        object["mistake"] = json!({ "name": mistake.name, "explain": mistake.explain });
    }
    object
}

fn millis(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0
}

fn check_json(check: &CheckOutcome) -> Value {
    let (expected, actual) = if check.hidden { (None, None) } else { expected_actual(check) };
    json!({
        "name": check.name,
        "status": check.status.as_str(),
        "points": check.points,
        "max_points": check.max_points,
        "hidden": check.hidden,
        "message": if check.hidden { None } else { check.message.clone() },
        "expected": expected,
        "actual": actual,
        "stdout": if check.hidden { None } else { Some(check.stdout.clone()) },
        "duration_ms": millis(check.duration),
    })
}

/// The first mismatch's expected and actual side, printed as JavaScript (or as text for output).
fn expected_actual(check: &CheckOutcome) -> (Option<String>, Option<String>) {
    match check.mismatches.first() {
        Some(Mismatch::Value { expected, actual }) => {
            (Some(inspect(&in_actual_order(expected, actual))), Some(inspect(actual)))
        }
        Some(Mismatch::Output { expected, actual }) => (Some(expected.clone()), Some(actual.clone())),
        Some(Mismatch::Calls { rows, .. }) => {
            let expected = rows
                .iter()
                .map(|r| match &r.actual {
                    Ok(actual) => Slot::Value(in_actual_order(&r.expected, actual)),
                    Err(_) => Slot::Value(r.expected.clone()),
                })
                .collect();
            let expected = JsValueSnapshot::Array(expected);
            let actual: Vec<String> = rows
                .iter()
                .map(|r| match &r.actual {
                    Ok(v) => inspect(v),
                    Err(why) => format!("<{why}>"),
                })
                .collect();
            (Some(inspect(&expected)), Some(format!("[ {} ]", actual.join(", "))))
        }
        None => (None, None),
    }
}

/// The JSON object for one learner's whole course (`grade all`): every exercise, graded or not.
pub fn course_json(submissions: &str, exercises: &[(String, u32)], outcomes: &[Option<Outcome>]) -> Value {
    let results: Vec<Value> = exercises
        .iter()
        .zip(outcomes)
        .map(|((id, max), outcome)| match outcome {
            Some(o) => outcome_json(o),
            None => json!({
                "version": 1,
                "exercise": id,
                "submission": null,
                "status": "missing",
                "score": 0,
                "max_score": max,
                "message": "not submitted",
                "checks": [],
            }),
        })
        .collect();
    let score: u32 = outcomes.iter().flatten().map(|o| o.score).sum();
    let max: u32 = exercises.iter().map(|(_, m)| m).sum();
    let all_pass = outcomes.iter().all(|o| o.as_ref().is_some_and(|o| o.status == crate::grading::Status::Pass));
    json!({
        "version": 1,
        "submissions": submissions,
        "status": if all_pass { "pass" } else { "fail" },
        "score": score,
        "max_score": max,
        "results": results,
    })
}
