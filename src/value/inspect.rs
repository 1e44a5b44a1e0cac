//! Printing snapshots as JavaScript, in the style of Node's `util.inspect`.
//!
//! Learners know Node's console, so values print the way Node prints them: `[ 1, 2, 3 ]`,
//! `{ a: 1 }`, `Map(1) { 'a' => 1 }`. A value that fits in 72 columns stays on one line;
//! a longer one gets one entry per line, which also gives diffs one line per difference.

use super::{FunctionKind, JsValueSnapshot, PromiseSnapshot, Slot, Truncation};

const LINE_WIDTH: usize = 72;

/// Prints a value as JavaScript source would show it (strings quoted).
pub fn inspect(value: &JsValueSnapshot) -> String {
    render(value, 0)
}

/// Prints a value the way `console.log` shows an argument (a top-level string is printed raw).
pub fn inspect_console(value: &JsValueSnapshot) -> String {
    match value {
        JsValueSnapshot::String(s) => s.clone(),
        JsValueSnapshot::IllFormedString(units) => String::from_utf16_lossy(units),
        JsValueSnapshot::LongString { prefix, length, cut } => format!("{prefix}{}", long_note(*length, *cut)),
        other => render(other, 0),
    }
}

fn render(value: &JsValueSnapshot, indent: usize) -> String {
    match value {
        JsValueSnapshot::Undefined => "undefined".into(),
        JsValueSnapshot::Null => "null".into(),
        JsValueSnapshot::Bool(b) => b.to_string(),
        JsValueSnapshot::Number(n) => number(*n),
        JsValueSnapshot::BigInt(digits) => format!("{digits}n"),
        JsValueSnapshot::String(s) => quote(s),
        JsValueSnapshot::IllFormedString(units) => quote_units(units),
        JsValueSnapshot::LongString { prefix, length, cut } => format!("{}{}", quote(prefix), long_note(*length, *cut)),
        JsValueSnapshot::Symbol(d) => format!("Symbol({})", d.as_deref().unwrap_or("")),
        JsValueSnapshot::Array(slots) => render_array(slots, indent),
        JsValueSnapshot::Object(object) => {
            let entries: Vec<String> = object
                .properties
                .iter()
                .map(|(k, slot)| format!("{}: {}", key(k), render_slot(slot, indent + 2)))
                .collect();
            let prefix = match (&object.class, object.null_prototype) {
                (_, true) => "[Object: null prototype] ".to_string(),
                (Some(class), _) => format!("{class} "),
                (None, false) => String::new(),
            };
            container(&prefix, "{", "}", &entries, indent)
        }
        JsValueSnapshot::Map(entries) => {
            let items: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{} => {}", render(k, indent + 2), render(v, indent + 2)))
                .collect();
            container(&format!("Map({}) ", entries.len()), "{", "}", &items, indent)
        }
        JsValueSnapshot::Set(values) => {
            let items: Vec<String> = values.iter().map(|v| render(v, indent + 2)).collect();
            container(&format!("Set({}) ", values.len()), "{", "}", &items, indent)
        }
        JsValueSnapshot::Date(ms) => iso_date(*ms),
        JsValueSnapshot::RegExp { source, flags } => format!("/{source}/{flags}"),
        JsValueSnapshot::Error { name, message } if message.is_empty() => format!("[{name}]"),
        JsValueSnapshot::Error { name, message } => format!("[{name}: {message}]"),
        JsValueSnapshot::Function { name, kind } => function(name, *kind),
        JsValueSnapshot::Promise(state) => match state {
            PromiseSnapshot::Pending => "Promise { <pending> }".into(),
            PromiseSnapshot::Fulfilled(v) => format!("Promise {{ {} }}", render(v, indent + 2)),
            PromiseSnapshot::Rejected(v) => {
                format!("Promise {{ <rejected> {} }}", render(v, indent + 2))
            }
        },
        JsValueSnapshot::Proxy(target) => format!("Proxy({})", render(target, indent)),
        JsValueSnapshot::Circular => "[Circular]".into(),
        JsValueSnapshot::Opaque(tag) => format!("[{tag}]"),
        JsValueSnapshot::Truncated(cut) => format!("[{cut}]"),
    }
}

