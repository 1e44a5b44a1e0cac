//! The CI formats of spec §6: JUnit XML, Gradescope's `results.json`, and the JSON GitHub
//! Classroom's autograding reporter reads. Each takes one or more outcomes (one per exercise),
//! and every text it writes has gone through [`inert::ci_text`]: no control characters, nothing
//! XML 1.0 forbids, no GitHub Actions workflow command.

mod classroom;
mod gradescope;
mod junit;

pub use classroom::{Classroom, ClassroomTest, classroom};
pub use gradescope::{Gradescope, GradescopeTest, gradescope};
pub use junit::junit;

use super::human::check_details;
use super::{Paint, inert};
use crate::grading::{CheckOutcome, Outcome, Status};

/// What a hidden check that did not pass shows students.
const HIDDEN_TEXT: &str = "hidden check: details are not shown";

/// The full text of a check, hidden or not: the load error for a check that never ran, else the
/// human report's details (message, code, diffs, hint).
fn full_text(outcome: &Outcome, check: &CheckOutcome) -> String {
    let text = match (&outcome.message, check.status) {
        (Some(message), Status::Error) => message.clone(),
        _ => check_details(check, &Paint::plain()),
    };
    inert::ci_text(&text)
}

/// What a student may see of a check: [`full_text`], or a note for a hidden check that failed.
fn student_text(outcome: &Outcome, check: &CheckOutcome) -> String {
    if check.hidden && check.status != Status::Pass {
        return HIDDEN_TEXT.into();
    }
    full_text(outcome, check)
}

/// A test's name: the check's, prefixed by the exercise when several exercises share a report.
fn test_name(outcomes: &[&Outcome], outcome: &Outcome, check: &CheckOutcome) -> String {
    let name = if outcomes.len() > 1 { format!("{} › {}", outcome.exercise, check.name) } else { check.name.clone() };
    inert::ci_text(&name)
}

#[cfg(test)]
mod tests;
