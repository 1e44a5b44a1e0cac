//! Shared helpers: paths of the repository and fixtures, and a `grade` command to drive.

#![allow(dead_code)]

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
