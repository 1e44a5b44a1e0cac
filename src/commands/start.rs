//! `grade start [EXERCISE]`: copies the starter to `submissions/<id>.js`, never overwriting;
//! without an exercise, the first in course order that the learner has no file for.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use super::Destination;
use crate::exercise::Course;

/// Writes the starter to the learner's file unless that file already exists.
pub fn run(course: &Course, exercise: Option<&str>, dest: &Destination) -> anyhow::Result<ExitCode> {
    let chosen = exercise.is_none();
    let id = match exercise {
        Some(id) => id.to_string(),
        None => match course.exercise_ids()?.into_iter().find(|id| !course.submission_path(id).exists()) {
            Some(id) => id,
            None => {
                dest.emit(
                    "Every exercise already has a file in submissions/. Run `grade list` to see where you are.\n",
                )?;
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    let exercise = course.exercise(&id)?;
    let path = course.submission_path(&exercise.id);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let created = std::fs::OpenOptions::new().write(true).create_new(true).open(&path);
    let message = match created {
        Ok(mut file) => {
            let mut starter = exercise.starter.trim_start_matches('\n').to_string();
            if !starter.ends_with('\n') {
                starter.push('\n');
            }
            file.write_all(starter.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
            let which = if chosen {
                format!("the starter of {} ({})", exercise.id, exercise.title)
            } else {
                "the starter".into()
            };
            format!("Wrote {which} to {}. Edit it, then run `grade {}`.\n", path.display(), exercise.id)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => format!(
            "{} already exists, so it was left untouched. Grade it with `grade {}`; to start over, delete it first.\n",
            path.display(),
            exercise.id
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    };
    dest.emit(&crate::report::markdown::render(&message, &dest.paint()))?;
    Ok(ExitCode::SUCCESS)
}
