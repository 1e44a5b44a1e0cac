//! Grading: runs every check of an exercise against a submission, each in a fresh sandbox, and
//! returns an [`Outcome`] as data. Nothing here prints.

mod backpack;
mod backpack_run;
mod builtins;
mod compare;
mod judge;
mod outcome;
mod prepare;
mod probe;
mod recognise;
mod run;
mod spec;
mod submission;

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

pub use backpack::{Backpack, Carried, Held};
pub use builtins::unavailable::UNAVAILABLE;
pub use compare::{Origin, in_actual_order, matches};
pub use judge::describe_stop;
pub use outcome::{
    CallRow, Certainty, CheckCode, CheckOutcome, Interruption, MatchedMistake, Mismatch, Outcome, Status,
};
pub use prepare::sandbox_limits;
pub use run::declared_globals;
pub use submission::{MAX_SUBMISSION_BYTES, Submission, SubmissionProblem};

use crate::exercise::{Exercise, Limits, LoadError};
use crate::sandbox::{self, Stop};
use crate::syntax::SourceProblem;
use judge::ExpectedValue;
use run::LoadFailure;

/// The name of the extra check an exercise with `globals` gets.
pub const LEAK_CHECK: &str = "no global leaks";

/// An exercise ready to grade many submissions: expected values computed once, and the
/// failing-check sets of its known mistakes computed on first need (or read from its
/// [`SignatureStore`]).
pub struct PreparedExercise {
    /// The exercise.
    pub exercise: Exercise,
    course_limits: Limits,
    limits: Limits,
    expected: Vec<ExpectedValue>,
    mistake_signatures: OnceLock<Vec<Vec<String>>>,
    signature_store: Option<Arc<dyn SignatureStore>>,
    mistake_profiles: OnceLock<Vec<recognise::Profile>>,
}

/// Where the failing-check sets of an exercise's known mistakes are kept between processes, so
/// that a failing submission pays for grading the mistakes at most once. Grading checks what a
/// store hands back (one set per mistake, naming only checks of the exercise) and grades the
/// mistakes itself when it is not satisfied.
pub trait SignatureStore: Send + Sync {
    /// The sets kept for `prepared`, if the store holds sets made from this very exercise.
    fn load(&self, prepared: &PreparedExercise) -> Option<Vec<Vec<String>>>;
    /// Keeps the sets just graded for `prepared`. A store that cannot keep them must not fail:
    /// the next process grades the mistakes again.
    fn store(&self, prepared: &PreparedExercise, signatures: &[Vec<String>]);
}

impl PreparedExercise {
    /// Validates what needs the engine and computes expected values, on a thread of its own with
    /// the stack grading needs.
    pub fn new(exercise: Exercise, course_limits: &Limits) -> Result<PreparedExercise, LoadError> {
        let limits = course_limits.with(&exercise.limits);
        let stack = sandbox::stack_for((limits.stack_kb as usize) << 10);
        let course_limits = *course_limits;
        on_big_stack(stack, move || PreparedExercise::new_here(exercise, &course_limits))
    }

    /// [`PreparedExercise::new`] on the current thread, which must have the stack grading needs:
    /// a worker process, which may start no thread once its limits are on, prepares this way.
    pub fn new_here(exercise: Exercise, course_limits: &Limits) -> Result<PreparedExercise, LoadError> {
        let limits = course_limits.with(&exercise.limits);
        let expected = prepare::expected_values(&exercise, &limits)?;
        Ok(PreparedExercise {
            exercise,
            course_limits: *course_limits,
            limits,
            expected,
            mistake_signatures: OnceLock::new(),
            signature_store: None,
            mistake_profiles: OnceLock::new(),
        })
    }

    /// This exercise with its known mistakes' signatures read from and kept in `store`.
    pub fn with_signature_store(mut self, store: Arc<dyn SignatureStore>) -> PreparedExercise {
        self.signature_store = Some(store);
        self
    }

    /// The course limits and the exercise's own, as checks run under them before each check's
    /// overrides (what a mistake's signature depends on besides the exercise).
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The course limits this exercise was prepared with (before its own overrides).
    pub fn course_limits(&self) -> Limits {
        self.course_limits
    }

