//! The commands of spec §5. Each returns the process exit code, or an error that stops the
//! command (exit 2).

pub mod all;
pub mod batch;
pub mod check;
pub mod grade_one;
pub mod list;
pub mod merge;
pub mod show;
pub mod start;
pub mod watch;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use crate::exercise::Course;
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
    /// Colors for the human format, only when writing to a terminal and `NO_COLOR` is unset.
    pub fn paint(&self) -> Paint {
        Paint::for_terminal(self.output.is_none() && std::io::stdout().is_terminal())
    }

    /// Writes the whole report: to the output file (temp file, then rename) or to stdout.
    pub fn emit(&self, text: &str) -> anyhow::Result<()> {
        match &self.output {
            Some(path) => write_atomically(path, text.as_bytes()),
            None => {
                let mut stdout = std::io::stdout().lock();
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
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("cannot create a temporary file in {}", dir.display()))?;
    temp.write_all(bytes).with_context(|| format!("cannot write {}", path.display()))?;
    temp.persist(path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Finds the course from `--course` or the current folder.
pub fn course(dir: Option<&Path>) -> anyhow::Result<Course> {
    let start = match dir {
        Some(dir) => dir.to_path_buf(),
        None => std::env::current_dir().context("cannot read the current folder")?,
    };
    Ok(Course::discover(&start)?)
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
