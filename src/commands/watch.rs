//! `grade watch [EXERCISE]`: re-grades on every save, and moves on to the next exercise when the
//! current one passes.

use std::hash::{Hash, Hasher};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use notify_debouncer_mini::new_debouncer;
use notify_debouncer_mini::notify::RecursiveMode;

use super::Destination;
use crate::course_grading::{grade_file, grade_folder, prepare_course};
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
            let outcomes = grade_folder(&prepared, &dir, true)?;
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
    let mut last = announce(&prepared[current], &dir, dest)?;
    for events in rx {
        let Ok(events) = events else { continue };
        let file = course.submission_path(&prepared[current].exercise.id);
        if !events.iter().any(|e| same_file(&e.path, &file)) {
            continue;
        }
        // Grading opens the file, and opening it is itself an event on some systems (inotify):
        // only a file that changed since it was last graded is graded again.
        let stamp = Stamp::of(&file);
        if stamp == last {
            continue;
        }
        last = stamp;
        if last.is_none() {
            let id = &prepared[current].exercise.id;
            dest.emit(&format!("\n{} was removed; `grade start {id}` writes the starter again.\n", file.display()))?;
            continue;
        }
        let passed = grade_and_print(&prepared[current], &file, dest)?;
        if passed {
            // The next exercise that does not pass yet, after this one, then from the start.
            let mut order = (current + 1..prepared.len()).chain(0..current);
            match order.find(|&i| !passes(&prepared[i], &dir)) {
                Some(next) => {
                    dest.emit(&format!("\n{} passes. On to the next one!\n", prepared[current].exercise.id))?;
                    current = next;
                    last = announce(&prepared[current], &dir, dest)?;
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

/// What a save changes: the modification time, the length and the content. `None`: no file.
#[derive(Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    hash: u64,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file)?;
        let bytes = std::fs::read(path).ok()?;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut hasher);
        Some(Stamp { modified: meta.modified().ok(), len: meta.len(), hash: hasher.finish() })
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || a.file_name() == b.file_name() && a.canonicalize().ok() == b.canonicalize().ok()
}

fn passes(prepared: &Arc<PreparedExercise>, dir: &Path) -> bool {
    let path = dir.join(format!("{}.js", prepared.exercise.id));
    grade_file(prepared, &path, true).is_ok_and(|o| o.status == Status::Pass)
}

/// Says which file is watched and grades it if it exists; returns the stamp of what was graded.
fn announce(prepared: &Arc<PreparedExercise>, dir: &Path, dest: &Destination) -> anyhow::Result<Option<Stamp>> {
    let id = &prepared.exercise.id;
    let path = dir.join(format!("{id}.js"));
    dest.emit(&format!(
        "Watching {} ({}). Save the file to grade it; Ctrl-C stops.\n",
        path.display(),
        prepared.exercise.title
    ))?;
    let stamp = Stamp::of(&path);
    if stamp.is_some() {
        grade_and_print(prepared, &path, dest)?;
    } else {
        dest.emit(&format!("No file yet: `grade start {id}` writes the starter there.\n"))?;
    }
    Ok(stamp)
}

fn grade_and_print(prepared: &Arc<PreparedExercise>, path: &Path, dest: &Destination) -> anyhow::Result<bool> {
    match grade_file(prepared, path, true) {
        Ok(outcome) => {
            dest.emit(&format!("\n{}", dest.render(&outcome)?))?;
            Ok(outcome.status == Status::Pass)
        }
        Err(e) => {
            dest.emit(&format!("\n{e:#}\n"))?;
            Ok(false)
        }
    }
}
