//! Probes: check code that reads a result in the checker realm before it is copied out, for the
//! matchers that need the submission's own code to run (`expect_loose` coerces, `read_getters`
//! calls getters, `same_as` asks for identity). The host still never runs learner code: the
//! probe is check code, under the check's limits, and what it hands back is copied out as usual.

use crate::exercise::Probe;
use crate::value::{JsValueSnapshot, Slot};

/// What a probe learnt besides the value itself.
#[derive(Debug, Clone, PartialEq)]
pub enum ProbeResult {
    /// `expect_loose`: whether `coerced == expected`, and the primitive the value coerced to.
    Loose {
        /// The result of `==` in the checker realm.
        equal: bool,
        /// What the value became (ToPrimitive, as `==` coerces an object; a primitive itself).
        coerced: JsValueSnapshot,
    },
    /// `same_as`: whether the result is the other value itself, and that value.
    SameAs {
        /// `Object.is(result, other)`.
        same: bool,
        /// The value of the `same_as` expression.
        other: JsValueSnapshot,
    },
}

/// ECMAScript's ToPrimitive with the hint `==` gives an object (`Symbol.toPrimitive`, then
/// `valueOf`, then `toString`), run once in the checker realm, so that `p == expected` is exactly
/// `value == expected` and `p` is what the value became. Methods are called through the checker
/// realm's frozen `Reflect.apply`, never through a `call` the submission could have replaced.
const TO_PRIMITIVE: &str = r#"((v) => {
  const primitive = (r) => r === null || (typeof r !== "object" && typeof r !== "function");
  if (primitive(v)) return v;
  const exotic = v[Symbol.toPrimitive];
  if (exotic !== undefined && exotic !== null) {
    const r = Reflect.apply(exotic, v, ["default"]);
    if (primitive(r)) return r;
    throw new TypeError("Cannot convert object to primitive value");
  }
  for (const name of ["valueOf", "toString"]) {
    const method = v[name];
    if (typeof method === "function") {
      const r = Reflect.apply(method, v, []);
      if (primitive(r)) return r;
    }
  }
  throw new TypeError("Cannot convert object to primitive value");
})"#;

/// Reads getters into plain data, in the checker realm: own enumerable data properties and every
/// getter on the object or its prototypes (but those of the last, `Object.prototype`).
const READ_GETTERS: &str = r#"((value) => {
  const seen = new Map();
  const plain = (x, depth) => {
    if (x === null || typeof x !== "object" || depth > 16) return x;
    if (seen.has(x)) return seen.get(x);
    if (Array.isArray(x)) {
      const out = [];
      seen.set(x, out);
      for (let i = 0; i < x.length; i++) out.push(plain(x[i], depth + 1));
      return out;
    }
    const out = {};
    seen.set(x, out);
    const keys = [];
    for (let o = x; o !== null && Object.getPrototypeOf(o) !== null; o = Object.getPrototypeOf(o)) {
      for (const key of Object.getOwnPropertyNames(o)) {
        const d = Object.getOwnPropertyDescriptor(o, key);
        if (key !== "constructor" && !keys.includes(key) && (d.get || (o === x && d.enumerable))) keys.push(key);
      }
    }
    for (const key of keys) out[key] = plain(x[key], depth + 1);
    return out;
  };
  return plain(value, 0);
})"#;

/// The check code that evaluates `code` (statements, the last one's value the result) in the
/// check's scope and hands the probe's findings back; without a probe, `code` itself.
pub fn wrap(code: &str, probe: Option<&Probe>) -> String {
    let Some(probe) = probe else { return code.to_string() };
    let literal = serde_json::to_string(code).unwrap_or_else(|_| "\"undefined\"".into());
    let inner = format!("eval({literal})");
    let reader = match probe {
        Probe::Loose(expected) => {
            format!("((v) => {{ const p = {TO_PRIMITIVE}(v); return [p == ({expected}), p, v]; }})")
        }
        Probe::SameAs(expr) => {
            return format!("((v, w) => [Object.is(v, w), w, v])({inner}, (\n{expr}\n))");
        }
        Probe::ReadGetters => READ_GETTERS.to_string(),
    };
    // A promise is awaited before it is read (its `then` is read by check code, not the host).
    format!(
        "((r, read) => (r !== null && typeof r === \"object\" && typeof r.then === \"function\") \
         ? Promise.resolve(r).then(read) : read(r))({inner}, {reader})"
    )
}

/// Splits a probe's answer into the value and what the probe learnt; `None` for an answer not of
/// the probe's shape (it cannot be, but a check must not panic).
pub fn unwrap(answer: JsValueSnapshot, probe: &Probe) -> Option<(JsValueSnapshot, Option<ProbeResult>)> {
    if *probe == Probe::ReadGetters {
        return Some((answer, None));
    }
    let JsValueSnapshot::Array(slots) = answer else { return None };
    let mut values = slots.into_iter().map(|s| match s {
        Slot::Value(v) => Some(v),
        _ => None,
    });
    let (flag, second, value) = (values.next()??, values.next()??, values.next()??);
    let JsValueSnapshot::Bool(flag) = flag else { return None };
    let result = match probe {
        Probe::Loose(_) => ProbeResult::Loose { equal: flag, coerced: second },
        _ => ProbeResult::SameAs { same: flag, other: second },
    };
    Some((value, Some(result)))
}
