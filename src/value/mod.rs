//! Host-side copies of JavaScript values.
//!
//! A [`JsValueSnapshot`] is plain Rust data: it is made by the sandbox without running any code
//! of the submission, compared by grading and printed by the reports. Nothing here touches the
//! engine, so every other layer can use it.

mod inspect;

pub use inspect::{inspect, inspect_console};

/// A JavaScript value copied out of a context.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum JsValueSnapshot {
    /// `undefined`.
    Undefined,
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// Any JS number, including `-0`, `NaN` and the infinities.
    Number(f64),
    /// A BigInt, kept as its decimal digits.
    BigInt(String),
    /// A string.
    String(String),
    /// A symbol with its description.
    Symbol(Option<String>),
    /// An array; holes and accessors are kept apart from values.
    Array(Vec<Slot>),
    /// Any other object: its class name (None for a plain object) and own enumerable string keys.
    Object(ObjectSnapshot),
    /// A `Map`'s entries in insertion order.
    Map(Vec<(JsValueSnapshot, JsValueSnapshot)>),
    /// A `Set`'s values in insertion order.
    Set(Vec<JsValueSnapshot>),
    /// A `Date`, as milliseconds since the epoch (NaN for an invalid date).
    Date(f64),
    /// A regular expression.
    RegExp {
        /// The pattern.
        source: String,
        /// The flags, such as `gi`.
        flags: String,
    },
    /// An `Error` (or subclass) with its name and message.
    Error {
        /// `TypeError`, `RangeError`, ...
        name: String,
        /// The message, empty when there is none.
        message: String,
    },
    /// A function; only its kind and name are kept.
    Function {
        /// The function's own `name`, empty when anonymous.
        name: String,
        /// Plain, arrow, async, generator or class.
        kind: FunctionKind,
    },
    /// A promise and its state at the time of the copy.
    Promise(PromiseSnapshot),
    /// A Proxy; it never equals anything, but its target is kept for display.
    Proxy(Box<JsValueSnapshot>),
    /// A reference back to an object that contains it.
    Circular,
    /// An object that is shown but never compared, such as a WeakMap or a typed array.
    Opaque(String),
    /// The copy stopped here because the value is too deep or too large.
    Truncated(Truncation),
}

/// One element of an array or property of an object.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Slot {
    /// A data property.
    Value(JsValueSnapshot),
    /// An array index that was never set.
    Hole,
    /// An accessor property: its getter is never called, so it never equals a value.
    Accessor {
        /// Whether it has a getter.
        getter: bool,
        /// Whether it has a setter.
        setter: bool,
    },
}

/// An object that is not an array, map, set, date, error or function.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ObjectSnapshot {
    /// The constructor's name for a class instance; None for a plain object.
    pub class: Option<String>,
    /// Whether the object has a null prototype.
    pub null_prototype: bool,
    /// Own enumerable string-keyed properties, in the object's own order.
    pub properties: Vec<(String, Slot)>,
}

/// What kind of function a function value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FunctionKind {
    /// `function` or arrow function.
    Plain,
    /// `async function` or async arrow.
    Async,
    /// `function*`.
    Generator,
    /// `async function*`.
    AsyncGenerator,
    /// `class`.
    Class,
}

/// The state of a promise.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum PromiseSnapshot {
    /// Not settled yet.
    Pending,
    /// Fulfilled with a value.
    Fulfilled(Box<JsValueSnapshot>),
    /// Rejected with a reason.
    Rejected(Box<JsValueSnapshot>),
}

/// Why a copy was cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Truncation {
    /// Nested deeper than the depth bound.
    Depth(usize),
    /// More parts than the size bound.
    Size(usize),
}

impl JsValueSnapshot {
    /// Whether the copy was cut short somewhere inside this value.
    pub fn truncation(&self) -> Option<Truncation> {
        match self {
            JsValueSnapshot::Truncated(t) => Some(*t),
            JsValueSnapshot::Array(slots) => slots.iter().find_map(Slot::truncation),
            JsValueSnapshot::Object(o) => o.properties.iter().find_map(|(_, s)| s.truncation()),
            JsValueSnapshot::Map(entries) => {
                entries.iter().find_map(|(k, v)| k.truncation().or_else(|| v.truncation()))
            }
            JsValueSnapshot::Set(values) => values.iter().find_map(JsValueSnapshot::truncation),
            JsValueSnapshot::Proxy(target) => target.truncation(),
            JsValueSnapshot::Promise(PromiseSnapshot::Fulfilled(v) | PromiseSnapshot::Rejected(v)) => v.truncation(),
            _ => None,
        }
    }

    /// A short word for the value's type, as a learner would say it.
    pub fn type_name(&self) -> &'static str {
        match self {
            JsValueSnapshot::Undefined => "undefined",
            JsValueSnapshot::Null => "null",
            JsValueSnapshot::Bool(_) => "boolean",
            JsValueSnapshot::Number(_) => "number",
            JsValueSnapshot::BigInt(_) => "bigint",
            JsValueSnapshot::String(_) => "string",
            JsValueSnapshot::Symbol(_) => "symbol",
            JsValueSnapshot::Array(_) => "array",
            JsValueSnapshot::Object(_) => "object",
            JsValueSnapshot::Map(_) => "Map",
            JsValueSnapshot::Set(_) => "Set",
            JsValueSnapshot::Date(_) => "Date",
            JsValueSnapshot::RegExp { .. } => "RegExp",
            JsValueSnapshot::Error { .. } => "Error",
            JsValueSnapshot::Function { .. } => "function",
            JsValueSnapshot::Promise(_) => "Promise",
            JsValueSnapshot::Proxy(_) => "Proxy",
            JsValueSnapshot::Circular => "circular reference",
            JsValueSnapshot::Opaque(_) => "object",
            JsValueSnapshot::Truncated(_) => "truncated value",
        }
    }
}

impl Slot {
    fn truncation(&self) -> Option<Truncation> {
        match self {
            Slot::Value(v) => v.truncation(),
            _ => None,
        }
    }
}
