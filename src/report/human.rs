//! The report a learner reads: one line per check, and for a failure what ran, a diff that
//! teaches, the hint, and the known mistake it looks like.

use std::fmt::Write;

use super::diff::{line_diff, output_diff};
use super::{Paint, inert};
use crate::grading::{Certainty, CheckOutcome, MatchedMistake, Mismatch, Outcome, Status, in_actual_order};
use crate::syntax::{Shape, ShapeKind};
use crate::value::inspect;

const NAME_WIDTH: usize = 44;
/// Most lines of a failing check's console output shown under it.
const PRINTED_LINES: usize = 8;
pub(super) const INDENT: &str = "      ";

/// Renders one outcome for a terminal (or, with a plain [`Paint`], for a log).
pub fn render(outcome: &Outcome, paint: &Paint) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} {}", paint.bold(&outcome.exercise), paint.dim(&format!("· {}", outcome.title)));
    // The file's path, whole: a path longer than the terminal is cut into lines of its width.
    let path = inert::line(&outcome.submission);
    for piece in paint.width().map_or_else(|| vec![path.to_string()], |w| wrap_code(&path, w)) {
        let _ = writeln!(out, "{}", paint.dim(&piece));
    }
    out.push('\n');
    if let Some(message) = &outcome.message {
        let _ = writeln!(out, "  {} {}", paint.red("✗"), message_line(message));
        if let Some(problem) = &outcome.syntax {
            out.push_str(&super::code_frame::render(problem, paint, INDENT));
        } else if let (Some(line), Some((row, col))) = (&outcome.source_line, outcome.location) {
            let gutter = row.to_string();
            let (line, caret) = source_window(line, col);
            let _ = writeln!(out, "{INDENT}{} | {line}", paint.dim(&gutter));
            let pad = " ".repeat(gutter.len());
            let _ = writeln!(out, "{INDENT}{pad} | {}{}", " ".repeat(caret), paint.red("^"));
        }
        out.push('\n');
        let why = if outcome.interrupted.is_some() {
            "grading was stopped, so no check result was kept"
        } else {
            "the submission did not load, so no check ran"
        };
        let _ = writeln!(out, "  {} {}/{} · {why}", paint.bold("Score"), outcome.score, outcome.max_score);
        return inert::without_workflow_commands(&out).into_owned();
    }
    // A sure diagnosis replaces the checks' own hints, which were written without seeing this
    // code and may say the opposite of it.
    let diagnosed = outcome.mistake.as_ref().is_some_and(|m| m.certainty == Certainty::Sure);
    // Each backpack sentence is said once, under the first table that needs it.
    let mut said = Vec::new();
    for check in &outcome.checks {
        render_check(&mut out, check, paint, !diagnosed, &mut said);
    }
    for (i, mistake) in outcome.mistake.iter().chain(&outcome.more_mistakes).enumerate() {
        render_mistake(&mut out, mistake, i > 0, paint);
    }
    out.push('\n');
    let failed = outcome.checks.iter().filter(|c| c.status != Status::Pass).count();
    let _ = writeln!(
        out,
        "  {} {}/{} · {}",
        paint.bold("Score"),
        outcome.score,
        outcome.max_score,
        summary(failed, outcome.checks.len(), paint)
    );
    inert::without_workflow_commands(&out).into_owned()
}

