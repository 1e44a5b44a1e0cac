//! `grade all [DIR]`: one learner's whole course, graded against their files in DIR.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use super::Destination;
use crate::exercise::Course;
use crate::grading::{self, Outcome, PreparedExercise, Status};
use crate::pool::{self, PoolOptions, WorkItem};
use crate::report::json::CourseEntry;
use crate::report::{self, Format, Paint, inert};

/// Every exercise of the course, prepared; a broken exercise stops the command.
pub fn prepare_course(course: &Course) -> anyhow::Result<Vec<Arc<PreparedExercise>>> {
    let exercises = course.exercises()?;
    if exercises.is_empty() {
        anyhow::bail!("{} holds no exercise TOML files", course.exercises_dir().display());
    }
    exercises.into_iter().map(|e| Ok(Arc::new(PreparedExercise::new(e, &course.limits)?))).collect()
}

/// Grades `dir/<id>.js` for every exercise, through the worker pool (`isolation`) or on threads,
/// one worker per core; None where the learner has no file.
pub fn grade_folder(
    prepared: &[Arc<PreparedExercise>],
    dir: &Path,
    isolation: bool,
) -> anyhow::Result<Vec<Option<Outcome>>> {
    grade_folder_on(prepared, dir, &PoolOptions::new(0, isolation))
}

/// [`grade_folder`] with the pool's size and isolation given.
///
/// Each file is read once, by whoever grades it: here only its metadata says whether there is a
/// file at all, and every other problem (a folder, a FIFO, too large, not UTF-8, unreadable) is
/// found and reported by the reader in the pool.
pub fn grade_folder_on(
    prepared: &[Arc<PreparedExercise>],
    dir: &Path,
    options: &PoolOptions,
) -> anyhow::Result<Vec<Option<Outcome>>> {
    let mut outcomes: Vec<Option<Outcome>> = vec![None; prepared.len()];
    let mut items = Vec::new();
    let mut slots = Vec::new();
    for (index, p) in prepared.iter().enumerate() {
        let path = dir.join(format!("{}.js", p.exercise.id));
        // Follows links like the reader does: a dangling link is no submission.
        if std::fs::metadata(&path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            continue;
        }
        let display = path.display().to_string();
        items.push(WorkItem { exercise: p.clone(), path, display });
        slots.push(index);
    }
    pool::grade_many(items, options, |i, outcome| outcomes[slots[i]] = Some(outcome))?;
    Ok(outcomes)
}

/// Grades a learner's folder (default: the course's submissions folder).
pub fn run(
    course: &Course,
    dir: Option<&Path>,
    pool_options: &PoolOptions,
    dest: &Destination,
) -> anyhow::Result<ExitCode> {
    let dir = dir.map_or_else(|| course.submissions_dir().to_path_buf(), Path::to_path_buf);
    if !dir.is_dir() {
        anyhow::bail!("{} is not a folder of submissions (try `grade start exercise-01`)", dir.display());
    }
    let prepared = prepare_course(course)?;
    let outcomes = grade_folder_on(&prepared, &dir, pool_options)?;
    let passed = outcomes.iter().all(|o| o.as_ref().is_some_and(|o| o.status == Status::Pass));
    let expected_at = |p: &PreparedExercise| dir.join(format!("{}.js", p.exercise.id)).display().to_string();
    let text = match dest.format {
        Format::Human => render_human(&prepared, &outcomes, &dest.paint()),
        Format::Json => {
            let entries: Vec<CourseEntry> = prepared
                .iter()
                .zip(&outcomes)
                .map(|(p, outcome)| CourseEntry {
                    exercise: &p.exercise.id,
                    max_score: p.exercise.max_score(),
                    expected_at: expected_at(p),
                    outcome: outcome.as_ref(),
                })
                .collect();
            let submissions = dir.display().to_string();
            report::json::to_log_safe_json(&report::json::course_json(&submissions, &entries))?
        }
        ci => {
            // An exercise with no file counts as an error with no points, so a CI score never
            // looks complete when work is missing.
            let complete: Vec<Outcome> = prepared
                .iter()
                .zip(&outcomes)
                .map(|(p, outcome)| {
                    outcome.clone().unwrap_or_else(|| {
                        let path = expected_at(p);
                        grading::not_graded(&p.exercise, &path, report::json::missing_message(&path))
                    })
                })
                .collect();
            let graded: Vec<&Outcome> = complete.iter().collect();
            match ci {
                Format::Junit => report::ci::junit(&graded)?,
                Format::Gradescope => report::json::to_log_safe_json(&report::ci::gradescope(&graded))?,
                _ => report::json::to_log_safe_json(&report::ci::classroom(&graded))?,
            }
        }
    };
    dest.emit(&text)?;
    let graded: Vec<Outcome> = outcomes.into_iter().flatten().collect();
    if super::grader_faults(&graded) > 0 {
        return Ok(super::outcome_exit(&graded));
    }
    Ok(super::exit(passed))
}

fn render_human(prepared: &[Arc<PreparedExercise>], outcomes: &[Option<Outcome>], paint: &Paint) -> String {
    let mut out = String::new();
    let (mut score, mut max) = (0, 0);
    let width = prepared.iter().map(|p| p.exercise.title.chars().count()).max().unwrap_or(0).min(60);
    for (p, outcome) in prepared.iter().zip(outcomes) {
        let ex = &p.exercise;
        max += ex.max_score();
        let (mark, points, note) = match outcome {
            None => (paint.dim("·"), format!("0/{}", ex.max_score()), paint.dim("not started")),
            Some(o) => {
                score += o.score;
                let mark = if o.status == Status::Pass { paint.green("✓") } else { paint.red("✗") };
                let note = match (&o.message, o.status) {
                    (Some(m), _) => paint.red(&inert::line(m)),
                    (None, Status::Pass) => String::new(),
                    (None, _) => inert::line(&format!("failing: {}", o.failing_checks().join(", "))).into_owned(),
                };
                (mark, format!("{}/{}", o.score, o.max_score), note)
            }
        };
        let line = format!("{mark} {:<12} {:<width$} {points:>6}  {note}", ex.id, ex.title);
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out, "\n{} {score}/{max}", paint.bold("Score"));
    inert::without_workflow_commands(&out).into_owned()
}
