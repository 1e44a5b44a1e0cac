//! What a check may expect beyond a value: an error (`throws`), a regular expression, a number
//! near another, loose equality, a class, identity. Each is a TOML key of a `[[check]]`; see
//! docs/exercise-format.md#matchers.

use serde::Deserialize;

/// The author reference, as error messages name it.
pub const REFERENCE: &str = "docs/exercise-format.md";

/// A pointer into the author reference, for error messages: `see docs/exercise-format.md#throws`.
pub fn see(anchor: &str) -> String {
    format!("see {REFERENCE}#{anchor}")
}

/// A regular expression from the TOML (the `regex` crate's syntax), compiled once.
#[derive(Debug, Clone)]
pub struct Pattern {
    source: String,
    regex: regex::Regex,
}

impl Pattern {
    /// Compiles `source`; the error says what is wrong and where to read about the syntax.
    pub fn new(source: &str) -> Result<Pattern, String> {
        regex::Regex::new(source).map(|regex| Pattern { source: source.to_string(), regex }).map_err(|e| {
            let detail = e.to_string().lines().last().unwrap_or_default().trim().to_string();
            format!("`{source}` is not a valid regular expression ({detail}); {}", see("regular-expressions"))
        })
    }

    /// The expression as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether `text` has a match anywhere.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex.is_match(text)
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source
    }
}

impl Eq for Pattern {}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        Pattern::new(&source).map_err(serde::de::Error::custom)
    }
}

/// The table form of `throws`: every field given must hold.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThrowsSpec {
    /// A constructor on the thrown value's prototype chain, by name (`RangeError` also matches
    /// a subclass of it; `Error` matches every error).
    pub class: Option<String>,
    /// A substring of the message.
    pub message: Option<String>,
    /// A regular expression the message matches.
    pub message_matches: Option<Pattern>,
}

/// `throws = true` (any error), `throws = "text"` (the message must contain it), or
/// `throws = { class = "RangeError", message = "...", message_matches = "..." }`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Throws {
    /// Any thrown value passes.
    Any(bool),
    /// The message must contain this text.
    Message(String),
    /// Class and message rules.
    Matching(ThrowsSpec),
}

impl<'de> Deserialize<'de> for Throws {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match toml::Value::deserialize(deserializer)? {
            toml::Value::Boolean(b) => Ok(Throws::Any(b)),
            toml::Value::String(s) => Ok(Throws::Message(s)),
            toml::Value::Table(table) => {
                let spec: ThrowsSpec = toml::Value::Table(table).try_into().map_err(|e: toml::de::Error| {
                    serde::de::Error::custom(format!("`throws`: {}; {}", e.message().trim(), see("throws")))
                })?;
                if spec.class.is_none() && spec.message.is_none() && spec.message_matches.is_none() {
                    return Err(serde::de::Error::custom(format!(
                        "`throws = {{}}` says nothing: give `class`, `message` or `message_matches`, or write `throws = true`; {}",
                        see("throws")
                    )));
                }
                Ok(Throws::Matching(spec))
            }
            other => {
                let kind = other.type_str();
                let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                Err(serde::de::Error::custom(format!(
                    "`throws` must be true, a message substring or a table such as {{ class = \"RangeError\" }}, not {article} {kind}; {}",
                    see("throws")
                )))
            }
        }
    }
}

/// `expect_close = { value = 0.6, digits = 2 }`: a number within half a unit of the
/// `digits`-th decimal (Jest's `toBeCloseTo`): `|actual - value| < 10^-digits / 2`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Close {
    /// The number expected.
    pub value: f64,
    /// Decimal digits that must agree; default 2.
    #[serde(default = "default_digits")]
    pub digits: u32,
}

fn default_digits() -> u32 {
    2
}

impl Close {
    /// The largest difference allowed (exclusive).
    pub fn tolerance(&self) -> f64 {
        10f64.powi(-(self.digits as i32)) / 2.0
    }

    /// Whether `actual` is close enough (infinities only to themselves; NaN to nothing).
    pub fn accepts(&self, actual: f64) -> bool {
        if self.value.is_infinite() || actual.is_infinite() {
            return self.value == actual;
        }
        (actual - self.value).abs() < self.tolerance()
    }
}

/// What the checker realm does with a check's result before it is copied out (never the host:
/// the host runs no code of the submission).
#[derive(Debug, Clone, PartialEq)]
pub enum Probe {
    /// `expect_loose`: the result is coerced once, as `==` coerces an object (ToPrimitive:
    /// `Symbol.toPrimitive`, `valueOf`, `toString`), and compared with `==` to this literal.
    Loose(String),
    /// `same_as`: the result must be this expression's value (`Object.is`), evaluated after it in
    /// the check's scope.
    SameAs(String),
    /// `read_getters`: getters (own and inherited) are read into plain data, depth first.
    ReadGetters,
}

/// The JavaScript literal for a TOML primitive, for `expect_loose`.
pub fn js_literal(value: &toml::Value) -> Option<String> {
    Some(match value {
        toml::Value::String(s) => serde_json::to_string(s).ok()?,
        toml::Value::Boolean(b) => b.to_string(),
        toml::Value::Integer(i) => i.to_string(),
        toml::Value::Float(f) if f.is_nan() => "NaN".into(),
        toml::Value::Float(f) if f.is_infinite() => if *f > 0.0 { "Infinity" } else { "-Infinity" }.into(),
        toml::Value::Float(f) if *f == 0.0 && f.is_sign_negative() => "-0".into(),
        toml::Value::Float(f) => format!("{f:?}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_is_half_a_unit_of_the_last_digit() {
        let close = Close { value: 0.6, digits: 2 };
        assert!(close.accepts(0.6000000000000001));
        assert!(close.accepts(0.604));
        assert!(!close.accepts(0.606));
        assert!(!close.accepts(f64::NAN));
        assert!(Close { value: f64::INFINITY, digits: 2 }.accepts(f64::INFINITY));
    }

    #[test]
    fn literals_for_loose_equality() {
        let v = |t: &str| toml::from_str::<toml::Table>(&format!("v = {t}")).unwrap()["v"].clone();
        assert_eq!(js_literal(&v("3")).unwrap(), "3");
        assert_eq!(js_literal(&v("0.5")).unwrap(), "0.5");
        assert_eq!(js_literal(&v("\"a\\\"b\"")).unwrap(), "\"a\\\"b\"");
        assert_eq!(js_literal(&v("nan")).unwrap(), "NaN");
        assert!(js_literal(&v("[1]")).is_none());
    }

    #[test]
    fn bad_patterns_say_where_to_read() {
        let err = Pattern::new("(").unwrap_err();
        assert!(err.contains("not a valid regular expression") && err.contains("#regular-expressions"), "{err}");
        assert!(Pattern::new("^a+$").unwrap().is_match("aaa"));
    }
}
