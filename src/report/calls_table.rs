//! The step table of a failing `calls` check: each call, what was expected, what came back, and
//! the backpack of the function called. It is laid out to the report's width: in columns when a
//! row fits, with the backpack on a line of its own under each row when only that does, and as a
//! short block per call when not even the row fits. Nothing of a call or a value is cut.

use std::fmt::Write;

use unicode_width::UnicodeWidthStr;

use super::human::{INDENT, one_line, whole_line, wrap, wrap_code};
use super::{Paint, inert};
use crate::grading::{CallRow, in_actual_order};
use crate::value::inspect;

const FIRST_DIFFERENCE: &str = "← first difference";

/// One row's text.
struct Cells {
    call: String,
    expected: String,
    actual: String,
    backpack: Option<String>,
}

/// How the rows are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// `#  call  expected  actual  backpack` on one line per row.
    Columns,
    /// The same without the backpack column; each row's backpack on the line under it.
    BackpackBelow,
    /// A block per row: the call, then expected and actual, then the backpack.
    Blocks,
}

/// Writes the table (and, under it, what the first differing row's backpack means, unless that
/// is in `said` already: it is added there).
pub(super) fn render(out: &mut String, rows: &[CallRow], first: usize, paint: &Paint, said: &mut Vec<String>) {
    let cells: Vec<Cells> = rows
        .iter()
        .map(|r| {
            let (expected, actual) = match &r.actual {
                Ok(v) => (in_actual_order(&r.expected, v), one_line(&inspect(v))),
                Err(why) => (r.expected.clone(), one_line(why)),
            };
            Cells {
                call: whole_line(&r.call),
                expected: one_line(&inspect(&expected)),
                actual,
                backpack: r.backpack.as_ref().map(super::backpack::cell),
            }
        })
        .collect();
    let with_backpack = cells.iter().any(|c| c.backpack.is_some());
    let widest = |f: fn(&Cells) -> usize, least: usize| cells.iter().map(f).max().unwrap_or(0).max(least);
    let w_call = widest(|c| c.call.width(), 4);
    let w_exp = widest(|c| c.expected.width(), 8);
    let w_act = widest(|c| c.actual.width(), 6);
    let w_pack = widest(|c| c.backpack.as_deref().map_or(1, UnicodeWidthStr::width), 8);
    // `> 12  call  expected  actual` and the marker after the first difference.
    let row = INDENT.len() + 6 + w_call + 2 + w_exp + 2 + w_act + 2 + FIRST_DIFFERENCE.chars().count();
    let layout = match paint.width() {
        Some(width) if row > width => Layout::Blocks,
        Some(width) if with_backpack && row + w_pack + 2 > width => Layout::BackpackBelow,
        _ => Layout::Columns,
    };
    let inline_backpack = with_backpack && layout == Layout::Columns;
    // With what the backpack held after each call, the column says so.
    let read = rows.iter().any(|r| r.backpack.as_ref().is_some_and(|b| b.holds.iter().any(|c| c.after_call.is_some())));
    let label = if read { "backpack after" } else { "backpack" };
    match layout {
        Layout::Blocks => {
            let _ = writeln!(out, "{INDENT}{}", paint.dim("#   call, then expected and actual"));
        }
        _ => {
            let backpack_header =
                if inline_backpack { format!("  {:<w_act$}  {label}", "actual") } else { "  actual".into() };
            let header = format!("{:>4}  {:<w_call$}  {:<w_exp$}{backpack_header}", "#", "call", "expected");
            let _ = writeln!(out, "{INDENT}{}", paint.dim(header.trim_end()));
        }
    }
    let available = paint.width().map_or(usize::MAX, |w| w.saturating_sub(INDENT.len() + 6).max(20));
    for (i, (cell, row)) in cells.iter().zip(rows).enumerate() {
        let marker = if i == first { ">" } else { " " };
        let tint = |text: &str| {
            if i == first {
                paint.red(text)
            } else if row.matched {
                text.to_string()
            } else {
                paint.yellow(text)
            }
        };
        let flag = if i == first { format!("  {}", paint.red(FIRST_DIFFERENCE)) } else { String::new() };
        let backpack = cell.backpack.as_deref().unwrap_or("—");
        match layout {
            Layout::Columns | Layout::BackpackBelow => {
                let lead =
                    format!("{marker} {:>2}  {}  {}  ", i + 1, pad(&cell.call, w_call), pad(&cell.expected, w_exp));
                let tail = if inline_backpack {
                    format!("{}  {}", pad(&cell.actual, w_act), paint.cyan(backpack))
                } else {
                    cell.actual.clone()
                };
                let line = format!("{}{tail}{flag}", tint(&lead));
                let _ = writeln!(out, "{INDENT}{}", line.trim_end());
            }
            Layout::Blocks => {
                let pieces =
                    if available == usize::MAX { vec![cell.call.clone()] } else { wrap_code(&cell.call, available) };
                for (k, piece) in pieces.iter().enumerate() {
                    let lead = if k == 0 { format!("{marker} {:>2}  ", i + 1) } else { "        ".to_string() };
                    let _ = writeln!(out, "{INDENT}{}", tint(&format!("{lead}{piece}")).trim_end());
                }
                for (label, value) in [("expected", &cell.expected), ("actual  ", &cell.actual)] {
                    let text = format!("{label} {value}");
                    for line in wrap_code(&text, available) {
                        let _ = writeln!(out, "{INDENT}      {}", paint.dim(&line));
                    }
                }
                if i == first {
                    let _ = writeln!(out, "{INDENT}      {}", paint.red(FIRST_DIFFERENCE));
                }
            }
        }
        if with_backpack && !inline_backpack && cell.backpack.is_some() {
            let mut lead_text = format!("{label}:");
            let mut room = available.saturating_sub(lead_text.len() + 1);
            // Too narrow to hold the label and a value side by side: the label goes above.
            if room < 20 {
                let _ = writeln!(out, "{INDENT}      {}", paint.dim(&lead_text));
                lead_text = " ".to_string();
                room = available.saturating_sub(2);
            }
            for (k, line) in wrap(backpack, room).iter().enumerate() {
                let lead = if k == 0 { paint.dim(&lead_text) } else { " ".repeat(lead_text.len()) };
                let _ = writeln!(out, "{INDENT}      {lead} {}", paint.cyan(line));
            }
        }
    }
    let sentence = rows.get(first).and_then(|r| r.backpack.as_ref()).map(super::backpack::sentence);
    if let Some(sentence) = sentence.filter(|s| !said.contains(s)) {
        said.push(sentence.clone());
        let mut lines =
            wrap(&sentence, paint.width().map_or(usize::MAX, |w| w.saturating_sub(INDENT.len() + 10).max(20)))
                .into_iter();
        if let Some(first) = lines.next() {
            let _ = writeln!(out, "{INDENT}{} {}", paint.dim("backpack:"), inert::line(&first));
        }
        for line in lines {
            let _ = writeln!(out, "{INDENT}          {}", inert::line(&line));
        }
    }
}

