//! Grading a course's exercises for the commands: every exercise prepared once per process (with
//! its known mistakes' signatures kept in the course's cache, see [`signature_cache`]), one
//! learner's file or folder graded through the worker pool or on threads.
//!
//! `grade EXERCISE`, `grade all`, `batch`, `list`, `watch` and `check` share this; no command
//! imports another.

pub mod signature_cache;

use std::path::Path;
use std::sync::Arc;

use anyhow::bail;

use crate::exercise::{Course, Exercise};
use crate::grading::{self, Feedback, Outcome, PreparedExercise, Submission};

/// One learner's file, graded for them to read: known mistakes named, backpack values read.
const FOR_ONE_LEARNER: Feedback = Feedback { mistakes: true, backpack_values: true };
use crate::pool::{self, PoolOptions, WorkItem};
pub use signature_cache::SignatureCache;

/// One exercise prepared for grading, its mistakes' signatures kept in the course's cache.
pub fn prepare_exercise(course: &Course, exercise: Exercise) -> anyhow::Result<Arc<PreparedExercise>> {
    let prepared = PreparedExercise::new(exercise, &course.limits)?;
    Ok(Arc::new(prepared.with_signature_store(Arc::new(SignatureCache::of_course(course)))))
}

/// Every exercise of the course, prepared; a broken exercise stops the command.
pub fn prepare_course(course: &Course) -> anyhow::Result<Vec<Arc<PreparedExercise>>> {
    let exercises = course.exercises()?;
    if exercises.is_empty() {
        bail!("{} holds no exercise TOML files", course.exercises_dir().display());
    }
    let cache = Arc::new(SignatureCache::of_course(course));
    exercises
        .into_iter()
        .map(|e| Ok(Arc::new(PreparedExercise::new(e, &course.limits)?.with_signature_store(cache.clone()))))
        .collect()
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
        items.push(WorkItem { exercise: p.clone(), path, display, backpack_values: false });
        slots.push(index);
    }
    pool::grade_many(items, options, |i, outcome| outcomes[slots[i]] = Some(outcome))?;
    Ok(outcomes)
}

/// Grades the file at `path`, in a worker process under the watchdog unless `isolation` is off;
/// a missing or unreadable file stops the command.
pub fn grade_file(prepared: &Arc<PreparedExercise>, path: &Path, isolation: bool) -> anyhow::Result<Outcome> {
    let submission = match Submission::read(path) {
        Ok(submission) => submission,
        Err(problem) if problem.is_usage_error() => bail!(problem),
        Err(problem) if problem.is_folder() => {
            bail!("{problem}: name the file to grade, e.g. {}/{}.js", path.display(), prepared.exercise.id)
        }
        Err(problem) => return Ok(grading::unreadable(&prepared.exercise, &path.display().to_string(), &problem)),
    };
    if !isolation {
        return Ok(grading::grade(prepared, submission, FOR_ONE_LEARNER));
    }
    let item = WorkItem {
        exercise: prepared.clone(),
        path: path.to_path_buf(),
        display: submission.display,
        backpack_values: FOR_ONE_LEARNER.backpack_values,
    };
    let mut result = None;
    pool::grade_many(vec![item], &PoolOptions::new(1, true), |_, outcome| result = Some(outcome))?;
    result.ok_or_else(|| anyhow::anyhow!("the grading process returned no result"))
}
