//! Class reports for a person: the summary printed at the end of `batch` and `merge`, and
//! `report.md`. Both read a [`Tally`] and show the same things: pass rates, the checks most
//! failed, the known mistakes most made, hand-in problems, students with no files, files not
//! graded as they stand, and the spread of totals.
//!
//! Student folder names and messages are untrusted text: control characters are shown escaped
//! and Markdown punctuation is escaped, so neither can fake a line or a link.

use std::fmt::Write;

use crate::class::tally::Rate;
use crate::class::{Problem, Tally};

/// Lines of a list the terminal shows before it says how many more report.md has.
const TERMINAL_LIST: usize = 10;
/// Longest message shown, in characters.
const MESSAGE_CHARS: usize = 160;

/// `text` on one line, inert (control characters escaped, as [`super::inert::line`] does, and no
/// GitHub Actions workflow command), cut to `max` characters.
pub fn inert(text: &str, max: usize) -> String {
    let shown = super::inert::line(text);
    let shown = super::inert::without_workflow_commands(&shown);
    match shown.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &shown[..cut]),
        None => shown.into_owned(),
    }
}

/// `text` made inert and safe as Markdown text (no emphasis, links, HTML or table breaks).
pub fn markdown_text(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in inert(text, max).chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!' | '&' | '~' | '(' | ')') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn rate_cell(rate: Rate) -> String {
    match rate.percent() {
        Some(p) => format!("{p}%"),
        None => "nobody handed it in".into(),
    }
}

fn problem_label(problem: Option<Problem>) -> &'static str {
    problem.map_or("error", Problem::label)
}

/// A text histogram of total scores in ten buckets.
pub fn histogram_text(tally: &Tally) -> String {
    let buckets = tally.histogram();
    let most = buckets.iter().copied().max().unwrap_or(0).max(1);
    let mut out = String::new();
    for (i, count) in buckets.iter().enumerate() {
        let bar = "█".repeat((count * 40).div_ceil(most).min(40) * usize::from(*count > 0));
        let _ = writeln!(out, "{:>4}–{:<4} {bar} {count}", format!("{}%", i * 10), format!("{}%", i * 10 + 10));
    }
    out
}

fn headline(tally: &Tally) -> String {
    let errors = tally.problems().len();
    format!(
        "{} students, {} results, {} passing, {} with hand-in problems",
        tally.student_count(),
        tally.results(),
        tally.passing(),
        errors
    )
}

/// The summary printed at the end of a batch or a merge.
pub fn render_text(tally: &Tally) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Class summary: {}\n", headline(tally));
    let _ = writeln!(out, "Pass rate per exercise");
    for (exercise, rate) in tally.rates() {
        let count = if rate.submitted > 0 { format!("{}/{}", rate.passed, rate.submitted) } else { "-".into() };
        let _ = writeln!(out, "  {:<14} {count:>11}  {}", exercise.id, rate_cell(rate));
    }
    let failed = tally.most_failed_checks(TERMINAL_LIST);
    if !failed.is_empty() {
        let _ = writeln!(out, "\nChecks most often failed");
        for (exercise, check, n) in failed {
            let _ = writeln!(out, "  {n:>5}  {exercise} › {}", inert(check, MESSAGE_CHARS));
        }
    }
    let mistakes = tally.most_made_mistakes(TERMINAL_LIST);
    if !mistakes.is_empty() {
        let _ = writeln!(out, "\nKnown mistakes most often made");
        for (exercise, mistake, _, n) in mistakes {
            let _ = writeln!(out, "  {n:>5}  {exercise} › {}", inert(mistake, MESSAGE_CHARS));
        }
    }
    let problems = tally.problems();
    if !problems.is_empty() {
        let _ = writeln!(out, "\nHand-in problems ({})", problems.len());
        for (problem, n) in tally.problem_counts() {
            let _ = writeln!(out, "  {n:>5}  {}", problem_label(problem));
        }
        for p in problems.iter().take(TERMINAL_LIST) {
            let _ = writeln!(
                out,
                "         {}/{}: {}",
                inert(&p.student, 80),
                p.exercise,
                inert(&p.message, MESSAGE_CHARS)
            );
        }
        more(&mut out, problems.len());
    }
    let without: Vec<&str> = tally.without_files().collect();
    if !without.is_empty() {
        let names: Vec<String> = without.iter().take(TERMINAL_LIST * 3).map(|s| inert(s, 80)).collect();
        let rest = if without.len() > names.len() {
            format!(" and {} more", without.len() - names.len())
        } else {
            String::new()
        };
        let _ = writeln!(out, "\nStudents with no files ({}): {}{rest}", without.len(), names.join(", "));
    }
    let notes: Vec<_> = tally.notes().collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "\nFiles not graded as they stand ({})", notes.len());
        for note in notes.iter().take(TERMINAL_LIST) {
            let _ = writeln!(out, "  {}", inert(&note.describe(), MESSAGE_CHARS * 2));
        }
        more(&mut out, notes.len());
    }
    let _ = writeln!(out, "\nTotal scores (of {} points)\n{}", tally.max_score(), histogram_text(tally));
    out
}

fn more(out: &mut String, len: usize) {
    if len > TERMINAL_LIST {
        let _ = writeln!(out, "         … and {} more (report.md lists them all)", len - TERMINAL_LIST);
    }
}

