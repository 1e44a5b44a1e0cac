//! Shared helpers: paths of the repository and fixtures, a `grade` command to drive, and the
//! same command as an unprivileged user.

#![allow(dead_code)]

#[cfg(unix)]
use std::os::unix::fs::PermissionsExt;
#[cfg(unix)]
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root (the bundled course).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fixture folder under `tests/fixtures/`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// `grade` run in `dir` (its course is found from there), with colors and the environment
/// made deterministic.
pub fn grade_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("grade").expect("the grade binary is built");
    cmd.current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd
}

/// Replaces timings (`1.2 ms`, `"duration_ms": 0.3`) so snapshots are stable.
pub fn without_timings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut line = line.to_string();
        if let Some(pos) = line.find(" ms") {
            let start = line[..pos].rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |i| i + 1);
            if start < pos {
                line.replace_range(start..pos, "T");
            }
        }
        if let Some(pos) = line.find("\"duration_ms\": ") {
            let value_start = pos + "\"duration_ms\": ".len();
            let end = line[value_start..].find([',', '}']).map_or(line.len(), |i| value_start + i);
            line.replace_range(value_start..end, "T");
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The file name of the copied binary (`grade.exe` on Windows).
const BINARY: &str = if cfg!(windows) { "grade.exe" } else { "grade" };

/// The uid and gid of `nobody`, the unprivileged user the tests run `grade` as when they run as
/// root (as CI does): users are never root, and root is exempt from limits that bite them.
pub const NOBODY: u32 = 65534;

/// Whether the tests run as root, so that [`Unprivileged`] switches to [`NOBODY`].
pub fn running_as_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    #[cfg(unix)]
    return unsafe { libc::geteuid() == 0 };
    // Windows has no root to step down from: the tests run as the user who started them.
    #[cfg(not(unix))]
    false
}

/// A world-readable copy of the `grade` binary and of a course, for running `grade` as an
/// unprivileged user: [`NOBODY`] when the tests run as root, else the (already unprivileged)
/// user running them. The copy is needed because the build folder may sit where `nobody` cannot
/// read (a root home folder), and the pool re-runs the binary itself as its workers.
pub struct Unprivileged {
    dir: tempfile::TempDir,
}

impl Unprivileged {
    /// Copies the binary and the course folder `course` (its files and folders, recursively).
    pub fn new(course: &Path) -> Unprivileged {
        let dir = tempfile::tempdir().expect("a temporary folder");
        std::fs::copy(assert_cmd::cargo::cargo_bin("grade"), dir.path().join(BINARY)).expect("the binary is copied");
        copy_tree(course, &dir.path().join("course"));
        open_to_all(dir.path());
        Unprivileged { dir }
    }

    /// The copied course.
    pub fn course(&self) -> PathBuf {
        self.dir.path().join("course")
    }

    /// A file or folder path inside the copy (for a program the pool should run, say).
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// An empty folder inside the copy that the unprivileged user may write to.
    pub fn writable(&self, name: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::create_dir_all(&path).expect("the folder is made");
        #[cfg(unix)]
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o777)).expect("it is opened to all");
        path
    }

    /// Writes an executable script into the copy (readable and runnable by everyone).
    pub fn script(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).expect("the script is written");
        #[cfg(unix)]
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("it is executable");
        path
    }

    /// `grade` from the copy, run in the copied course as the unprivileged user, with colors and
    /// the environment made deterministic.
    pub fn grade(&self) -> Command {
        let mut std_cmd = std::process::Command::new(self.dir.path().join(BINARY));
        std_cmd.current_dir(self.course()).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
        #[cfg(unix)]
        if running_as_root() {
            // As root, std also drops the supplementary groups when it changes the uid.
            std_cmd.uid(NOBODY).gid(NOBODY);
        }
        Command::from_std(std_cmd)
    }
}

/// Opens a tree to everyone: folders 0755, files 0644, the `grade` binary 0755. (Windows: the
/// temporary folder is the user's own and is readable as it is.)
#[cfg(not(unix))]
fn open_to_all(_path: &Path) {}

/// Opens a tree to everyone: folders 0755, files 0644, the `grade` binary 0755.
#[cfg(unix)]
fn open_to_all(path: &Path) {
    let meta = std::fs::symlink_metadata(path).expect("the path exists");
    if meta.is_dir() {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("the folder is opened");
        for entry in std::fs::read_dir(path).expect("the folder is read") {
            open_to_all(&entry.expect("an entry").path());
        }
    } else if meta.is_file() {
        let mode = if path.file_name().is_some_and(|n| n == "grade") { 0o755 } else { 0o644 };
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("the file is opened");
    }
}

/// Copies the files and folders under `from` into `to` (created).
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the target folder is made");
    for entry in std::fs::read_dir(from).expect("the source folder is read") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("its type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("the file is copied");
        }
    }
}
