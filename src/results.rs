//! A graded submission as typed, serde-derived data: the spec §6 object that `--format json`,
//! `grade all --format json`, batch JSON Lines and `merge` all write and read (batch adds the
//! student and the hand-in problem around it: [`crate::class::Record`]). Built from an
//! [`Outcome`] in one place; no report builds its own.

use serde::{Deserialize, Serialize};

use crate::grading::{CheckOutcome, Interruption, MatchedMistake, Mismatch, Outcome, Status, in_actual_order};
use crate::value::{JsValueSnapshot, Slot, inspect};

/// The version of the §6 object.
pub const VERSION: u32 = 1;

/// One submission graded against one exercise (spec §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionResult {
    /// Always [`VERSION`].
    #[serde(default = "version")]
    pub version: u32,
    /// The exercise id.
    pub exercise: String,
    /// The file graded (relative to the class folder in a batch); null when none was handed in.
    #[serde(default)]
    pub submission: Option<String>,
    /// The verdict.
    pub status: Status,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// Why the submission as a whole did not load or was not graded.
    #[serde(default)]
    pub message: Option<String>,
    /// True when no file was handed in (then `status` is `error`); absent otherwise.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    /// One entry per check, in exercise order.
    #[serde(default)]
    pub checks: Vec<CheckRecord>,
    /// Wall time of the grading (absent when nothing was graded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// Line and column of a load error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The known mistake recognised.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mistake: Option<MatchedMistake>,
    /// Who stopped the grading from outside the engine, when it was stopped (`submission`:
    /// its own doing, such as native code past its budget; `grader`: the grader failed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interrupted: Option<Interruption>,
}

fn version() -> u32 {
    VERSION
}

/// A line and column in a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    /// From 1.
    pub line: u32,
    /// From 1.
    pub column: u32,
}

/// One check of a [`SubmissionResult`] (spec §6 `checks`); a hidden check keeps its details.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckRecord {
    /// The check's name.
    pub name: String,
    /// Its verdict.
    pub status: Status,
    /// Points earned.
    #[serde(default)]
    pub points: u32,
    /// Points available.
    #[serde(default)]
    pub max_points: u32,
    /// Whether details are kept from students (then message, expected, actual and stdout are null).
    #[serde(default)]
    pub hidden: bool,
    /// Why it failed.
    #[serde(default)]
    pub message: Option<String>,
    /// The expectation, printed as JavaScript.
    #[serde(default)]
    pub expected: Option<String>,
    /// What came back, printed as JavaScript.
    #[serde(default)]
    pub actual: Option<String>,
    /// Console output.
    #[serde(default)]
    pub stdout: Option<String>,
    /// Wall time of the check.
    #[serde(default)]
    pub duration_ms: f64,
}

impl SubmissionResult {
    /// The result of a graded outcome.
    pub fn from_outcome(outcome: &Outcome) -> SubmissionResult {
        SubmissionResult {
            version: VERSION,
            exercise: outcome.exercise.clone(),
            submission: Some(outcome.submission.clone()),
            status: outcome.status,
            score: outcome.score,
            max_score: outcome.max_score,
            message: outcome.message.clone(),
            missing: false,
            checks: outcome.checks.iter().map(CheckRecord::from_outcome).collect(),
            duration_ms: Some(millis(outcome.duration)),
            location: outcome.location.map(|(line, column)| Location { line, column }),
            mistake: outcome.mistake.clone(),
            interrupted: outcome.interrupted,
        }
    }

    /// The result for an exercise with no file: an error worth nothing, saying so.
    pub fn missing(exercise: &str, max_score: u32, expected_at: &str) -> SubmissionResult {
        SubmissionResult {
            version: VERSION,
            exercise: exercise.to_string(),
            submission: None,
            status: Status::Error,
            score: 0,
            max_score,
            message: Some(missing_message(expected_at)),
            missing: true,
            checks: Vec::new(),
            duration_ms: None,
            location: None,
            mistake: None,
            interrupted: None,
        }
    }

    /// The names of the checks that did not pass, in order.
    pub fn failing_checks(&self) -> impl Iterator<Item = &str> {
        self.checks.iter().filter(|c| c.status != Status::Pass).map(|c| c.name.as_str())
    }
}

/// What every format says of an exercise with no file.
pub fn missing_message(expected_at: &str) -> String {
    format!("no file was handed in: expected {expected_at}")
}

impl CheckRecord {
    /// The record of one check's outcome; a hidden check's details are left out.
    pub fn from_outcome(check: &CheckOutcome) -> CheckRecord {
        let (expected, actual) = if check.hidden { (None, None) } else { expected_actual(check) };
        CheckRecord {
            name: check.name.clone(),
            status: check.status,
            points: check.points,
            max_points: check.max_points,
            hidden: check.hidden,
            message: if check.hidden { None } else { check.message.clone() },
            expected,
            actual,
            stdout: if check.hidden { None } else { Some(check.stdout.clone()) },
            duration_ms: millis(check.duration),
        }
    }
}

#[cfg(test)]
impl CheckRecord {
    /// A failed check worth one point, for the class reports' tests.
    pub fn failed(name: &str) -> CheckRecord {
        CheckRecord {
            name: name.into(),
            status: Status::Fail,
            points: 0,
            max_points: 1,
            hidden: false,
            message: None,
            expected: None,
            actual: None,
            stdout: None,
            duration_ms: 0.0,
        }
    }
}

/// A duration in milliseconds, to the microsecond.
pub fn millis(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0
}

/// The first mismatch's expected and actual side, printed as JavaScript (or as text for output).
pub fn expected_actual(check: &CheckOutcome) -> (Option<String>, Option<String>) {
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
