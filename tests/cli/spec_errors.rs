//! A spec file grade cannot use is reported when the exercise loads, at its own file, line and
//! column, with what to do; nothing runs.

use crate::harness::{code, stderr, stdout};
use crate::support::grade_in;

/// A course with one exercise whose spec is `spec`.
fn course_with_spec(spec: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("grader.toml"), "[course]\ntitle = \"t\"\n").unwrap();
    std::fs::create_dir_all(dir.path().join("exercises")).unwrap();
    std::fs::create_dir_all(dir.path().join("solutions")).unwrap();
    std::fs::write(dir.path().join("exercises/adder.toml"), "title = \"Adder\"\nspec = \"adder.spec.js\"\n").unwrap();
    std::fs::write(dir.path().join("exercises/adder.spec.js"), spec).unwrap();
    std::fs::write(dir.path().join("solutions/adder.js"), "export const add = (a, b) => a + b;\n").unwrap();
    dir
}

#[test]
fn a_test_declared_in_a_loop_is_refused_at_its_line() {
    let dir = course_with_spec(
        "import { add } from './adder';\ntest('adds', () => expect(add(1, 2)).toBe(3));\nfor (const n of [1, 2]) {\n  test('adds ' + n, () => {});\n}\n",
    );
    let output = grade_in(dir.path()).arg("check").output().unwrap();
    assert_eq!(code(&output), 2, "{}", stdout(&output));
    let text = stdout(&output) + &stderr(&output);
    assert!(text.contains("adder.spec.js:4:3: `test` is used where grade cannot read it"), "{text}");
    assert!(text.contains("docs/spec-files.md"), "{text}");
}

#[test]
fn a_missing_spec_file_is_named_at_the_key() {
    let dir = course_with_spec("test('x', () => {});\n");
    std::fs::remove_file(dir.path().join("exercises/adder.spec.js")).unwrap();
    let output = grade_in(dir.path()).args(["adder", "solutions/adder.js"]).output().unwrap();
    assert_eq!(code(&output), 2);
    let text = stderr(&output);
    assert!(text.contains("adder.toml:2:8: `spec = \"adder.spec.js\"`: cannot read"), "{text}");
    assert!(text.contains("relative to the exercise's TOML file"), "{text}");
}

#[test]
fn a_spec_that_imports_a_library_is_refused() {
    let dir = course_with_spec("import _ from 'lodash';\ntest('x', () => {});\n");
    let output = grade_in(dir.path()).arg("check").output().unwrap();
    let text = stdout(&output) + &stderr(&output);
    assert!(text.contains("adder.spec.js:1:15: the spec imports 'lodash', which grade does not provide"), "{text}");
}

#[test]
fn a_spec_written_from_the_docs_passes_grade_check() {
    // The example of docs/spec-files.md, as an author would copy it.
    let dir = course_with_spec(
        "import { describe, expect, test } from '@jest/globals';\nimport { add } from './adder';\n\n\
         describe('add', () => {\n  test.each([[1, 2, 3], [-1, 1, 0]])('add(%i, %i) is %i', (a, b, sum) => {\n    \
         expect(add(a, b)).toBe(sum);\n  });\n  test.skip('adds strings too', () => {});\n});\n",
    );
    let output = grade_in(dir.path()).arg("check").output().unwrap();
    assert_eq!(code(&output), 0, "{}\n{}", stdout(&output), stderr(&output));
    assert!(
        stdout(&output).contains("adder  2 checks (1 skipped in the spec) · solution passes 2/2"),
        "{}",
        stdout(&output)
    );
}
