//! The `json` format of spec §6 and §7: one [`SubmissionResult`] per graded submission, and for
//! `grade all` one object for a learner's whole course. Typed structs, serialised by serde.

use serde::Serialize;

use crate::grading::{Outcome, Status};
use crate::results::SubmissionResult;
pub use crate::results::missing_message;

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
    pub results: Vec<SubmissionResult>,
}

/// `value` as pretty JSON and a newline, safe to print in a CI log: `##[` (a GitHub Actions
/// workflow command anywhere in a line) is written `##\u005b`, which every JSON reader decodes
/// back to `##[`. (A JSON document has no other way to start one: its strings never span lines.)
pub fn to_log_safe_json<T: Serialize>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    Ok(format!("{}\n", text.replace("##[", "##\\u005b")))
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
    let results: Vec<SubmissionResult> = entries
        .iter()
        .map(|e| match e.outcome {
            Some(o) => SubmissionResult::from_outcome(o),
            None => SubmissionResult::missing(e.exercise, e.max_score, &e.expected_at),
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