fn render_mistake(out: &mut String, mistake: &MatchedMistake, also: bool, paint: &Paint) {
    out.push('\n');
    let lead = match (mistake.certainty, also) {
        (Certainty::Sure, false) => "This looks like a known mistake:",
        (Certainty::Sure, true) => "And also like this known mistake:",
        (Certainty::Possible, false) => "Possibly a known mistake (not sure):",
        (Certainty::Possible, true) => "Or possibly:",
    };
    let name = inert::line(&mistake.name);
    let fits = paint.width().is_none_or(|w| 2 + lead.chars().count() + 1 + name.chars().count() <= w);
    if fits {
        let _ = writeln!(out, "  {} {}", paint.yellow(lead), paint.bold(&name));
    } else {
        // Too long for the terminal: the name goes under the lead, wrapped.
        let _ = writeln!(out, "  {}", paint.yellow(lead));
        for line in wrap(&name, prose_width(paint, 4, 76)) {
            let _ = writeln!(out, "    {}", paint.bold(&line));
        }
    }
    for line in wrap(&mistake.explain, prose_width(paint, 4, 76)) {
        let _ = writeln!(out, "    {}", inert::line(&line));
    }
    let seen: Vec<String> = mistake.evidence.iter().filter_map(in_your_code).collect();
    if !seen.is_empty() {
        let _ = writeln!(out, "    {}", paint.dim("In your code:"));
        for sentence in seen {
            let mut lines = wrap(&sentence, prose_width(paint, 6, 72)).into_iter();
            if let Some(first) = lines.next() {
                let _ = writeln!(out, "    - {}", inert::line(&first));
            }
            for line in lines {
                let _ = writeln!(out, "      {}", inert::line(&line));
            }
        }
    }
}

/// What a shape of the learner's code means, in their own names.
pub(super) fn in_your_code(shape: &Shape) -> Option<String> {
    let named = |n: &Option<String>| n.as_deref().map(|n| format!("`{n}`"));
    let line = shape.line;
    let name = &shape.name;
    Some(match shape.kind {
        ShapeKind::TopLevelState => format!(
            "`{name}` is declared at the top of the file (line {line}) and changed by {}: every call shares that one copy.",
            named(&shape.outer).unwrap_or_else(|| match named(&shape.function) {
                Some(around) => format!("a function inside {around}"),
                None => "a function".into(),
            })
        ),
        ShapeKind::StateInsideInnerFunction => format!(
            "`{name}` is declared inside {} (line {line}), not in {}: it is born again on every call, so it is never in the backpack.",
            named(&shape.function).unwrap_or_else(|| "the inner function".into()),
            named(&shape.outer).unwrap_or_else(|| "the function around it".into())
        ),
        ShapeKind::Shadowing => format!(
            "{} declares its own `{name}` (line {line}), which hides the `{name}` of {}.",
            named(&shape.function).unwrap_or_else(|| "an inner function".into()),
            named(&shape.outer).unwrap_or_else(|| "the function around it".into())
        ),
        ShapeKind::VarInLoop => format!(
            "the loop variable `{name}` is declared with `var` (line {line}): every callback made in the loop shares that one variable."
        ),
        ShapeKind::StateOnObject => {
            format!("`{name}` is a property anyone can reach (line {line}), not a variable kept in a backpack.")
        }
        ShapeKind::NoThis => "no function in your file passes `this` on to the function it wraps.".into(),
        ShapeKind::ReturnsCallOfInner => format!(
            "`return {}` (line {line}) calls `{name}` and returns its result, not the function `{name}` itself.",
            shape.code.as_deref().unwrap_or(name)
        ),
        ShapeKind::ReturnsOldValue => {
            format!("`return {name}++` (line {line}) hands back the value of `{name}` from before the increment.")
        }
        ShapeKind::FalsyDefault => format!(
            "`{}` (line {line}) treats every falsy `{name}` as missing: a `{name}` of 0 (or `''`, or `false`) passed on purpose is replaced.",
            shape.code.as_deref().unwrap_or(name)
        ),
        ShapeKind::TruthyLookup => format!(
            "`{}` (line {line}) asks whether the stored value is truthy, not whether one is stored: a stored 0, `''`, `false` or `undefined` looks missing.",
            shape.code.as_deref().unwrap_or(name)
        ),
        ShapeKind::ObjectAsMap => format!(
            "`{name}` is a plain object (line {line}) filled under computed keys: every key becomes a string, so 1 and '1' (or two different arrays) share one entry."
        ),
        ShapeKind::SchedulesWithoutCancel => {
            format!("`setTimeout` runs on every call (line {line}) and nothing in the file calls `clearTimeout`.")
        }
    })
}

