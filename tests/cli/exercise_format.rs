//! The exercise format of docs/exercise-format.md on fixture courses: `throws` by class and
//! regex, shared setup, the value matchers and their diffs, helper modules and a prelude, a
//! default export beside named ones, missing built-ins, and errors that point into the TOML.

use insta::assert_snapshot;

use crate::harness::{code, copy_of, run_in, stable, stderr, stdout};
use crate::support::grade_in;

const COURSE: &str = "authoring/matchers";

#[test]
fn every_matcher_and_key_passes_its_solution_and_catches_its_mistake() {
    let output = run_in(COURSE, &["check"]);
    let out = stable(&stdout(&output));
    assert_eq!(code(&output), 0, "{out}{}", stderr(&output));
    assert!(out.trim_end().ends_with("all good"), "{out}");
    assert!(out.contains("✓ circular-buffer  6 checks"), "{out}");
    assert!(out.contains("✓ greeter"), "the prelude's alert is no leak: {out}");
}

/// Grades the course's own `submissions/<id>.js`, written wrong on purpose (in a terminal wide
/// enough that no message wraps, so the assertions read whole sentences).
fn wrong(id: &str) -> String {
    let output = grade_in(&crate::support::fixture(COURSE)).env("COLUMNS", "250").arg(id).output().unwrap();
    assert_eq!(code(&output), 1, "{}{}", stdout(&output), stderr(&output));
    stable(&stdout(&output))
}