    /// The limits a check runs under.
    pub fn limits_for(&self, index: usize) -> Limits {
        self.limits.with(&self.exercise.checks[index].limits)
    }

    /// The stack a grading thread needs for this exercise.
    pub fn thread_stack(&self) -> usize {
        let deepest = (0..self.exercise.checks.len()).map(|i| self.limits_for(i).stack_kb).max().unwrap_or(512);
        sandbox::stack_for((deepest as usize) << 10)
    }

    /// [`PreparedExercise::mistake_signatures`] computed on a thread with the stack grading needs,
    /// for callers on an ordinary thread.
    pub fn mistake_signatures_off_thread(self: &std::sync::Arc<Self>) -> Vec<Vec<String>> {
        let prepared = self.clone();
        on_big_stack(self.thread_stack(), move || prepared.mistake_signatures().to_vec())
    }

    /// The failing-check set of each known mistake, in mistake order: from the signature store
    /// when it holds valid sets, else graded here (once per process) and handed to the store.
    pub fn mistake_signatures(&self) -> &[Vec<String>] {
        self.mistake_signatures.get_or_init(|| {
            let store = self.signature_store.as_deref();
            if let Some(kept) = store.and_then(|s| s.load(self)).filter(|kept| self.fits(kept)) {
                return kept;
            }
            let graded = self.grade_mistakes();
            if let Some(store) = store {
                store.store(self, &graded);
            }
            graded
        })
    }

    /// Grades every known mistake and keeps the names of the checks each fails.
    fn grade_mistakes(&self) -> Vec<Vec<String>> {
        self.exercise
            .mistakes
            .iter()
            .map(|m| match Submission::from_text(&format!("mistake \"{}\"", m.name), &m.code) {
                Ok(sub) => {
                    let outcome = grade_here(self, &sub, Feedback::default());
                    outcome.failing_checks().into_iter().map(str::to_string).collect()
                }
                Err(_) => Vec::new(),
            })
            .collect()
    }

    /// Whether `signatures` could be this exercise's: one set per mistake, each naming checks
    /// of the exercise in its order, each at most once.
    fn fits(&self, signatures: &[Vec<String>]) -> bool {
        let mut names: Vec<&str> = self.exercise.checks.iter().map(|c| c.name.as_str()).collect();
        if self.exercise.globals.is_some() {
            names.push(LEAK_CHECK);
        }
        signatures.len() == self.exercise.mistakes.len()
            && signatures.iter().all(|signature| {
                let mut rest = names.iter();
                signature.iter().all(|name| rest.any(|n| n == name))
            })
    }
}

fn on_big_stack<T: Send + 'static>(stack: usize, work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .name("grade".into())
        .stack_size(stack)
        .spawn(work)
        .expect("a grading thread can be started")
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// Grades a submission on a fresh thread with enough stack.
pub fn grade(prepared: &std::sync::Arc<PreparedExercise>, submission: Submission, feedback: Feedback) -> Outcome {
    let prepared = prepared.clone();
    on_big_stack(prepared.thread_stack(), move || grade_here(&prepared, &submission, feedback))
}

/// What grading adds to a verdict for the person who reads it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Feedback {
    /// Name the known mistakes a failing outcome shows.
    pub mistakes: bool,
    /// Read what the backpacks of failing `calls` checks held after each call (a second run of
    /// each such check, in a realm of its own).
    pub backpack_values: bool,
}

/// An outcome for a submission that was stopped from outside (the watchdog, a dead worker).
pub fn stopped(exercise: &Exercise, display: &str, message: String, by: Interruption) -> Outcome {
    let mut outcome = load_error_outcome(exercise, display, message, None, Duration::ZERO);
    outcome.interrupted = Some(by);
    outcome
}

/// An outcome for a submission that was not graded at all (no file handed in, a symbolic link):
/// no points, with the reason.
pub fn not_graded(exercise: &Exercise, display: &str, message: String) -> Outcome {
    load_error_outcome(exercise, display, message, None, Duration::ZERO)
}

/// An outcome for a submission that could not even be read (a folder, binary, not UTF-8...).
pub fn unreadable(exercise: &Exercise, display: &str, problem: &SubmissionProblem) -> Outcome {
    let location = match problem {
        SubmissionProblem::NotUtf8 { line, column, .. } => Some((*line, *column)),
        _ => None,
    };
    load_error_outcome(exercise, display, problem.to_string(), location, Duration::ZERO)
}

