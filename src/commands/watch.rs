//! `grade watch [EXERCISE]`: re-grades every exercise's file the learner saves (on a terminal,
//! redrawing the screen for each run), and moves on to the next exercise when one passes.

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
use crate::report::Format;

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
    let screen = Screen::of(dest);
    // What was last graded of every exercise's file: any of them saved is graded again.
    let mut stamps: Vec<Option<Stamp>> =
        prepared.iter().map(|p| Stamp::of(&course.submission_path(&p.exercise.id))).collect();
    announce(&prepared[current], &dir, dest, &screen)?;
    for events in rx {
        let Ok(events) = events else { continue };
        let saved: Vec<usize> = (0..prepared.len())
            .filter(|&i| {
                let file = course.submission_path(&prepared[i].exercise.id);
                events.iter().any(|e| same_file(&e.path, &file))
            })
            .collect();
        for index in saved {
            let file = course.submission_path(&prepared[index].exercise.id);
            // Grading opens the file, and opening it is itself an event on some systems (inotify):
            // only a file that changed since it was last graded is graded again.
            let stamp = Stamp::of(&file);
            if stamp == stamps[index] {
                continue;
            }
            stamps[index] = stamp;
            let id = &prepared[index].exercise.id;
            if stamps[index].is_none() {
                dest.emit(&format!(
                    "\n{} was removed; `grade start {id}` writes the starter again.\n",
                    file.display()
                ))?;
                continue;
            }
            // The exercise saved is the one followed now.
            current = index;
            screen.clear()?;
            let passed = grade_and_print(&prepared[current], &file, dest)?;
            // The learner's own file passing is progress, as in `grade <id>`: XP, and what it
            // unlocked.
            if passed && let Some(note) = crate::progress::note_pass(course, &prepared[current].exercise.id) {
                dest.emit(&note)?;
            }
            if passed {
                // The next exercise that does not pass yet, after this one, then from the start.
                let mut order = (current + 1..prepared.len()).chain(0..current);
                match order.find(|&i| !passes(&prepared[i], &dir)) {
                    Some(next) => {
                        dest.emit(&format!("\n{} passes. On to the next one!\n", prepared[current].exercise.id))?;
                        current = next;
                        announce(&prepared[current], &dir, dest, &Screen::Log)?;
                    }
                    None => {
                        dest.emit("\nEvery exercise passes. Well done!\n")?;
                        return Ok(ExitCode::SUCCESS);
                    }
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// How each run is shown: on a terminal, the screen is cleared and the report drawn afresh; in a
/// log (a pipe, a file), reports follow one another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Screen {
    /// A terminal showing the human report.
    Terminal,
    /// Anything else.
    Log,
}

/// Clears the screen and the scrollback, and moves the cursor home.
const CLEAR: &str = "\x1b[2J\x1b[3J\x1b[H";

impl Screen {
    fn of(dest: &Destination) -> Screen {
        use std::io::IsTerminal;
        let terminal = dest.output.is_none() && dest.format == Format::Human && std::io::stdout().is_terminal();
        if terminal { Screen::Terminal } else { Screen::Log }
    }

    /// Starts a new run: a clear screen on a terminal (written directly: a color-stripping
    /// stream would drop it), a blank line in a log.
    fn clear(self) -> anyhow::Result<()> {
        use std::io::Write;
        if self == Screen::Terminal {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(CLEAR.as_bytes())
                .and_then(|()| stdout.flush())
                .context("cannot write to standard output")?;
        }
        Ok(())
    }
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

/// Says which file is up next and grades it if it exists (every exercise's file is watched).
fn announce(prepared: &Arc<PreparedExercise>, dir: &Path, dest: &Destination, screen: &Screen) -> anyhow::Result<()> {
    let id = &prepared.exercise.id;
    let path = dir.join(format!("{id}.js"));
    screen.clear()?;
    dest.emit(&format!(
        "Watching {} ({}). Save the file to grade it (or any other exercise's); Ctrl-C stops.\n",
        path.display(),
        prepared.exercise.title
    ))?;
    if Stamp::of(&path).is_some() {
        grade_and_print(prepared, &path, dest)?;
    } else {
        dest.emit(&format!("No file yet: `grade start {id}` writes the starter there.\n"))?;
    }
    Ok(())
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