#[test]
fn close_not_and_class_failures_teach() {
    let out = wrong("lasagna");
    assert!(out.contains("expected 0.6 to 2 decimal digits (a difference under 0.005, here 0.0100)"), "{out}");
    assert!(out.contains("returned 0, which it must not"), "{out}");
    assert!(out.contains("but expected a RangeError (its classes: TypeError ← Error ← Object)"), "{out}");
    assert!(out.contains("✓ the plain-string form still reads the"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn loose_equality_shows_what_the_value_coerced_to() {
    let out = wrong("curried-sum");
    assert!(out.contains("returned [Function: next], which coerces to 2; expected a value == 3"), "{out}");
    assert_snapshot!(out);
}

#[test]
fn a_module_the_exercise_does_not_provide_is_refused_by_name() {
    let out = wrong("circular-buffer");
    assert!(out.contains("import './lib': this exercise provides only './errors'"), "{out}");
}

#[test]
fn the_prelude_s_globals_are_not_leaks_but_the_submission_s_are() {
    let out = wrong("greeter");
    assert!(out.contains("printed output that does not match /^Hello, Ada!\\n$/"), "{out}");
    assert!(out.contains("created global leaked:"), "{out}");
    assert!(out.lines().all(|l| !(l.contains("created global") && l.contains("alert"))), "{out}");
}

#[test]
fn identity_and_getters_are_read_in_the_checker_realm() {
    let dir = copy_of(COURSE);
    let copy = "class Node { constructor(v, n) { this.value = v; this.next = n; } }\n\
        module.exports = class List { constructor() { this.head = { value: 'none' }; this.length = 0; }\n\
        push(v) { this.head = new Node(v, this.head); this.length++; return { ...this }; } };\n";
    std::fs::write(dir.path().join("submissions/linked-list.js"), copy).unwrap();
    let output = grade_in(dir.path()).arg("linked-list").output().unwrap();
    let out = stable(&stdout(&output));
    assert_eq!(code(&output), 1, "{out}");
    assert!(out.contains("returned an equal copy of it, not the same object; expected `list` itself"), "{out}");
    assert!(out.contains("+ { value: 2, next: { value: 1, next: { value: 'none' } } }"), "{out}");
}

#[test]
fn a_getter_that_throws_fails_the_check_not_the_grader() {
    let dir = copy_of(COURSE);
    let hostile =
        "module.exports = class List { get head() { throw new Error('no head'); } push() { return this; } };\n";
    std::fs::write(dir.path().join("submissions/linked-list.js"), hostile).unwrap();
    let output = grade_in(dir.path()).arg("linked-list").output().unwrap();
    let out = stable(&stdout(&output));
    assert_eq!(code(&output), 1, "{out}");
    assert!(out.contains("threw Error: no head"), "{out}");
}

#[test]
fn a_proxy_s_class_is_unknown_and_said_so() {
    let dir = copy_of(COURSE);
    let proxy = "import { BufferFullError, BufferEmptyError } from './errors';\n\
        export default class CircularBuffer { read() { throw new Proxy(new BufferEmptyError(), {}); } write() {} }\n\
        export { BufferFullError, BufferEmptyError };\n";
    std::fs::write(dir.path().join("submissions/circular-buffer.js"), proxy).unwrap();
    let output = grade_in(dir.path()).env("COLUMNS", "250").arg("circular-buffer").output().unwrap();
    let out = stable(&stdout(&output));
    assert!(out.contains("cannot be known without running its code (its class is unknown: a Proxy"), "{out}");
}

#[test]
fn a_missing_builtin_is_named_with_where_to_read() {
    let dir = copy_of(COURSE);
    let intl = "export function quantities(layers) { return { noodles: 50, sauce: Number(new Intl.NumberFormat('en-US').format(0.6)) }; }\n\
        export function preparationTime(layers) { if (layers < 0) throw new RangeError('layers must be at least 0'); return 2 * layers; }\n";
    std::fs::write(dir.path().join("submissions/lasagna.js"), intl).unwrap();
    let output = grade_in(dir.path()).env("COLUMNS", "250").arg("lasagna").output().unwrap();
    let out = stable(&stdout(&output));
    assert!(out.contains("Intl is not available in grade's engine"), "{out}");
    assert!(out.contains("see docs/exercise-format.md#built-ins"), "{out}");
}

/// Writes `exercises/probe.toml` (and its solution) into a copy of the course and runs `grade check`.
fn check_with(toml: &str) -> (i32, String) {
    let dir = copy_of(COURSE);
    std::fs::write(dir.path().join("exercises/probe.toml"), toml).unwrap();
    std::fs::write(dir.path().join("solutions/probe.js"), "function f() { return 1; }\n").unwrap();
    let output = grade_in(dir.path()).arg("check").output().unwrap();
    (code(&output), stable(&format!("{}{}", stdout(&output), stderr(&output))))
}

#[test]
fn an_expect_js_that_does_not_parse_is_reported_at_its_own_line_and_column() {
    let toml = "title = \"p\"\nentry = [\"f\"]\n\n[[check]]\nname = \"a\"\nrun = \"f()\"\nexpect_js = \"\"\"\n[1,\n  2 +* 3]\"\"\"\n";
    let (code, out) = check_with(toml);
    assert_eq!(code, 2, "{out}");
    // `*` is on line 9, column 6 of the TOML file.
    assert!(out.contains("exercises/probe.toml:9:6: check \"a\": `expect_js` does not parse"), "{out}");
    assert!(out.contains("see docs/exercise-format.md#expect_js"), "{out}");
    assert!(!out.contains("expecting ')'"), "{out}");
}

#[test]
fn toml_errors_say_where_in_the_reference_to_look() {
    let cases = [
        ("throws = { kind = \"RangeError\" }", "unknown field `kind`", "#throws"),
        ("throws = { message_matches = \"(\" }", "not a valid regular expression", "#regular-expressions"),
        ("expect_loose = [1]", "compares with a string, number or boolean", "#expect_loose"),
        ("expect = 1\nread_getters = true\nsame_as = \"x\"", "use one per check", "#matchers"),
        (
            "expect = 1\ngroup = \"full\"",
            "`group = \"full\"` names no `[setup_groups]` entry (known: none)",
            "#setup_groups",
        ),
    ];
    for (line, message, anchor) in cases {
        let toml = format!("title = \"p\"\nentry = [\"f\"]\n[[check]]\nname = \"a\"\nrun = \"f()\"\n{line}\n");
        let (code, out) = check_with(&toml);
        assert_eq!(code, 2, "{out}");
        assert!(out.contains(message), "{line}: {out}");
        assert!(out.contains(&format!("see docs/exercise-format.md{anchor}")), "{line}: {out}");
    }
}

#[test]
fn a_helper_module_that_is_missing_is_located() {
    let toml = "title = \"p\"\nentry = [\"f\"]\n[modules]\n\"./lib\" = \"nowhere.js\"\n[[check]]\nname = \"a\"\nrun = \"f()\"\nexpect = 1\n";
    let (code, out) = check_with(toml);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("exercises/probe.toml:4:11: module `./lib`: cannot read"), "{out}");
}

#[test]
fn a_value_of_that_never_returns_stops_at_the_time_limit() {
    let dir = copy_of(COURSE);
    let endless = "function sum(a) { const f = (b) => sum(a + b); f.valueOf = () => { for (;;) {} }; return f; }\n";
    std::fs::write(dir.path().join("submissions/curried-sum.js"), endless).unwrap();
    let output = grade_in(dir.path()).arg("curried-sum").output().unwrap();
    let out = stable(&stdout(&output));
    assert_eq!(code(&output), 1, "{out}{}", stderr(&output));
    assert!(out.contains("ran past the 2000 ms time limit"), "{out}");
    assert!(out.contains("✓ sum returns a function"), "other checks are graded as usual: {out}");
}

/// A copy of the course with `exercises/<id>.toml`, a helper and a solution of its own.
fn course_with(id: &str, toml: &str, helper: (&str, &str), solution: &str) -> tempfile::TempDir {
    let dir = copy_of(COURSE);
    std::fs::write(dir.path().join(format!("exercises/{id}.toml")), toml).unwrap();
    std::fs::write(dir.path().join("exercises").join(helper.0), helper.1).unwrap();
    std::fs::write(dir.path().join(format!("solutions/{id}.js")), solution).unwrap();
    dir
}

#[test]
fn helpers_cross_styles_an_es_module_required_and_commonjs_imported() {
    let toml = |helper: &str| {
        format!(
            "title = \"t\"\nentry = [\"area\"]\nstarter = \"function area() {{}}\"\n[modules]\n\"./geometry\" = \"{helper}\"\n\
             [[check]]\nname = \"area\"\nrun = \"area(2)\"\nexpect = 12\n"
        )
    };
    let esm = ("geometry.mjs", "export const PI = 3;\nexport function square(x) { return x * x; }\n");
    let required = "const { PI, square } = require('./geometry');\nmodule.exports = (r) => PI * square(r);\n";
    let dir = course_with("area", &toml("geometry.mjs"), esm, required);
    let output = grade_in(dir.path()).arg("check").output().unwrap();
    assert_eq!(code(&output), 0, "an ES module helper, required: {}{}", stdout(&output), stderr(&output));

    let cjs = ("geometry.js", "module.exports = { PI: 3, square: (x) => x * x };\n");
    let imported =
        "import geometry from './geometry.js';\nexport function area(r) { return geometry.PI * geometry.square(r); }\n";
    let dir = course_with("area", &toml("geometry.js"), cjs, imported);
    let output = grade_in(dir.path()).arg("check").output().unwrap();
    assert_eq!(code(&output), 0, "a CommonJS helper, imported: {}{}", stdout(&output), stderr(&output));
}

#[test]
fn a_helper_cannot_reach_the_host_either() {
    let toml = "title = \"t\"\nentry = [\"f\"]\n[modules]\n\"./evil\" = \"evil.js\"\n\
        [[check]]\nname = \"f\"\nrun = \"f()\"\nexpect = 1\n";
    let evil = ("evil.js", "import * as fs from 'fs';\nexport const read = () => fs;\n");
    let solution = "import { read } from './evil';\nexport function f() { return 1; }\n";
    let dir = course_with("evil", toml, evil, solution);
    let output = grade_in(dir.path()).args(["evil", "solutions/evil.js"]).output().unwrap();
    let out = stable(&stdout(&output));
    assert_eq!(code(&output), 1, "{out}");
    assert!(out.contains("import 'fs': this exercise provides only './evil'"), "{out}");
}

#[test]
fn the_fifth_red_team_pass_gets_no_wrong_submission_through_the_matchers() {
    // Each attempt is wrong, and once passed (tests/fixtures/authoring/red-team/attempts).
    for (exercise, attempt) in [
        ("loose", "loose-fpcall.js"),
        ("loose", "loose-fpcall-prim.js"),
        ("class-thrown", "thr-nonerror.js"),
        ("instance", "inst-protoctor.js"),
    ] {
        let file = format!("attempts/{attempt}");
        let output = run_in("authoring/red-team", &[exercise, &file, "--format", "json"]);
        let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON document");
        assert_eq!(doc["status"], "fail", "{attempt}: {doc:#}");
        assert_eq!(doc["score"], 0, "{attempt}: {doc:#}");
    }
}