fn load_error_outcome(
    exercise: &Exercise,
    display: &str,
    message: String,
    location: Option<(u32, u32)>,
    duration: Duration,
) -> Outcome {
    let mut checks: Vec<CheckOutcome> = exercise
        .checks
        .iter()
        .map(|check| CheckOutcome {
            name: check.name.clone(),
            status: Status::Error,
            points: 0,
            max_points: check.points,
            hidden: check.hidden,
            hint: None,
            code: judge::code_of(check),
            message: Some("not run: the submission did not load".into()),
            mismatches: Vec::new(),
            stdout: String::new(),
            stderr: String::new(),
            duration: Duration::ZERO,
        })
        .collect();
    if exercise.globals.is_some() {
        checks.push(leak_outcome(None, &[]));
    }
    Outcome {
        exercise: exercise.id.clone(),
        title: exercise.title.clone(),
        submission: display.to_string(),
        status: Status::Error,
        score: 0,
        max_score: exercise.max_score(),
        message: Some(message),
        interrupted: None,
        location,
        source_line: None,
        syntax: None,
        checks,
        mistake: None,
        more_mistakes: Vec::new(),
        shapes: Vec::new(),
        duration,
    }
}

fn unanalysable_outcome(
    exercise: &Exercise,
    submission: &Submission,
    problem: &SourceProblem,
    duration: Duration,
) -> Outcome {
    let message = format!("the submission {problem}");
    let mut outcome = match problem {
        SourceProblem::Syntax(syntax) => {
            let location = Some((syntax.line, syntax.column));
            let mut outcome = load_error_outcome(exercise, &submission.display, message, location, duration);
            outcome.syntax = Some(syntax.clone());
            outcome
        }
        SourceProblem::TooComplex { .. } => load_error_outcome(exercise, &submission.display, message, None, duration),
    };
    outcome.source_line = outcome
        .location
        .and_then(|(line, _)| submission.source.lines().nth(line.saturating_sub(1) as usize))
        .map(str::to_string);
    outcome
}

/// Most leaked globals the leak check names.
const MAX_LEAKS_NAMED: usize = 10;

/// The leaked names that the file never declares nor assigns as globals but writes as `this.x`:
/// a method called without its object wrote them on the global object while a check ran.
fn written_through_this(submission: &Submission, leaks: &[String]) -> Vec<String> {
    let declared = declared_globals(submission);
    let this_writes = submission.analysis.this_writes();
    leaks.iter().filter(|n| !declared.contains(n) && this_writes.contains(n)).cloned().collect()
}

fn leak_outcome(leaks: Option<&[String]>, through_this: &[String]) -> CheckOutcome {
    let (status, message) = match leaks {
        None => (Status::Error, Some("not run: the submission did not load".to_string())),
        Some([]) => (Status::Pass, None),
        Some(names) => {
            let globals: Vec<String> = names.iter().filter(|n| !through_this.contains(n)).cloned().collect();
            let mut parts = Vec::new();
            if !globals.is_empty() {
                parts.push(format!("{}: keep state inside the function that needs it", leak_summary(&globals)));
            }
            if !through_this.is_empty() {
                let written: Vec<String> =
                    through_this.iter().take(MAX_LEAKS_NAMED).map(|n| format!("this.{n}")).collect();
                parts.push(format!(
                    "{} landed on the global object: a method that uses `this` was called on its own (taken off \
                     its object), so its `this` was the global object; keep the state in the backpack instead",
                    written.join(", ")
                ));
            }
            (Status::Fail, Some(parts.join("; ")))
        }
    };
    let passed = status == Status::Pass;
    CheckOutcome {
        name: LEAK_CHECK.into(),
        status,
        points: u32::from(passed),
        max_points: 1,
        hidden: false,
        hint: Some("Variables declared at the top level of your file, and assignments to undeclared names, become globals that any code can change.".into()),
        code: CheckCode::default(),
        message,
        mismatches: Vec::new(),
        stdout: String::new(),
        stderr: String::new(),
        duration: Duration::ZERO,
    }
}

