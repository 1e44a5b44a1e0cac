//! Comparison of an expected and an actual value, on the host (spec §4).

use crate::value::{JsValueSnapshot as V, ObjectSnapshot, Slot, is_cut_text};

/// Where an expected value came from; TOML cannot tell `0` from `-0`, so it forgives the sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// An `expect` value in the exercise TOML.
    Toml,
    /// An `expect_js` expression.
    Js,
}

/// Whether `actual` matches `expected`.
///
/// Numbers by SameValue (NaN equals NaN), except that 0 equals -0 for TOML expectations; arrays
/// elementwise, a hole only matching a hole; plain objects by own enumerable keys in any order;
/// Map and Set by content in any order; Date by time; a function matches an expected function of
/// the same kind (plain or arrow, async, generator, async generator, class), whatever its name;
/// a getter, a Proxy, a truncated copy (a string too long to copy included) or a name or message
/// cut short never matches.
pub fn matches(expected: &V, actual: &V, origin: Origin) -> bool {
    match (expected, actual) {
        (V::Undefined, V::Undefined) | (V::Null, V::Null) => true,
        (V::Bool(a), V::Bool(b)) => a == b,
        (V::Number(a), V::Number(b)) => same_number(*a, *b, origin),
        (V::BigInt(a), V::BigInt(b)) | (V::String(a), V::String(b)) => a == b,
        (V::IllFormedString(a), V::IllFormedString(b)) => a == b,
        (V::Symbol(a), V::Symbol(b)) => a == b && !a.as_deref().is_some_and(is_cut_text),
        (V::Array(a), V::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| slot_matches(x, y, origin)),
        (V::Object(a), V::Object(b)) => {
            a.properties.len() == b.properties.len()
                && a.properties.iter().all(|(key, slot)| {
                    b.properties
                        .iter()
                        .find(|(k, _)| k == key)
                        .is_some_and(|(_, other)| slot_matches(slot, other, origin))
                })
        }
        (V::Map(a), V::Map(b)) => {
            a.len() == b.len()
                && unordered(a, b, |(k1, v1), (k2, v2)| matches(k1, k2, origin) && matches(v1, v2, origin))
        }
        (V::Set(a), V::Set(b)) => a.len() == b.len() && unordered(a, b, |x, y| matches(x, y, origin)),
        (V::Date(a), V::Date(b)) => a == b || (a.is_nan() && b.is_nan()),
        (V::RegExp { source: s1, flags: f1 }, V::RegExp { source: s2, flags: f2 }) => {
            s1 == s2 && f1 == f2 && !is_cut_text(s1)
        }
        (V::Error { name: n1, message: m1 }, V::Error { name: n2, message: m2 }) => {
            n1 == n2 && m1 == m2 && !is_cut_text(n1) && !is_cut_text(m1)
        }
        (V::Function { kind: k1, .. }, V::Function { kind: k2, .. }) => k1 == k2,
        (V::Circular, V::Circular) => true,
        _ => false,
    }
}

/// `expected` with the keys of each plain object put in the order `actual` has them (keys
/// `actual` lacks last), so a diff shows what differs rather than an order that does not count:
/// objects compare by keys in any order, and TOML tables come sorted.
pub fn in_actual_order(expected: &V, actual: &V) -> V {
    match (expected, actual) {
        (V::Object(want), V::Object(got)) => {
            let mut properties: Vec<(String, Slot)> = Vec::with_capacity(want.properties.len());
            for (key, slot) in &got.properties {
                if let Some((_, wanted)) = want.properties.iter().find(|(k, _)| k == key) {
                    properties.push((key.clone(), slot_in_order(wanted, slot)));
                }
            }
            for (key, slot) in &want.properties {
                if !got.properties.iter().any(|(k, _)| k == key) {
                    properties.push((key.clone(), slot.clone()));
                }
            }
            V::Object(ObjectSnapshot { class: want.class.clone(), null_prototype: want.null_prototype, properties })
        }
        (V::Array(want), V::Array(got)) => V::Array(
            want.iter()
                .enumerate()
                .map(|(i, slot)| got.get(i).map_or_else(|| slot.clone(), |other| slot_in_order(slot, other)))
                .collect(),
        ),
        _ => expected.clone(),
    }
}

