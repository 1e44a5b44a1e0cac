//! Mistakes at the command line (issue 13): outside a course, a mistyped command or exercise id,
//! and a course whose TOML does not load. Each is exit 2 with one line that says what to do.

use crate::harness::{code, run_in, stable, stderr, stdout};
use crate::support::{fixture, grade_in, repo};

/// Asserts exit 2, nothing on stdout and one `error:` line on stderr; returns that line.
fn one_error_line(output: &std::process::Output) -> String {
    assert_eq!(code(output), 2, "stdout:\n{}\nstderr:\n{}", stdout(output), stderr(output));
    assert!(stdout(output).is_empty(), "{}", stdout(output));
    let err = stable(&stderr(output));
    assert!(err.starts_with("error: "), "{err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    err
}

#[test]
fn outside_a_course_every_command_says_where_to_run() {
    let elsewhere = tempfile::tempdir().unwrap();
    for args in [&["list"][..], &["check"], &["exercise-01"], &["show", "exercise-01"], &["all"]] {
        let err = one_error_line(&grade_in(elsewhere.path()).args(args).output().unwrap());
        assert_eq!(
            err, "error: no grader.toml here or in any parent folder; run inside a course or pass `-C DIR`\n",
            "grade {args:?}"
        );
    }
}

#[test]
fn a_course_option_that_is_not_a_course_names_the_folder() {
    let elsewhere = tempfile::tempdir().unwrap();
    let output = grade_in(&repo()).arg("-C").arg(elsewhere.path()).arg("list").output().unwrap();
    let err = one_error_line(&output);
    assert!(err.contains(&format!("no grader.toml in {} or any parent folder", elsewhere.path().display())), "{err}");
    assert!(err.contains("pass `-C` the course folder"), "{err}");
}

#[test]
fn without_grader_toml_an_exercises_folder_is_still_a_course() {
    let course = crate::harness::copy_of("counter");
    std::fs::remove_file(course.path().join("grader.toml")).unwrap();
    let output = grade_in(course.path()).arg("check").output().unwrap();
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
}

#[test]
fn a_mistyped_command_gets_a_suggestion() {
    for (typed, meant) in [("lsit", "list"), ("chekc", "check"), ("stat", "start"), ("bach", "batch")] {
        let err = one_error_line(&grade_in(&repo()).arg(typed).output().unwrap());
        assert_eq!(err, format!("error: no command or exercise `{typed}`; did you mean `{meant}`?\n"));
    }
    // Outside a course too: the suggestion is more use than "no grader.toml".
    let elsewhere = tempfile::tempdir().unwrap();
    let err = one_error_line(&grade_in(elsewhere.path()).arg("lsit").output().unwrap());
    assert!(err.contains("did you mean `list`?"), "{err}");
}

#[test]
fn a_mistyped_exercise_id_gets_a_suggestion() {
    for args in [&["exercise-3"][..], &["show", "exercise-3"], &["start", "exercise-3"], &["Exercise-03"]] {
        let err = one_error_line(&grade_in(&repo()).args(args).output().unwrap());
        assert!(err.contains("did you mean `exercise-03`?"), "grade {args:?}: {err}");
        assert!(err.contains("(known exercises: exercise-01, exercise-02,"), "{err}");
    }
    let err = one_error_line(&run_in("counter", &["countr"]));
    assert!(
        err.contains("no exercise `countr` in [repo]/tests/fixtures/counter/exercises; did you mean `counter`?"),
        "{err}"
    );
    // Nothing close: no guess, only the list.
    let err = one_error_line(&run_in("counter", &["zebra"]));
    assert!(!err.contains("did you mean"), "{err}");
    assert!(err.contains("known exercises: counter, map-later, tally"), "{err}");
}

#[test]
fn a_mistyped_glossary_gets_a_suggestion() {
    let err = one_error_line(&grade_in(&repo()).args(["show", "glosary"]).output().unwrap());
    assert_eq!(err, "error: no exercise `glosary`; did you mean `glossary`?\n");
}

#[test]
fn an_exercise_id_close_to_a_command_is_still_graded() {
    // An exercise named `lists` is one letter from `list`: being an exercise, it is graded.
    let course = crate::harness::copy_of("counter");
    let exercises = course.path().join("exercises");
    std::fs::copy(exercises.join("counter.toml"), exercises.join("lists.toml")).unwrap();
    let output = grade_in(course.path()).args(["lists", "solutions/counter.js"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}{}", stdout(&output), stderr(&output));
    let err = one_error_line(&grade_in(course.path()).args(["lisst"]).output().unwrap());
    assert!(err.contains("did you mean `list`?"), "{err}");
}

#[test]
fn check_exits_2_when_an_exercise_toml_does_not_load() {
    let output = run_in("broken", &["check"]);
    assert_eq!(code(&output), 2, "{}{}", stdout(&output), stderr(&output));
    let out = stable(&stdout(&output));
    assert!(
        out.contains("[repo]/tests/fixtures/broken/exercises/bad-toml.toml:7:12: "),
        "the report still lists each: {out}"
    );
    let err = stable(&stderr(&output));
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: 6 exercises do not load"), "{err}");
}

#[test]
fn check_exits_1_when_every_toml_loads_but_a_solution_fails() {
    // A failing solution is a verdict on the course, not a course that cannot be read.
    let output = grade_in(&fixture("authoring")).arg("check").output().unwrap();
    assert_eq!(code(&output), 1, "{}{}", stdout(&output), stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn merge_needs_no_course() {
    // Shards are often merged on another machine, outside any course folder.
    let course = crate::harness::copy_of("counter");
    std::fs::create_dir_all(course.path().join("class/ada")).unwrap();
    std::fs::copy(course.path().join("solutions/counter.js"), course.path().join("class/ada/counter.js")).unwrap();
    let output = grade_in(course.path()).args(["batch", "class", "--output", "shard.jsonl"]).output().unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    let elsewhere = tempfile::tempdir().unwrap();
    let output = grade_in(elsewhere.path())
        .arg("merge")
        .arg(course.path().join("shard.jsonl"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).contains("\"student\":\"ada\""), "{}", stdout(&output));
}
