//! One `[[check]]` as written and its validation: what it runs, what it expects, which
//! combinations make sense (each error says where in the reference to look).

use serde::Deserialize;
use toml::Spanned;

use super::matchers::{Close, Pattern, Probe, Throws, js_literal, see};
use super::place::StringPlace;
use super::{Action, Check, LoadError, Location, MAX_POINTS, expected_from_toml, limit_overrides};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCheck {
    name: String,
    group: Option<String>,
    setup: Option<String>,
    run: Option<String>,
    calls: Option<Vec<String>>,
    expect: Option<toml::Value>,
    expect_js: Option<Spanned<String>>,
    expect_not: Option<toml::Value>,
    expect_close: Option<Close>,
    expect_loose: Option<Spanned<toml::Value>>,
    expect_instance_of: Option<String>,
    same_as: Option<String>,
    #[serde(default)]
    read_getters: bool,
    stdout: Option<String>,
    stdout_matches: Option<Pattern>,
    throws: Option<Throws>,
    points: Option<Spanned<i64>>,
    #[serde(default)]
    hidden: bool,
    hint: Option<String>,
    time_ms: Option<Spanned<u64>>,
    memory_mb: Option<Spanned<u64>>,
    stack_kb: Option<Spanned<u64>>,
}

/// The keys that say what a value must be (with `run` only, but `expect`).
const VALUE_MATCHERS: &str = "`expect_not`, `expect_close`, `expect_loose`, `expect_instance_of`, `same_as`";

pub(super) fn validate_check(
    raw: RawCheck,
    location: Location,
    at: &dyn Fn(usize) -> Location,
    place: &dyn Fn(std::ops::Range<usize>) -> StringPlace,
) -> Result<Check, LoadError> {
    let fail_at = |location: Location, message: String| {
        Err(LoadError::Invalid { location, message: format!("check \"{}\": {message}", raw.name) })
    };
    let fail = |message: String| fail_at(location.clone(), message);
    if raw.name.trim().is_empty() {
        return fail("the name is empty".into());
    }
    let action = match (raw.run.clone(), raw.calls.clone()) {
        (Some(run), None) => Action::Run(run),
        (None, Some(calls)) if calls.is_empty() => return fail("`calls` is empty: list at least one call".into()),
        (None, Some(calls)) => Action::Calls(calls),
        (Some(_), Some(_)) => return fail(format!("has both `run` and `calls`: use one; {}", see("checks"))),
        (None, None) => {
            return fail(format!("has neither `run` nor `calls`: say what the check runs; {}", see("checks")));
        }
    };
    let value_matcher = raw.expect_not.is_some()
        || raw.expect_close.is_some()
        || raw.expect_loose.is_some()
        || raw.expect_instance_of.is_some()
        || raw.same_as.is_some();
    let expects_value = raw.expect.is_some() || raw.expect_js.is_some() || value_matcher;
    if !expects_value && raw.stdout.is_none() && raw.stdout_matches.is_none() && raw.throws.is_none() {
        return fail(format!(
            "expects nothing, so it cannot fail: add `expect`, `expect_js`, `stdout` or `throws` (or another matcher); {}",
            see("matchers")
        ));
    }
    if raw.expect.is_some() && raw.expect_js.is_some() {
        return fail("has both `expect` and `expect_js`: use one".into());
    }
    if raw.throws.is_some() && expects_value {
        return fail(format!(
            "expects both a value and an error: a check that throws has no value, so drop the value keys or `throws`; {}",
            see("throws")
        ));
    }
    if value_matcher && matches!(action, Action::Calls(_)) {
        return fail(format!(
            "{VALUE_MATCHERS} judge one value: use them with `run`, not `calls`; {}",
            see("matchers")
        ));
    }
    match &raw.throws {
        Some(Throws::Any(false)) => {
            return fail("`throws = false` is not needed: leave `throws` out when no error is expected".into());
        }
        Some(Throws::Message(m)) if m.is_empty() => {
            return fail("`throws = \"\"` matches every message: use `throws = true`".into());
        }
        _ => {}
    }
    let probe = match (&raw.expect_loose, &raw.same_as, raw.read_getters) {
        (Some(_), Some(_), _) | (Some(_), _, true) | (_, Some(_), true) => {
            return fail(format!(
                "`expect_loose`, `same_as` and `read_getters` each read the result their own way: use one per check; {}",
                see("matchers")
            ));
        }
        (Some(loose), None, false) => match js_literal(loose.get_ref()) {
            Some(literal) => Some(Probe::Loose(literal)),
            None => {
                return fail_at(
                    at(loose.span().start),
                    format!(
                        "`expect_loose` compares with a string, number or boolean, not {}; {}",
                        loose.get_ref().type_str(),
                        see("expect_loose")
                    ),
                );
            }
        },
        (None, Some(expr), false) => Some(Probe::SameAs(expr.clone())),
        (None, None, true) => Some(Probe::ReadGetters),
        (None, None, false) => None,
    };
    if let (Action::Calls(calls), Some(expect)) = (&action, &raw.expect) {
        match expect.as_array() {
            Some(values) if values.len() == calls.len() => {}
            Some(values) => {
                return fail(format!(
                    "has {} calls but {} expected values: `expect` needs one value per call",
                    calls.len(),
                    values.len()
                ));
            }
            None => return fail("with `calls`, `expect` must be an array with one value per call".into()),
        }
    }
    for (key, value) in [("expect", &raw.expect), ("expect_not", &raw.expect_not)] {
        if let Some(Err(message)) = value.as_ref().map(expected_from_toml) {
            return fail(format!("`{key}`: {message}"));
        }
    }
    if let Some(close) = &raw.expect_close
        && (close.digits > 15 || close.value.is_nan())
    {
        return fail(format!(
            "`expect_close` needs a number `value` and `digits` from 0 to 15; {}",
            see("expect_close")
        ));
    }
    let points = match &raw.points {
        None => 1,
        Some(p) => match u32::try_from(*p.get_ref()).ok().filter(|p| *p <= MAX_POINTS) {
            Some(points) => points,
            None => {
                let message = format!("`points = {}` is out of range: use 0 to {MAX_POINTS}", p.get_ref());
                return fail_at(at(p.span().start), message);
            }
        },
    };
    let limits = match limit_overrides(raw.time_ms, raw.memory_mb, raw.stack_kb) {
        Ok(limits) => limits,
        Err((offset, message)) => return fail_at(at(offset), message),
    };
    let expect_js_place = raw.expect_js.as_ref().map(|e| place(e.span()));
    Ok(Check {
        name: raw.name,
        group: raw.group,
        setup: raw.setup,
        action,
        expect: raw.expect,
        expect_js: raw.expect_js.map(Spanned::into_inner),
        expect_js_place,
        expect_not: raw.expect_not,
        expect_close: raw.expect_close,
        expect_loose: raw.expect_loose.map(Spanned::into_inner),
        expect_instance_of: raw.expect_instance_of,
        probe,
        stdout: raw.stdout,
        stdout_matches: raw.stdout_matches,
        throws: raw.throws,
        points,
        hidden: raw.hidden,
        hint: raw.hint,
        limits,
        location,
    })
}
