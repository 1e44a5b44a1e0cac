//! Judging a spec test: each `expect` the test recorded is compared on the host, from the copies
//! the recorder made, and the first that fails gives the check its message and diff.

use crate::exercise::{Check, Limits};
use crate::sandbox::{Recorded, Stop};
use crate::spec::matcher::{Matcher, Modifier, Subject};
use crate::value::{JsValueSnapshot as V, ObjectSnapshot, Slot, inspect};

use super::compare::{Origin, in_actual_order, matches};
use super::judge::{code_of, describe_stop};
use super::outcome::{CheckOutcome, Mismatch, Status};
use super::run::{ActionResult, CheckRun};

/// Why one expectation failed: a sentence, and the two values when a diff teaches more.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// `expect(received).toBe(expected): received 3, expected 4 (spec line 12:5)`.
    pub message: String,
    /// Expected and received, for a diff.
    pub diff: Option<(V, V)>,
}

/// What a matcher found, before `.not` is applied.
struct Verdict {
    pass: bool,
    /// Why it failed, when a pass was wanted.
    failed: String,
    /// Why it failed under `.not`.
    failed_not: String,
    diff: Option<(V, V)>,
}

fn show(value: &V) -> String {
    let text = inspect(value);
    if text.chars().count() > 80 || text.contains('\n') {
        let head: String = text.chars().take(60).filter(|c| *c != '\n').collect();
        format!("{head}…")
    } else {
        text
    }
}

fn short(value: &V) -> bool {
    let text = inspect(value);
    text.len() <= 40 && !text.contains('\n')
}

fn is_object(value: &V) -> bool {
    !matches!(
        value,
        V::Undefined | V::Null | V::Bool(_) | V::Number(_) | V::BigInt(_) | V::String(_) | V::IllFormedString(_)
            | V::LongString { .. } | V::Symbol(_)
    )
}

/// `Object.is`, from the copies (and, for objects, the recorder's identity test).
fn same(want: &V, actual: &V, identical: bool) -> bool {
    if is_object(want) || is_object(actual) { identical } else { matches(want, actual, Origin::Js) }
}

/// A copy with every property whose value is `undefined` left out (what `toEqual` ignores).
fn without_undefined(value: &V) -> V {
    match value {
        V::Object(o) => V::Object(ObjectSnapshot {
            class: o.class.clone(),
            null_prototype: o.null_prototype,
            properties: o
                .properties
                .iter()
                .filter(|(_, slot)| !matches!(slot, Slot::Value(V::Undefined)))
                .map(|(k, slot)| (k.clone(), slot_map(slot, without_undefined)))
                .collect(),
        }),
        V::Array(slots) => V::Array(slots.iter().map(|s| slot_map(s, without_undefined)).collect()),
        other => other.clone(),
    }
}

fn slot_map(slot: &Slot, f: fn(&V) -> V) -> Slot {
    match slot {
        Slot::Value(v) => Slot::Value(f(v)),
        other => other.clone(),
    }
}

fn equal(want: &V, actual: &V) -> bool {
    matches(&without_undefined(want), &without_undefined(actual), Origin::Js)
}

/// Whether objects are of the same classes throughout (what `toStrictEqual` adds).
fn same_classes(want: &V, actual: &V) -> bool {
    match (want, actual) {
        (V::Object(a), V::Object(b)) => {
            a.class == b.class
                && a.properties.iter().all(|(k, slot)| match (slot, b.properties.iter().find(|(bk, _)| bk == k)) {
                    (Slot::Value(x), Some((_, Slot::Value(y)))) => same_classes(x, y),
                    _ => true,
                })
        }
        (V::Array(a), V::Array(b)) => a.iter().zip(b).all(|pair| match pair {
            (Slot::Value(x), Slot::Value(y)) => same_classes(x, y),
            _ => true,
        }),
        _ => true,
    }
}

/// Whether `actual` has everything `want` has, recursively (`toMatchObject`).
fn subset(want: &V, actual: &V) -> bool {
    match (want, actual) {
        (V::Object(w), V::Object(a)) => w.properties.iter().all(|(k, slot)| {
            match (slot, a.properties.iter().find(|(ak, _)| ak == k)) {
                (Slot::Value(x), Some((_, Slot::Value(y)))) => subset(x, y),
                _ => false,
            }
        }),
        (V::Array(w), V::Array(a)) => {
            w.len() == a.len()
                && w.iter().zip(a).all(|pair| match pair {
                    (Slot::Value(x), Slot::Value(y)) => subset(x, y),
                    (Slot::Hole, Slot::Hole) => true,
                    _ => false,
                })
        }
        _ => matches(want, actual, Origin::Js),
    }
}

