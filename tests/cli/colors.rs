//! Colors of the human report (issue 13): off when standard output is not a terminal, on with
//! `CLICOLOR_FORCE`, never with `NO_COLOR`, and `--color always|never` above both. Data formats
//! and `--output` files never get escape codes.

use crate::harness::{code, stable, stderr, stdout};
use crate::support::fixture;

const ESC: char = '\u{1b}';

/// `grade counter solutions/counter.js ARGS` in the counter fixture, with the color variables
/// given (and no others) and standard output a pipe.
fn graded(env: &[(&str, &str)], args: &[&str]) -> String {
    let mut cmd = assert_cmd::Command::cargo_bin("grade").unwrap();
    cmd.current_dir(fixture("counter")).env_remove("NO_COLOR").env_remove("CLICOLOR_FORCE").env_remove("CLICOLOR");
    for (key, value) in env {
        cmd.env(key, value);
    }
    let output = cmd.args(["counter", "solutions/counter.js"]).args(args).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn a_pipe_gets_no_colors() {
    let out = graded(&[], &[]);
    assert!(!out.contains(ESC), "{out:?}");
    assert!(out.contains("✓"), "{out}");
}

#[test]
fn clicolor_force_colors_a_pipe() {
    let out = graded(&[("CLICOLOR_FORCE", "1")], &[]);
    assert!(out.contains(&format!("{ESC}[32m✓{ESC}[0m")), "a green pass mark: {out:?}");
    assert!(out.contains(&format!("{ESC}[1m")), "a bold heading: {out:?}");
}

#[test]
fn no_color_wins_over_clicolor_force() {
    let out = graded(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")], &[]);
    assert!(!out.contains(ESC), "{out:?}");
    // An empty NO_COLOR does not count (no-color.org).
    let out = graded(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")], &[]);
    assert!(out.contains(ESC), "{out:?}");
}

#[test]
fn the_color_flag_overrides_the_environment() {
    let forced = graded(&[("NO_COLOR", "1")], &["--color", "always"]);
    assert!(forced.contains(&format!("{ESC}[32m✓{ESC}[0m")), "{forced:?}");
    let never = graded(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]);
    assert!(!never.contains(ESC), "{never:?}");
    let auto = graded(&[("CLICOLOR_FORCE", "1")], &["--color=auto"]);
    assert!(auto.contains(ESC), "{auto:?}");
    // Colored or not, the text is the same.
    let stripped = forced.replace(&format!("{ESC}[0m"), "");
    let stripped = ["1", "2", "31", "32", "33", "36"]
        .iter()
        .fold(stripped, |text, code| text.replace(&format!("{ESC}[{code}m"), ""));
    assert!(!stripped.contains(ESC), "only these styles are used: {stripped:?}");
    assert_eq!(stable(&stripped), stable(&never));
}

#[test]
fn data_formats_and_output_files_stay_plain() {
    for format in ["json", "junit", "gradescope", "classroom"] {
        let out = graded(&[("CLICOLOR_FORCE", "1")], &["--color", "always", "--format", format]);
        assert!(!out.contains(ESC), "{format}: {out:?}");
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.txt");
    let out = graded(&[("CLICOLOR_FORCE", "1")], &["--color", "always", "--output", file.to_str().unwrap()]);
    assert!(out.is_empty(), "{out}");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("✓") && !text.contains(ESC), "{text:?}");
}

#[test]
fn a_bad_color_value_is_a_usage_error() {
    let output =
        assert_cmd::Command::cargo_bin("grade").unwrap().args(["list", "--color", "sometimes"]).output().unwrap();
    assert_eq!(code(&output), 2);
    assert!(stderr(&output).contains("possible values: auto, always, never"), "{}", stderr(&output));
}
