//! `grade start <EXERCISE>`: copies the starter to `submissions/<id>.js`, never overwriting.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use super::Destination;
use crate::exercise::Course;

/// Writes the starter to the learner's file unless that file already exists.
pub fn run(course: &Course, exercise: &str, dest: &Destination) -> anyhow::Result<ExitCode> {
    let exercise = course.exercise(exercise)?;
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
            format!("Wrote the starter to {}. Edit it, then run `grade {}`.\n", path.display(), exercise.id)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => format!(
            "{} already exists, so it was left untouched. Grade it with `grade {}`; to start over, delete it first.\n",
            path.display(),
            exercise.id
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot create {}", path.display())),
    };
    dest.emit(&message)?;
    Ok(ExitCode::SUCCESS)
}
