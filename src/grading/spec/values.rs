//! What the matchers know of values, from the host's copies: identity, equality with and without
//! `undefined` properties or classes, subsets, lengths, truthiness, property paths.

use crate::sandbox::RecordedValue;
use crate::value::{JsValueSnapshot as V, ObjectSnapshot, Slot, inspect};

use super::super::compare::{Origin, matches};

pub(super) fn show(value: &V) -> String {
    let text = inspect(value);
    if text.chars().count() > 80 || text.contains('\n') {
        let head: String = text.chars().take(60).filter(|c| *c != '\n').collect();
        format!("{head}…")
    } else {
        text
    }
}

pub(super) fn short(value: &V) -> bool {
    let text = inspect(value);
    text.len() <= 40 && !text.contains('\n')
}

pub(super) fn is_object(value: &V) -> bool {
    !matches!(
        value,
        V::Undefined
            | V::Null
            | V::Bool(_)
            | V::Number(_)
            | V::BigInt(_)
            | V::String(_)
            | V::IllFormedString(_)
            | V::LongString { .. }
            | V::Symbol(_)
    )
}

/// `Object.is`, from the copies (and, for objects, the recorder's identity test).
pub(super) fn same(want: &V, actual: &V, identical: bool) -> bool {
    if is_object(want) || is_object(actual) { identical } else { matches(want, actual, Origin::Js) }
}

/// A copy with every property whose value is `undefined` left out (what `toEqual` ignores).
pub(super) fn without_undefined(value: &V) -> V {
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

pub(super) fn slot_map(slot: &Slot, f: fn(&V) -> V) -> Slot {
    match slot {
        Slot::Value(v) => Slot::Value(f(v)),
        other => other.clone(),
    }
}

pub(super) fn equal(want: &V, actual: &V) -> bool {
    matches(&without_undefined(want), &without_undefined(actual), Origin::Js)
}

/// Whether objects are of the same classes throughout (what `toStrictEqual` adds).
pub(super) fn same_classes(want: &V, actual: &V) -> bool {
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
pub(super) fn subset(want: &V, actual: &V) -> bool {
    match (want, actual) {
        (V::Object(w), V::Object(a)) => {
            w.properties.iter().all(|(k, slot)| match (slot, a.properties.iter().find(|(ak, _)| ak == k)) {
                (Slot::Value(x), Some((_, Slot::Value(y)))) => subset(x, y),
                _ => false,
            })
        }
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

pub(super) fn items(value: &V) -> Option<Vec<&V>> {
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

pub(super) fn length(value: &V) -> Option<usize> {
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

pub(super) fn truthy(value: &V) -> bool {
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
pub(super) fn message_of(thrown: &V) -> String {
    match thrown {
        V::Error { message, .. } => message.clone(),
        V::String(s) => s.clone(),
        other => inspect(other),
    }
}

/// `a RangeError`, `an OutOfStockError`.
pub(super) fn article(noun: &str) -> String {
    let article = if noun.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
    format!("{article} {noun}")
}

pub(super) fn called_times(n: usize) -> String {
    match n {
        0 => "was never called".into(),
        1 => "was called once".into(),
        n => format!("was called {n} times"),
    }
}

/// The value to show of a mock's calls: each call's arguments.
pub(super) fn calls_of(actual: &V) -> Vec<V> {
    items(actual).unwrap_or_default().into_iter().cloned().collect()
}

pub(super) fn arguments(expected: &[RecordedValue]) -> V {
    V::Array(expected.iter().map(|e| Slot::Value(e.value.clone())).collect())
}

pub(super) fn property_path(path: &V) -> Option<Vec<String>> {
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

pub(super) fn property<'v>(value: &'v V, path: &[String]) -> Option<&'v V> {
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
