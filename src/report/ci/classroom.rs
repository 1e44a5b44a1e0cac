//! The JSON GitHub Classroom's autograding reporter reads
//! (`classroom-resources/autograding-grading-reporter`): the workflow base64-encodes it into a
//! step output, and the reporter is started with it in an environment variable. Linux refuses to
//! start a process with one environment string over 128 KiB (`Argument list too long`), so the
//! messages are bounded, each and in total, and the full report goes to the job log instead.

use serde::Serialize;

use super::{inert, student_text, test_name};
use crate::grading::{Outcome, Status};

/// Bytes of one test's message at most.
pub const MESSAGE_LIMIT: usize = 4 * 1024;
/// Bytes of the whole JSON at most, while messages can still be cut: 64 KiB is 87 KiB in
/// base64, well under the 128 KiB one environment string may hold.
pub const TOTAL_LIMIT: usize = 64 * 1024;
/// Bytes a message is always allowed, however many tests share the total.
const MESSAGE_FLOOR: usize = 200;

/// The whole report.
#[derive(Debug, Serialize)]
pub struct Classroom {
    /// Always 1.
    pub version: u32,
    /// `pass` when every exercise passed, `error` when one could not be graded, else `fail`.
    pub status: &'static str,
    /// Points available.
    pub max_score: u32,
    /// One test per check.
    pub tests: Vec<ClassroomTest>,
}

/// One test of the report.
#[derive(Debug, Serialize)]
pub struct ClassroomTest {
    /// The check's name.
    pub name: String,
    /// `pass`, `fail` or `error`.
    pub status: &'static str,
    /// Points earned.
    pub score: u32,
    /// What went wrong, cut to the limits.
    pub message: String,
    /// The check's code (empty for a hidden check).
    pub test_code: String,
    /// The check's line in its exercise TOML.
    pub line_no: usize,
    /// Milliseconds.
    pub duration: u64,
}

/// The JSON GitHub Classroom's autograding reporter reads, with every message bounded.
pub fn classroom(outcomes: &[&Outcome]) -> Classroom {
    let tests: Vec<ClassroomTest> = outcomes
        .iter()
        .flat_map(|outcome| {
            outcome.checks.iter().map(move |check| ClassroomTest {
                name: test_name(outcomes, outcome, check),
                status: check.status.as_str(),
                score: check.points,
                message: student_text(outcome, check),
                test_code: if check.hidden { String::new() } else { inert::ci_text(&check.code.text()) },
                line_no: check.code.line,
                duration: check.duration.as_millis() as u64,
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
    let mut report = Classroom { version: 1, status, max_score: outcomes.iter().map(|o| o.max_score).sum(), tests };
    bound(&mut report);
    report
}

/// Cuts messages and code so the JSON stays under [`TOTAL_LIMIT`]: each text gets at most
/// [`MESSAGE_LIMIT`] bytes, and an equal share of what the rest of the report leaves.
fn bound(report: &mut Classroom) {
    let size = |r: &Classroom| serde_json::to_string_pretty(r).map_or(0, |s| s.len());
    let texts = |t: &ClassroomTest| t.message.len() + t.test_code.len();
    let frame = size(report) - report.tests.iter().map(texts).sum::<usize>();
    let fields = (report.tests.len() * 2).max(1);
    // JSON escapes can double a text (`\n`, `\"`), so each share is half of its bytes.
    let share = (TOTAL_LIMIT.saturating_sub(frame) / fields / 2).clamp(MESSAGE_FLOOR, MESSAGE_LIMIT);
    for test in &mut report.tests {
        let cut = |text: &str| inert::bounded(text, share).into_owned();
        test.message = cut(&test.message);
        test.test_code = cut(&test.test_code);
    }
}
