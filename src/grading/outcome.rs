//! The results of grading, as data: what reports render and what batch stores.

use std::time::Duration;

use crate::value::JsValueSnapshot;

/// The verdict of a whole submission or of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every check passed.
    Pass,
    /// Some check failed.
    Fail,
    /// It could not run: the submission did not load, or a limit stopped it.
    Error,
}

impl Status {
    /// `pass`, `fail` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }
}

/// Who ended the grading of a submission from outside the engine, before any check result was
/// kept: reports and exit codes tell a hostile or broken submission from a grader that broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Interruption {
    /// The submission's own doing: native code past its time budget (the watchdog), an OS limit of
    /// its grading process, or an engine crash on its code.
    Submission,
    /// The grader failed: no grading process could start, or one failed for a reason of its own.
    Grader,
}

/// One submission graded against one exercise.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Outcome {
    /// The exercise id.
    pub exercise: String,
    /// The exercise title.
    pub title: String,
    /// The submission's path as given.
    pub submission: String,
    /// The verdict.
    pub status: Status,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// Why the submission as a whole did not load, if it did not.
    pub message: Option<String>,
    /// Set when grading was ended from outside the engine (then `message` says why).
    pub interrupted: Option<Interruption>,
    /// Line and column of a load error, where the engine gave them.
    pub location: Option<(u32, u32)>,
    /// The source line a load error points at.
    pub source_line: Option<String>,
    /// The parser's diagnostic, with the lines its code frame shows, when the file does not parse.
    #[serde(default)]
    pub syntax: Option<crate::syntax::SyntaxProblem>,
    /// One entry per check, in exercise order (the leak check last).
    pub checks: Vec<CheckOutcome>,
    /// The known mistake this submission looks most like, if any (see `grading::recognise`).
    pub mistake: Option<MatchedMistake>,
    /// Other known mistakes it makes at the same time (or, when unsure, might be making).
    #[serde(default)]
    pub more_mistakes: Vec<MatchedMistake>,
    /// The structural fingerprint of the submission's code, kept so that mistakes can be
    /// recognised where the source is not at hand (the pool's parent process).
    #[serde(default)]
    pub shapes: Vec<crate::syntax::Shape>,
    /// Wall time of the whole grading.
    pub duration: Duration,
}

/// A known mistake recognised in a submission.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MatchedMistake {
    /// The mistake's name.
    pub name: String,
    /// What it teaches.
    pub explain: String,
    /// How sure the recognition is.
    #[serde(default)]
    pub certainty: Certainty,
    /// Where the submission's own code has the mistake's shape, in its names.
    #[serde(default)]
    pub evidence: Vec<crate::syntax::Shape>,
}

/// How sure a recognised mistake is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Certainty {
    /// Both the failing checks and the shape of the code agree: "this looks like".
    #[default]
    Sure,
    /// Only one of them does: "possibly".
    Possible,
}

/// The result of one check.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CheckOutcome {
    /// The check's name.
    pub name: String,
    /// Its verdict.
    pub status: Status,
    /// Points earned.
    pub points: u32,
    /// Points available.
    pub max_points: u32,
    /// Whether details are kept from students.
    pub hidden: bool,
    /// The check's own hint, shown on failure.
    pub hint: Option<String>,
    /// What the check ran: setup, then run or calls.
    pub code: CheckCode,
    /// Why it failed, in one line.
    pub message: Option<String>,
    /// What differed.
    pub mismatches: Vec<Mismatch>,
    /// Console output of setup and action.
    pub stdout: String,
    /// Console errors of setup and action.
    pub stderr: String,
    /// Wall time of the check.
    pub duration: Duration,
}

/// The code a check ran, for the report.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CheckCode {
    /// The setup statements.
    pub setup: Option<String>,
    /// The run statements, or the calls.
    pub action: Vec<String>,
    /// Whether `action` is a list of calls.
    pub calls: bool,
    /// The line of the check in its exercise TOML (0 for the leak check).
    pub line: usize,
}

impl CheckCode {
    /// The code as one JavaScript text: setup, then the run or the calls, one per line.
    pub fn text(&self) -> String {
        let mut parts: Vec<&str> = self.setup.iter().map(String::as_str).collect();
        parts.extend(self.action.iter().map(String::as_str));
        parts.join("\n")
    }
}

/// One way in which a check's result differed from the expectation.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub enum Mismatch {
    /// A value differed.
    Value {
        /// What was expected.
        expected: JsValueSnapshot,
        /// What came back.
        actual: JsValueSnapshot,
    },
    /// A closure-state sequence differed; one row per call.
    Calls {
        /// The rows, in call order.
        rows: Vec<CallRow>,
        /// The index of the first row that differs.
        first_difference: usize,
    },
    /// Console output differed.
    Output {
        /// The expected text.
        expected: String,
        /// The printed text.
        actual: String,
    },
}

/// One call of a `calls` check.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct CallRow {
    /// The call expression.
    pub call: String,
    /// The expected value.
    pub expected: JsValueSnapshot,
    /// The value, or why there is none (`threw ...`, `not run`).
    pub actual: Result<JsValueSnapshot, String>,
    /// Whether this row matched.
    pub matched: bool,
    /// The backpack of the function this row calls, where the code shows which one it is.
    #[serde(default)]
    pub backpack: Option<super::backpack::Backpack>,
}

impl Outcome {
    /// The names of the checks that did not pass, in order.
    pub fn failing_checks(&self) -> Vec<&str> {
        self.checks.iter().filter(|c| c.status != Status::Pass).map(|c| c.name.as_str()).collect()
    }
}
