//! `grade <EXERCISE> [FILE]`: grades one submission.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;

use super::Destination;
use crate::exercise::Course;
use crate::grading::{self, Outcome, PreparedExercise, Status, Submission};
use crate::pool::{self, PoolOptions, WorkItem};
use crate::report::{self, Format};

/// Grades `file` (default: the course's `submissions/<id>.js`) against one exercise; in a
/// worker process under the watchdog unless `isolation` is off.
pub fn run(
    course: &Course,
    exercise: &str,
    file: Option<&Path>,
    isolation: bool,
    dest: &Destination,
) -> anyhow::Result<ExitCode> {
    let exercise = course.exercise(exercise)?;
    let path = file.map_or_else(|| course.submission_path(&exercise.id), Path::to_path_buf);
    let prepared = Arc::new(PreparedExercise::new(exercise, &course.limits)?);
    let outcome = grade_path(&prepared, &path, isolation)?;
    dest.emit(&render(&outcome, dest)?)?;
    // The learner's own file passing is progress: XP, and what it unlocked (see crate::progress).
    if file.is_none()
        && dest.format == Format::Human
        && dest.output.is_none()
        && outcome.status == Status::Pass
        && let Some(note) = crate::progress::note_pass(course, &outcome.exercise)
    {
        dest.emit(&note)?;
    }
    Ok(super::outcome_exit(std::slice::from_ref(&outcome)))
}

/// Grades the file at `path`; a missing or unreadable file stops the command.
pub fn grade_path(prepared: &Arc<PreparedExercise>, path: &Path, isolation: bool) -> anyhow::Result<Outcome> {
    let submission = match Submission::read(path) {
        Ok(submission) => submission,
        Err(problem) if problem.is_usage_error() => bail!(problem),
        Err(problem) if problem.is_folder() => {
            bail!("{problem}: name the file to grade, e.g. {}/{}.js", path.display(), prepared.exercise.id)
        }
        Err(problem) => return Ok(grading::unreadable(&prepared.exercise, &path.display().to_string(), &problem)),
    };
    if !isolation {
        return Ok(grading::grade(prepared, submission));
    }
    let item = WorkItem { exercise: prepared.clone(), path: path.to_path_buf(), display: submission.display };
    let mut result = None;
    pool::grade_many(vec![item], &PoolOptions::new(1, true), |_, outcome| result = Some(outcome))?;
    result.ok_or_else(|| anyhow::anyhow!("the grading process returned no result"))
}

/// Renders one outcome in the destination's format.
pub fn render(outcome: &Outcome, dest: &Destination) -> anyhow::Result<String> {
    Ok(match dest.format {
        Format::Human => report::human::render(outcome, &dest.paint()),
        Format::Json => report::json::to_log_safe_json(&report::json::OutcomeJson::new(outcome))?,
        Format::Junit => report::ci::junit(&[outcome])?,
        Format::Gradescope => report::json::to_log_safe_json(&report::ci::gradescope(&[outcome]))?,
        Format::Classroom => report::json::to_log_safe_json(&report::ci::classroom(&[outcome]))?,
    })
}
