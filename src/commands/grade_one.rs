//! `grade <EXERCISE> [FILE]`: grades one submission.

use std::path::Path;
use std::process::ExitCode;

use super::Destination;
use crate::course_grading;
use crate::exercise::Course;
use crate::grading::Status;
use crate::report::Format;

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
    let prepared = course_grading::prepare_exercise(course, exercise)?;
    let outcome = course_grading::grade_file(&prepared, &path, isolation)?;
    dest.emit(&dest.render(&outcome)?)?;
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