fn items(value: &V) -> Option<Vec<&V>> {
    match value {
        V::Array(slots) => Some(
            slots
                .iter()
                .filter_map(|s| match s {
                    Slot::Value(v) => Some(v),
                    _ => None,
                })
                .collect(),
        ),
        V::Set(values) => Some(values.iter().collect()),
        _ => None,
    }
}

fn length(value: &V) -> Option<usize> {
    match value {
        V::Array(slots) => Some(slots.len()),
        V::String(s) => Some(s.encode_utf16().count()),
        V::IllFormedString(units) => Some(units.len()),
        V::LongString { length, .. } => Some(*length),
        V::Object(o) => match o.properties.iter().find(|(k, _)| k == "length") {
            Some((_, Slot::Value(V::Number(n)))) if *n >= 0.0 && n.fract() == 0.0 => Some(*n as usize),
            _ => None,
        },
        _ => None,
    }
}

fn truthy(value: &V) -> bool {
    match value {
        V::Undefined | V::Null => false,
        V::Bool(b) => *b,
        V::Number(n) => *n != 0.0 && !n.is_nan(),
        V::BigInt(digits) => digits.trim_start_matches('-') != "0",
        V::String(s) => !s.is_empty(),
        V::IllFormedString(units) => !units.is_empty(),
        _ => true,
    }
}

/// An error's message, a thrown string, or the thrown value as shown.
fn message_of(thrown: &V) -> String {
    match thrown {
        V::Error { message, .. } => message.clone(),
        V::String(s) => s.clone(),
        other => inspect(other),
    }
}

/// `a RangeError`, `an OutOfStockError`.
fn a(noun: &str) -> String {
    let article = if noun.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

fn called_times(n: usize) -> String {
    match n {
        0 => "was never called".into(),
        1 => "was called once".into(),
        n => format!("was called {n} times"),
    }
}

fn verdict(pass: bool, failed: String, failed_not: String) -> Verdict {
    Verdict { pass, failed, failed_not, diff: None }
}

fn with_diff(mut v: Verdict, want: &V, actual: &V) -> Verdict {
    // Two copies that look alike (`toBe` on two equal objects) have no diff to show.
    if !matches(want, actual, Origin::Js) {
        v.diff = Some((in_actual_order(want, actual), actual.clone()));
    }
    v
}

/// The value to show of a mock's calls: each call's arguments.
fn calls_of(actual: &V) -> Vec<V> {
    items(actual).unwrap_or_default().into_iter().cloned().collect()
}

fn arguments(expected: &[crate::sandbox::RecordedValue]) -> V {
    V::Array(expected.iter().map(|e| Slot::Value(e.value.clone())).collect())
}

fn property_path(path: &V) -> Option<Vec<String>> {
    match path {
        V::String(s) => Some(
            s.replace('[', ".").replace(']', "").split('.').filter(|p| !p.is_empty()).map(str::to_string).collect(),
        ),
        V::Array(_) => items(path).map(|parts| {
            parts
                .into_iter()
                .map(|p| match p {
                    V::String(s) => s.clone(),
                    other => inspect(other),
                })
                .collect()
        }),
        _ => None,
    }
}

fn property<'v>(value: &'v V, path: &[String]) -> Option<&'v V> {
    let Some((first, rest)) = path.split_first() else { return Some(value) };
    let next = match value {
        V::Object(o) => o.properties.iter().find(|(k, _)| k == first).map(|(_, s)| s),
        V::Array(slots) => first.parse::<usize>().ok().and_then(|i| slots.get(i)),
        _ => None,
    };
    match next {
        Some(Slot::Value(v)) => property(v, rest),
        _ => None,
    }
}