/// The width prose indented by `indent` columns is wrapped to: `measure` (a line easy to read),
/// or less where the report is narrower.
fn prose_width(paint: &Paint, indent: usize, measure: usize) -> usize {
    paint.width().map_or(measure, |w| w.saturating_sub(indent).clamp(20, measure))
}

/// Writes one line of prose under [`INDENT`], after `label` (already painted; may be empty),
/// wrapped at spaces to the report's width with later lines under the first word; without a
/// width, on one line. Nothing is cut.
fn write_prose(out: &mut String, label: &str, text: &str, paint: &Paint, style: impl Fn(&str) -> String) {
    let label_width = inert::line(&strip_style(label)).chars().count();
    let hang = if label_width == 0 { 0 } else { label_width + 1 };
    let pieces = match paint.width() {
        Some(width) => wrap_code(text, width.saturating_sub(INDENT.len() + hang).max(20)),
        None => vec![text.to_string()],
    };
    for (i, piece) in pieces.iter().enumerate() {
        let lead = match (i, label_width) {
            (_, 0) => String::new(),
            (0, _) => format!("{label} "),
            _ => " ".repeat(hang),
        };
        let _ = writeln!(out, "{INDENT}{lead}{}", style(piece));
    }
}

/// Text without the terminal styles a [`Paint`] put on it.
fn strip_style(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

/// Bytes of a message shown at most (a thrown message is the submission's to choose).
const MESSAGE_BYTES: usize = 2_000;

/// A message on one line: control characters escaped, cut to [`MESSAGE_BYTES`].
fn message_line(message: &str) -> String {
    inert::line(&inert::bounded(message, MESSAGE_BYTES)).into_owned()
}

/// Characters of a source line shown around the column a load error points at.
const SOURCE_WINDOW: usize = 100;

/// The part of `line` shown under a load error (control characters escaped) and the caret's
/// offset in it. The column comes from the engine or from the submission's own `stack`, so it
/// is clamped to the line: nothing a submission claims sizes the padding.
fn source_window(line: &str, column: u32) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    let at = (column.saturating_sub(1) as usize).min(chars.len());
    let start = at.saturating_sub(SOURCE_WINDOW / 2).min(chars.len().saturating_sub(SOURCE_WINDOW));
    let end = (start + SOURCE_WINDOW).min(chars.len());
    let before: String = chars[start..at].iter().collect();
    let shown: String = chars[start..end].iter().collect();
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let caret = lead.chars().count() + inert::line(&before).chars().count();
    (format!("{lead}{}{tail}", inert::line(&shown)), caret)
}

/// `all 4 checks passed`, `the check passed`, `1 of 4 checks failed`, `1 of 1 check failed`.
fn summary(failed: usize, total: usize, paint: &Paint) -> String {
    let checks = if total == 1 { "check" } else { "checks" };
    match failed {
        0 if total == 1 => paint.green("the check passed"),
        0 => paint.green(&format!("all {total} {checks} passed")),
        n => format!("{n} of {total} {checks} failed"),
    }
}

/// What a failing check shows under its line: message, code, diffs, hint (empty for a pass).
/// Hidden checks too: CI formats put this in their failure text where only instructors see it.
pub fn check_details(check: &CheckOutcome, paint: &Paint) -> String {
    let mut out = String::new();
    render_details(&mut out, check, paint, true, &mut Vec::new());
    out.lines().map(|l| l.strip_prefix(INDENT).unwrap_or(l)).collect::<Vec<_>>().join("\n")
}

