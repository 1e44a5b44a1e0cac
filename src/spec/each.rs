//! The names of `.each` tests: a row's literal values put into the name as Jest does
//! (`%s`, `%d`, `%i`, `%f`, `%j`, `%o`, `%p`, `%#`, `%$`, `%%`, and `$key` for rows of objects).

use oxc_ast::ast::{Expression, ObjectPropertyKind, PropertyKey};
use oxc_span::GetSpan;

/// One value of an `.each` row, as far as reading the file can tell it.
#[derive(Debug, Clone, PartialEq)]
pub enum EachArg {
    /// A string literal.
    Str(String),
    /// A number literal, as JavaScript prints it.
    Number(f64),
    /// `true`, `false`, `null`, `undefined`.
    Word(String),
    /// An object literal's properties (a row of `$key` names).
    Object(Vec<(String, EachArg)>),
    /// Anything else: its source text.
    Source(String),
}

/// Reads one expression of a table.
pub fn arg(expression: &Expression<'_>, source: &str) -> EachArg {
    match expression {
        Expression::StringLiteral(s) => EachArg::Str(s.value.to_string()),
        Expression::NumericLiteral(n) => EachArg::Number(n.value),
        Expression::UnaryExpression(u) if u.operator.as_str() == "-" => match &u.argument {
            Expression::NumericLiteral(n) => EachArg::Number(-n.value),
            _ => EachArg::Source(text(expression, source)),
        },
        Expression::BooleanLiteral(b) => EachArg::Word(b.value.to_string()),
        Expression::NullLiteral(_) => EachArg::Word("null".into()),
        Expression::Identifier(id) if id.name == "undefined" => EachArg::Word("undefined".into()),
        Expression::ObjectExpression(object) => {
            let mut properties = Vec::new();
            for property in &object.properties {
                if let ObjectPropertyKind::ObjectProperty(p) = property {
                    let key = match &p.key {
                        PropertyKey::StaticIdentifier(id) => id.name.to_string(),
                        PropertyKey::StringLiteral(s) => s.value.to_string(),
                        _ => continue,
                    };
                    properties.push((key, arg(&p.value, source)));
                }
            }
            EachArg::Object(properties)
        }
        other => EachArg::Source(text(other, source)),
    }
}

fn text(expression: &Expression<'_>, source: &str) -> String {
    let span = expression.span();
    source[span.start as usize..span.end as usize].to_string()
}

fn number(n: f64) -> String {
    let mut buffer = ryu_js::Buffer::new();
    buffer.format(n).to_string()
}

/// The value as `%s` shows it.
fn plain(arg: &EachArg) -> String {
    match arg {
        EachArg::Str(s) => s.clone(),
        EachArg::Number(n) => number(*n),
        EachArg::Word(w) | EachArg::Source(w) => w.clone(),
        EachArg::Object(_) => pretty(arg),
    }
}

/// The value as `%p`, `%j` or `%o` shows it.
fn pretty(arg: &EachArg) -> String {
    match arg {
        EachArg::Str(s) => format!("\"{s}\""),
        EachArg::Object(properties) if properties.is_empty() => "{}".into(),
        EachArg::Object(properties) => {
            let inner: Vec<String> = properties.iter().map(|(k, v)| format!("\"{k}\": {}", pretty(v))).collect();
            format!("{{{}}}", inner.join(", "))
        }
        other => plain(other),
    }
}

/// The name of the row at `index` of an `.each` table.
pub fn format_name(template: &str, row: &[EachArg], index: usize) -> String {
    if let [EachArg::Object(properties)] = row
        && template.contains('$')
    {
        return interpolate(template, properties, index);
    }
    let mut out = String::with_capacity(template.len());
    let mut args = row.iter();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.peek().copied() {
            Some('%') => {
                chars.next();
                out.push('%');
            }
            Some('#') => {
                chars.next();
                out.push_str(&index.to_string());
            }
            Some('$') => {
                chars.next();
                out.push_str(&(index + 1).to_string());
            }
            Some(spec @ ('s' | 'd' | 'i' | 'f' | 'j' | 'o' | 'O' | 'p')) => {
                chars.next();
                match args.next() {
                    Some(arg) => out.push_str(&match (spec, arg) {
                        ('i', EachArg::Number(n)) => number(n.trunc()),
                        ('s' | 'd' | 'i' | 'f', a) => plain(a),
                        (_, a) => pretty(a),
                    }),
                    None => {
                        out.push('%');
                        out.push(spec);
                    }
                }
            }
            _ => out.push('%'),
        }
    }
    out
}

/// `$key` (and `$key.path`, `$#`) filled in from a row of an object.
fn interpolate(template: &str, properties: &[(String, EachArg)], index: usize) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        let after = &rest[dollar + 1..];
        if let Some(tail) = after.strip_prefix('#') {
            out.push_str(&index.to_string());
            rest = tail;
            continue;
        }
        let end = after.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.')).unwrap_or(after.len());
        let path = after[..end].trim_end_matches('.');
        let mut parts = path.split('.');
        let first = parts.next().unwrap_or_default();
        let mut value = properties.iter().find(|(k, _)| k == first).map(|(_, v)| v);
        for part in parts {
            value = match value {
                Some(EachArg::Object(inner)) => inner.iter().find(|(k, _)| k == part).map(|(_, v)| v),
                _ => None,
            };
        }
        match value {
            Some(v) if !path.is_empty() => out.push_str(&pretty(v)),
            _ => {
                out.push('$');
                out.push_str(path);
            }
        }
        rest = &after[path.len()..];
    }
    out.push_str(rest);
    out
}
