//! The Gradescope bundle (examples/gradescope/) run the way Gradescope runs it, in a temporary
//! autograder root (GRADE_AUTOGRADER_ROOT) and as an unprivileged user: whatever the student
//! uploaded, a results.json in Gradescope's documented schema comes out.

use std::os::unix::process::CommandExt;
use std::path::Path;

use serde_json::Value;

use crate::formats::assert_gradescope_schema;
use crate::support::{NOBODY, Unprivileged, copy_tree, fixture, repo, running_as_root};

/// An autograder root holding the fixture course as `source/`, with `submission/` filled by
/// `upload`; the bundle's run_autograder runs in it as `nobody` (when the tests run as root).
fn run_autograder(upload: impl FnOnce(&Path), grade_bin: Option<&str>) -> (Value, String) {
    let sandbox = Unprivileged::new(&fixture("reports"));
    let root = sandbox.writable("autograder");
    copy_tree(&sandbox.course(), &root.join("source"));
    let submission = sandbox.writable("autograder/submission");
    upload(&submission);
    sandbox.writable("autograder/results");
    open_tree(&submission);
    let script = std::fs::read_to_string(repo().join("examples/gradescope/run_autograder")).unwrap();
    let script = sandbox.script("run_autograder", &script);
    let grade = sandbox.path("grade");
    let mut cmd = std::process::Command::new("bash");
    cmd.arg(&script)
        .env("GRADE_AUTOGRADER_ROOT", &root)
        .env("GRADE_BIN", grade_bin.map_or(grade.as_os_str().to_owned(), Into::into))
        .env("NO_COLOR", "1")
        .current_dir(&root);
    if running_as_root() {
        cmd.uid(NOBODY).gid(NOBODY);
    }
    let out = cmd.output().expect("run_autograder runs");
    let log = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "run_autograder failed, which Gradescope shows as a harness error:\n{log}");
    let results = std::fs::read_to_string(root.join("results/results.json"))
        .unwrap_or_else(|e| panic!("no results.json ({e}):\n{log}"));
    let json: Value = serde_json::from_str(&results).unwrap_or_else(|e| panic!("{e}: {results}"));
    assert_gradescope_schema(&json);
    (json, log)
}

/// Folders 0777 and files 0666, so the unprivileged user may add the renamed copies.
fn open_tree(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if std::fs::symlink_metadata(path).unwrap().is_symlink() {
        return;
    }
    let mode = if path.is_dir() { 0o777 } else { 0o666 };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    if path.is_dir() {
        for entry in std::fs::read_dir(path).unwrap() {
            open_tree(&entry.unwrap().path());
        }
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn solution(name: &str) -> String {
    std::fs::read_to_string(fixture("reports/solutions").join(name)).unwrap()
}

#[test]
fn files_named_or_nested_differently_are_found_and_said_so() {
    let (json, log) = run_autograder(
        |s| {
            write(&s.join("Submissions/GREET.JS"), &solution("greet.js"));
            write(&s.join("__MACOSX/Submissions/._GREET.JS"), "junk");
            write(&s.join("README.txt"), "my notes");
        },
        None,
    );
    let output = json["output"].as_str().unwrap();
    assert!(output.contains("greet: graded Submissions/GREET.JS"), "{output}\n{log}");
    assert!(output.contains("not graded: README.txt"), "{output}");
    assert!(!output.contains("MACOSX"), "{output}");
    assert!(output.contains("twice: no file was handed in"), "{output}");
    assert_eq!(json["score"], 3, "greet's three points, twice's none: {json:#}");
    let twice =
        json["tests"].as_array().unwrap().iter().find(|t| t["name"].as_str().unwrap().starts_with("twice")).unwrap();
    assert_eq!((twice["score"].as_u64(), twice["max_score"].as_u64()), (Some(0), Some(1)));
}

#[test]
fn an_empty_or_misnamed_upload_scores_zero_with_the_reason() {
    let (json, _) = run_autograder(|s| write(&s.join("solution.js"), &solution("greet.js")), None);
    assert_eq!(json["score"], 0);
    let output = json["output"].as_str().unwrap();
    assert!(output.contains("not graded: solution.js") && output.contains("greet.js twice.js"), "{output}");
    assert!(output.contains("greet: no file was handed in"), "{output}");

    let (json, _) = run_autograder(|_| {}, None);
    assert_eq!(json["score"], 0);
    let tests = json["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 5, "every check at 0, and the hidden one's instructor view: {json:#}");
    assert!(tests.iter().all(|t| t["score"] == 0), "{json:#}");
}

#[test]
fn two_equally_good_candidates_are_not_guessed_between() {
    let (json, _) = run_autograder(
        |s| {
            write(&s.join("a/greet.js"), &solution("greet.js"));
            write(&s.join("b/Greet.js"), "function greet() { return 'wrong'; }");
        },
        None,
    );
    let output = json["output"].as_str().unwrap();
    assert!(output.contains("greet: several files could be it"), "{output}");
    assert_eq!(json["score"], 0);
}

#[test]
fn a_symbolic_link_is_never_graded() {
    let (json, _) = run_autograder(
        |s| {
            std::os::unix::fs::symlink("../source/solutions/greet.js", s.join("greet.js")).unwrap();
            write(&s.join("nested/twice.js"), "function twice() {}");
            std::os::unix::fs::symlink("../../source/solutions/twice.js", s.join("nested/Twice.JS")).ok();
        },
        None,
    );
    let output = json["output"].as_str().unwrap();
    assert!(output.contains("not graded: greet.js is a symbolic link"), "{output}");
    assert!(output.contains("not graded: nested/Twice.JS is a symbolic link"), "{output}");
    assert!(output.contains("twice: graded nested/twice.js"), "{output}");
    assert_eq!(json["score"], 0, "the reference solutions were not graded: {json:#}");
}

#[test]
fn a_missing_grader_still_writes_results() {
    let (json, _) = run_autograder(|s| write(&s.join("greet.js"), &solution("greet.js")), Some("/nonexistent/grade"));
    assert_eq!(json["score"], 0);
    assert!(json["output"].as_str().unwrap().contains("could not grade"), "{json:#}");
}
