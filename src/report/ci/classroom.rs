//! The JSON GitHub Classroom's autograding reporter reads
//! (`classroom-resources/autograding-grading-reporter`): the workflow base64-encodes it into a
//! step output, and the reporter is started with it in an environment variable. Linux refuses to
//! start a process with one environment string over 128 KiB (`Argument list too long`), so the
//! messages are bounded, each and in total (the full report goes to the job log instead).

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

/// Cuts messages and code so the JSON stays under [`TOTAL_LIMIT`]: every text is cut to the
/// same cap, the largest (at most [`MESSAGE_LIMIT`]) with which the report fits, so short texts
/// stay whole and the long ones share what is left.
fn bound(report: &mut Classroom) {
    let whole: Vec<(String, String)> =
        report.tests.iter_mut().map(|t| (std::mem::take(&mut t.message), std::mem::take(&mut t.test_code))).collect();
    let cut_to = |report: &mut Classroom, cap: usize| {
        for (test, (message, code)) in report.tests.iter_mut().zip(&whole) {
            test.message = inert::bounded(message, cap).into_owned();
            test.test_code = inert::bounded(code, cap).into_owned();
        }
    };
    let fits = |report: &Classroom| serde_json::to_string_pretty(report).is_ok_and(|s| s.len() <= TOTAL_LIMIT);
    let (mut low, mut high) = (MESSAGE_FLOOR, MESSAGE_LIMIT);
    cut_to(report, high);
    if fits(report) {
        return;
    }
    // The largest cap that fits lies in [low, high): halve the interval until it is found.
    while high - low > 1 {
        let middle = low + (high - low) / 2;
        cut_to(report, middle);
        if fits(report) { low = middle } else { high = middle }
    }
    cut_to(report, low);
}
