//! Judging a check run against its expectations: the verdict, a one-line message and the
//! mismatches a report turns into diffs.

use crate::exercise::{Action, Check, Limits, Throws, expected_from_toml};
use crate::sandbox::{Stop, Thrown};
use crate::value::{ClassChain, JsValueSnapshot, inspect};

use super::compare::{Origin, in_actual_order, matches};
use super::outcome::{CallRow, CheckCode, CheckOutcome, Mismatch, Status};
use super::probe::ProbeResult;
use super::run::{ActionResult, CheckRun};

/// What a check expects as a value, prepared from `expect` or `expect_js`.
#[derive(Debug, Clone)]
pub enum ExpectedValue {
    /// Only output or an error is expected.
    None,
    /// One value, for `run`.
    Single(JsValueSnapshot, Origin),
    /// One value per call.
    PerCall(Vec<JsValueSnapshot>, Origin),
}

/// A learner-facing sentence for why JavaScript stopped.
pub fn describe_stop(stop: &Stop, limits: &Limits) -> String {
    match stop {
        Stop::TimedOut => format!("stopped: ran past the {} ms time limit (an endless loop?)", limits.time_ms),
        Stop::OutOfMemory => format!("stopped: memory limit of {} MB exceeded", limits.memory_mb),
        Stop::StackOverflow => format!(
            "stopped: stack overflow, recursion went deeper than the {} KB stack allows (does a function call itself forever?)",
            limits.stack_kb
        ),
        Stop::NeverSettled => {
            format!("promise never settled: no job or timer resolved it within the {} ms limit", limits.time_ms)
        }
        Stop::Threw(thrown) => match thrown.location {
            Some((line, col)) => format!("threw {} (at {line}:{col})", thrown.summary()),
            None => format!("threw {}", thrown.summary()),
        },
    }
}

fn status_of(stop: &Stop) -> Status {
    match stop {
        Stop::Threw(_) => Status::Fail,
        _ => Status::Error,
    }
}

fn short(value: &JsValueSnapshot) -> Option<String> {
    let text = inspect(value);
    (text.len() <= 40 && !text.contains('\n')).then_some(text)
}

/// Judges a run; `run.load` must be `Ok` (load failures are reported for the whole submission).
pub fn judge(check: &Check, expected: &ExpectedValue, run: CheckRun, limits: &Limits) -> CheckOutcome {
    if let Action::Spec { .. } = check.action {
        return super::spec::judge(check, run, limits);
    }
    let mut problems: Vec<String> = Vec::new();
    let mut mismatches = Vec::new();
    let mut status = Status::Pass;
    let mut fail = |s: Status, message: String, problems: &mut Vec<String>| {
        if s == Status::Error || status == Status::Pass {
            status = s;
        }
        problems.push(message);
    };

    if let Err(stop) = &run.setup {
        fail(status_of(stop), format!("setup {}", describe_stop(stop, limits)), &mut problems);
    }
    match &run.action {
        ActionResult::NotRun | ActionResult::Spec(..) => {}
        ActionResult::Run(Ok(actual)) if check.throws.is_none() => {
            for (message, mismatch) in value_matcher_failures(check, actual, &run) {
                mismatches.extend(mismatch);
                fail(Status::Fail, message, &mut problems);
            }
            if let ExpectedValue::Single(want, origin) = expected
                && !matches(want, actual, *origin)
            {
                let message = match (short(&in_actual_order(want, actual)), short(actual)) {
                    (Some(w), Some(a)) => format!("returned {a}; expected {w}"),
                    _ => "the returned value differs from the expected one".to_string(),
                };
                if let Some(cut) = actual.truncation() {
                    fail(Status::Fail, format!("the value is too large to compare ({cut})"), &mut problems);
                }
                mismatches.push(Mismatch::Value { expected: want.clone(), actual: actual.clone() });
                fail(Status::Fail, message, &mut problems);
            }
        }
        ActionResult::Run(result) => match (&check.throws, result, expected) {
            (Some(throws), result, _) => {
                if let Some((s, message)) = judge_throws(throws, result.as_ref().err(), result.as_ref().ok(), limits) {
                    fail(s, message, &mut problems);
                }
            }
            (None, Err(stop), _) => fail(status_of(stop), describe_stop(stop, limits), &mut problems),
            (None, Ok(_), _) => {}
        },
        ActionResult::Calls(results) => {
            let Action::Calls(calls) = &check.action else { unreachable!("calls results come from calls") };
            let last_stop = results.last().and_then(|r| r.as_ref().err());
            if let Some(throws) = &check.throws {
                let value = results.last().and_then(|r| r.as_ref().ok());
                if let Some((s, message)) = judge_throws(throws, last_stop, value, limits) {
                    fail(s, message, &mut problems);
                }
            } else if let ExpectedValue::PerCall(wants, origin) = expected {
                let rows: Vec<CallRow> = calls
                    .iter()
                    .zip(wants)
                    .enumerate()
                    .map(|(i, (call, want))| {
                        let actual = match results.get(i) {
                            Some(Ok(v)) => Ok(v.clone()),
                            Some(Err(stop)) => Err(describe_stop(stop, limits)),
                            None => Err("not run".to_string()),
                        };
                        let matched = actual.as_ref().is_ok_and(|a| matches(want, a, *origin));
                        CallRow { call: call.clone(), expected: want.clone(), actual, matched, backpack: None }
                    })
                    .collect();
                if let Some(first) = rows.iter().position(|r| !r.matched) {
                    let row = &rows[first];
                    let expected = match &row.actual {
                        Ok(a) => in_actual_order(&row.expected, a),
                        Err(_) => row.expected.clone(),
                    };
                    let message = match (&row.actual, short(&expected)) {
                        (Ok(a), Some(w)) => match short(a) {
                            Some(a) => format!("call {} `{}` returned {a}; expected {w}", first + 1, row.call),
                            None => format!("call {} `{}` returned a different value", first + 1, row.call),
                        },
                        (Err(why), _) => format!("call {} `{}` {why}", first + 1, row.call),
                        (Ok(_), None) => format!("call {} `{}` returned a different value", first + 1, row.call),
                    };
                    let s = last_stop.map_or(Status::Fail, status_of);
                    mismatches.push(Mismatch::Calls { rows, first_difference: first });
                    fail(s, message, &mut problems);
                }
            } else if let Some(stop) = last_stop {
                let n = results.len();
                fail(
                    status_of(stop),
                    format!("call {n} `{}` {}", calls[n - 1], describe_stop(stop, limits)),
                    &mut problems,
                );
            }
        }
    }
    if let Some(pattern) = &check.stdout_matches
        && !pattern.is_match(&run.stdout)
    {
        let what = if run.stdout.is_empty() { "printed nothing" } else { "printed output" };
        fail(Status::Fail, format!("{what} that does not match /{}/", pattern.source()), &mut problems);
    }
    if let Some(want) = &check.stdout
        && want != &run.stdout
    {
        mismatches.push(Mismatch::Output { expected: want.clone(), actual: run.stdout.clone() });
        let message = if run.stdout.is_empty() { "printed nothing" } else { "printed different output" };
        fail(Status::Fail, message.to_string(), &mut problems);
    }

    let message = (!problems.is_empty()).then(|| problems.join("; "));
    outcome_of(check, status, message, mismatches, run)
}

