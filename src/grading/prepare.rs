//! Preparing an exercise for grading: the rules that need the engine (check code and `expect_js`
//! must parse), and expected values computed once, in pristine contexts, never in a submission's.

use crate::exercise::{Action, Check, Exercise, Limits, LoadError, Probe, expected_from_toml, see};
use crate::sandbox::{self, Stop};
use crate::syntax::SourceProblem;
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
            weak_refs: limits.intrinsics.weak_refs,
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
            check_parses(exercise, check)?;
            expect_js_parses(check)?;
            expected_value(check, &limits)
        })
        .collect()
}

/// Parses `expect_js` as one JavaScript expression (oxc), so that an error points at its own
/// line and column in the TOML file, not at parentheses the author never wrote.
fn expect_js_parses(check: &Check) -> Result<(), LoadError> {
    let (Some(expr), Some(place)) = (&check.expect_js, &check.expect_js_place) else { return Ok(()) };
    let allocator = oxc_allocator::Allocator::default();
    let parsed = oxc_parser::Parser::new(&allocator, expr, oxc_span::SourceType::mjs()).parse_expression();
    let (offset, message) = match parsed {
        Ok(parsed) => {
            let end = oxc_span::GetSpan::span(&parsed).end as usize;
            let rest = expr[end.min(expr.len())..].trim_start();
            if rest.is_empty() || rest.starts_with("//") || rest.starts_with("/*") {
                return Ok(());
            }
            (expr.len() - rest.len(), "unexpected text after the expression (one expression, not statements)".into())
        }
        Err(errors) => {
            let first = errors.first();
            let offset = first
                .and_then(|d| d.labels.as_deref())
                .and_then(|labels| labels.iter().find(|l| l.primary()).or_else(|| labels.first()))
                .map_or(0, |l| l.offset());
            (offset, first.map_or_else(|| "does not parse".to_string(), |d| d.message.to_string()))
        }
    };
    Err(LoadError::Invalid {
        location: place.location_of(offset),
        message: format!(
            "check \"{}\": `expect_js` does not parse as a JavaScript expression: {message}; {}",
            check.name,
            see("expect_js")
        ),
    })
}

/// Checks that a check's code parses as the engine will compile it, with one parse per piece
/// and no engine: `setup` as the body of a strict function whose parameters are the entries, `run`
/// and each call as strict code inside it. An error names the piece and its line and column.
fn check_parses(exercise: &Exercise, check: &Check) -> Result<(), LoadError> {
    let mut pieces: Vec<(String, &str, String)> = Vec::new();
    let parameters = exercise.entry.join(", ");
    if let Some(setup) = &exercise.setup {
        let wrapped = format!("(function ({parameters}) {{\"use strict\";\n{setup}\n}})");
        pieces.push(("the exercise's setup".into(), setup, wrapped));
    }
    if let Some(group) = check.group.as_ref().and_then(|g| exercise.setup_groups.get(g)) {
        let wrapped = format!("(function ({parameters}) {{\"use strict\";\n{group}\n}})");
        pieces.push(("the group's setup".into(), group, wrapped));
    }
    if let Some(setup) = &check.setup {
        pieces.push(("setup".into(), setup, format!("(function ({parameters}) {{\"use strict\";\n{setup}\n}})")));
    }
    if let Some(Probe::SameAs(expr)) = &check.probe {
        pieces.push(("same_as".into(), expr, format!("(function () {{\"use strict\"; return (\n{expr}\n); }})")));
    }
    match &check.action {
        Action::Run(code) => pieces.push(("run".into(), code, format!("(function () {{\"use strict\";\n{code}\n}})"))),
        Action::Calls(calls) => {
            for (i, call) in calls.iter().enumerate() {
                let wrapped = format!("(function () {{\"use strict\"; return (\n{call}\n); }})");
                pieces.push((format!("call {}", i + 1), call, wrapped));
            }
        }
        // The spec file was parsed when the exercise loaded.
        Action::Spec { .. } => {}
    }
    for (what, code, wrapped) in &pieces {
        match crate::syntax::script_problem(wrapped) {
            None => {}
            Some(SourceProblem::Syntax(problem)) => {
                // The piece starts on the wrapper's second line; an error at the wrapper's end
                // (a bracket left open) is at the piece's last line.
                let last = code.lines().count().max(1) as u32;
                let line = problem.line.saturating_sub(1).clamp(1, last);
                let column = if line + 1 == problem.line {
                    problem.column
                } else {
                    code.lines().nth(line as usize - 1).map_or(0, |l| l.chars().count()) as u32 + 1
                };
                return Err(invalid(
                    check,
                    format!(
                        "`{what}` does not parse: SyntaxError: {} (line {line}, column {column} of it)",
                        problem.message
                    ),
                ));
            }
            Some(other) => return Err(invalid(check, format!("`{what}` {other}"))),
        }
    }
    Ok(())
}

fn expected_value(check: &Check, limits: &sandbox::Limits) -> Result<ExpectedValue, LoadError> {
    let calls = match &check.action {
        Action::Calls(calls) => Some(calls.len()),
        Action::Run(_) | Action::Spec { .. } => None,
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn prepare(checks: &str) -> Result<Vec<ExpectedValue>, String> {
        let text = format!("title = \"t\"\nentry = [\"outer\"]\n{checks}");
        let exercise = Exercise::parse(Path::new("exercises/e.toml"), &text).map_err(|e| e.to_string())?;
        expected_values(&exercise, &Limits::default()).map_err(|e| e.to_string())
    }

    #[test]
    fn check_code_that_parses_is_accepted() {
        let checks = "[[check]]\nname = \"a\"\nsetup = \"const c = outer();\\nlet n = 0;\"\nrun = \"c() + n\"\nexpect = 1\n\
                      [[check]]\nname = \"b\"\ncalls = [\"outer()\", \"outer()\"]\nexpect = [1, 2]\n";
        assert_eq!(prepare(checks).map(|v| v.len()), Ok(2));
    }

    #[test]
    fn check_code_that_does_not_parse_names_the_piece_its_line_and_column() {
        let cases = [
            // The error is on the setup's own second line, column 9.
            (
                "setup = \"let a = 1;\\nlet b = ;\"\nrun = \"1\"\nexpect = 1",
                "`setup` does not parse: SyntaxError:",
                "(line 2, column 9 of it)",
            ),
            // Setup is the body of a function whose parameters are the entries.
            (
                "setup = \"let outer = 1;\"\nrun = \"1\"\nexpect = 1",
                "`setup` does not parse: SyntaxError: Identifier `outer` has already been declared",
                "(line 1, column 5 of it)",
            ),
            // Check code is strict.
            (
                "run = \"with (Math) { max(1, 2) }\"\nexpect = 2",
                "`run` does not parse: SyntaxError:",
                "(line 1, column 1 of it)",
            ),
            // A bracket left open is reported at the end of the piece.
            ("run = \"if (true) {\"\nexpect = 2", "`run` does not parse: SyntaxError:", "(line 1, column 12 of it)"),
            ("calls = [\"outer()\", \"outer(\"]\nexpect = [1, 2]", "`call 2` does not parse: SyntaxError:", "of it)"),
        ];
        for (check, wanted, at) in cases {
            let error = prepare(&format!("[[check]]\nname = \"c\"\n{check}\n")).expect_err(check);
            assert!(error.starts_with("exercises/e.toml:3:1: check \"c\": "), "{error}");
            assert!(error.contains(wanted), "{check}: {error}");
            assert!(error.ends_with(at), "{check}: {error}");
        }
    }
}