/// `created globals a, b and added Object.prototype.c, Math.d`, naming a few of each: a file that
/// made thousands gets one readable line.
fn leak_summary(names: &[String]) -> String {
    let (on_prototype, globals): (Vec<&String>, Vec<&String>) = names.iter().partition(|n| n.contains('.'));
    let list = |names: &[&String]| {
        let shown = names.iter().take(MAX_LEAKS_NAMED).map(|n| n.as_str()).collect::<Vec<_>>().join(", ");
        let more = if names.len() > MAX_LEAKS_NAMED { " and more" } else { "" };
        format!("{shown}{more}")
    };
    let mut parts = Vec::new();
    if !globals.is_empty() {
        let s = if globals.len() == 1 { "" } else { "s" };
        parts.push(format!("created global{s} {}", list(&globals)));
    }
    if !on_prototype.is_empty() {
        parts.push(format!("added {}", list(&on_prototype)));
    }
    parts.join(" and ")
}

fn load_failure_message(exercise: &Exercise, failure: &LoadFailure, limits: &Limits) -> (String, Option<(u32, u32)>) {
    match failure {
        LoadFailure::MissingEntry(names) => {
            // A predict exercise's entries are answers (an array), not functions.
            let what = match (exercise.kind, exercise.entry.len()) {
                (crate::exercise::Kind::Predict, 1) => "a value",
                (crate::exercise::Kind::Predict, _) => "values",
                (_, 1) => "a function",
                _ => "functions",
            };
            let expected = exercise.entry.join(", ");
            let missing = names.join(", ");
            if names.len() == exercise.entry.len() {
                (format!("{} expects {what} named {expected}; the submission defines none", exercise.id), None)
            } else {
                (
                    format!(
                        "{} expects {what} named {expected}; the submission does not define {missing}",
                        exercise.id
                    ),
                    None,
                )
            }
        }
        LoadFailure::Engine(message) => (message.clone(), None),
        LoadFailure::Prelude(stop) => (
            format!(
                "the exercise's prelude {} before the submission loaded: the course must fix it ({})",
                judge::describe_stop(stop, limits),
                crate::exercise::see("prelude")
            ),
            None,
        ),
        LoadFailure::Stopped(Stop::Threw(thrown)) => {
            let at = thrown.location.map(|(l, c)| format!(" (line {l}, column {c})")).unwrap_or_default();
            let what = match thrown.name.as_deref() {
                Some("SyntaxError") => "does not parse:",
                Some(_) => "failed while loading:",
                None => "failed while loading: threw",
            };
            (format!("the submission {what} {}{at}", thrown.summary()), thrown.location)
        }
        LoadFailure::Stopped(Stop::NeverSettled) => (
            "the submission never finished loading: promise never settled (a top-level await waits on a promise \
             that no pending job or timer could resolve)"
                .into(),
            None,
        ),
        LoadFailure::Stopped(stop) => {
            (format!("the submission {} while loading", judge::describe_stop(stop, limits)), None)
        }
    }
}

/// Runs and judges one check on the current thread (no mistake matching, no leak check).
///
/// The unit the benchmarks measure; the thread must have [`PreparedExercise::thread_stack`] bytes.
pub fn grade_check(prepared: &PreparedExercise, submission: &Submission, index: usize) -> CheckOutcome {
    let check = &prepared.exercise.checks[index];
    let limits = prepared.limits_for(index);
    let visit = run::Visit::of(index, prepared.exercise.checks.len());
    let run = run::run_check(&prepared.exercise, check, submission, &sandbox_limits(&limits), visit);
    judge::judge(check, &prepared.expected[index], run, &limits)
}

/// Reads what the backpacks of an outcome's failing `calls` checks held after each call (a
/// second run of each such check; see the `backpack_run` module), calling `before_run(check)`
/// before each: for a worker that sent the verdict first, so that nothing here can take it away.
pub fn add_backpack_values(
    prepared: &PreparedExercise,
    submission: &Submission,
    outcome: &mut Outcome,
    before_run: impl FnMut(usize),
) {
    let targets = backpack::attach(&mut outcome.checks, &submission.analysis, &prepared.exercise.entry);
    let limits_for = |index| sandbox_limits(&prepared.limits_for(index));
    backpack_run::fill(&prepared.exercise, submission, &mut outcome.checks, &targets, limits_for, before_run);
}