/// A judged check: its verdict, what differed and the run's output, with the check's points,
/// hint and code.
pub fn outcome_of(
    check: &Check,
    status: Status,
    message: Option<String>,
    mismatches: Vec<Mismatch>,
    run: CheckRun,
) -> CheckOutcome {
    let passed = status == Status::Pass;
    CheckOutcome {
        name: check.name.clone(),
        status,
        points: if passed { check.points } else { 0 },
        max_points: check.points,
        hidden: check.hidden,
        hint: check.hint.clone(),
        code: code_of(check),
        message,
        mismatches,
        stdout: run.stdout,
        stderr: run.stderr,
        duration: run.duration,
    }
}

/// The code a check runs, for reports.
pub fn code_of(check: &Check) -> CheckCode {
    match &check.action {
        Action::Run(code) => CheckCode {
            setup: check.setup.clone(),
            action: vec![code.clone()],
            calls: false,
            line: check.location.line,
        },
        Action::Calls(calls) => {
            CheckCode { setup: check.setup.clone(), action: calls.clone(), calls: true, line: check.location.line }
        }
        Action::Spec { code, .. } => {
            CheckCode { setup: None, action: vec![code.clone()], calls: false, line: check.location.line }
        }
    }
}

fn judge_throws(
    throws: &Throws,
    stop: Option<&Stop>,
    value: Option<&JsValueSnapshot>,
    limits: &Limits,
) -> Option<(Status, String)> {
    match (stop, throws) {
        (Some(Stop::Threw(_)), Throws::Any(_)) => None,
        (Some(Stop::Threw(t)), Throws::Message(want)) if t.message.contains(want.as_str()) => None,
        (Some(Stop::Threw(t)), Throws::Message(want)) => {
            Some((Status::Fail, format!("threw {}, but the message should contain \"{want}\"", t.summary())))
        }
        (Some(Stop::Threw(t)), Throws::Matching(spec)) => thrown_mismatch(spec, t).map(|m| (Status::Fail, m)),
        (Some(stop), _) => Some((Status::Error, describe_stop(stop, limits))),
        (None, throws) => {
            let what = match throws {
                Throws::Message(want) => format!("an error whose message contains \"{want}\""),
                Throws::Any(_) => "an error".to_string(),
                Throws::Matching(spec) => {
                    let class = spec.class.as_deref().map_or("an error".to_string(), |c| format!("a {c}"));
                    let mut rules = Vec::new();
                    if let Some(m) = &spec.message {
                        rules.push(format!("whose message contains \"{m}\""));
                    }
                    if let Some(p) = &spec.message_matches {
                        rules.push(format!("whose message matches /{}/", p.source()));
                    }
                    [class].into_iter().chain(rules).collect::<Vec<_>>().join(" ")
                }
            };
            let got = value.map_or_else(
                || "finished".to_string(),
                |v| format!("returned {}", short(v).unwrap_or_else(|| "a value".into())),
            );
            Some((Status::Fail, format!("expected {what}, but it {got} without throwing")))
        }
    }
}

