//! Validation rules of spec §2, each with the location it reports.

use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Exercise, String> {
    Exercise::parse(Path::new("exercises/exercise-03.toml"), text).map_err(|e| e.to_string())
}

const HEAD: &str = "title = \"t\"\nentry = [\"outer\"]\n";

#[test]
fn a_valid_exercise_loads_with_defaults() {
    let ex = parse(&format!("{HEAD}[[check]]\nname = \"a\"\nrun = \"outer()\"\nexpect = 1\n")).unwrap();
    assert_eq!(ex.id, "exercise-03");
    assert_eq!(ex.checks[0].points, 1);
    assert_eq!(ex.checks[0].action, Action::Run("outer()".into()));
    assert_eq!(ex.checks[0].location.line, 3);
    assert_eq!(ex.max_score(), 1);
}

#[test]
fn rule_breaks_name_their_line() {
    let cases = [
        ("[[check]]\nname = \"a\"\nrun = \"1\"\n", "3:1", "expects nothing"),
        ("[[check]]\nname = \"a\"\nexpect = 1\n", "3:1", "neither `run` nor `calls`"),
        ("[[check]]\nname = \"a\"\nrun = \"1\"\ncalls = [\"1\"]\nexpect = [1]\n", "3:1", "both `run` and `calls`"),
        ("[[check]]\nname = \"a\"\ncalls = [\"1\", \"2\"]\nexpect = [1]\n", "3:1", "2 calls but 1 expected"),
        (
            "[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\n[[check]]\nname = \"a\"\nrun = \"2\"\nexpect = 2\n",
            "7:1",
            "two checks are named \"a\"",
        ),
        ("[[check]]\nname = \"a\"\nrun = \"1\"\nthrows = true\nexpect = 1\n", "3:1", "both a value and an error"),
        ("[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\ncolour = 2\n", "7:1", "unknown field `colour`"),
        ("[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\ntime_ms = 0\n", "3:1", "time_ms = 0 is out of range"),
    ];
    for (body, at, message) in cases {
        let err = parse(&format!("{HEAD}{body}")).unwrap_err();
        assert!(err.contains(&format!("exercise-03.toml:{at}")), "{err}");
        assert!(err.contains(message), "{err}");
    }
}

#[test]
fn entry_names_must_be_identifiers() {
    let err =
        parse("title = \"t\"\nentry = [\"my-fn\"]\n[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\n").unwrap_err();
    assert!(err.contains(":2:10") && err.contains("not a JavaScript identifier"), "{err}");
}

#[test]
fn broken_toml_is_located() {
    let err = parse("title = \"t\nentry = []").unwrap_err();
    assert!(err.starts_with("exercises/exercise-03.toml:1:"), "{err}");
}

#[test]
fn globals_add_a_leak_check_point() {
    let ex =
        parse(&format!("{HEAD}globals = []\n[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\npoints = 3\n")).unwrap();
    assert_eq!(ex.max_score(), 4);
}