/// `report.md`: the summary as Markdown, with every hand-in problem and file note listed.
pub fn report_markdown(tally: &Tally, title: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: class report\n", markdown_text(title, 200));
    let _ = writeln!(out, "{}; {} points available.\n", headline(tally), tally.max_score());
    let _ = writeln!(
        out,
        "## Pass rate per exercise\n\n| exercise | submitted | passing | rate |\n| --- | ---: | ---: | ---: |"
    );
    for (exercise, rate) in tally.rates() {
        let id = markdown_text(&exercise.id, 80);
        match rate.percent() {
            Some(_) => {
                let _ = writeln!(out, "| {id} | {} | {} | {} |", rate.submitted, rate.passed, rate_cell(rate));
            }
            None => {
                let _ = writeln!(out, "| {id} | 0 | – | nobody handed it in |");
            }
        }
    }
    let _ = writeln!(out, "\n## Checks most often failed\n");
    for (exercise, check, n) in tally.most_failed_checks(20) {
        let _ = writeln!(out, "- {} › {}: {n}", markdown_text(exercise, 80), markdown_text(check, MESSAGE_CHARS));
    }
    let _ = writeln!(out, "\n## Known mistakes most often made\n");
    for (exercise, mistake, explain, n) in tally.most_made_mistakes(20) {
        let _ = writeln!(out, "- {} › {}: {n}", markdown_text(exercise, 80), markdown_text(mistake, MESSAGE_CHARS));
        let _ = writeln!(out, "  {}", markdown_text(explain, 1000));
    }
    let problems = tally.problems();
    if !problems.is_empty() {
        let _ = writeln!(out, "\n## Hand-in problems\n");
        for (problem, n) in tally.problem_counts() {
            let _ = writeln!(out, "- {}: {n}", problem_label(problem));
        }
        let _ = writeln!(out, "\n| student | exercise | problem | message |\n| --- | --- | --- | --- |");
        for p in problems {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                markdown_text(&p.student, 80),
                markdown_text(&p.exercise, 80),
                problem_label(p.problem),
                markdown_text(&p.message, MESSAGE_CHARS * 2)
            );
        }
    }
    let without: Vec<String> = tally.without_files().map(|s| markdown_text(s, 80)).collect();
    if !without.is_empty() {
        let _ = writeln!(out, "\n## Students with no files\n\n{}", without.join(", "));
    }
    let notes: Vec<_> = tally.notes().collect();
    if !notes.is_empty() {
        let _ = writeln!(out, "\n## Files not graded as they stand\n");
        for note in notes {
            let _ = writeln!(out, "- {}", markdown_text(&note.describe(), MESSAGE_CHARS * 2));
        }
    }
    let _ = writeln!(out, "\n## Total scores\n\n```text\n{}```", histogram_text(tally));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::class::{CheckRecord, ExerciseInfo, FileIssue, FileNote, Record};
    use crate::grading::{MatchedMistake, Status};

    fn record(student: &str, exercise: &str, status: Status, score: u32) -> Record {
        let mut record = Record::for_test(student, exercise, status, score);
        let result = &mut record.result;
        result.max_score = 3;
        result.message = (status == Status::Error).then(|| format!("{student}/{exercise}.js is a binary file\x1b[2J"));
        if status == Status::Fail {
            result.checks = vec![CheckRecord::failed("counts up"), CheckRecord::failed("two | counters")];
        }
        result.mistake = (status == Status::Fail).then(|| MatchedMistake {
            name: "counter inside".into(),
            explain: "The count is born again on every call: declare it *outside*.".into(),
            certainty: Default::default(),
            evidence: Vec::new(),
        });
        record.problem = (status == Status::Error).then_some(Problem::Binary);
        record
    }

    fn tally() -> Tally {
        let exercises = ["counter", "once", "memo"].map(|id| ExerciseInfo { id: id.into(), max_score: 3 });
        let mut tally = Tally::new(exercises.to_vec());
        tally.add(&record("ada", "counter", Status::Pass, 3));
        tally.add(&record("ada", "once", Status::Pass, 3));
        tally.add(&record("ben", "counter", Status::Fail, 1));
        tally.add(&record("cy_", "counter", Status::Pass, 3));
        tally.add(&record("cy_", "once", Status::Error, 0));
        tally.add_student_without_files("dee");
        tally.add_notes([
            FileNote { path: "README.txt".into(), issue: FileIssue::NotAStudent },
            FileNote { path: "ben/Once.js".into(), issue: FileIssue::GradedAs { exercise: "once".into() } },
        ]);
        tally
    }

    #[test]
    fn the_terminal_summary_reads_well() {
        insta::assert_snapshot!(render_text(&tally()));
    }

    #[test]
    fn report_md_reads_well() {
        insta::assert_snapshot!(report_markdown(&tally(), "Closures"));
    }

    #[test]
    fn untrusted_text_is_inert_in_the_terminal_and_in_markdown() {
        assert_eq!(inert("a\x1b[31mred\r\n✓ ok", 100), "a\\x1b[31mred\\r\\n✓ ok");
        assert_eq!(inert("::error::x ##[warning]y", 100), "\\::error::x ##\\[warning]y");
        assert_eq!(inert("abcdef", 3), "abc…");
        assert_eq!(markdown_text("![x](http://evil) <img> |a|", 100), "\\!\\[x\\]\\(http://evil\\) \\<img\\> \\|a\\|");
    }
}
