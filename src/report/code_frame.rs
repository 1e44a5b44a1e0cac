//! The code frame under a syntax error: the lines around it with a gutter of line numbers, a
//! caret under the column, and the parser's labels.
//!
//! Nothing from the submission sizes anything here: lines arrive cut to a bounded length, a
//! marker is clamped to the line it points into, and control characters are shown escaped.

use std::fmt::Write;

use super::{Paint, inert};
use crate::syntax::{SourceLine, SyntaxProblem};

/// The frame for a syntax error, each line starting with `indent`.
pub fn render(problem: &SyntaxProblem, paint: &Paint, indent: &str) -> String {
    let gutter = problem.excerpt.iter().map(|l| l.number).max().unwrap_or(problem.line).to_string().len();
    let mut out = String::new();
    let mut previous: Option<u32> = None;
    for line in &problem.excerpt {
        if previous.is_some_and(|p| line.number > p + 1) {
            let _ = writeln!(out, "{indent}{}", paint.dim(&format!("{:>gutter$} |", "⋮")));
        }
        previous = Some(line.number);
        source_row(&mut out, line, gutter, paint, indent);
        if let Some(related) = problem.related.as_ref().filter(|r| r.line == line.number && r.line != problem.line) {
            marker_row(&mut out, line, related.column, '-', Some(&related.text), gutter, paint, indent);
        }
        if line.number == problem.line {
            marker_row(&mut out, line, problem.column, '^', problem.label.as_deref(), gutter, paint, indent);
            if let Some(related) = problem.related.as_ref().filter(|r| r.line == problem.line) {
                marker_row(&mut out, line, related.column, '-', Some(&related.text), gutter, paint, indent);
            }
        }
    }
    if let Some(help) = &problem.help {
        let _ = writeln!(out, "{indent}{} {}", paint.yellow("help:"), inert::line(help));
    }
    out
}

/// A line's text as the frame shows it: control characters escaped, tabs kept (the caret row
/// repeats them, so columns line up whatever the tab width).
fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    inert::block(text)
}

fn source_row(out: &mut String, line: &SourceLine, gutter: usize, paint: &Paint, indent: &str) {
    let before = if line.skipped > 0 { "…" } else { "" };
    let after = if line.cut { "…" } else { "" };
    let number = paint.dim(&format!("{:>gutter$} |", line.number));
    let text = format!("{before}{}{after}", escaped(&line.text));
    if text.is_empty() {
        let _ = writeln!(out, "{indent}{number}");
    } else {
        let _ = writeln!(out, "{indent}{number} {text}");
    }
}

/// A row under `line` with `mark` under `column` (clamped to just past the line's end) and a label.
#[allow(clippy::too_many_arguments)]
fn marker_row(
    out: &mut String,
    line: &SourceLine,
    column: u32,
    mark: char,
    label: Option<&str>,
    gutter: usize,
    paint: &Paint,
    indent: &str,
) {
    let index = (column as usize).saturating_sub(1).saturating_sub(line.skipped as usize);
    let mut pad = String::from(if line.skipped > 0 { " " } else { "" });
    let mut one = [0u8; 4];
    for c in line.text.chars().take(index) {
        match c {
            '\t' => pad.push('\t'),
            c => pad.extend(std::iter::repeat_n(' ', escaped(c.encode_utf8(&mut one)).chars().count())),
        }
    }
    let label = label.map(|l| format!(" {}", inert::line(l))).unwrap_or_default();
    let bar = paint.dim(&format!("{:>gutter$} |", ""));
    let marker = format!("{mark}{label}");
    let marker = if mark == '^' { paint.red(&marker) } else { paint.yellow(&marker) };
    let _ = writeln!(out, "{indent}{bar} {pad}{marker}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::RelatedLabel;

    fn line(number: u32, text: &str) -> SourceLine {
        SourceLine { number, skipped: 0, text: text.into(), cut: false }
    }

    #[test]
    fn the_frame_shows_context_caret_and_the_second_label() {
        let problem = SyntaxProblem {
            message: "Expected `}` but found `EOF`".into(),
            line: 6,
            column: 5,
            label: Some("`}` expected".into()),
            related: Some(RelatedLabel { line: 1, column: 24, text: "Opened here".into() }),
            help: None,
            excerpt: vec![
                line(1, "function makeCounter() {"),
                line(4, "    return count;"),
                line(5, ""),
                line(6, "  };"),
            ],
        };
        let frame = render(&problem, &Paint::plain(), "  ");
        let expected = [
            "  1 | function makeCounter() {",
            "    |                        - Opened here",
            "  ⋮ |",
            "  4 |     return count;",
            "  5 |",
            "  6 |   };",
            "    |     ^ `}` expected",
        ];
        assert_eq!(frame.lines().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn a_column_far_past_the_line_pads_nothing_huge() {
        let short = line(1, "let x = 1;");
        let mut out = String::new();
        marker_row(&mut out, &short, 4_000_000_000, '^', None, 1, &Paint::plain(), "");
        assert_eq!(out, "  |           ^\n", "clamped to just past the end of the line");
        let cut = SourceLine { number: 1, skipped: 4_000, text: "x".repeat(120), cut: true };
        let mut out = String::new();
        source_row(&mut out, &cut, 1, &Paint::plain(), "");
        marker_row(&mut out, &cut, 4_061, '^', None, 1, &Paint::plain(), "");
        let rows: Vec<&str> = out.lines().collect();
        assert!(rows[0].starts_with("1 | …x") && rows[0].ends_with("x…"), "{out}");
        assert_eq!(rows[1].find('^'), Some("1 | …".len() - "…".len() + 1 + 60), "{out}");
    }

    #[test]
    fn control_characters_are_shown_escaped_and_the_caret_stays_under_its_column() {
        let shown_line = line(1, "a\u{1b}b = ;");
        let mut out = String::new();
        source_row(&mut out, &shown_line, 1, &Paint::plain(), "");
        marker_row(&mut out, &shown_line, 7, '^', None, 1, &Paint::plain(), "");
        assert_eq!(out, "1 | a\\x1bb = ;\n  |          ^\n");
        let tabbed = line(2, "\tlet = 1;");
        let mut out = String::new();
        marker_row(&mut out, &tabbed, 6, '^', None, 1, &Paint::plain(), "");
        assert_eq!(out, "  | \t    ^\n", "a tab in the line is a tab in the caret row");
    }
}
