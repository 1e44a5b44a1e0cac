//! `grade watch [EXERCISE]`: re-grades on every save, and moves on to the next exercise when the
//! current one passes.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::new_debouncer;

use super::Destination;
use super::all::{grade_folder, prepare_course};
use super::grade_one;
use crate::exercise::Course;
use crate::grading::{PreparedExercise, Status};

/// How long the file must be quiet before it is graded (editors write in several steps).
const DEBOUNCE: Duration = Duration::from_millis(150);

/// Watches the learner's files until every exercise passes (or the process is stopped).
pub fn run(course: &Course, exercise: Option<&str>, dest: &Destination) -> anyhow::Result<ExitCode> {
    let prepared = prepare_course(course)?;
    let dir = course.submissions_dir().to_path_buf();
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut current = match exercise {
        Some(id) => {
            let wanted = course.exercise(id)?.id;
            prepared.iter().position(|p| p.exercise.id == wanted).context("the exercise is not in this course")?
        }
        None => {
            let outcomes = grade_folder(&prepared, &dir);
            match outcomes.iter().position(|o| o.as_ref().is_none_or(|o| o.status != Status::Pass)) {
                Some(i) => i,
                None => {
                    dest.emit("Every exercise already passes. Well done!\n")?;
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer(DEBOUNCE, tx).context("cannot watch files on this system")?;
    debouncer
        .watcher()
        .watch(&dir, RecursiveMode::NonRecursive)
        .with_context(|| format!("cannot watch {}", dir.display()))?;
    announce(&prepared[current], &dir, dest)?;
    for events in rx {
        let Ok(events) = events else { continue };
        let file = course.submission_path(&prepared[current].exercise.id);
        if !events.iter().any(|e| same_file(&e.path, &file)) {
            continue;
        }
        let passed = grade_and_print(&prepared[current], &file, dest)?;
        if passed {
            match (current + 1..prepared.len()).find(|&i| !passes(&prepared[i], &dir)) {
                Some(next) => {
                    current = next;
                    dest.emit(&format!("\n{} passes. On to the next one!\n", prepared[current - 1].exercise.id))?;
                    announce(&prepared[current], &dir, dest)?;
                }
                None => {
                    dest.emit("\nEvery exercise passes. Well done!\n")?;
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || a.file_name() == b.file_name() && a.canonicalize().ok() == b.canonicalize().ok()
}

fn passes(prepared: &Arc<PreparedExercise>, dir: &Path) -> bool {
    let path = dir.join(format!("{}.js", prepared.exercise.id));
    grade_one::grade_path(prepared, &path).is_ok_and(|o| o.status == Status::Pass)
}

fn announce(prepared: &Arc<PreparedExercise>, dir: &Path, dest: &Destination) -> anyhow::Result<()> {
    let id = &prepared.exercise.id;
    let path = dir.join(format!("{id}.js"));
    dest.emit(&format!("Watching {} ({}). Save the file to grade it; Ctrl-C stops.\n", path.display(), prepared.exercise.title))?;
    if path.is_file() {
        grade_and_print(prepared, &path, dest)?;
    } else {
        dest.emit(&format!("No file yet: `grade start {id}` writes the starter there.\n"))?;
    }
    Ok(())
}

fn grade_and_print(prepared: &Arc<PreparedExercise>, path: &Path, dest: &Destination) -> anyhow::Result<bool> {
    match grade_one::grade_path(prepared, path) {
        Ok(outcome) => {
            dest.emit(&format!("\n{}", grade_one::render(&outcome, dest)?))?;
            Ok(outcome.status == Status::Pass)
        }
        Err(e) => {
            dest.emit(&format!("\n{e:#}\n"))?;
            Ok(false)
        }
    }
}
