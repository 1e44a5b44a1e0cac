//! Untrusted text made inert for where reports go: a terminal, an XML file, a CI log.
//!
//! Everything a submission produces (console output, thrown messages, values, even file names)
//! may hold characters that a terminal or a log reader would act on: ESC starts colour and cursor
//! sequences, CR and BS overwrite what the grader printed, bidi overrides reorder a line, XML 1.0
//! forbids most C0 controls and U+FFFE/U+FFFF, and a GitHub Actions runner obeys a line that
//! starts with `::` (or holds `##[`) as a workflow command. These functions show such characters
//! as escapes (`\x1b`, `\r`, `\u{202e}`) and break workflow commands, so the text is only read.

use std::borrow::Cow;
use std::fmt::Write;

/// Whether a terminal, log viewer or XML reader could act on `c` rather than show it.
fn is_active(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        // Bidi embeddings, overrides, isolates and marks: they reorder what a reader sees.
        | '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        // Line and paragraph separators: some terminals and viewers break the line there.
        | '\u{2028}' | '\u{2029}'
        // Noncharacters XML 1.0 forbids.
        | '\u{fffe}' | '\u{ffff}')
}

fn push_escape(out: &mut String, c: char) {
    let _ = match c {
        '\n' => out.write_str("\\n"),
        '\r' => out.write_str("\\r"),
        '\t' => out.write_str("\\t"),
        c if (c as u32) < 0x80 => write!(out, "\\x{:02x}", c as u32),
        c => write!(out, "\\u{{{:x}}}", c as u32),
    };
}

fn escape_where(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_active(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_active(c) && !keep(c) { push_escape(&mut out, c) } else { out.push(c) }
    }
    Cow::Owned(out)
}

/// One line for a terminal: every control character escaped, newlines and tabs included, so
/// the text stays on the line the grader put it on.
pub fn line(text: &str) -> Cow<'_, str> {
    escape_where(text, |_| false)
}

/// A block of lines for a terminal or a log: like [`line`], but newlines and tabs are kept.
pub fn block(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| c == '\n' || c == '\t')
}

/// Text for a CI format (JUnit, Gradescope, Classroom): [`block`], then no line can start a
/// GitHub Actions workflow command. The result holds no character XML 1.0 forbids.
pub fn ci_text(text: &str) -> String {
    without_workflow_commands(&block(text)).into_owned()
}

/// Breaks every GitHub Actions workflow command in `text`: a line whose first non-blank
/// characters are `::` gets a `\` before them, and `##[` (the older form, obeyed anywhere in a
/// line) becomes `##\[`. The runner trims leading whitespace and splits lines at LF and CR.
pub fn without_workflow_commands(text: &str) -> Cow<'_, str> {
    let starts_command = |line: &str| line.trim_start().starts_with("::");
    if !text.contains("##[") && !text.split(['\n', '\r']).any(starts_command) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    loop {
        let end = rest.find(['\n', '\r']).map_or(rest.len(), |i| i + 1);
        let (line, tail) = rest.split_at(end);
        if starts_command(line) {
            let blank = line.len() - line.trim_start().len();
            out.push_str(&line[..blank]);
            out.push('\\');
            out.push_str(&line[blank..].replace("##[", "##\\["));
        } else {
            out.push_str(&line.replace("##[", "##\\["));
        }
        if tail.is_empty() {
            break;
        }
        rest = tail;
    }
    Cow::Owned(out)
}

/// At most `max` bytes of `text`, cut at a character boundary; the cut says how much is gone.
pub fn bounded(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    Cow::Owned(format!("{}… [{} more bytes not shown]", &text[..end], text.len() - end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(line("a\x1b[2Jb\r\u{8}\u{7}\0\u{7f}"), "a\\x1b[2Jb\\r\\x08\\x07\\x00\\x7f");
        assert_eq!(line("x\ny\tz"), "x\\ny\\tz");
        assert_eq!(block("x\ny\tz\r\n"), "x\ny\tz\\r\n");
        assert_eq!(line("\u{9b}31m \u{202e}evil\u{2066}"), "\\u{9b}31m \\u{202e}evil\\u{2066}");
        assert!(matches!(line("plain ✓ text"), Cow::Borrowed(_)));
    }

    #[test]
    fn workflow_commands_cannot_start_a_line() {
        assert_eq!(
            without_workflow_commands("ok\n::add-mask::x\n  ::notice::y"),
            "ok\n\\::add-mask::x\n  \\::notice::y"
        );
        assert_eq!(without_workflow_commands("a\r::stop-commands::t"), "a\r\\::stop-commands::t");
        assert_eq!(without_workflow_commands("say ##[add-mask]x"), "say ##\\[add-mask]x");
        assert_eq!(without_workflow_commands("a :: b"), "a :: b");
        assert_eq!(ci_text("\u{fffe}::x\u{ffff}\u{1}"), "\\u{fffe}::x\\u{ffff}\\x01");
        assert_eq!(ci_text("::warning::x"), "\\::warning::x");
    }

    #[test]
    fn bounded_cuts_at_a_character_boundary() {
        assert_eq!(bounded("abc", 3), "abc");
        assert_eq!(bounded("aé", 2), "a… [2 more bytes not shown]");
    }
}
