//! Gradescope's autograder `results.json` (gradescope-autograders.readthedocs.io, "Autograder
//! Specifications"): the score, one test per check, all text as plain text (never HTML).
//!
//! A hidden check that fails shows students its name and verdict once grades are published
//! (`after_published`). So that an instructor still sees why it failed, it gets a second test,
//! worth no points, with visibility `hidden` (never shown to students, always to instructors)
//! and the full report of the check.

use serde::Serialize;

use super::{full_text, student_text, test_name};
use crate::grading::{Outcome, Status};

/// How Gradescope renders a text: `text` is shown as is, so learner output is never HTML.
const PLAIN_TEXT: &str = "text";

/// The whole `results.json`.
#[derive(Debug, Serialize)]
pub struct Gradescope {
    /// Points earned, over every exercise.
    pub score: u32,
    /// Wall time of the grading, in seconds.
    pub execution_time: f64,
    /// Text about the whole submission: load errors, missing files, known mistakes.
    pub output: String,
    /// How `output` is rendered.
    pub output_format: &'static str,
    /// How every test's `output` is rendered by default.
    pub test_output_format: &'static str,
    /// How test names are rendered.
    pub test_name_format: &'static str,
    /// When students see the results.
    pub visibility: &'static str,
    /// When students see the autograder's own stdout (never: it is the instructor's log).
    pub stdout_visibility: &'static str,
    /// One test per check (and one instructor-only test per failed hidden check).
    pub tests: Vec<GradescopeTest>,
}

/// One test case of `results.json`.
#[derive(Debug, Serialize)]
pub struct GradescopeTest {
    /// The check's name.
    pub name: String,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// `passed` or `failed`.
    pub status: &'static str,
    /// What went wrong: message, code, diff, hint.
    pub output: String,
    /// How `output` is rendered.
    pub output_format: &'static str,
    /// `visible`, `after_published` (hidden checks) or `hidden` (instructors only).
    pub visibility: &'static str,
}

/// Gradescope's autograder `results.json` for the outcomes.
pub fn gradescope(outcomes: &[&Outcome]) -> Gradescope {
    let mut tests = Vec::new();
    let mut output = String::new();
    for outcome in outcomes {
        if let Some(message) = &outcome.message {
            output.push_str(&super::inert::ci_text(&format!("{}: {message}\n", outcome.exercise)));
        }
        if let Some(m) = &outcome.mistake {
            output.push_str(&format!(
                "{}: this looks like a known mistake, {}. {}\n",
                outcome.exercise, m.name, m.explain
            ));
        }
        for check in &outcome.checks {
            let status = if check.status == Status::Pass { "passed" } else { "failed" };
            let name = test_name(outcomes, outcome, check);
            tests.push(GradescopeTest {
                name: name.clone(),
                score: check.points,
                max_score: check.max_points,
                status,
                output: student_text(outcome, check),
                output_format: PLAIN_TEXT,
                visibility: if check.hidden { "after_published" } else { "visible" },
            });
            if check.hidden && check.status != Status::Pass {
                tests.push(GradescopeTest {
                    name: format!("{name} (instructors only: why the hidden check failed)"),
                    score: 0,
                    max_score: 0,
                    status,
                    output: full_text(outcome, check),
                    output_format: PLAIN_TEXT,
                    visibility: "hidden",
                });
            }
        }
    }
    Gradescope {
        score: outcomes.iter().map(|o| o.score).sum(),
        execution_time: seconds(outcomes.iter().map(|o| o.duration).sum()),
        output,
        output_format: PLAIN_TEXT,
        test_output_format: PLAIN_TEXT,
        test_name_format: PLAIN_TEXT,
        visibility: "visible",
        stdout_visibility: "hidden",
        tests,
    }
}

fn seconds(d: std::time::Duration) -> f64 {
    (d.as_secs_f64() * 1000.0).round() / 1000.0
}
