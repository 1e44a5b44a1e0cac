//! The commands of spec §5. Each returns the process exit code, or an error that stops the
//! command (exit 2).

pub mod all;
pub mod batch;
pub mod check;
mod class_files;
pub mod grade_one;
pub mod list;
pub mod merge;
pub mod new;
pub mod show;
pub mod start;
pub mod watch;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

pub use class_files::ReportOptions;

use crate::exercise::{Course, LoadError};
use crate::grading::{Interruption, Outcome, Status};
use crate::report::{Format, Paint};

/// Exit code: every check passed / the command completed.
pub const SUCCESS: u8 = 0;
/// Exit code: some check failed or a submission could not be loaded.
pub const FAILED: u8 = 1;
/// Exit code: the command could not run.
pub const CANNOT_RUN: u8 = 2;

/// Where a command's report goes, and in which format.
#[derive(Debug, Clone)]
pub struct Destination {
    /// The format.
    pub format: Format,
    /// A file to write atomically instead of standard output.
    pub output: Option<PathBuf>,
}

impl Destination {
    /// Colors for the human format: on standard output as `--color`, `NO_COLOR`,
    /// `CLICOLOR_FORCE` and the terminal decide; never in an `--output` file.
    pub fn paint(&self) -> Paint {
        match self.output {
            None => Paint::for_stdout(),
            Some(_) => Paint::plain(),
        }
    }

    /// One outcome in this destination's format (colored as [`Destination::paint`] says).
    pub fn render(&self, outcome: &Outcome) -> anyhow::Result<String> {
        use crate::report;
        Ok(match self.format {
            Format::Human => report::human::render(outcome, &self.paint()),
            Format::Json => report::json::to_log_safe_json(&crate::results::SubmissionResult::from_outcome(outcome))?,
            Format::Junit => report::ci::junit(&[outcome])?,
            Format::Gradescope => report::json::to_log_safe_json(&report::ci::gradescope(&[outcome]))?,
            Format::Classroom => report::json::to_log_safe_json(&report::ci::classroom(&[outcome]))?,
        })
    }

    /// Writes the whole report: to the output file (temp file, then rename) or to stdout.
    pub fn emit(&self, text: &str) -> anyhow::Result<()> {
        match &self.output {
            Some(path) => write_atomically(path, text.as_bytes()),
            None => {
                // The human report goes through anstream, which turns its colors into console
                // calls on a Windows console without ANSI support; the other formats are data and
                // are written byte for byte.
                let stdout = std::io::stdout();
                let choice = match self.format {
                    Format::Human => anstream::AutoStream::choice(&stdout),
                    _ => anstream::ColorChoice::AlwaysAnsi,
                };
                let mut stdout = anstream::AutoStream::new(stdout.lock(), choice);
                match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                    other => other.context("cannot write to standard output"),
                }
            }
        }
    }
}

/// Writes `bytes` to `path` so that a reader sees either the old file or the whole new one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    // A report is an ordinary file (0644 under umask 022), not tempfile's private 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp =
        builder.tempfile_in(dir).with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Finds the course from `--course` or the current folder.
pub fn course(dir: Option<&Path>) -> Result<Course, CourseNotFound> {
    let start = match dir {
        Some(dir) => dir.to_path_buf(),
        None => std::env::current_dir().map_err(CourseNotFound::CurrentDir)?,
    };
    match Course::discover(&start) {
        Err(LoadError::NoCourse { start, .. }) => Err(LoadError::NoCourse { start, named: dir.is_some() }.into()),
        other => Ok(other?),
    }
}

/// Why no course could be opened.
#[derive(Debug, thiserror::Error)]
pub enum CourseNotFound {
    /// The current folder cannot be read (deleted, or no permission).
    #[error("cannot read the current folder: {0}")]
    CurrentDir(std::io::Error),
    /// `grader.toml` is missing, unreadable or invalid.
    #[error(transparent)]
    Load(#[from] LoadError),
}

impl CourseNotFound {
    /// Whether the folder simply is not a course (as opposed to a broken one).
    pub fn is_outside_a_course(&self) -> bool {
        matches!(self, CourseNotFound::Load(LoadError::NoCourse { .. }))
    }
}

/// The exit code for graded outcomes: 2 when the grader itself failed on any of them (the report
/// says why), else 0 when every one passed and 1 otherwise.
pub fn outcome_exit(outcomes: &[Outcome]) -> ExitCode {
    let faults = grader_faults(outcomes);
    if faults > 0 {
        eprintln!(
            "grade: the grader failed on {faults} of {} submission(s), so they were not graded (see the report)",
            outcomes.len()
        );
        return ExitCode::from(CANNOT_RUN);
    }
    exit(outcomes.iter().all(|o| o.status == Status::Pass))
}

/// How many outcomes the grader itself failed to produce (no worker, a worker that broke).
pub fn grader_faults(outcomes: &[Outcome]) -> usize {
    outcomes.iter().filter(|o| o.interrupted == Some(Interruption::Grader)).count()
}

/// An exit code from a pass/fail verdict.
pub fn exit(passed: bool) -> ExitCode {
    ExitCode::from(if passed { SUCCESS } else { FAILED })
}
