//! Line diffs for reports: `- expected` / `+ actual`, with context, bounded in time and length.

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

use super::{Paint, inert};

/// Lines of a diff shown at most; the rest is summarised.
const MAX_LINES: usize = 80;
/// Characters of one diff line shown at most; the rest is summarised.
const MAX_LINE_CHARS: usize = 300;

/// Sets a submission's console output apart, so that no line it prints can pass for one of
/// the grader's own (a `✓`, a score).
const OUTPUT_GUTTER: &str = "│ ";

/// A line diff of `expected` against `actual`, each line prefixed by `indent`.
pub fn line_diff(expected: &str, actual: &str, indent: &str, paint: &Paint) -> String {
    diff_with_gutter(expected, actual, indent, "", paint)
}

/// A line diff of console output: like [`line_diff`], with a gutter between the `-`/`+`
/// marks and the printed text.
pub fn output_diff(expected: &str, actual: &str, indent: &str, paint: &Paint) -> String {
    diff_with_gutter(expected, actual, indent, OUTPUT_GUTTER, paint)
}

fn diff_with_gutter(expected: &str, actual: &str, indent: &str, gutter: &str, paint: &Paint) -> String {
    let diff = TextDiff::configure().timeout(Duration::from_millis(200)).diff_lines(expected, actual);
    let mut out = String::new();
    let mut shown = 0usize;
    let mut hidden = 0usize;
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("{indent}{}\n", paint.dim("...")));
        }
        for op in group {
            for change in diff.iter_changes(op) {
                if shown >= MAX_LINES {
                    hidden += 1;
                    continue;
                }
                shown += 1;
                let text = visible(change.value());
                let line = match change.tag() {
                    ChangeTag::Delete => paint.red(&format!("- {gutter}{text}")),
                    ChangeTag::Insert => paint.green(&format!("+ {gutter}{text}")),
                    ChangeTag::Equal => format!("  {gutter}{text}"),
                };
                out.push_str(indent);
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    if hidden > 0 {
        out.push_str(&format!("{indent}{}\n", paint.dim(&format!("... {hidden} more lines"))));
    }
    out
}

/// A line as shown in a diff: the newline dropped, a missing final newline and trailing spaces
/// made visible, control characters escaped (a CR or ESC in output is shown, never obeyed).
fn visible(line: &str) -> String {
    // `similar` ends a line at LF, CRLF or a lone CR; a CR is shown as `\r`, never obeyed.
    let (body, ending) = match (line.strip_suffix('\n'), line.strip_suffix('\r')) {
        (Some(body), _) => (body, ""),
        (None, Some(body)) => (body, "\\r"),
        (None, None) => (line, "⏎ (no newline at end)"),
    };
    let length = body.chars().count();
    if length > MAX_LINE_CHARS {
        let start: String = body.chars().take(MAX_LINE_CHARS).collect();
        return format!("{}… ({} more characters){ending}", inert::line(&start), length - MAX_LINE_CHARS);
    }
    let trimmed = body.trim_end_matches(' ');
    let spaces = body.len() - trimmed.len();
    format!("{}{}{ending}", inert::line(trimmed), "·".repeat(spaces))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_removed_and_added_lines() {
        let d = line_diff("1\n2\n3\n", "1\n5\n3\n", "", &Paint::plain());
        assert_eq!(d, "  1\n- 2\n+ 5\n  3\n");
    }

    #[test]
    fn output_sits_behind_a_gutter_with_controls_escaped() {
        let d = output_diff("ok\n", "\x1b[32m  ✓ fake\r\n", "", &Paint::plain());
        assert_eq!(d, "- │ ok\n+ │ \\x1b[32m  ✓ fake\\r\n");
    }

    #[test]
    fn a_lone_cr_ends_a_line_and_shows() {
        let d = line_diff("a\n", "a\rb\n", "", &Paint::plain());
        assert_eq!(d, "- a\n+ a\\r\n+ b\n");
    }

    #[test]
    fn a_long_line_shows_its_start() {
        let d = line_diff("a\n", &format!("{}\n", "b".repeat(100_000)), "", &Paint::plain());
        assert!(d.len() < 400 && d.ends_with(&format!("… ({} more characters)\n", 100_000 - MAX_LINE_CHARS)), "{d}");
    }

    #[test]
    fn shows_missing_final_newline() {
        let d = line_diff("a\n", "a", "", &Paint::plain());
        assert!(d.contains("- a\n") && d.contains("+ a⏎"), "{d}");
    }
}
