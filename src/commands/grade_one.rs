//! `grade <EXERCISE> [FILE]`: grades one submission.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::bail;

use super::Destination;
use crate::exercise::Course;
use crate::grading::{self, Outcome, PreparedExercise, Status, Submission};
use crate::report::{self, Format};

/// Grades `file` (default: the course's `submissions/<id>.js`) against one exercise.
pub fn run(course: &Course, exercise: &str, file: Option<&Path>, dest: &Destination) -> anyhow::Result<ExitCode> {
    let exercise = course.exercise(exercise)?;
    let path = file.map_or_else(|| course.submission_path(&exercise.id), Path::to_path_buf);
    let prepared = Arc::new(PreparedExercise::new(exercise, &course.limits)?);
    let outcome = grade_path(&prepared, &path)?;
    dest.emit(&render(&outcome, dest)?)?;
    Ok(super::exit(outcome.status == Status::Pass))
}

/// Grades the file at `path`; a missing or unreadable file stops the command.
pub fn grade_path(prepared: &Arc<PreparedExercise>, path: &Path) -> anyhow::Result<Outcome> {
    match Submission::read(path) {
        Ok(submission) => Ok(grading::grade(prepared, submission)),
        Err(problem) if problem.is_usage_error() => bail!(problem),
        Err(problem) => Ok(grading::unreadable(&prepared.exercise, &path.display().to_string(), &problem)),
    }
}

/// Renders one outcome in the destination's format.
pub fn render(outcome: &Outcome, dest: &Destination) -> anyhow::Result<String> {
    Ok(match dest.format {
        Format::Human => report::human::render(outcome, &dest.paint()),
        Format::Json => format!("{}\n", serde_json::to_string_pretty(&report::json::outcome_json(outcome))?),
        other => bail!("the {other:?} format is not available for a single submission yet; use human or json"),
    })
}
