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
        ("[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\ntime_ms = 0\n", "7:11", "time_ms = 0 is out of range"),
        (
            "[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\npoints = 4294967295\n",
            "7:10",
            "out of range: use 0 to 1000",
        ),
        ("[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\npoints = -1\n", "7:10", "`points = -1` is out of range"),
        (
            "[[check]]\nname = \"a\"\nrun = \"1\"\nthrows = 5\n",
            "6:10",
            "`throws` must be true, a message substring or a table",
        ),
        (
            "[[check]]\nname = \"a\"\nrun = \"1\"\nthrows = [1]\n",
            "6:10",
            "or a table such as { class = \"RangeError\" }, not an array",
        ),
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

#[test]
fn points_at_the_bound_load_and_the_sum_never_overflows() {
    let check = |name: &str| format!("[[check]]\nname = \"{name}\"\nrun = \"1\"\nexpect = 1\npoints = 1000\n");
    let ex = parse(&format!("{HEAD}globals = []\n{}{}", check("a"), check("b"))).unwrap();
    assert_eq!(ex.max_score(), 2001);
    // Loading bounds each check; the sum saturates rather than panics however it is built.
    let mut huge = ex.clone();
    huge.checks.iter_mut().for_each(|c| c.points = u32::MAX);
    assert_eq!(huge.max_score(), u32::MAX);
}

#[test]
fn reserved_words_cannot_be_entry_or_globals() {
    for word in ["class", "function", "let", "await", "yield", "this", "static", "enum", "undefined", "eval"] {
        let err =
            parse(&format!("title = \"t\"\nentry = [\"{word}\"]\n[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\n"))
                .unwrap_err();
        assert!(err.contains("exercise-03.toml:2:10:") && err.contains(&format!("`{word}`")), "{err}");
        assert!(err.contains("no submission can define it"), "{err}");
        let err =
            parse(&format!("{HEAD}globals = [\"ok\", \"{word}\"]\n[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\n"))
                .unwrap_err();
        assert!(err.contains("exercise-03.toml:3:18:"), "{err}");
    }
    // Words that only look like reserved ones are fine.
    parse("title = \"t\"\nentry = [\"classify\", \"letter\", \"async\", \"of\"]\n[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\n")
        .unwrap();
}

#[test]
fn exercise_limits_point_at_their_key_not_at_the_prompt() {
    let text = "title = \"t\"\nentry = [\"outer\"]\nprompt = \"set time_ms and stack_kb low\"\nstack_kb = 1\ntime_ms = 0\n[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\n";
    let err = parse(text).unwrap_err();
    assert!(err.starts_with("exercises/exercise-03.toml:5:11: time_ms = 0 is out of range"), "{err}");
    let err = parse(&text.replace("time_ms = 0", "time_ms = 5")).unwrap_err();
    assert!(err.starts_with("exercises/exercise-03.toml:4:12: stack_kb = 1 is out of range"), "{err}");
}

#[test]
fn a_predict_exercise_hides_every_check() {
    let text = "title = \"t\"\nkind = \"predict\"\nentry = [\"predictions\"]\n[[check]]\nname = \"a\"\nrun = \"predictions[0]\"\nexpect = \"global\"\n";
    let ex = parse(text).unwrap();
    assert_eq!(ex.kind, Kind::Predict);
    assert!(ex.checks.iter().all(|c| c.hidden));
    assert_eq!(parse(&format!("{HEAD}[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\n")).unwrap().kind, Kind::Code);
    let err = parse(&text.replace("\"predict\"", "\"essay\"")).unwrap_err();
    assert!(err.contains("2:8") && err.contains("unknown variant `essay`"), "{err}");
}

#[test]
fn the_check_count_includes_the_leak_check_when_globals_is_set() {
    let one = format!("{HEAD}[[check]]\nname = \"a\"\nrun = \"1\"\nexpect = 1\n");
    assert_eq!(parse(&one).unwrap().check_count(), 1);
    assert_eq!(parse(&one.replace("entry", "globals = []\nentry")).unwrap().check_count(), 2);
}
