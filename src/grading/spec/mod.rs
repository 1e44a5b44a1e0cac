//! Judging a spec test: each `expect` the test recorded is compared on the host, from the copies
//! the recorder made, and the first that fails gives the check its message and diff.

mod evaluate;
mod values;

use crate::exercise::{Check, Limits};
use crate::sandbox::{Recorded, Stop};
use crate::spec::matcher::{Matcher, Modifier, Subject};
use crate::value::JsValueSnapshot as V;

use super::judge::{describe_stop, outcome_of};
use super::outcome::{CheckOutcome, Mismatch, Status};
use super::run::{ActionResult, CheckRun};
use evaluate::evaluate;
use values::show;

/// Why one expectation failed: a sentence, and the two values when a diff teaches more.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// `expect(received).toBe(expected): received 3, expected 4 (spec line 12:5)`.
    pub message: String,
    /// Expected and received, for a diff.
    pub diff: Option<(V, V)>,
}

/// Judges one recorded expectation of the spec file `spec`; `None` when it holds.
pub fn judge_expectation(r: &Recorded, spec: &str) -> Option<Failure> {
    let at = format!("{spec}:{}:{}", r.line, r.column);
    let Some(matcher) = Matcher::from_name(&r.matcher) else {
        return Some(Failure { message: format!("`{}` is not a matcher grade knows ({at})", r.matcher), diff: None });
    };
    let modifier = Modifier::from_name(&r.modifier).unwrap_or(Modifier::None);
    let subject = Subject::from_name(&r.subject).unwrap_or(Subject::Value);
    let not = if r.negated { ".not" } else { "" };
    let call = if r.written.is_empty() {
        format!("expect(received){}{not}.{}()", modifier.written(), matcher.name())
    } else {
        r.written.clone()
    };
    let a = show(&r.actual.value);
    let problem = match subject {
        Subject::NotAMock => Some(format!("needs a mock function (jest.fn() or jest.spyOn), but received {a}")),
        Subject::NotAFunction => {
            Some(format!("needs a function to call (write `expect(() => f(x)).toThrow()`), but received {a}"))
        }
        Subject::NotAPromise => Some(format!("needs a promise, but received {a}")),
        Subject::Rejected => Some(format!("expected the promise to resolve, but it rejected with {a}")),
        Subject::ResolvedInstead => Some(format!("expected the promise to reject, but it resolved to {a}")),
        _ => None,
    };
    if let Some(problem) = problem {
        return Some(Failure { message: format!("{call}: {problem} ({at})"), diff: None });
    }
    let verdict = evaluate(matcher, subject, r);
    if verdict.pass != r.negated {
        return None;
    }
    let said = if r.negated { verdict.failed_not } else { verdict.failed };
    Some(Failure { message: format!("{call}: {said} ({at})"), diff: if r.negated { None } else { verdict.diff } })
}

fn status_of(stop: &Stop) -> Status {
    match stop {
        Stop::Threw(_) => Status::Fail,
        _ => Status::Error,
    }
}

/// Judges a spec test's run: its first failing expectation, else how it stopped, else a pass.
pub fn judge(check: &Check, run: CheckRun, limits: &Limits) -> CheckOutcome {
    let mut status = Status::Pass;
    let mut message = None;
    let mut mismatches = Vec::new();
    if let Err(stop) = &run.setup {
        status = status_of(stop);
        message = Some(format!("the spec's top level (outside its tests) {}", describe_stop(stop, limits)));
    }
    if let ActionResult::Spec(ran, recorded) = &run.action {
        let spec = check.location.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if let Some(failure) = recorded.iter().find_map(|r| judge_expectation(r, &spec)) {
            status = Status::Fail;
            message = Some(failure.message);
            if let Some((expected, actual)) = failure.diff {
                mismatches.push(Mismatch::Value { expected, actual });
            }
            // A limit still stopped the test: that is an error whatever the expectations said.
            if let Err(stop) = ran
                && !matches!(stop, Stop::Threw(_))
            {
                status = Status::Error;
            }
        } else if let Err(stop) = ran {
            // A test that waits for what the submission never does (call back, settle) fails, as
            // a Jest test that times out does; only a limit is an error.
            status = if matches!(stop, Stop::NeverSettled) { Status::Fail } else { status_of(stop) };
            message = Some(match stop {
                Stop::NeverSettled => "the test never finished: it waits on a promise or a `done` callback that \
                                       nothing left to run will settle (is a callback never called?)"
                    .to_string(),
                other => format!("the test {}", describe_stop(other, limits)),
            });
        }
    }
    outcome_of(check, status, message, mismatches, run)
}

#[cfg(test)]
mod tests;
