//! The code frame under a load error: the lines around it with a gutter of line numbers, a caret
//! under the column, and the parser's labels.
//!
//! Nothing from the submission sizes anything here: lines arrive cut to a bounded length, the
//! caret is clamped to the line it points into, and control characters are shown escaped.

use std::fmt::Write;

use super::Paint;
use crate::grading::Outcome;
use crate::syntax::{SourceLine, SyntaxProblem};

/// Most characters of a line shown when only the engine's single line is known.
const MAX_LINE_CHARS: usize = 120;
/// Characters kept before the column when such a line is cut at its start.
const CONTEXT_BEFORE: usize = 60;

/// The frame for an outcome's load error, each line starting with `indent`; empty when the
/// outcome has no place to show.
pub fn render(outcome: &Outcome, paint: &Paint, indent: &str) -> String {
    if let Some(problem) = &outcome.syntax {
        return render_problem(problem, paint, indent);
    }
    match (&outcome.source_line, outcome.location) {
        (Some(text), Some((line, column))) => {
            let shown = engine_line(text, line, column);
            let gutter = line.to_string().len();
            let mut out = String::new();
            source_row(&mut out, &shown, gutter, paint, indent);
            marker_row(&mut out, &shown, column, '^', None, gutter, paint, indent);
            out
        }
        _ => String::new(),
    }
}

fn render_problem(problem: &SyntaxProblem, paint: &Paint, indent: &str) -> String {
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
        let _ = writeln!(out, "{indent}{} {}", paint.yellow("help:"), escaped(help));
    }
    out
}

/// The engine's source line as a frame line, cut around `column`.
fn engine_line(text: &str, number: u32, column: u32) -> SourceLine {
    let skipped = (column as usize).saturating_sub(1).saturating_sub(CONTEXT_BEFORE);
    let mut rest = text.chars().skip(skipped);
    let kept: String = rest.by_ref().take(MAX_LINE_CHARS).collect();
    SourceLine { number, skipped: skipped as u32, text: kept, cut: rest.next().is_some() }
}

/// A character as the frame shows it: control characters escaped, tabs kept.
fn shown(c: char) -> String {
    match c {
        '\t' => c.to_string(),
        c if c.is_control() && c.is_ascii() => format!("\\x{:02x}", c as u32),
        c if c.is_control() => c.escape_unicode().to_string(),
        c => c.to_string(),
    }
}

fn escaped(text: &str) -> String {
    text.chars().map(shown).collect()
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
    for c in line.text.chars().take(index) {
        match c {
            '\t' => pad.push('\t'),
            c => pad.extend(std::iter::repeat_n(' ', shown(c).chars().count())),
        }
    }
    let label = label.map(|l| format!(" {}", escaped(l))).unwrap_or_default();
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
        let frame = render_problem(&problem, &Paint::plain(), "  ");
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
        let outcome_line = engine_line("let x = 1;", 1, 4_000_000_000);
        let mut out = String::new();
        marker_row(&mut out, &outcome_line, 4_000_000_000, '^', None, 1, &Paint::plain(), "");
        assert!(out.len() < 200, "{} bytes", out.len());
        let long = "x".repeat(10_000);
        let cut = engine_line(&long, 1, 5_000);
        assert!(cut.text.chars().count() <= MAX_LINE_CHARS && cut.cut && cut.skipped > 0);
        let mut out = String::new();
        marker_row(&mut out, &cut, 5_000, '^', None, 1, &Paint::plain(), "");
        assert!(out.len() < 200, "{out}");
    }

    #[test]
    fn control_characters_are_shown_escaped_and_the_caret_stays_under_its_column() {
        let shown_line = line(1, "a\u{1b}b = ;");
        let mut out = String::new();
        source_row(&mut out, &shown_line, 1, &Paint::plain(), "");
        marker_row(&mut out, &shown_line, 7, '^', None, 1, &Paint::plain(), "");
        assert_eq!(out, "1 | a\\x1bb = ;\n  |          ^\n");
    }
}
