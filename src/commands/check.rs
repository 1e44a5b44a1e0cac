//! `grade check`: for course authors and CI. Every exercise loads, every reference solution
//! passes every check, every starter loads but fails, and every known mistake is caught and
//! recognised (its explanation is the one a learner would be shown).

use std::fmt::Write;
use std::process::ExitCode;
use std::sync::Arc;

use super::Destination;
use crate::course_grading::SignatureCache;
use crate::exercise::{Course, Exercise};
use crate::grading::{self, Feedback, PreparedExercise, Status, Submission};

/// What `check` found for one exercise.
struct ExerciseReport {
    id: String,
    lines: Vec<String>,
    problems: Vec<String>,
    /// The exercise's TOML did not load (or its check code did not compile): the course cannot
    /// be graded at all, which is exit 2 as for every command that meets a bad TOML.
    does_not_load: bool,
}

/// Checks the whole course and prints a per-exercise report.
pub fn run(course: &Course, dest: &Destination) -> anyhow::Result<ExitCode> {
    let paint = dest.paint();
    let ids = course.exercise_ids()?;
    if ids.is_empty() {
        anyhow::bail!("{} holds no exercise TOML files", course.exercises_dir().display());
    }
    let mut out = String::new();
    let mut failures = 0;
    let mut unloadable = 0;
    let (mut total_checks, mut total_mistakes) = (0, 0);
    for id in &ids {
        let report = match course.exercise(id) {
            Err(e) => {
                ExerciseReport { id: id.clone(), lines: Vec::new(), problems: vec![e.to_string()], does_not_load: true }
            }
            Ok(exercise) => {
                total_checks += exercise.check_count();
                total_mistakes += exercise.mistakes.len();
                check_exercise(course, exercise)
            }
        };
        let mark = if report.problems.is_empty() { paint.green("✓") } else { paint.red("✗") };
        let details = report.lines.join(" · ");
        let _ = writeln!(out, "{}", format!("{mark} {}  {details}", paint.bold(&report.id)).trim_end());
        for problem in &report.problems {
            let _ = writeln!(out, "    {} {problem}", paint.red("-"));
        }
        failures += usize::from(!report.problems.is_empty());
        unloadable += usize::from(report.does_not_load);
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "{}, {}, {}: {}",
        crate::report::counted(ids.len(), "exercise"),
        crate::report::counted(total_checks, "check"),
        crate::report::counted(total_mistakes, "known mistake"),
        if failures == 0 {
            paint.green("all good")
        } else {
            let verb = if failures == 1 { "needs" } else { "need" };
            paint.red(&format!("{} {verb} work", crate::report::counted(failures, "exercise")))
        }
    );
    dest.emit(&out)?;
    if unloadable > 0 {
        anyhow::bail!(
            "{} not load (each is listed above with its file, line and column); fix {} and run `grade check` again",
            if unloadable == 1 { "1 exercise does".to_string() } else { format!("{unloadable} exercises do") },
            if unloadable == 1 { "it" } else { "them" }
        );
    }
    Ok(super::exit(failures == 0))
}

fn check_exercise(course: &Course, exercise: Exercise) -> ExerciseReport {
    let id = exercise.id.clone();
    let mut report = ExerciseReport { id: id.clone(), lines: Vec::new(), problems: Vec::new(), does_not_load: false };
    // The mistakes are graded afresh (this is the proof) and kept for the learners' runs.
    let cache = Arc::new(SignatureCache::of_course(course).refreshing());
    let prepared = match PreparedExercise::new(exercise, &course.limits) {
        Ok(p) => Arc::new(p.with_signature_store(cache)),
        Err(e) => {
            report.problems.push(e.to_string());
            report.does_not_load = true;
            return report;
        }
    };
    let exercise = &prepared.exercise;
    let n = exercise.check_count();
    let skipped = exercise.spec.as_ref().map_or(0, |spec| spec.skipped().count());
    let skipped = if skipped > 0 { format!(" ({skipped} skipped in the spec)") } else { String::new() };
    report.lines.push(format!("{n} check{}{skipped}", if n == 1 { "" } else { "s" }));

    let solution = course.solution_path(&id);
    match Submission::read(&solution) {
        Err(problem) => report.problems.push(format!("reference solution: {problem}")),
        Ok(sub) => {
            let outcome = grading::grade(&prepared, sub, Feedback { mistakes: true, backpack_values: false });
            if outcome.status == Status::Pass {
                report.lines.push(format!("solution passes {}/{}", outcome.score, outcome.max_score));
            } else {
                report.problems.push(format!("{} does not pass: {}", solution.display(), failure_summary(&outcome)));
            }
        }
    }

    if !exercise.starter.trim().is_empty() {
        match Submission::from_text("starter", &exercise.starter) {
            Err(problem) => report.problems.push(format!("starter: {problem}")),
            Ok(sub) => {
                let outcome = grading::grade(&prepared, sub, Feedback { mistakes: true, backpack_values: false });
                match outcome.status {
                    Status::Fail => report.lines.push("starter loads and fails".into()),
                    Status::Pass => report.problems.push("the starter already passes every check".into()),
                    Status::Error => {
                        report.problems.push(format!("the starter does not load: {}", failure_summary(&outcome)))
                    }
                }
            }
        }
    }

    let signatures = prepared.mistake_signatures_off_thread();
    let exercise_is_predict = exercise.kind == crate::exercise::Kind::Predict;
    let mut caught = 0;
    for (i, (mistake, signature)) in exercise.mistakes.iter().zip(&signatures).enumerate() {
        if signature.is_empty() {
            report
                .problems
                .push(format!("mistake \"{}\" passes every check: add a check that catches it", mistake.name));
            continue;
        }
        if let Some(earlier) = exercise.mistakes[..i].iter().zip(&signatures).find(|(_, s)| *s == signature) {
            report.problems.push(format!(
                "mistake \"{}\" fails the same checks as \"{}\", so its explanation is never shown: add a check that tells them apart",
                mistake.name, earlier.0.name
            ));
            continue;
        }
        let graded = Submission::from_text(&format!("mistake \"{}\"", mistake.name), &mistake.code)
            .map(|sub| grading::grade(&prepared, sub, Feedback { mistakes: true, backpack_values: false }));
        match graded {
            Ok(outcome) if outcome.mistake.as_ref().is_some_and(|m| m.name == mistake.name) => caught += 1,
            // A predict exercise names no mistake (its explanations would give the answers away):
            // its mistakes need only fail.
            Ok(outcome) if exercise_is_predict && outcome.status == Status::Fail => caught += 1,
            Ok(outcome) if outcome.status == Status::Error => report.problems.push(format!(
                "mistake \"{}\" does not load, so it teaches nothing: {}",
                mistake.name,
                failure_summary(&outcome)
            )),
            _ => report.problems.push(format!("mistake \"{}\" is caught but not recognised", mistake.name)),
        }
    }
    report.lines.push(format!("{caught}/{} mistakes caught", exercise.mistakes.len()));
    report
}

fn failure_summary(outcome: &grading::Outcome) -> String {
    if let Some(message) = &outcome.message {
        return message.clone();
    }
    outcome
        .checks
        .iter()
        .filter(|c| c.status != Status::Pass)
        .map(|c| format!("\"{}\" ({})", c.name, c.message.as_deref().unwrap_or("failed")))
        .collect::<Vec<_>>()
        .join(", ")
}
