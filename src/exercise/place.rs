//! Where a place inside a TOML string value is in the file: a JavaScript error at column 7 of
//! an `expect_js` is reported at the line and column of the TOML file that holds that character,
//! through quotes, escapes and line-ending backslashes (toml's spans give where the string starts).

use std::path::Path;

use super::Location;

/// A TOML string value as written, and where it starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringPlace {
    /// The literal as written, quotes included.
    raw: String,
    /// Where its first quote is.
    start: Location,
}

impl StringPlace {
    /// The string value spanning `span` of `text` (as toml's `Spanned` gives it).
    pub fn new(file: &Path, text: &str, span: std::ops::Range<usize>) -> StringPlace {
        let raw = text.get(span.clone()).unwrap_or_default().to_string();
        StringPlace { raw, start: Location::at(file, text, span.start) }
    }

    /// Where the start of the string is (its first quote).
    pub fn start(&self) -> &Location {
        &self.start
    }

    /// The location of the character at byte `offset` of the decoded string (its end, for an
    /// offset past it).
    pub fn location_of(&self, offset: usize) -> Location {
        let raw_offset = self.raw_offset(offset);
        let before = &self.raw[..self.raw.floor_char_boundary(raw_offset)];
        let newlines = before.matches('\n').count();
        let mut location = self.start.clone();
        match before.rfind('\n') {
            Some(i) => {
                location.line += newlines;
                location.column = before[i + 1..].chars().count() + 1;
            }
            None => location.column += before.chars().count(),
        }
        location
    }

    /// The byte offset in the literal of the decoded string's byte `target`.
    fn raw_offset(&self, target: usize) -> usize {
        let raw = self.raw.as_str();
        let (quote, literal) = if raw.starts_with("'''") {
            (3, true)
        } else if raw.starts_with("\"\"\"") {
            (3, false)
        } else {
            (1, raw.starts_with('\''))
        };
        let mut at = quote.min(raw.len());
        // A newline right after the opening quotes of a multi-line string is not part of it.
        if quote == 3 {
            if raw[at..].starts_with("\r\n") {
                at += 2;
            } else if raw[at..].starts_with('\n') {
                at += 1;
            }
        }
        if literal {
            return (at + target).min(raw.len());
        }
        let mut decoded = 0;
        let bytes = raw.as_bytes();
        while at < raw.len() {
            let c = raw[at..].chars().next().unwrap_or('\0');
            let next = bytes.get(at + 1).copied().unwrap_or(b'x');
            if c == '\\' && matches!(next, b' ' | b'\t' | b'\r' | b'\n') {
                // A line-ending backslash: it and the whitespace after it vanish.
                let rest = &raw[at + 1..];
                at += 1 + rest.len() - rest.trim_start().len();
                continue;
            }
            if decoded >= target {
                break;
            }
            let (consumed, produced) = match (c, next) {
                ('\\', b'u') => (6, char_len(raw.get(at + 2..at + 6))),
                ('\\', b'U') => (10, char_len(raw.get(at + 2..at + 10))),
                ('\\', b'x') => (4, char_len(raw.get(at + 2..at + 4))),
                ('\\', _) => (2, 1),
                (c, _) => (c.len_utf8(), c.len_utf8()),
            };
            at += consumed;
            decoded += produced;
        }
        at.min(raw.len())
    }
}

fn char_len(hex: Option<&str>) -> usize {
    hex.and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32).map_or(1, char::len_utf8)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place_of(toml_text: &str, offset: usize) -> (usize, usize) {
        #[derive(serde::Deserialize)]
        struct T {
            v: toml::Spanned<String>,
        }
        let t: T = toml::from_str(toml_text).unwrap();
        let place = StringPlace::new(Path::new("x.toml"), toml_text, t.v.span());
        let at = place.location_of(offset);
        (at.line, at.column)
    }

    #[test]
    fn offsets_map_through_quotes_and_escapes() {
        // `v = "a\"b(c"`: the decoded `(` is byte 3; in the file it is column 10.
        assert_eq!(place_of("v = \"a\\\"b(c\"", 3), (1, 10));
        assert_eq!(place_of("v = 'ab(c'", 2), (1, 8));
        assert_eq!(place_of("x = 1\nv = '''\nab\ncd('''", 5), (4, 3));
        assert_eq!(place_of("v = \"\"\"\nab \\\n   cd\"\"\"", 3), (3, 4));
        assert_eq!(place_of("v = \"\\u00e9(\"", 2), (1, 12));
    }
}