fn evaluate(matcher: Matcher, subject: Subject, r: &Recorded) -> Verdict {
    let actual = &r.actual.value;
    let want = r.expected.first().map(|e| &e.value);
    let a = show(actual);
    let none = V::Undefined;
    let w_value = want.unwrap_or(&none);
    let w = show(w_value);
    match matcher {
        Matcher::ToBe => {
            let pass = same(w_value, actual, r.identical);
            let failed = if !pass && is_object(actual) && equal(w_value, actual) {
                "received an object with the same contents but not the same object: toBe compares identity (use \
                 toEqual to compare contents)"
                    .to_string()
            } else {
                format!("received {a}, expected {w}")
            };
            with_diff(verdict(pass, failed, format!("received {a}, expected any other value")), w_value, actual)
        }
        Matcher::ToEqual | Matcher::ToStrictEqual => {
            let pass = if matcher == Matcher::ToEqual {
                equal(w_value, actual)
            } else {
                matches(w_value, actual, Origin::Js) && same_classes(w_value, actual)
            };
            let failed = if short(w_value) && short(actual) {
                format!("received {a}, expected {w}")
            } else {
                "the received value differs from the expected one".to_string()
            };
            with_diff(verdict(pass, failed, format!("received {a}, expected a different value")), w_value, actual)
        }
        Matcher::ToMatchObject => {
            let pass = subset(w_value, actual);
            with_diff(
                verdict(pass, format!("received {a}, which lacks some of {w}"), format!("received {a}, which has all of {w}")),
                w_value,
                actual,
            )
        }
        Matcher::ToThrow => throw_verdict(subject, r, want),
        Matcher::ToBeCloseTo => {
            let digits = r.expected.get(1).and_then(|d| if let V::Number(n) = d.value { Some(n) } else { None });
            let digits = digits.unwrap_or(2.0);
            let pass = match (actual, w_value) {
                (V::Number(x), V::Number(y)) => x == y || (x - y).abs() < 10f64.powf(-digits) / 2.0,
                _ => false,
            };
            verdict(
                pass,
                format!("received {a}, expected {w} to {digits} decimal places"),
                format!("received {a}, expected a number not close to {w}"),
            )
        }
        Matcher::ToBeDefined => verdict(!matches!(actual, V::Undefined), "received undefined".into(), format!("received {a}, expected undefined")),
        Matcher::ToBeUndefined => verdict(matches!(actual, V::Undefined), format!("received {a}, expected undefined"), "received undefined".into()),
        Matcher::ToBeNull => verdict(matches!(actual, V::Null), format!("received {a}, expected null"), "received null".into()),
        Matcher::ToBeNaN => {
            let pass = matches!(actual, V::Number(n) if n.is_nan());
            verdict(pass, format!("received {a}, expected NaN"), "received NaN".into())
        }
        Matcher::ToBeTruthy => verdict(truthy(actual), format!("received {a}, expected a truthy value"), format!("received {a}, expected a falsy value")),
        Matcher::ToBeFalsy => verdict(!truthy(actual), format!("received {a}, expected a falsy value"), format!("received {a}, expected a truthy value")),
        Matcher::ToContain | Matcher::ToContainEqual => {
            let pass = match (actual, w_value) {
                (V::String(s), V::String(part)) => s.contains(part.as_str()),
                _ => items(actual).is_some_and(|list| {
                    list.iter().any(|item| {
                        if matcher == Matcher::ToContain && !is_object(w_value) {
                            matches(w_value, item, Origin::Js)
                        } else {
                            equal(w_value, item)
                        }
                    })
                }),
            };
            verdict(pass, format!("received {a}, which does not contain {w}"), format!("received {a}, which contains {w}"))
        }
        Matcher::ToHaveLength => {
            let got = length(actual);
            let pass = matches!((got, w_value), (Some(n), V::Number(m)) if n as f64 == *m);
            let failed = match got {
                Some(n) => format!("received {a} of length {n}, expected length {w}"),
                None => format!("received {a}, which has no length"),
            };
            verdict(pass, failed, format!("received {a}, expected a length other than {w}"))
        }
        Matcher::ToMatch => {
            let pass = match (actual, w_value) {
                (V::String(s), V::String(part)) => s.contains(part.as_str()),
                (V::String(_), V::RegExp { .. }) => r.pattern_hit == Some(true),
                _ => false,
            };
            verdict(pass, format!("received {a}, which does not match {w}"), format!("received {a}, which matches {w}"))
        }
        Matcher::ToBeInstanceOf => {
            let class = match w_value {
                V::Function { name, .. } => name.clone(),
                _ => String::new(),
            };
            let pass = !class.is_empty() && r.actual.lineage.contains(&class);
            let of = r.actual.lineage.first().filter(|n| !n.is_empty()).map(|n| format!(" ({})", a(n))).unwrap_or_default();
            verdict(
                pass,
                format!("received {a}{of}, expected an instance of {}", if class.is_empty() { w.clone() } else { class.clone() }),
                format!("received {a}, an instance of {class}"),
            )
        }
        Matcher::ToHaveProperty => {
            let path = property_path(w_value).unwrap_or_default();
            let written = path.join(".");
            let found = property(actual, &path);
            match (found, r.expected.get(1)) {
                (None, _) => verdict(false, format!("received {a}, which has no property {written}"), String::new()),
                (Some(v), None) => verdict(true, String::new(), format!("received {a}, which has property {written} = {}", show(v))),
                (Some(v), Some(value)) => {
                    let pass = equal(&value.value, v);
                    with_diff(
                        verdict(
                            pass,
                            format!("property {written} is {}, expected {}", show(v), show(&value.value)),
                            format!("property {written} is {}", show(v)),
                        ),
                        &value.value,
                        v,
                    )
                }
            }
        }
        Matcher::Compare(comparison) => {
            let pass = matches!((actual, w_value), (V::Number(x), V::Number(y)) if comparison.holds(*x, *y));
            verdict(
                pass,
                format!("received {a}, expected a number {} {w}", comparison.symbol()),
                format!("received {a}, expected it not to be {} {w}", comparison.symbol()),
            )
        }
        Matcher::ToHaveBeenCalled => {
            let n = calls_of(actual).len();
            verdict(n > 0, "the mock function was never called".into(), format!("the mock function {}", called_times(n)))
        }
        Matcher::ToHaveBeenCalledTimes => {
            let n = calls_of(actual).len();
            let pass = matches!(w_value, V::Number(m) if *m == n as f64);
            verdict(
                pass,
                format!("the mock function {}, expected {w} call(s)", called_times(n)),
                format!("the mock function {}", called_times(n)),
            )
        }
        Matcher::ToHaveBeenCalledWith | Matcher::ToHaveBeenLastCalledWith | Matcher::ToHaveBeenNthCalledWith => {
            called_with(matcher, r)
        }
    }
}

