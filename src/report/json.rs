//! The `json` format of spec §6 and §7: one object per graded submission, and for `grade all`
//! one object for a learner's whole course. Typed structs, serialised by serde.

use serde::Serialize;

use crate::grading::{CheckOutcome, Mismatch, Outcome, Status, in_actual_order};
use crate::value::{JsValueSnapshot, Slot, inspect};

/// The §6 object for one submission graded against one exercise.
#[derive(Debug, Serialize)]
pub struct OutcomeJson<'a> {
    /// Always 1.
    pub version: u32,
    /// The exercise id.
    pub exercise: &'a str,
    /// The submission's path; null when no file was handed in.
    pub submission: Option<&'a str>,
    /// `pass`, `fail` or `error`.
    pub status: Status,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// Why the submission as a whole did not load, if it did not.
    pub message: Option<String>,
    /// True when no file was handed in (then `status` is `error`); absent otherwise.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub missing: bool,
    /// One object per check.
    pub checks: Vec<CheckJson<'a>>,
    /// Wall time of the grading (absent when nothing was graded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duration_ms: Option<f64>,
    /// Where a load error is, when the engine said.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// The known mistake the submission makes, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mistake: Option<MistakeJson<'a>>,
}

/// A line and column in the submission.
#[derive(Debug, Serialize)]
pub struct Location {
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
}

/// A known mistake recognised in the submission.
#[derive(Debug, Serialize)]
pub struct MistakeJson<'a> {
    /// Its name.
    pub name: &'a str,
    /// What it teaches.
    pub explain: &'a str,
}

/// The §6 object for one check; a hidden check keeps its details to itself.
#[derive(Debug, Serialize)]
pub struct CheckJson<'a> {
    /// The check's name.
    pub name: &'a str,
    /// `pass`, `fail` or `error`.
    pub status: Status,
    /// Points earned.
    pub points: u32,
    /// Points available.
    pub max_points: u32,
    /// Whether details are kept from students.
    pub hidden: bool,
    /// Why it failed, in one line.
    pub message: Option<&'a str>,
    /// The first mismatch's expected side, printed as JavaScript (or as text for output).
    pub expected: Option<String>,
    /// The first mismatch's actual side.
    pub actual: Option<String>,
    /// Console output of setup and action.
    pub stdout: Option<&'a str>,
    /// Wall time of the check.
    pub duration_ms: f64,
}

/// The §7 object of `grade all --format json`: every exercise of the course, graded or not.
#[derive(Debug, Serialize)]
pub struct CourseJson<'a> {
    /// Always 1.
    pub version: u32,
    /// The folder of the learner's files.
    pub submissions: &'a str,
    /// `pass` when every exercise passed, else `fail`.
    pub status: Status,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// One §6 object per exercise, in course order.
    pub results: Vec<OutcomeJson<'a>>,
}

impl<'a> OutcomeJson<'a> {
    /// The object for a graded outcome.
    pub fn new(outcome: &'a Outcome) -> OutcomeJson<'a> {
        OutcomeJson {
            version: 1,
            exercise: &outcome.exercise,
            submission: Some(&outcome.submission),
            status: outcome.status,
            score: outcome.score,
            max_score: outcome.max_score,
            message: outcome.message.clone(),
            missing: false,
            checks: outcome.checks.iter().map(CheckJson::new).collect(),
            duration_ms: Some(millis(outcome.duration)),
            location: outcome.location.map(|(line, column)| Location { line, column }),
            mistake: outcome.mistake.as_ref().map(|m| MistakeJson { name: &m.name, explain: &m.explain }),
        }
    }

    /// The object for an exercise with no file: an error worth nothing, saying so.
    pub fn missing(exercise: &'a str, max_score: u32, expected_at: &str) -> OutcomeJson<'a> {
        OutcomeJson {
            version: 1,
            exercise,
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
        }
    }
}

/// What every format says of an exercise with no file.
pub fn missing_message(expected_at: &str) -> String {
    format!("no file was handed in: expected {expected_at}")
}

impl<'a> CheckJson<'a> {
    fn new(check: &'a CheckOutcome) -> CheckJson<'a> {
        let (expected, actual) = if check.hidden { (None, None) } else { expected_actual(check) };
        CheckJson {
            name: &check.name,
            status: check.status,
            points: check.points,
            max_points: check.max_points,
            hidden: check.hidden,
            message: if check.hidden { None } else { check.message.as_deref() },
            expected,
            actual,
            stdout: if check.hidden { None } else { Some(&check.stdout) },
            duration_ms: millis(check.duration),
        }
    }
}

/// `value` as pretty JSON and a newline, safe to print in a CI log: `##[` (a GitHub Actions
/// workflow command anywhere in a line) is written `##\u005b`, which every JSON reader decodes
/// back to `##[`. (A JSON document has no other way to start one: its strings never span lines.)
pub fn to_log_safe_json<T: Serialize>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(format!("{}\n", text.replace("##[", "##\\u005b")))
}

/// The §6 object for one outcome, as a JSON value (batch adds the student to it).
pub fn outcome_json(outcome: &Outcome) -> serde_json::Value {
    serde_json::to_value(OutcomeJson::new(outcome)).expect("the §6 object serialises")
}

fn millis(d: std::time::Duration) -> f64 {
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

/// One exercise of a learner's course: its id, its points, where its file was expected, and
/// its outcome when there was a file.
pub struct CourseEntry<'a> {
    /// The exercise id.
    pub exercise: &'a str,
    /// Points available.
    pub max_score: u32,
    /// The path its file was looked for at.
    pub expected_at: String,
    /// The outcome, or None when no file was handed in.
    pub outcome: Option<&'a Outcome>,
}

/// The §7 object for one learner's whole course (`grade all`).
pub fn course_json<'a>(submissions: &'a str, entries: &'a [CourseEntry<'a>]) -> CourseJson<'a> {
    let results: Vec<OutcomeJson<'a>> = entries
        .iter()
        .map(|e| match e.outcome {
            Some(o) => OutcomeJson::new(o),
            None => OutcomeJson::missing(e.exercise, e.max_score, &e.expected_at),
        })
        .collect();
    let all_pass = results.iter().all(|r| r.status == Status::Pass);
    CourseJson {
        version: 1,
        submissions,
        status: if all_pass { Status::Pass } else { Status::Fail },
        score: results.iter().map(|r| r.score).sum(),
        max_score: results.iter().map(|r| r.max_score).sum(),
        results,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_safe_json_reads_back_the_same() {
        let value = serde_json::json!({ "stdout": "say \\##[add-mask]x\n::notice::y ##[" });
        let text = to_log_safe_json(&value).unwrap();
        assert!(!text.contains("##[") && !text.lines().any(|l| l.trim_start().starts_with("::")), "{text}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&text).unwrap(), value);
    }

    #[test]
    fn a_missing_exercise_is_an_error_with_no_submission() {
        let entries = [CourseEntry {
            exercise: "exercise-01",
            max_score: 3,
            expected_at: "s/exercise-01.js".into(),
            outcome: None,
        }];
        let json = serde_json::to_value(course_json("s", &entries)).unwrap();
        let result = &json["results"][0];
        assert_eq!(result["status"], "error");
        assert_eq!(result["missing"], true);
        assert!(result["submission"].is_null());
        assert_eq!(result["message"], "no file was handed in: expected s/exercise-01.js");
        assert_eq!(
            (json["status"].as_str(), json["score"].as_u64(), json["max_score"].as_u64()),
            (Some("fail"), Some(0), Some(3))
        );
    }
}
