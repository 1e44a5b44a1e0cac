//! Each matcher judged from what a recorder could have copied: verdicts, `.not`, and messages.

use super::*;
use crate::sandbox::RecordedValue;
use crate::value::{ObjectSnapshot, Slot};

fn value(v: V) -> RecordedValue {
    RecordedValue { value: v, lineage: Vec::new() }
}

fn of_class(v: V, lineage: &[&str]) -> RecordedValue {
    RecordedValue { value: v, lineage: lineage.iter().map(|s| s.to_string()).collect() }
}

fn recorded(matcher: &str, subject: &str, actual: RecordedValue, expected: Vec<RecordedValue>) -> Recorded {
    Recorded {
        inherits: None,
        matcher: matcher.into(),
        negated: false,
        modifier: String::new(),
        line: 3,
        column: 5,
        written: format!("expect(x).{matcher}(y)"),
        subject: subject.into(),
        actual,
        expected,
        identical: false,
        pattern_hit: None,
    }
}

fn n(x: f64) -> V {
    V::Number(x)
}

fn s(x: &str) -> V {
    V::String(x.into())
}

fn array(items: Vec<V>) -> V {
    V::Array(items.into_iter().map(Slot::Value).collect())
}

fn object(class: Option<&str>, properties: Vec<(&str, V)>) -> V {
    V::Object(ObjectSnapshot {
        class: class.map(str::to_string),
        null_prototype: false,
        properties: properties.into_iter().map(|(k, v)| (k.to_string(), Slot::Value(v))).collect(),
    })
}

fn passes(r: &Recorded) -> bool {
    judge_expectation(r, "x.spec.js").is_none()
}

fn message(r: &Recorded) -> String {
    judge_expectation(r, "x.spec.js").expect("it fails").message
}

fn negated(mut r: Recorded) -> Recorded {
    r.negated = true;
    r
}

#[test]
fn to_be_is_object_is_for_primitives_and_identity_for_objects() {
    assert!(passes(&recorded("toBe", "value", value(n(3.0)), vec![value(n(3.0))])));
    assert!(!passes(&recorded("toBe", "value", value(n(0.0)), vec![value(n(-0.0))])));
    assert!(passes(&recorded("toBe", "value", value(n(f64::NAN)), vec![value(n(f64::NAN))])));
    let same_contents = recorded("toBe", "value", value(array(vec![n(1.0)])), vec![value(array(vec![n(1.0)]))]);
    assert!(message(&same_contents).contains("not the same object"));
    let mut identical = same_contents.clone();
    identical.identical = true;
    assert!(passes(&identical));
    assert!(!passes(&negated(identical)));
    assert_eq!(
        message(&recorded("toBe", "value", value(n(4.0)), vec![value(n(3.0))])),
        "expect(x).toBe(y): received 4, expected 3 (x.spec.js:3:5)"
    );
}

#[test]
fn to_equal_ignores_undefined_properties_and_to_strict_equal_counts_classes() {
    let loose = object(None, vec![("a", n(1.0)), ("b", V::Undefined)]);
    let point = object(Some("Point"), vec![("a", n(1.0))]);
    let plain = object(None, vec![("a", n(1.0))]);
    assert!(passes(&recorded("toEqual", "value", value(loose.clone()), vec![value(plain.clone())])));
    assert!(passes(&recorded("toEqual", "value", value(point.clone()), vec![value(plain.clone())])));
    assert!(!passes(&recorded("toStrictEqual", "value", value(point), vec![value(plain.clone())])));
    assert!(!passes(&recorded("toStrictEqual", "value", value(loose), vec![value(plain.clone())])));
    let failed = judge_expectation(
        &recorded("toEqual", "value", value(array(vec![n(2.0)])), vec![value(array(vec![n(3.0)]))]),
        "x.spec.js",
    )
    .unwrap();
    assert!(failed.diff.is_some());
    let bigger = object(None, vec![("a", n(1.0)), ("b", n(2.0))]);
    assert!(passes(&recorded("toMatchObject", "value", value(bigger), vec![value(plain)])));
}

#[test]
fn to_throw_matches_class_by_lineage_message_pattern_and_error() {
    let thrown = of_class(
        V::Error { name: "Error".into(), message: "no caviar in stock".into() },
        &["OutOfStockError", "Error", "Object"],
    );
    let class = |name: &str| value(V::Function { name: name.into(), kind: crate::value::FunctionKind::Class });
    assert!(passes(&recorded("toThrow", "threw", thrown.clone(), vec![])));
    assert!(passes(&recorded("toThrow", "threw", thrown.clone(), vec![class("OutOfStockError")])));
    assert!(passes(&recorded("toThrow", "threw", thrown.clone(), vec![class("Error")])));
    assert_eq!(
        message(&recorded("toThrow", "threw", thrown.clone(), vec![class("RangeError")])),
        "expect(x).toThrow(y): expected a RangeError, but it threw Error: no caviar in stock (x.spec.js:3:5)"
    );
    assert!(passes(&recorded("toThrow", "threw", thrown.clone(), vec![value(s("caviar"))])));
    let error = V::Error { name: "Error".into(), message: "no caviar in stock".into() };
    assert!(passes(&recorded("toThrow", "threw", thrown.clone(), vec![value(error)])));
    let mut pattern =
        recorded("toThrow", "threw", thrown, vec![value(V::RegExp { source: "tea".into(), flags: String::new() })]);
    pattern.pattern_hit = Some(false);
    assert!(!passes(&pattern));
    let returned = recorded("toThrow", "returned", value(n(1.0)), vec![]);
    assert!(message(&returned).contains("but it returned 1 without throwing"));
    assert!(passes(&negated(returned)));
    assert!(
        message(&recorded("toThrow", "not-a-function", value(n(1.0)), vec![])).contains("needs a function to call")
    );
}