fn slot_in_order(expected: &Slot, actual: &Slot) -> Slot {
    match (expected, actual) {
        (Slot::Value(want), Slot::Value(got)) => Slot::Value(in_actual_order(want, got)),
        _ => expected.clone(),
    }
}

fn same_number(a: f64, b: f64, origin: Origin) -> bool {
    if a.is_nan() && b.is_nan() {
        return true;
    }
    match origin {
        Origin::Toml => a == b,
        Origin::Js => a == b && a.is_sign_negative() == b.is_sign_negative(),
    }
}

fn slot_matches(expected: &Slot, actual: &Slot, origin: Origin) -> bool {
    match (expected, actual) {
        (Slot::Value(a), Slot::Value(b)) => matches(a, b, origin),
        (Slot::Hole, Slot::Hole) => true,
        _ => false,
    }
}

/// Whether every item of `a` pairs off with a distinct item of `b`.
fn unordered<T>(a: &[T], b: &[T], eq: impl Fn(&T, &T) -> bool) -> bool {
    let mut used = vec![false; b.len()];
    a.iter().all(|x| {
        let found = b.iter().enumerate().find(|(i, y)| !used[*i] && eq(x, y));
        found.map(|(i, _)| used[i] = true).is_some()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{FunctionKind, ObjectSnapshot, Truncation};

    fn n(x: f64) -> V {
        V::Number(x)
    }
    fn s(x: &str) -> V {
        V::String(x.into())
    }
    fn arr(items: Vec<V>) -> V {
        V::Array(items.into_iter().map(Slot::Value).collect())
    }
    fn obj(props: Vec<(&str, V)>) -> V {
        V::Object(ObjectSnapshot {
            class: None,
            null_prototype: false,
            properties: props.into_iter().map(|(k, v)| (k.to_string(), Slot::Value(v))).collect(),
        })
    }

    #[test]
    fn expected_keys_follow_the_actual_order() {
        let expected =
            arr(vec![obj(vec![("a", n(1.0)), ("b", obj(vec![("x", n(1.0)), ("y", n(2.0))])), ("c", n(3.0))])]);
        let actual = arr(vec![obj(vec![("b", obj(vec![("y", n(2.0)), ("x", n(9.0))])), ("a", n(1.0))])]);
        let aligned = in_actual_order(&expected, &actual);
        assert_eq!(crate::value::inspect(&aligned), "[ { b: { y: 2, x: 1 }, a: 1, c: 3 } ]");
        assert!(matches(&aligned, &expected, Origin::Js));
    }

    #[test]
    fn zero_and_negative_zero() {
        assert!(matches(&n(0.0), &n(-0.0), Origin::Toml));
        assert!(!matches(&n(0.0), &n(-0.0), Origin::Js));
        assert!(matches(&n(-0.0), &n(-0.0), Origin::Js));
    }

    #[test]
    fn nan_equals_nan() {
        assert!(matches(&n(f64::NAN), &n(f64::NAN), Origin::Js));
        assert!(matches(&n(f64::NAN), &n(f64::NAN), Origin::Toml));
        assert!(!matches(&n(f64::NAN), &n(1.0), Origin::Js));
    }

    #[test]
    fn types_never_coerce() {
        assert!(!matches(&n(1.0), &s("1"), Origin::Toml));
        assert!(!matches(&V::Null, &V::Undefined, Origin::Js));
        assert!(!matches(&V::Bool(false), &n(0.0), Origin::Js));
    }

    #[test]
    fn arrays_elementwise_and_holes() {
        assert!(matches(&arr(vec![n(1.0), n(2.0)]), &arr(vec![n(1.0), n(2.0)]), Origin::Toml));
        assert!(!matches(&arr(vec![n(1.0), n(2.0)]), &arr(vec![n(2.0), n(1.0)]), Origin::Toml));
        assert!(!matches(&arr(vec![n(1.0)]), &arr(vec![n(1.0), n(1.0)]), Origin::Toml));
        let holey = V::Array(vec![Slot::Hole]);
        assert!(matches(&holey, &holey, Origin::Js));
        assert!(!matches(&arr(vec![V::Undefined]), &holey, Origin::Js));
    }

    #[test]
    fn objects_by_keys_in_any_order() {
        let a = obj(vec![("x", n(1.0)), ("y", n(2.0))]);
        let b = obj(vec![("y", n(2.0)), ("x", n(1.0))]);
        assert!(matches(&a, &b, Origin::Toml));
        assert!(!matches(&a, &obj(vec![("x", n(1.0))]), Origin::Toml));
        assert!(!matches(&a, &obj(vec![("x", n(1.0)), ("y", n(2.0)), ("z", n(3.0))]), Origin::Toml));
    }

    #[test]
    fn getters_never_match() {
        let lying = V::Object(ObjectSnapshot {
            properties: vec![("x".into(), Slot::Accessor { getter: true, setter: false })],
            ..Default::default()
        });
        assert!(!matches(&obj(vec![("x", n(1.0))]), &lying, Origin::Toml));
    }

    #[test]
    fn proxies_and_truncated_values_never_match() {
        let target = arr(vec![n(1.0)]);
        assert!(!matches(&target, &V::Proxy(Box::new(target.clone())), Origin::Toml));
        let cut = V::Truncated(Truncation::Size(10));
        assert!(!matches(&cut, &cut, Origin::Js));
    }

    #[test]
    fn maps_sets_dates_by_content() {
        let m1 = V::Map(vec![(s("a"), n(1.0)), (s("b"), n(2.0))]);
        let m2 = V::Map(vec![(s("b"), n(2.0)), (s("a"), n(1.0))]);
        assert!(matches(&m1, &m2, Origin::Js));
        assert!(!matches(&m1, &V::Map(vec![(s("a"), n(1.0)), (s("b"), n(3.0))]), Origin::Js));
        assert!(matches(&V::Set(vec![n(1.0), n(2.0)]), &V::Set(vec![n(2.0), n(1.0)]), Origin::Js));
        assert!(!matches(&V::Set(vec![n(1.0), n(1.0)]), &V::Set(vec![n(1.0), n(2.0)]), Origin::Js));
        assert!(matches(&V::Date(5.0), &V::Date(5.0), Origin::Js));
        assert!(!matches(&V::Date(5.0), &n(5.0), Origin::Js));
    }

    #[test]
    fn functions_match_by_kind_not_name() {
        let function = |name: &str, kind| V::Function { name: name.into(), kind };
        let plain = function("a", FunctionKind::Plain);
        assert!(matches(&plain, &function("b", FunctionKind::Plain), Origin::Js));
        for kind in [FunctionKind::Class, FunctionKind::Generator, FunctionKind::Async, FunctionKind::AsyncGenerator] {
            assert!(!matches(&function("a", kind), &plain, Origin::Js), "{kind:?} matched a plain function");
            assert!(!matches(&plain, &function("a", kind), Origin::Js), "a plain function matched {kind:?}");
            assert!(matches(&function("a", kind), &function("", kind), Origin::Js));
        }
        assert!(!matches(&plain, &obj(vec![]), Origin::Js));
    }

    #[test]
    fn lone_surrogates_and_long_strings() {
        let lone = V::IllFormedString(vec![0xd800]);
        assert!(matches(&lone, &lone.clone(), Origin::Js));
        assert!(!matches(&s(""), &lone, Origin::Toml));
        assert!(!matches(&s("\u{fffd}"), &lone, Origin::Toml));
        assert!(!matches(&lone, &V::IllFormedString(vec![0xdc00]), Origin::Js));
        let long = V::LongString { prefix: "x".into(), length: 300_000, cut: Truncation::Text(262_144) };
        assert!(!matches(&long, &long.clone(), Origin::Js));
        assert!(!matches(&s("x"), &long, Origin::Toml));
    }

    #[test]
    fn cut_messages_never_match() {
        let cut = V::Error { name: "Error".into(), message: crate::value::cut_text("x", 300_000) };
        assert!(!matches(&cut, &cut.clone(), Origin::Js));
        let whole = V::Error { name: "Error".into(), message: "x".into() };
        assert!(matches(&whole, &whole.clone(), Origin::Js));
    }

    #[test]
    fn cycles_match_cycles() {
        let a = obj(vec![("self", V::Circular)]);
        assert!(matches(&a, &a.clone(), Origin::Js));
        assert!(!matches(&a, &obj(vec![("self", obj(vec![]))]), Origin::Js));
    }
}