/// Grades on the current thread, which must have [`PreparedExercise::thread_stack`] bytes.
pub fn grade_here(prepared: &PreparedExercise, submission: &Submission, feedback: Feedback) -> Outcome {
    grade_here_reporting(prepared, submission, feedback, |_| {})
}

/// [`grade_here`], calling `before_check(index)` as each check starts: a worker process turns
/// these into heartbeats, so its watchdog can give each check its own budget.
pub fn grade_here_reporting(
    prepared: &PreparedExercise,
    submission: &Submission,
    feedback: Feedback,
    mut before_check: impl FnMut(usize),
) -> Outcome {
    let started = Instant::now();
    let exercise = &prepared.exercise;
    // A file the parser rejects is reported in the parser's words, without starting the engine.
    if let Some(problem) = submission.analysis.problem() {
        return unanalysable_outcome(exercise, submission, problem, started.elapsed());
    }
    let mut checks = Vec::with_capacity(exercise.checks.len() + 1);
    let mut leaks: Vec<String> = Vec::new();
    let missing = builtins::missing_builtins(submission, prepared.limits.intrinsics);
    for (index, check) in exercise.checks.iter().enumerate() {
        before_check(index);
        let limits = prepared.limits_for(index);
        let visit = run::Visit::of(index, exercise.checks.len());
        let run = run::run_check(exercise, check, submission, &sandbox_limits(&limits), visit);
        // A left-out optional built-in, else one grade never has (`Intl`, `structuredClone`, ...).
        let missing_note =
            builtins::threw_reference_error(&run).then(|| builtins::note(&missing, submission)).flatten();
        if let Err(failure) = &run.load {
            let (mut message, location) = load_failure_message(exercise, failure, &limits);
            if let Some(note) = missing_note {
                message = format!("{message}: {note}");
            }
            let mut outcome = load_error_outcome(exercise, &submission.display, message, location, started.elapsed());
            outcome.source_line = location
                .and_then(|(line, _)| submission.source.lines().nth(line.saturating_sub(1) as usize))
                .map(str::to_string);
            return outcome;
        }
        for name in &run.leaks {
            if !leaks.contains(name) {
                leaks.push(name.clone());
            }
        }
        let mut judged = judge::judge(check, &prepared.expected[index], run, &limits);
        if let (Some(note), Some(message)) = (missing_note, judged.message.as_mut()) {
            message.push_str(": ");
            message.push_str(&note);
        }
        checks.push(judged);
    }
    let targets = backpack::attach(&mut checks, &submission.analysis, &exercise.entry);
    if feedback.backpack_values {
        let limits_for = |index| sandbox_limits(&prepared.limits_for(index));
        backpack_run::fill(exercise, submission, &mut checks, &targets, limits_for, &mut before_check);
    }
    if exercise.globals.is_some() {
        checks.push(leak_outcome(Some(&leaks), &written_through_this(submission, &leaks)));
    }
    let score = checks.iter().map(|c| c.points).sum();
    let status = if checks.iter().all(|c| c.status == Status::Pass) { Status::Pass } else { Status::Fail };
    let mut outcome = Outcome {
        exercise: exercise.id.clone(),
        title: exercise.title.clone(),
        submission: submission.display.clone(),
        status,
        score,
        max_score: exercise.max_score(),
        message: None,
        interrupted: None,
        location: None,
        source_line: None,
        syntax: None,
        checks,
        mistake: None,
        more_mistakes: Vec::new(),
        shapes: Vec::new(),
        duration: Duration::ZERO,
    };
    if outcome.status == Status::Fail {
        outcome.shapes = submission.analysis.shapes().to_vec();
    }
    if feedback.mistakes {
        recognise_mistake_with(prepared, &mut outcome, || prepared.mistake_signatures());
    }
    outcome.duration = started.elapsed();
    outcome
}

