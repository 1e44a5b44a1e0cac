//! `grade show <EXERCISE>`: the prompt rendered for a terminal, the starter, hints one at a time,
//! and `grade show glossary` for the course's glossary.

use std::fmt::Write;
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::Destination;
use crate::exercise::{Course, Kind, LoadError};
use crate::report::counted;
use crate::report::markdown;

/// The glossary file, in the exercises folder.
pub const GLOSSARY_FILE: &str = "GLOSSARY.md";

/// Shows an exercise (or the glossary); with `hint`, only that hint; with `backpack`, the
/// backpacks of that file's functions.
pub fn run(
    course: &Course,
    exercise: &str,
    hint: Option<usize>,
    backpack: Option<&std::path::Path>,
    dest: &Destination,
) -> anyhow::Result<ExitCode> {
    let paint = dest.paint();
    let glossary_path = course.exercises_dir().join(GLOSSARY_FILE);
    if exercise == "glossary" {
        let text = std::fs::read_to_string(&glossary_path)
            .with_context(|| format!("this course has no glossary at {}", glossary_path.display()))?;
        dest.emit(&markdown::render(&text, &paint))?;
        return Ok(ExitCode::SUCCESS);
    }
    let exercise = match course.exercise(exercise) {
        Err(LoadError::UnknownExercise { .. })
            if glossary_path.is_file() && crate::spelling::closest(exercise, ["glossary"]).is_some() =>
        {
            bail!("no exercise `{exercise}`; did you mean `glossary`?")
        }
        found => found?,
    };
    if let Some(file) = backpack {
        let submission = crate::grading::Submission::read(file)?;
        let drawn = crate::report::backpack::render(&submission.display, &submission.analysis, &exercise.entry, &paint);
        dest.emit(&drawn)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut out = String::new();
    if let Some(n) = hint {
        let count = exercise.hints.len();
        if count == 0 {
            bail!("{} has no hints", exercise.id);
        }
        let range = if count == 1 { "use --hint 1".to_string() } else { format!("use --hint 1 to --hint {count}") };
        if n == 0 {
            bail!("hints are numbered from 1: {range} for {}", exercise.id);
        }
        if n > count {
            let plural = if count == 1 { "" } else { "s" };
            bail!("{} has {count} hint{plural}, so there is no hint {n}: {range}", exercise.id);
        }
        let hint = markdown::render(&format!("Hint {n} of {count}: {}", exercise.hints[n - 1]), &paint);
        let label = format!("Hint {n} of {count}:");
        let _ = write!(out, "{}", hint.replacen(&label, &paint.yellow(&label), 1));
        if n < count {
            let _ = writeln!(
                out,
                "{}",
                paint.dim(&format!("(a stronger one: grade show {} --hint {})", exercise.id, n + 1))
            );
        }
        dest.emit(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    // `id · title · tags`, the tags on a line of their own where the terminal is too narrow.
    let head = format!("{} · {}", exercise.id, exercise.title);
    let tags = exercise.tags.join(", ");
    let fits = paint.width().is_none_or(|w| head.chars().count() + 3 + tags.chars().count() <= w);
    if fits || tags.is_empty() {
        let tail = if tags.is_empty() { String::new() } else { format!(" · {tags}") };
        let _ = writeln!(out, "{} {}", paint.bold(&exercise.id), paint.dim(&format!("· {}{tail}", exercise.title)));
    } else {
        let _ = writeln!(out, "{} {}", paint.bold(&exercise.id), paint.dim(&format!("· {}", exercise.title)));
        let _ = writeln!(out, "{}", paint.dim(&format!("tags: {tags}")));
    }
    out.push('\n');
    out.push_str(&markdown::render(&exercise.prompt, &paint));
    if !exercise.entry.is_empty() {
        let _ = writeln!(out, "\n{} {}", paint.bold("Define:"), exercise.entry.join(", "));
    }
    if !exercise.starter.trim().is_empty() {
        let _ = writeln!(out, "\n{}", paint.bold("Starter"));
        for line in exercise.starter.trim_matches('\n').lines() {
            if line.trim().is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "    {}", paint.cyan(line));
            }
        }
    }
    if exercise.kind == Kind::Predict {
        out.push('\n');
        out.push_str(&markdown::render(
            "**Predict:** answer without running the code; each check says only whether an answer is right, never what it should be.",
            &paint,
        ));
    }
    // The count is the report's (and `grade check`'s): with `globals`, "no global leaks" is a check too.
    let hidden = exercise.checks.iter().filter(|c| c.hidden).count();
    let summary = format!(
        "{}{}, {}. Start with `grade start {id}`, grade with `grade {id}`.",
        counted(exercise.check_count(), "check"),
        if hidden == 0 { String::new() } else { format!(" ({hidden} hidden)") },
        counted(exercise.max_score() as usize, "point"),
        id = exercise.id
    );
    out.push('\n');
    out.push_str(&markdown::render(&summary, &paint));
    if !exercise.hints.is_empty() {
        let stuck =
            format!("Stuck? `grade show {} --hint 1` ({}).", exercise.id, counted(exercise.hints.len(), "hint"));
        out.push_str(&markdown::render(&stuck, &paint));
    }
    if let Ok(glossary) = std::fs::read_to_string(&glossary_path) {
        let terms = glossary_terms(&glossary, &exercise.prompt);
        if !terms.is_empty() {
            let _ = writeln!(out, "Terms: {} (see `grade show glossary`).", terms.join(", "));
        }
    }
    dest.emit(&out)?;
    Ok(ExitCode::SUCCESS)
}

/// The glossary's terms (its `##` headings) that the prompt mentions.
fn glossary_terms(glossary: &str, prompt: &str) -> Vec<String> {
    let prompt = prompt.to_lowercase();
    glossary
        .lines()
        .filter_map(|l| l.strip_prefix("## "))
        .map(str::trim)
        .filter(|term| prompt.contains(&term.to_lowercase()))
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_terms_a_prompt_uses() {
        let glossary = "# G\n## Closure\ntext\n## Lexical scope\ntext\n## Memoization\n";
        assert_eq!(glossary_terms(glossary, "A closure sees its lexical scope."), ["Closure", "Lexical scope"]);
    }
}
