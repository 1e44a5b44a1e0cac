//! Line diffs for reports: `- expected` / `+ actual`, with context, bounded in time and length.

use std::time::Duration;

use similar::{ChangeTag, TextDiff};

use super::Paint;

/// Lines of a diff shown at most; the rest is summarised.
const MAX_LINES: usize = 80;

/// A line diff of `expected` against `actual`, each line prefixed by `indent`.
pub fn line_diff(expected: &str, actual: &str, indent: &str, paint: &Paint) -> String {
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
                    ChangeTag::Delete => paint.red(&format!("- {text}")),
                    ChangeTag::Insert => paint.green(&format!("+ {text}")),
                    ChangeTag::Equal => format!("  {text}"),
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

/// A line as shown in a diff: the newline dropped, a missing final newline and trailing spaces made visible.
fn visible(line: &str) -> String {
    match line.strip_suffix('\n') {
        Some(body) => {
            let trimmed = body.trim_end_matches(' ');
            let spaces = body.len() - trimmed.len();
            if spaces > 0 { format!("{trimmed}{}", "·".repeat(spaces)) } else { body.to_string() }
        }
        None => format!("{line}⏎ (no newline at end)"),
    }
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
    fn shows_missing_final_newline() {
        let d = line_diff("a\n", "a", "", &Paint::plain());
        assert!(d.contains("- a\n") && d.contains("+ a⏎"), "{d}");
    }
}