fn called_with(matcher: Matcher, r: &Recorded) -> Verdict {
    let calls = calls_of(&r.actual.value);
    let (args, picked): (V, Option<(usize, &V)>) = match matcher {
        Matcher::ToHaveBeenNthCalledWith => {
            let n = match r.expected.first().map(|e| &e.value) {
                Some(V::Number(n)) if *n >= 1.0 => *n as usize,
                _ => 0,
            };
            (arguments(r.expected.get(1..).unwrap_or_default()), n.checked_sub(1).and_then(|i| calls.get(i).map(|c| (i, c))))
        }
        Matcher::ToHaveBeenLastCalledWith => (arguments(&r.expected), calls.len().checked_sub(1).map(|i| (i, &calls[i]))),
        _ => {
            let args = arguments(&r.expected);
            let found = calls.iter().enumerate().find(|(_, c)| equal(&args, c));
            (args, found.or_else(|| calls.len().checked_sub(1).map(|i| (i, &calls[i]))))
        }
    };
    let w = show(&args);
    if calls.is_empty() {
        return verdict(false, format!("the mock function was never called, expected a call with {w}"), String::new());
    }
    match picked {
        None => verdict(false, format!("the mock function {}, so it has no such call", called_times(calls.len())), String::new()),
        Some((i, call)) => {
            let pass = equal(&args, call);
            let what = format!("call {} had arguments {}", i + 1, show(call));
            with_diff(verdict(pass, format!("{what}, expected {w}"), format!("{what}")), &args, call)
        }
    }
}

fn throw_verdict(subject: Subject, r: &Recorded, want: Option<&V>) -> Verdict {
    let wanted = match want {
        None => "an error".to_string(),
        Some(V::String(s)) => format!("an error whose message contains \"{s}\""),
        Some(V::RegExp { .. }) => format!("an error whose message matches {}", show(want.unwrap_or(&V::Undefined))),
        Some(V::Function { name, .. }) => a(name),
        Some(V::Error { message, .. }) => format!("an error with the message \"{message}\""),
        Some(other) => format!("an error like {}", show(other)),
    };
    if subject != Subject::Threw {
        let got = match subject {
            Subject::Resolved => format!("the promise resolved to {}", show(&r.actual.value)),
            _ => format!("it returned {}", show(&r.actual.value)),
        };
        return verdict(false, format!("expected {wanted}, but {got} without throwing"), String::new());
    }
    let thrown = &r.actual.value;
    let described = match thrown {
        V::Error { name, message } if message.is_empty() => name.clone(),
        V::Error { name, message } => format!("{name}: {message}"),
        other => show(other),
    };
    let class = r.actual.lineage.first().filter(|n| !matches!(n.as_str(), "" | "Object") && !matches!(thrown, V::Error { .. }));
    let described = match class {
        Some(c) => format!("{described} ({})", a(c)),
        None => described,
    };
    let pass = match want {
        None => true,
        Some(V::String(s)) => message_of(thrown).contains(s.as_str()),
        Some(V::RegExp { .. }) => r.pattern_hit == Some(true),
        Some(V::Function { name, .. }) => r.actual.lineage.contains(name),
        Some(V::Error { message, .. }) => message_of(thrown) == *message,
        Some(other) => equal(other, thrown),
    };
    verdict(pass, format!("expected {wanted}, but it threw {described}"), format!("expected no {wanted}, but it threw {described}"))
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
                Stop::NeverSettled => format!(
                    "the test never finished: it waited on a promise (or a `done` callback) that nothing settled within \
                     the {} ms limit",
                    limits.time_ms
                ),
                other => format!("the test {}", describe_stop(other, limits)),
            });
        }
    }
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