#[test]
fn numbers_lengths_properties_and_truthiness() {
    assert!(passes(&recorded("toBeCloseTo", "value", value(n(0.6000000000000001)), vec![value(n(0.6))])));
    assert!(!passes(&recorded("toBeCloseTo", "value", value(n(0.61)), vec![value(n(0.6)), value(n(2.0))])));
    assert!(passes(&recorded("toBeGreaterThanOrEqual", "value", value(n(2.0)), vec![value(n(2.0))])));
    assert!(!passes(&recorded("toBeLessThan", "value", value(s("1")), vec![value(n(2.0))])));
    assert!(passes(&recorded("toHaveLength", "value", value(s("héllo")), vec![value(n(5.0))])));
    assert!(
        message(&recorded("toHaveLength", "value", value(array(vec![])), vec![value(n(1.0))])).contains("of length 0")
    );
    let order = object(None, vec![("item", object(None, vec![("name", s("tea"))]))]);
    assert!(passes(&recorded(
        "toHaveProperty",
        "value",
        value(order.clone()),
        vec![value(s("item.name")), value(s("tea"))]
    )));
    assert!(!passes(&recorded("toHaveProperty", "value", value(order), vec![value(s("item.price"))])));
    assert!(passes(&recorded("toBeTruthy", "value", value(array(vec![])), vec![])));
    assert!(passes(&recorded("toBeFalsy", "value", value(V::BigInt("0".into())), vec![])));
    assert!(passes(&recorded("toBeDefined", "value", value(V::Null), vec![])));
    assert!(passes(&negated(recorded("toBeNull", "value", value(V::Undefined), vec![]))));
    assert!(passes(&recorded("toContain", "value", value(array(vec![n(1.0), n(2.0)])), vec![value(n(2.0))])));
    assert!(passes(&recorded("toContain", "value", value(s("teapot")), vec![value(s("pot"))])));
    assert!(passes(&recorded(
        "toBeInstanceOf",
        "value",
        of_class(object(Some("Box"), vec![]), &["Box", "Object"]),
        vec![value(V::Function { name: "Box".into(), kind: crate::value::FunctionKind::Class })]
    )));
}

#[test]
fn mock_calls_and_promises() {
    let calls = value(array(vec![array(vec![s("a"), n(1.0)]), array(vec![s("b")])]));
    assert!(passes(&recorded("toHaveBeenCalled", "calls", calls.clone(), vec![])));
    assert!(passes(&recorded("toHaveBeenCalledTimes", "calls", calls.clone(), vec![value(n(2.0))])));
    assert!(passes(&recorded("toHaveBeenCalledWith", "calls", calls.clone(), vec![value(s("a")), value(n(1.0))])));
    assert!(passes(&recorded("toHaveBeenLastCalledWith", "calls", calls.clone(), vec![value(s("b"))])));
    assert!(passes(&recorded(
        "toHaveBeenNthCalledWith",
        "calls",
        calls.clone(),
        vec![value(n(1.0)), value(s("a")), value(n(1.0))]
    )));
    assert_eq!(
        message(&recorded("toHaveBeenCalledTimes", "calls", calls, vec![value(n(1.0))])),
        "expect(x).toHaveBeenCalledTimes(y): the mock function was called 2 times, expected 1 call(s) (x.spec.js:3:5)"
    );
    let never = value(array(vec![]));
    assert!(
        message(&recorded("toHaveBeenCalledWith", "calls", never.clone(), vec![value(n(1.0))]))
            .contains("never called")
    );
    assert!(passes(&negated(recorded("toHaveBeenCalled", "calls", never, vec![]))));
    assert!(
        message(&recorded("toHaveBeenCalled", "not-a-mock", value(n(1.0)), vec![])).contains("needs a mock function")
    );
    let mut rejected = recorded("toBe", "rejected", value(s("boom")), vec![value(n(3.0))]);
    rejected.modifier = "resolves".into();
    // Even under `.not`, a promise that did not resolve is not what `.resolves` wanted.
    assert!(message(&negated(rejected)).contains("expected the promise to resolve, but it rejected with 'boom'"));
}