/// Names the known mistakes a failed outcome shows (see the `recognise` module: the checks that
/// define a mistake and the shape of the code). The mistakes' signatures are graded on first need
/// (once per exercise per process), on a thread of their own with the stack grading needs, so a
/// passing submission never pays for them.
///
/// The pool calls this in the parent for what a worker graded: mistakes are the course's own code,
/// and grading them there keeps them out of the watchdog's per-check budget.
pub fn recognise_mistake(prepared: &std::sync::Arc<PreparedExercise>, outcome: &mut Outcome) {
    recognise_mistake_with(prepared, outcome, || prepared.mistake_signatures_off_thread());
}

fn recognise_mistake_with<S: AsRef<[Vec<String>]>>(
    prepared: &PreparedExercise,
    outcome: &mut Outcome,
    signatures: impl FnOnce() -> S,
) {
    // A predict exercise's mistakes explain the right answers: none is named before it passes.
    if outcome.status != Status::Fail
        || outcome.mistake.is_some()
        || prepared.exercise.mistakes.is_empty()
        || prepared.exercise.kind == crate::exercise::Kind::Predict
    {
        return;
    }
    let profiles = prepared.mistake_profiles.get_or_init(|| {
        let solution = recognise::solution_shapes(&prepared.exercise);
        let signatures = signatures();
        prepared
            .exercise
            .mistakes
            .iter()
            .zip(signatures.as_ref())
            .map(|(mistake, failing)| recognise::Profile::of(mistake, failing.clone(), &solution))
            .collect()
    });
    let mut found = recognise::recognise(outcome, &prepared.exercise.mistakes, profiles).into_iter();
    outcome.mistake = found.next();
    outcome.more_mistakes = found.collect();
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    /// A store that hands back what it was given to hand back, and records what it was given.
    struct Store {
        hands_back: Option<Vec<Vec<String>>>,
        kept: Mutex<Vec<Vec<Vec<String>>>>,
    }

    impl SignatureStore for Store {
        fn load(&self, _: &PreparedExercise) -> Option<Vec<Vec<String>>> {
            self.hands_back.clone()
        }
        fn store(&self, _: &PreparedExercise, signatures: &[Vec<String>]) {
            self.kept.lock().unwrap().push(signatures.to_vec());
        }
    }

    fn prepared_with(hands_back: Option<Vec<Vec<String>>>) -> (PreparedExercise, Arc<Store>) {
        let text = "title = \"t\"\nentry = [\"outer\"]\n\
                    [[check]]\nname = \"one\"\nrun = \"outer()\"\nexpect = 1\n\
                    [[check]]\nname = \"two\"\nrun = \"outer() + 1\"\nexpect = 2\n\
                    [[mistake]]\nname = \"m\"\ncode = \"function outer() { return 5; }\"\nexplain = \"e\"\n";
        let exercise = Exercise::parse(std::path::Path::new("exercises/e.toml"), text).unwrap();
        let store = Arc::new(Store { hands_back, kept: Mutex::new(Vec::new()) });
        let prepared = PreparedExercise::new(exercise, &Limits::default()).unwrap().with_signature_store(store.clone());
        (prepared, store)
    }

    fn signatures(prepared: PreparedExercise) -> Vec<Vec<String>> {
        on_big_stack(prepared.thread_stack(), move || prepared.mistake_signatures().to_vec())
    }

    #[test]
    fn signatures_a_store_holds_are_used_and_nothing_is_graded() {
        // Not what grading would find (both checks fail), so it shows the store was believed.
        let (prepared, store) = prepared_with(Some(vec![vec!["two".into()]]));
        assert_eq!(signatures(prepared), [vec!["two".to_string()]]);
        assert!(store.kept.lock().unwrap().is_empty());
    }

    #[test]
    fn signatures_that_cannot_be_the_exercise_s_are_graded_again_and_kept() {
        let graded = vec![vec!["one".to_string(), "two".to_string()]];
        let wrong = [
            None,
            Some(vec![]),
            Some(vec![vec!["three".into()]]),
            Some(vec![vec!["two".into(), "one".into()]]),
            Some(vec![vec!["one".into(), "one".into()]]),
            Some(vec![vec![], vec![]]),
        ];
        for hands_back in wrong {
            let (prepared, store) = prepared_with(hands_back.clone());
            assert_eq!(signatures(prepared), graded, "{hands_back:?}");
            assert_eq!(*store.kept.lock().unwrap(), std::slice::from_ref(&graded), "{hands_back:?}");
        }
    }
}
