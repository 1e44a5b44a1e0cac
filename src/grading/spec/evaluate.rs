//! Each matcher's verdict on what one `expect` recorded, before `.not` is applied.

use crate::sandbox::Recorded;
use crate::spec::matcher::{Matcher, Subject};
use crate::value::JsValueSnapshot as V;

use super::super::compare::{Origin, in_actual_order, matches};
use super::values::*;

/// What a matcher found, before `.not` is applied.
pub(super) struct Verdict {
    pub(super) pass: bool,
    /// Why it failed, when a pass was wanted.
    pub(super) failed: String,
    /// Why it failed under `.not`.
    pub(super) failed_not: String,
    pub(super) diff: Option<(V, V)>,
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

pub(super) fn evaluate(matcher: Matcher, subject: Subject, r: &Recorded) -> Verdict {
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
                verdict(
                    pass,
                    format!("received {a}, which lacks some of {w}"),
                    format!("received {a}, which has all of {w}"),
                ),
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
        Matcher::ToBeDefined => verdict(
            !matches!(actual, V::Undefined),
            "received undefined".into(),
            format!("received {a}, expected undefined"),
        ),
        Matcher::ToBeUndefined => verdict(
            matches!(actual, V::Undefined),
            format!("received {a}, expected undefined"),
            "received undefined".into(),
        ),
        Matcher::ToBeNull => {
            verdict(matches!(actual, V::Null), format!("received {a}, expected null"), "received null".into())
        }
        Matcher::ToBeNaN => {
            let pass = matches!(actual, V::Number(n) if n.is_nan());
            verdict(pass, format!("received {a}, expected NaN"), "received NaN".into())
        }
        Matcher::ToBeTruthy => verdict(
            truthy(actual),
            format!("received {a}, expected a truthy value"),
            format!("received {a}, expected a falsy value"),
        ),
        Matcher::ToBeFalsy => verdict(
            !truthy(actual),
            format!("received {a}, expected a falsy value"),
            format!("received {a}, expected a truthy value"),
        ),
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
            verdict(
                pass,
                format!("received {a}, which does not contain {w}"),
                format!("received {a}, which contains {w}"),
            )
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
            let pass = match r.inherits {
                Some(inherits) => inherits,
                None => !class.is_empty() && r.actual.lineage.contains(&class),
            };
            let of = r
                .actual
                .lineage
                .first()
                .filter(|n| !n.is_empty())
                .map(|n| format!(" ({})", article(n)))
                .unwrap_or_default();
            verdict(
                pass,
                format!(
                    "received {a}{of}, expected an instance of {}",
                    if class.is_empty() { w.clone() } else { class.clone() }
                ),
                format!("received {a}, an instance of {class}"),
            )
        }
        Matcher::ToHaveProperty => {
            let path = property_path(w_value).unwrap_or_default();
            let written = path.join(".");
            let found = property(actual, &path);
            match (found, r.expected.get(1)) {
                (None, _) => verdict(false, format!("received {a}, which has no property {written}"), String::new()),
                (Some(v), None) => {
                    verdict(true, String::new(), format!("received {a}, which has property {written} = {}", show(v)))
                }
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
            verdict(
                n > 0,
                "the mock function was never called".into(),
                format!("the mock function {}", called_times(n)),
            )
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
            (
                arguments(r.expected.get(1..).unwrap_or_default()),
                n.checked_sub(1).and_then(|i| calls.get(i).map(|c| (i, c))),
            )
        }
        Matcher::ToHaveBeenLastCalledWith => {
            (arguments(&r.expected), calls.len().checked_sub(1).map(|i| (i, &calls[i])))
        }
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
        None => verdict(
            false,
            format!("the mock function {}, so it has no such call", called_times(calls.len())),
            String::new(),
        ),
        Some((i, call)) => {
            let pass = equal(&args, call);
            let what = format!("call {} had arguments {}", i + 1, show(call));
            with_diff(verdict(pass, format!("{what}, expected {w}"), what.clone()), &args, call)
        }
    }
}

fn throw_verdict(subject: Subject, r: &Recorded, want: Option<&V>) -> Verdict {
    let wanted = match want {
        None => "an error".to_string(),
        Some(V::String(s)) => format!("an error whose message contains \"{s}\""),
        Some(V::RegExp { .. }) => format!("an error whose message matches {}", show(want.unwrap_or(&V::Undefined))),
        Some(V::Function { name, .. }) => article(name),
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
    let class =
        r.actual.lineage.first().filter(|n| !matches!(n.as_str(), "" | "Object") && !matches!(thrown, V::Error { .. }));
    let described = match class {
        Some(c) => format!("{described} ({})", article(c)),
        None => described,
    };
    let pass = match want {
        None => true,
        Some(V::String(s)) => message_of(thrown).contains(s.as_str()),
        Some(V::RegExp { .. }) => r.pattern_hit == Some(true),
        Some(V::Function { name, .. }) => r.inherits.unwrap_or_else(|| r.actual.lineage.contains(name)),
        Some(V::Error { message, .. }) => message_of(thrown) == *message,
        Some(other) => equal(other, thrown),
    };
    verdict(
        pass,
        format!("expected {wanted}, but it threw {described}"),
        format!("expected no {wanted}, but it threw {described}"),
    )
}