fn render_array(slots: &[Slot], indent: usize) -> String {
    let mut items = Vec::new();
    let mut holes = 0usize;
    for slot in slots {
        if let Slot::Hole = slot {
            holes += 1;
            continue;
        }
        if holes > 0 {
            items.push(empty_items(holes));
            holes = 0;
        }
        items.push(render_slot(slot, indent + 2));
    }
    if holes > 0 {
        items.push(empty_items(holes));
    }
    container("", "[", "]", &items, indent)
}

fn empty_items(n: usize) -> String {
    format!("<{n} empty item{}>", if n == 1 { "" } else { "s" })
}

fn render_slot(slot: &Slot, indent: usize) -> String {
    match slot {
        Slot::Value(v) => render(v, indent),
        Slot::Hole => empty_items(1),
        Slot::Accessor { getter: true, setter: true } => "[Getter/Setter]".into(),
        Slot::Accessor { getter: true, .. } => "[Getter]".into(),
        Slot::Accessor { .. } => "[Setter]".into(),
    }
}

fn container(prefix: &str, open: &str, close: &str, items: &[String], indent: usize) -> String {
    if items.is_empty() {
        return format!("{prefix}{open}{close}");
    }
    let one_line = format!("{prefix}{open} {} {close}", items.join(", "));
    if !one_line.contains('\n') && indent + one_line.len() <= LINE_WIDTH {
        return one_line;
    }
    let pad = " ".repeat(indent + 2);
    let body: Vec<String> = items.iter().map(|item| format!("{pad}{item}")).collect();
    format!("{prefix}{open}\n{}\n{}{close}", body.join(",\n"), " ".repeat(indent))
}

/// Formats a number as JavaScript's `String(n)` does, but keeps the sign of `-0` as Node shows it.
pub(crate) fn number(n: f64) -> String {
    if n == 0.0 && n.is_sign_negative() {
        return "-0".into();
    }
    ryu_js::Buffer::new().format(n).to_string()
}

fn function(name: &str, kind: FunctionKind) -> String {
    let label = match kind {
        FunctionKind::Plain => "Function",
        FunctionKind::Async => "AsyncFunction",
        FunctionKind::Generator => "GeneratorFunction",
        FunctionKind::AsyncGenerator => "AsyncGeneratorFunction",
        FunctionKind::Class if name.is_empty() => return "[class (anonymous)]".into(),
        FunctionKind::Class => return format!("[class {name}]"),
    };
    if name.is_empty() { format!("[{label} (anonymous)]") } else { format!("[{label}: {name}]") }
}

fn key(k: &str) -> String {
    let mut chars = k.chars();
    let is_identifier = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$');
    if is_identifier { k.to_string() } else { quote(k) }
}

/// What follows the start of a string too long to copy.
fn long_note(length: usize, cut: Truncation) -> String {
    format!("… [a string of {length} characters, not copied whole: {cut}]")
}

/// Quotes a string that holds lone surrogates, writing each as `\uD800` as Node does.
fn quote_units(units: &[u16]) -> String {
    quote_parts(char::decode_utf16(units.iter().copied()).map(|c| c.map_err(|e| e.unpaired_surrogate())))
}

/// Quotes a string as Node does: single quotes unless the text holds one and no double quote.
fn quote(s: &str) -> String {
    quote_parts(s.chars().map(Ok))
}

/// Quotes characters and lone surrogates (`Err`).
fn quote_parts(parts: impl Iterator<Item = Result<char, u16>> + Clone) -> String {
    let has = |wanted: char| parts.clone().any(|c| c == Ok(wanted));
    let q = if has('\'') && !has('"') { '"' } else { '\'' };
    let mut out = String::new();
    out.push(q);
    for c in parts {
        let c = match c {
            Ok(c) => c,
            Err(unit) => {
                out.push_str(&format!("\\u{unit:04X}"));
                continue;
            }
        };
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02X}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

/// Formats epoch milliseconds as `toISOString` does, or `Invalid Date`.
fn iso_date(ms: f64) -> String {
    if !ms.is_finite() {
        return "Invalid Date".into();
    }
    let ms = ms as i64;
    let days = ms.div_euclid(86_400_000);
    let rem = ms.rem_euclid(86_400_000);
    let (y, m, d) = civil_from_days(days);
    let year = if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        format!("{}{:06}", if y < 0 { '-' } else { '+' }, y.abs())
    };
    format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}Z",
        rem / 3_600_000,
        rem / 60_000 % 60,
        rem / 1000 % 60,
        rem % 1000
    )
}