fn render_check(out: &mut String, check: &CheckOutcome, paint: &Paint, hints: bool, said: &mut Vec<String>) {
    let mark = match check.status {
        Status::Pass => paint.green("✓"),
        Status::Fail => paint.red("✗"),
        Status::Error => paint.red("!"),
    };
    let name = inert::line(&check.name).into_owned();
    let time = if check.hidden && check.status != Status::Pass {
        "(hidden)".to_string()
    } else {
        format!("{:.1} ms", check.duration.as_secs_f64() * 1000.0)
    };
    let score = format!("{:>5}  {}", format!("{}/{}", check.points, check.max_points), paint.dim(&time));
    // A name longer than its column is shown whole, wrapped under itself, with the score on the
    // line of its last words.
    // The name's column narrows with the terminal, keeping room for `  ✓ ` and the score.
    let name_width = paint.width().map_or(NAME_WIDTH, |w| w.saturating_sub(4 + 1 + 16).clamp(16, NAME_WIDTH));
    let mut lines = wrap(&name, name_width).into_iter().peekable();
    let mut first = true;
    while let Some(line) = lines.next() {
        let lead = if first { format!("  {mark} ") } else { "    ".to_string() };
        first = false;
        if lines.peek().is_some() {
            let _ = writeln!(out, "{lead}{line}");
        } else if line.chars().count() <= name_width {
            let _ = writeln!(out, "{lead}{line:<name_width$} {score}");
        } else {
            let _ = writeln!(out, "{lead}{line}");
            let _ = writeln!(out, "    {:<name_width$} {score}", "");
        }
    }
    if !check.hidden {
        render_details(out, check, paint, hints, said);
    }
}

fn render_details(out: &mut String, check: &CheckOutcome, paint: &Paint, hints: bool, said: &mut Vec<String>) {
    if check.status == Status::Pass {
        return;
    }
    if let Some(message) = &check.message {
        write_prose(out, "", &message_line(message), paint, |line| paint.bold(line));
    }
    if let Some(setup) = &check.code.setup {
        render_code(out, "setup:", setup, paint);
    }
    if !check.code.calls && !check.code.action.is_empty() {
        render_code(out, "run:", &check.code.action[0], paint);
    }
    for mismatch in &check.mismatches {
        match mismatch {
            Mismatch::Value { expected, actual } => {
                let _ = writeln!(out, "{INDENT}{}", paint.dim("value (- expected, + actual):"));
                let expected = in_actual_order(expected, actual);
                out.push_str(&line_diff(
                    &format!("{}\n", inspect(&expected)),
                    &format!("{}\n", inspect(actual)),
                    INDENT,
                    paint,
                ));
            }
            Mismatch::Output { expected, actual } => {
                let _ = writeln!(out, "{INDENT}{}", paint.dim("console output (- expected, + actual):"));
                out.push_str(&output_diff(expected, actual, INDENT, paint));
            }
            Mismatch::Calls { rows, first_difference } => {
                super::calls_table::render(out, rows, *first_difference, paint, said)
            }
        }
    }
    // What the learner's code printed (their `console.log` while debugging), when no output diff
    // shows it already: set apart behind the gutter, escaped, a few lines at most.
    let output_shown = check.mismatches.iter().any(|m| matches!(m, Mismatch::Output { .. }));
    if !output_shown && !check.stdout.is_empty() {
        let _ = writeln!(out, "{INDENT}{}", paint.dim("printed:"));
        let lines: Vec<&str> = check.stdout.lines().collect();
        for line in lines.iter().take(PRINTED_LINES) {
            let _ = writeln!(out, "{INDENT}{} {}", paint.dim("│"), inert::line(&inert::bounded(line, 200)));
        }
        if lines.len() > PRINTED_LINES {
            let more = lines.len() - PRINTED_LINES;
            let _ = writeln!(out, "{INDENT}{} {}", paint.dim("│"), paint.dim(&format!("… and {more} more lines")));
        }
    }
    if !check.stderr.is_empty() {
        let first = check.stderr.lines().next().unwrap_or_default();
        let first = inert::bounded(first, 200);
        let _ = writeln!(out, "{INDENT}{} {}", paint.dim("console.error:"), inert::line(&first));
    }
    // A check a limit stopped (an endless loop, too much memory) says so; its hint is about
    // values the code never got to return.
    if let Some(hint) = check.hint.as_ref().filter(|_| hints && check.status != Status::Error) {
        write_prose(out, &paint.yellow("hint:"), &inert::line(hint), paint, str::to_string);
    }
}

