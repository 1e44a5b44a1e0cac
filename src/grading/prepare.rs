//! Preparing an exercise for grading: the rules that need the engine (check code and `expect_js`
//! must parse), and expected values computed once, in pristine contexts, never in a submission's.

use crate::exercise::{Action, Check, Exercise, Limits, LoadError, expected_from_toml};
use crate::sandbox::{self, Stop};
use crate::value::JsValueSnapshot;

use super::compare::Origin;
use super::judge::{ExpectedValue, describe_stop};

/// Turns a course's limits for a check into the sandbox's.
pub fn sandbox_limits(limits: &Limits) -> sandbox::Limits {
    sandbox::Limits {
        time: std::time::Duration::from_millis(limits.time_ms),
        memory_bytes: (limits.memory_mb as usize) << 20,
        stack_bytes: (limits.stack_kb as usize) << 10,
        output_bytes: (limits.output_kb as usize) << 10,
        intrinsics: sandbox::Intrinsics {
            typed_arrays: limits.intrinsics.typed_arrays,
            base64: limits.intrinsics.base64,
        },
    }
}

fn invalid(check: &Check, message: String) -> LoadError {
    LoadError::Invalid { location: check.location.clone(), message: format!("check \"{}\": {message}", check.name) }
}

/// Checks that every piece of check code parses and computes each check's expected value.
///
/// Runs JavaScript, so call it on a thread with [`sandbox::stack_for`] bytes of stack.
pub fn expected_values(exercise: &Exercise, limits: &Limits) -> Result<Vec<ExpectedValue>, LoadError> {
    let limits = sandbox_limits(limits);
    exercise
        .checks
        .iter()
        .map(|check| {
            check_parses(check, &limits)?;
            expected_value(check, &limits)
        })
        .collect()
}

fn check_parses(check: &Check, limits: &sandbox::Limits) -> Result<(), LoadError> {
    let mut pieces: Vec<(String, String)> = Vec::new();
    if let Some(setup) = &check.setup {
        pieces.push(("setup".into(), format!("(function () {{\n{setup}\n}})")));
    }
    match &check.action {
        Action::Run(code) => pieces.push(("run".into(), format!("(function () {{\n{code}\n}})"))),
        Action::Calls(calls) => {
            for (i, call) in calls.iter().enumerate() {
                pieces.push((format!("call {}", i + 1), format!("(function () {{ return (\n{call}\n); }})")));
            }
        }
    }
    if pieces.is_empty() {
        return Ok(());
    }
    let outcome = sandbox::run_isolated(limits, |sb| {
        for (what, code) in &pieces {
            if let Err(stop) = sb.parses_as_check_code(code, what) {
                return Err(Box::new((what.clone(), stop)));
            }
        }
        Ok(())
    })
    .map_err(|e| invalid(check, e.to_string()))?;
    outcome.map_err(|failed| match *failed {
        (what, Stop::Threw(t)) => {
            let line =
                t.location.map(|(l, _)| format!(" (line {} of it)", l.saturating_sub(1).max(1))).unwrap_or_default();
            invalid(check, format!("`{what}` does not parse: {}{line}", t.summary()))
        }
        (what, other) => invalid(check, format!("`{what}` could not be checked: {other:?}")),
    })
}

fn expected_value(check: &Check, limits: &sandbox::Limits) -> Result<ExpectedValue, LoadError> {
    let calls = match &check.action {
        Action::Calls(calls) => Some(calls.len()),
        Action::Run(_) => None,
    };
    let (value, origin) = if let Some(expect) = &check.expect {
        (expected_from_toml(expect).map_err(|m| invalid(check, m))?, Origin::Toml)
    } else if let Some(expr) = &check.expect_js {
        let code = format!("(\n{expr}\n)");
        let value = sandbox::run_isolated(limits, |sb| sb.evaluate_plain(&code, "expect_js"))
            .map_err(|e| invalid(check, e.to_string()))?
            .map_err(|stop| match stop {
                // The location would point into the parentheses wrapped around the expression.
                Stop::Threw(t) if t.name.as_deref() == Some("SyntaxError") => {
                    invalid(check, format!("`expect_js` does not parse as a JavaScript expression: {}", t.summary()))
                }
                stop => invalid(check, format!("`expect_js` failed: {}", describe_stop(&stop, &Limits::default()))),
            })?;
        (value, Origin::Js)
    } else {
        return Ok(ExpectedValue::None);
    };
    match calls {
        None => Ok(ExpectedValue::Single(value, origin)),
        Some(n) => match value {
            JsValueSnapshot::Array(slots) if slots.len() == n => {
                let values = slots
                    .into_iter()
                    .map(|s| match s {
                        crate::value::Slot::Value(v) => v,
                        _ => JsValueSnapshot::Undefined,
                    })
                    .collect();
                Ok(ExpectedValue::PerCall(values, origin))
            }
            _ => Err(invalid(
                check,
                format!("with {n} calls, the expectation must be an array of {n} values, one per call"),
            )),
        },
    }
}