/// Howard Hinnant's days-to-civil algorithm.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::ObjectSnapshot;

    fn num(n: f64) -> JsValueSnapshot {
        JsValueSnapshot::Number(n)
    }

    #[test]
    fn numbers_print_as_javascript_does() {
        assert_eq!(inspect(&num(1.0)), "1");
        assert_eq!(inspect(&num(0.1 + 0.2)), "0.30000000000000004");
        assert_eq!(inspect(&num(-0.0)), "-0");
        assert_eq!(inspect(&num(f64::NAN)), "NaN");
        assert_eq!(inspect(&num(f64::NEG_INFINITY)), "-Infinity");
        assert_eq!(inspect(&num(1e21)), "1e+21");
    }

    #[test]
    fn arrays_and_objects_print_like_node() {
        let arr = JsValueSnapshot::Array(vec![
            Slot::Value(num(1.0)),
            Slot::Hole,
            Slot::Hole,
            Slot::Value(JsValueSnapshot::String("it's".into())),
        ]);
        assert_eq!(inspect(&arr), r#"[ 1, <2 empty items>, "it's" ]"#);
        let obj = JsValueSnapshot::Object(ObjectSnapshot {
            class: Some("Counter".into()),
            null_prototype: false,
            properties: vec![
                ("count".into(), Slot::Value(num(2.0))),
                ("my-key".into(), Slot::Accessor { getter: true, setter: false }),
            ],
        });
        assert_eq!(inspect(&obj), "Counter { count: 2, 'my-key': [Getter] }");
        assert_eq!(inspect(&JsValueSnapshot::Array(vec![])), "[]");
    }

    #[test]
    fn long_values_break_one_entry_per_line() {
        let arr =
            JsValueSnapshot::Array((0..30).map(|i| Slot::Value(JsValueSnapshot::String(format!("item{i}")))).collect());
        let text = inspect(&arr);
        assert!(text.starts_with("[\n  'item0',\n  'item1',"), "{text}");
        assert!(text.ends_with("\n]"));
    }

    #[test]
    fn console_prints_top_level_strings_raw() {
        assert_eq!(inspect_console(&JsValueSnapshot::String("hi".into())), "hi");
        assert_eq!(inspect(&JsValueSnapshot::String("a\nb".into())), "'a\\nb'");
    }

    #[test]
    fn lone_surrogates_print_escaped() {
        let units: Vec<u16> = vec![0x61, 0xd800, 0x27, 0xf8ff];
        assert_eq!(inspect(&JsValueSnapshot::IllFormedString(units.clone())), "\"a\\uD800'\u{f8ff}\"");
        assert_eq!(inspect_console(&JsValueSnapshot::IllFormedString(units)), "a\u{fffd}'\u{f8ff}");
    }

    #[test]
    fn long_strings_print_their_start_and_a_note() {
        let long =
            JsValueSnapshot::LongString { prefix: "abc".into(), length: 20_000_000, cut: Truncation::Text(262_144) };
        assert_eq!(
            inspect(&long),
            "'abc'… [a string of 20000000 characters, not copied whole: more than 262144 characters of text]"
        );
        assert!(inspect_console(&long).starts_with("abc… [a string of 20000000"));
        assert_eq!(inspect(&JsValueSnapshot::Truncated(Truncation::Size(10))), "[more than 10 parts]");
    }

    #[test]
    fn dates_print_in_iso_form() {
        assert_eq!(iso_date(0.0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_date(1_700_000_000_123.0), "2023-11-14T22:13:20.123Z");
        assert_eq!(iso_date(f64::NAN), "Invalid Date");
    }

    #[test]
    fn functions_and_collections() {
        let f = JsValueSnapshot::Function { name: "outer".into(), kind: FunctionKind::Plain };
        assert_eq!(inspect(&f), "[Function: outer]");
        let anon = JsValueSnapshot::Function { name: String::new(), kind: FunctionKind::Class };
        assert_eq!(inspect(&anon), "[class (anonymous)]");
        let map = JsValueSnapshot::Map(vec![(JsValueSnapshot::String("a".into()), num(1.0))]);
        assert_eq!(inspect(&map), "Map(1) { 'a' => 1 }");
        assert_eq!(inspect(&JsValueSnapshot::Set(vec![])), "Set(0) {}");
    }
}