/// Code shown whole under a label (`run:`, `setup:`): each of its lines, common indentation
/// removed, wrapped to the report's width (if it has one) with continuation lines indented under
/// the code, never cut.
fn render_code(out: &mut String, label: &str, code: &str, paint: &Paint) {
    let lines: Vec<&str> = code.lines().filter(|l| !l.trim().is_empty()).collect();
    let common = lines.iter().map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let pad = " ".repeat(label.chars().count() + 1);
    let available = paint.width().map(|w| w.saturating_sub(INDENT.len() + pad.len()).max(20));
    let mut first = true;
    for line in lines {
        let line = inert::line(line.get(common..).unwrap_or(line).trim_end()).into_owned();
        let pieces = match available {
            Some(width) => wrap_code(&line, width),
            None => vec![line],
        };
        for (i, piece) in pieces.iter().enumerate() {
            let lead = if first { paint.dim(label) + " " } else { pad.clone() };
            let more = if i > 0 { "  " } else { "" };
            first = false;
            let _ = writeln!(out, "{INDENT}{lead}{more}{}", paint.cyan(piece));
        }
    }
}

/// One line of code cut into pieces of at most `width` terminal columns (a wide character takes
/// two), at spaces where it has them (never inside a word), so that nothing of it is lost.
pub(super) fn wrap_code(line: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let columns = |c: &char| c.width().unwrap_or(0);
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = line.chars().collect();
    let mut budget = width;
    while rest.iter().map(columns).sum::<usize>() > budget {
        // How many characters fit in the budget (at least one, so that a piece always shrinks).
        let mut used = 0;
        let fit = rest.iter().take_while(|c| {
            used += columns(c);
            used <= budget
        });
        let fit = fit.count().max(1);
        let cut =
            rest[..=fit.min(rest.len() - 1)].iter().rposition(|&c| c == ' ').filter(|&at| at > fit / 3).unwrap_or(fit);
        pieces.push(rest[..cut].iter().collect::<String>().trim_end().to_string());
        rest = rest[cut..].iter().copied().skip_while(|&c| c == ' ').collect();
        budget = width.saturating_sub(2).max(10);
    }
    pieces.push(rest.into_iter().collect());
    pieces
}

/// Text on one line, whole: control characters escaped.
pub(super) fn whole_line(code: &str) -> String {
    let joined: Vec<&str> = code.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    inert::line(&joined.join(" ")).into_owned()
}

/// Text on one line of at most 100 characters, control characters escaped.
pub(super) fn one_line(code: &str) -> String {
    let joined: Vec<&str> = code.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let text = inert::line(&joined.join(" ")).into_owned();
    if text.chars().count() > 100 { text.chars().take(99).chain(['…']).collect() } else { text }
}

/// Words of `text` in lines of at most `width` bytes (a longer word stays whole).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + word.len() + 1 > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_counts_in_good_english() {
        let plain = Paint::plain();
        assert_eq!(summary(0, 1, &plain), "the check passed");
        assert_eq!(summary(0, 4, &plain), "all 4 checks passed");
        assert_eq!(summary(1, 1, &plain), "1 of 1 check failed");
        assert_eq!(summary(2, 7, &plain), "2 of 7 checks failed");
    }

    #[test]
    fn a_long_message_is_cut_and_stays_on_its_line() {
        let shown = message_line(&"threw \n\x1b".repeat(50_000));
        assert!(shown.len() < MESSAGE_BYTES * 2 && shown.ends_with("more bytes not shown]"), "{shown}");
        assert!(!shown.contains('\n') && !shown.contains('\x1b'));
    }

    #[test]
    fn a_claimed_column_never_sizes_the_caret() {
        assert_eq!(source_window("let x = 1;", 4_000_000_000), ("let x = 1;".to_string(), 10));
        assert_eq!(source_window("let x = 1;", 5), ("let x = 1;".to_string(), 4));
        assert_eq!(source_window("a\x1bb", 3), ("a\\x1bb".to_string(), 5));
        let long = "x".repeat(10_000);
        let (shown, caret) = source_window(&long, 5_000);
        assert_eq!(shown.chars().count(), SOURCE_WINDOW + 2, "{shown}");
        assert_eq!(caret, SOURCE_WINDOW / 2 + 1);
    }
}