/// `text` followed by spaces up to `width` terminal columns (a wide character takes two).
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grading::{Backpack, Carried, Held};
    use crate::value::JsValueSnapshot;

    fn rows(values: &[f64], got: &[f64]) -> Vec<CallRow> {
        values
            .iter()
            .zip(got)
            .enumerate()
            .map(|(i, (&want, &had))| CallRow {
                call: "counterNumberTwo()".into(),
                expected: JsValueSnapshot::Number(want),
                actual: Ok(JsValueSnapshot::Number(had)),
                matched: want == had,
                backpack: Some(Backpack {
                    function: None,
                    line: 3,
                    returned_by: Some("makeCounterWithAName".into()),
                    holds: vec![Carried {
                        name: "theCountSoFar".into(),
                        lives_in: Some("makeCounterWithAName".into()),
                        top_level: false,
                        line: 2,
                        written: true,
                        after_call: Some(Held::Value(JsValueSnapshot::Number(if i == 0 { 0.0 } else { had }))),
                    }],
                }),
            })
            .collect()
    }

    fn drawn(width: Option<usize>) -> String {
        let mut out = String::new();
        render(
            &mut out,
            &rows(&[1.0, 2.0, 3.0], &[0.0, 0.0, 0.0]),
            0,
            &Paint::plain().with_width(width),
            &mut Vec::new(),
        );
        out
    }

    #[test]
    fn wide_characters_take_two_columns() {
        let mut rows = rows(&[1.0], &[0.0]);
        rows[0].call = "计数器()".into();
        let mut out = String::new();
        render(&mut out, &rows, 0, &Paint::plain().with_width(Some(48)), &mut Vec::new());
        for line in out.lines() {
            assert!(line.width() <= 48, "{line:?}\n{out}");
        }
    }

    #[test]
    fn a_wide_terminal_gets_columns_with_the_values_after_each_call() {
        let table = drawn(Some(160));
        assert!(table.contains("backpack after\n"), "{table}");
        assert!(table.contains("theCountSoFar = 0"), "{table}");
        assert!(table.lines().all(|l| l.chars().count() <= 160), "{table}");
    }

    #[test]
    fn at_eighty_columns_no_line_is_longer_than_the_terminal_and_no_word_is_split() {
        for width in [80, 60, 40] {
            let table = drawn(Some(width));
            for line in table.lines() {
                assert!(line.chars().count() <= width, "{width}: {line:?}\n{table}");
            }
            for word in ["counterNumberTwo()", "theCountSoFar", "makeCounterWithAName"] {
                assert!(table.contains(word), "{width}: {word} is split\n{table}");
            }
        }
        insta::assert_snapshot!(drawn(Some(80)));
    }
}
