//! Reading spec files: names, skips, tables, imports, and what is refused.

use std::path::Path;

use super::*;

fn read(source: &str) -> Result<SpecSuite, SpecError> {
    SpecSuite::parse(Path::new("x.spec.js"), source)
}

#[test]
fn describe_names_are_joined_and_skips_counted() {
    let suite = read(
        "import { describe, expect, test, xtest } from '@jest/globals';\n\
         import { translate2d, memoize as remember } from './coordinates';\n\
         describe('translate2d', () => {\n  beforeEach(() => {});\n  test('moves', () => { expect(1).toBe(1); });\n\
           describe('nested', function () { it('deeper', () => {}); });\n  xtest('later', () => {});\n});\n\
         test.skip('skipped', () => {});\ntest.todo('some day');\n",
    )
    .unwrap();
    let names: Vec<_> = suite.tests.iter().map(|t| (t.name.as_str(), t.skipped)).collect();
    assert_eq!(
        names,
        [
            ("translate2d moves", false),
            ("translate2d nested deeper", false),
            ("translate2d later", true),
            ("skipped", true),
            ("some day", true)
        ]
    );
    assert_eq!(suite.tests[0].line, 5);
    assert_eq!(suite.submission_module.as_deref(), Some("./coordinates"));
    assert_eq!(suite.exported_names(), ["translate2d", "memoize"]);
    assert_eq!(suite.imports[1].local, "remember");
    // Imports are gone (lines kept); `expect` knows its place.
    assert!(!suite.body.contains("import"));
    assert_eq!(suite.body.lines().count(), 10);
    assert!(suite.body.contains(r#"__gradeExpectAt(5, 25, "expect(1).toBe(1)")(1).toBe(1)"#), "{}", suite.body);
}

#[test]
fn each_tables_expand_with_their_names() {
    let suite = read(
        "test.each([[1, 1, 2], [2, -3, -1]])('add(%i, %i) is %i', (a, b, c) => {});\n\
         it.each([{ a: 'x', b: 2 }])('$a has $b', () => {});\n\
         describe.each(['one', 'two'])('with %s', (n) => { test('works %#', () => {}); });\n\
         test.each([[1]])('row %# of %p %%', () => {});\n",
    )
    .unwrap();
    let names: Vec<_> = suite.tests.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        ["add(1, 1) is 2", "add(2, -3) is -1", "\"x\" has 2", "with one works %#", "with two works %#", "row 0 of 1 %"]
    );
}

#[test]
fn tests_that_cannot_be_read_before_running_are_refused_where_they_are() {
    let cases = [
        ("for (const x of [1]) { test('a', () => {}); }", "inside a function, a loop or a condition"),
        ("test(`n ${1}`, () => {});", "must be a string literal"),
        ("const rows = [[1]]; test.each(rows)('a', () => {});", "array literal"),
        ("import x from 'lodash'; test('a', () => {});", "which grade does not provide"),
        ("import * as m from './m'; test('a', () => {});", "import * as m"),
        ("describe('a', () => {});", "declares no test"),
        ("test('a', () => {", "does not parse"),
        ("test.failing('a', () => {});", "`.failing` is not supported"),
        ("const x = await 1;\ntest('a', async () => { await x; });", "`await` at the top level"),
    ];
    for (source, says) in cases {
        let error = read(source).unwrap_err();
        assert!(error.message.contains(says), "{source}: {}", error.message);
    }
    let error = read("test('a', () => {});\nif (true) { it('b', () => {}); }").unwrap_err();
    assert_eq!(error.offset, "test('a', () => {});\nif (true) { ".len());
}
