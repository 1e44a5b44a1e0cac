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
    /// A string holding a lone surrogate (not well-formed UTF-16), kept as its code units so that
    /// it equals only the same units, never the U+FFFD that Rust text would show.
    IllFormedString(Vec<u16>),
    /// A string too long to copy whole: its start, its length in UTF-16 code units, and the
    /// bound it broke. It never equals anything.
    LongString {
        /// The first characters, for display.
        prefix: String,
        /// The whole string's length.
        length: usize,
        /// Why it was cut.
        cut: Truncation,
    },
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

/// The constructors along a value's prototype chain, nearest first (`RangeError`, `Error`,
/// `Object`), read from own data properties only (`constructor`, then its `name`): no getter and
/// no Proxy trap runs. When something on the way could only be learnt by running code (a Proxy,
/// an accessor), the chain is [`ClassChain::Unknown`] and says why.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum ClassChain {
    /// A primitive: no prototype chain to read.
    #[default]
    Primitive,
    /// Every constructor name along the chain, nearest first.
    Known(Vec<String>),
    /// The names read before the chain stopped being readable, and why.
    Unknown {
        /// Names read before the unreadable link, nearest first.
        read: Vec<String>,
        /// Why the rest cannot be read without running code (`a Proxy`, `an accessor`).
        reason: String,
    },
}

impl ClassChain {
    /// Whether `class` is one of the constructors on the chain: `Some(true)` or `Some(false)` when
    /// that is known, `None` when it could only be learnt by running the value's code.
    pub fn includes(&self, class: &str) -> Option<bool> {
        match self {
            ClassChain::Primitive => Some(false),
            ClassChain::Known(names) => Some(names.iter().any(|n| n == class)),
            ClassChain::Unknown { read, .. } => read.iter().any(|n| n == class).then_some(true),
        }
    }

    /// The nearest constructor's name, if one was read.
    pub fn nearest(&self) -> Option<&str> {
        match self {
            ClassChain::Primitive => None,
            ClassChain::Known(names) | ClassChain::Unknown { read: names, .. } => names.first().map(String::as_str),
        }
    }
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

impl FunctionKind {
    /// Tells a function's kind from the start of its source text as the engine prints it
    /// (`class`, `async`, `function*`, a `*method`); a method named `class` or `async` is plain.
    pub fn from_source(source: &str) -> FunctionKind {
        /// The text after `word` when `text` starts with it as a whole word.
        fn keyword<'t>(text: &'t str, word: &str) -> Option<&'t str> {
            let rest = text.strip_prefix(word)?;
            (!rest.starts_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$')).then_some(rest.trim_start())
        }
        let head = source.trim_start();
        // `class() {}` is a method named class, not a class.
        if keyword(head, "class").is_some_and(|rest| !rest.starts_with('(')) {
            return FunctionKind::Class;
        }
        let (is_async, rest) = match keyword(head, "async") {
            Some(rest) if !rest.starts_with('=') => (true, rest),
            _ => (false, head),
        };
        let generator = keyword(rest, "function").unwrap_or(rest).starts_with('*');
        match (is_async, generator) {
            (false, false) => FunctionKind::Plain,
            (true, false) => FunctionKind::Async,
            (false, true) => FunctionKind::Generator,
            (true, true) => FunctionKind::AsyncGenerator,
        }
    }
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
    /// More characters of text (strings and keys together) than the text bound.
    Text(usize),
}

impl std::fmt::Display for Truncation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Truncation::Depth(d) => write!(f, "nested deeper than {d}"),
            Truncation::Size(n) => write!(f, "more than {n} parts"),
            Truncation::Text(n) => write!(f, "more than {n} characters of text"),
        }
    }
}

const CUT_NOTE: &str = " characters, too long to copy]";

/// A name or message that was too long to copy whole: its start and a note saying so.
pub fn cut_text(prefix: &str, length: usize) -> String {
    format!("{prefix}… [{length}{CUT_NOTE}")
}

/// Whether text was made by [`cut_text`]; such text never compares equal.
pub fn is_cut_text(text: &str) -> bool {
    text.ends_with(CUT_NOTE)
}

impl JsValueSnapshot {
    /// Whether the copy was cut short somewhere inside this value.
    pub fn truncation(&self) -> Option<Truncation> {
        match self {
            JsValueSnapshot::Truncated(t) | JsValueSnapshot::LongString { cut: t, .. } => Some(*t),
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
            JsValueSnapshot::String(_) | JsValueSnapshot::IllFormedString(_) | JsValueSnapshot::LongString { .. } => {
                "string"
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncations_read_as_sentences() {
        assert_eq!(Truncation::Size(10_000).to_string(), "more than 10000 parts");
        assert_eq!(Truncation::Depth(32).to_string(), "nested deeper than 32");
        assert_eq!(Truncation::Text(262_144).to_string(), "more than 262144 characters of text");
    }

    #[test]
    fn a_long_string_is_a_truncated_string() {
        let long = JsValueSnapshot::LongString { prefix: "xx".into(), length: 9, cut: Truncation::Text(4) };
        assert_eq!(long.truncation(), Some(Truncation::Text(4)));
        assert_eq!(long.type_name(), "string");
        assert!(is_cut_text(&cut_text("abc", 10)));
        assert!(!is_cut_text("abc"));
    }

    #[test]
    fn function_kinds_come_from_the_source_head() {
        let cases = [
            ("function f(a) { return a * 2; }", FunctionKind::Plain),
            ("(a) => a * (2)", FunctionKind::Plain),
            ("async a => a * (2)", FunctionKind::Async),
            ("async (a) => a", FunctionKind::Async),
            ("async function f() {}", FunctionKind::Async),
            ("function* gen() {}", FunctionKind::Generator),
            ("function *gen() {}", FunctionKind::Generator),
            ("*gen() {}", FunctionKind::Generator),
            ("async function* gen() {}", FunctionKind::AsyncGenerator),
            ("async *gen() {}", FunctionKind::AsyncGenerator),
            ("class A { constructor() {} }", FunctionKind::Class),
            ("class{}", FunctionKind::Class),
            ("class() {}", FunctionKind::Plain),
            ("classy() {}", FunctionKind::Plain),
            ("asyncWork() {}", FunctionKind::Plain),
            ("async => 1", FunctionKind::Plain),
            ("function functionWith_star() { return 2 * 3; }", FunctionKind::Plain),
        ];
        for (source, kind) in cases {
            assert_eq!(FunctionKind::from_source(source), kind, "{source}");
        }
    }
}
