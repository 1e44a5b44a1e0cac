//! `grade all [DIR]`: one learner's whole course, graded against their files in DIR.

use std::fmt::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use super::Destination;
use crate::course_grading::{grade_folder_on, prepare_course};
use crate::exercise::Course;
use crate::grading::{self, Outcome, PreparedExercise, Status};
use crate::pool::PoolOptions;
use crate::report::json::CourseEntry;
use crate::report::{self, Format, Paint, inert};

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
