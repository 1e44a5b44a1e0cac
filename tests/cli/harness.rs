//! Helpers of the grading tests: running `grade` in a fixture course and turning its output into
//! text that is the same on every machine and every run.

#![allow(dead_code)]

use std::process::Output;

use serde_json::Value;

use crate::support::{copy_tree, fixture, grade_in, repo};

/// Runs `grade ARGS` in the fixture course `name` and returns what it did.
pub fn run_in(name: &str, args: &[&str]) -> Output {
    grade_in(&fixture(name)).args(args).output().expect("grade runs")
}

/// The exit code; a signal (a crash) fails the test.
pub fn code(output: &Output) -> i32 {
    output.status.code().unwrap_or_else(|| panic!("grade was killed by a signal: {output:?}"))
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

/// Output made stable for a snapshot: the repository's absolute path becomes `[repo]` (and a
/// path under it is written with `/` on Windows too), and measured durations (`1.2 ms`,
/// `"duration_ms": 0.3`) become `T`. Limits such as `the 300 ms time limit` are whole numbers
/// and stay.
pub fn stable(text: &str) -> String {
    let text = forward_slashes_under_repo(&text.replace(&repo().display().to_string(), "[repo]"));
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(&without_durations(line));
        out.push('\n');
    }
    out
}

/// Each `[repo]\a\b.js` becomes `[repo]/a/b.js`: the separators of a path up to where it ends
/// (a space, a quote, a bracket, a comma, or the `:` before a line number). Only Windows writes
/// `\`, so only there does this change anything.
fn forward_slashes_under_repo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("[repo]\\") {
        let (before, path) = rest.split_at(pos);
        out.push_str(before);
        let end = path.find(|c: char| c.is_whitespace() || "\"'`),:".contains(c)).unwrap_or(path.len());
        out.push_str(&path[..end].replace('\\', "/"));
        rest = &path[end..];
    }
    out.push_str(rest);
    out
}

fn without_durations(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(pos) = rest.find(" ms") {
        let (before, after) = rest.split_at(pos);
        let start = before.rfind(|c: char| !(c.is_ascii_digit() || c == '.')).map_or(0, |i| i + 1);
        let number = &before[start..];
        if number.contains('.') && number.starts_with(|c: char| c.is_ascii_digit()) {
            out.push_str(&before[..start]);
            out.push('T');
        } else {
            out.push_str(before);
        }
        out.push_str(" ms");
        rest = &after[3..];
    }
    out.push_str(rest);
    if let Some(pos) = out.find("\"duration_ms\": ") {
        let start = pos + "\"duration_ms\": ".len();
        let end = out[start..].find([',', '}']).map_or(out.len(), |i| start + i);
        out.replace_range(start..end, "T");
    }
    out
}

/// Standard output parsed as one JSON document.
pub fn json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", stdout(output), stderr(output)))
}

/// A copy of the fixture course `name` in a temporary folder, for tests that write files.
pub fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    copy_tree(&fixture(name), dir.path());
    dir
}

#[test]
fn stable_hides_durations_but_keeps_limits() {
    assert_eq!(
        stable("  ✓ counts   1/1  12.5 ms\n  stopped: ran past the 300 ms time limit\n"),
        "  ✓ counts   1/1  T ms\n  stopped: ran past the 300 ms time limit\n"
    );
    assert_eq!(stable("  \"duration_ms\": 0.125,"), "  \"duration_ms\": T,\n");
    assert_eq!(stable("  \"duration_ms\": 3.0\n"), "  \"duration_ms\": T\n");
}

#[test]
fn paths_under_the_repository_read_the_same_on_windows() {
    assert_eq!(
        forward_slashes_under_repo("error: [repo]\\tests\\x.toml:7:12: bad \\n and C:\\other\\y"),
        "error: [repo]/tests/x.toml:7:12: bad \\n and C:\\other\\y"
    );
    assert_eq!(forward_slashes_under_repo("\"[repo]/a/b.js\""), "\"[repo]/a/b.js\"");
}