/// `RangeError ← Error ← Object`, for a message.
fn chain_text(chain: &ClassChain) -> String {
    match chain {
        ClassChain::Primitive => "not an object, so of no class".into(),
        ClassChain::Known(names) if names.is_empty() => "an object of no named class".into(),
        ClassChain::Known(names) => format!("its classes: {}", names.join(" \u{2190} ")),
        ClassChain::Unknown { read, reason } if read.is_empty() => format!("its class is unknown: {reason}"),
        ClassChain::Unknown { read, reason } => {
            format!("its classes: {} \u{2190} unknown ({reason})", read.join(" \u{2190} "))
        }
    }
}

/// Why a thrown value breaks the table form of `throws`, if it does.
fn thrown_mismatch(spec: &crate::exercise::ThrowsSpec, thrown: &Thrown) -> Option<String> {
    if let Some(class) = &spec.class {
        match thrown.classes.includes(class) {
            Some(true) => {}
            Some(false) => {
                return Some(format!(
                    "threw {}, but expected a {class} ({})",
                    thrown.summary(),
                    chain_text(&thrown.classes)
                ));
            }
            None => {
                return Some(format!(
                    "threw {}, and whether it is a {class} cannot be known without running its code ({})",
                    thrown.summary(),
                    chain_text(&thrown.classes)
                ));
            }
        }
    }
    if let Some(want) = &spec.message
        && !thrown.message.contains(want.as_str())
    {
        return Some(format!("threw {}, but the message should contain \"{want}\"", thrown.summary()));
    }
    if let Some(pattern) = &spec.message_matches
        && !pattern.is_match(&thrown.message)
    {
        return Some(format!("threw {}, but the message should match /{}/", thrown.summary(), pattern.source()));
    }
    None
}

/// What the value keys beside `expect` (`expect_not`, `expect_close`, `expect_loose`,
/// `expect_instance_of`, `same_as`) find wrong with a `run` result, each with its diff if one
/// teaches.
fn value_matcher_failures(check: &Check, actual: &JsValueSnapshot, run: &CheckRun) -> Vec<(String, Option<Mismatch>)> {
    let mut failures = Vec::new();
    let shown = || short(actual).unwrap_or_else(|| format!("a {}", actual.type_name()));
    if let Some(Ok(unwanted)) = check.expect_not.as_ref().map(expected_from_toml)
        && matches(&unwanted, actual, super::compare::Origin::Toml)
    {
        failures.push((format!("returned {}, which it must not: expected any other value", shown()), None));
    }
    if let Some(close) = &check.expect_close {
        match actual {
            JsValueSnapshot::Number(n) if close.accepts(*n) => {}
            JsValueSnapshot::Number(n) => failures.push((
                format!(
                    "returned {}; expected {} to {} decimal digits (a difference under {}, here {})",
                    inspect(actual),
                    close.value,
                    close.digits,
                    close.tolerance(),
                    format_args!("{:.*}", close.digits as usize + 2, (n - close.value).abs())
                ),
                Some(Mismatch::Value { expected: JsValueSnapshot::Number(close.value), actual: actual.clone() }),
            )),
            _ => failures.push((format!("returned {}; expected a number close to {}", shown(), close.value), None)),
        }
    }
    if let (Some(want), Some(ProbeResult::Loose { equal, coerced })) = (&check.expect_loose, &run.probe)
        && !equal
    {
        let expected = expected_from_toml(want).unwrap_or(JsValueSnapshot::Undefined);
        let as_coerced =
            if coerced == actual { String::new() } else { format!(", which coerces to {}", inspect(coerced)) };
        failures.push((
            format!("returned {}{as_coerced}; expected a value == {}", shown(), inspect(&expected)),
            Some(Mismatch::Value { expected, actual: coerced.clone() }),
        ));
    }
    if let (Some(crate::exercise::Probe::SameAs(expr)), Some(ProbeResult::SameAs { same: false, other })) =
        (&check.probe, &run.probe)
    {
        let why = if matches(other, actual, super::compare::Origin::Js) {
            "an equal copy of it, not the same object".to_string()
        } else {
            format!("{}, a different value", shown())
        };
        failures.push((
            format!("returned {why}; expected `{expr}` itself (same_as compares identity, as Object.is does)"),
            Some(Mismatch::Value { expected: other.clone(), actual: actual.clone() }),
        ));
    }
    if let Some(class) = &check.expect_instance_of {
        let chain = run.classes.clone().unwrap_or_default();
        match chain.includes(class) {
            Some(true) => {}
            Some(false) => failures.push((
                format!("returned {}; expected an instance of {class} ({})", shown(), chain_text(&chain)),
                None,
            )),
            None => failures.push((
                format!(
                    "returned {}; whether it is an instance of {class} cannot be known without running its code ({})",
                    shown(),
                    chain_text(&chain)
                ),
                None,
            )),
        }
    }
    failures
}
