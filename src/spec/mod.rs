//! Jest-style spec files (`spec = "name.spec.js"` in an exercise): read with oxc into typed
//! tests when the exercise loads, turned into check code for the checker realm, and judged on the
//! host from what their `expect` calls recorded.
//!
//! Reading never runs JavaScript. It finds every `describe`/`test`/`it` (with `.skip`, `x...`,
//! `.each` over a literal table) where the file declares it, joins the names as Jest does, and
//! notes which names the spec imports from the submission. The tests run later, one per check,
//! with the small `expect`/`jest` runtime of `runtime.js` (see [`check_code`]); what each
//! `expect` recorded is judged by [`matcher`].

mod code;
mod collect;
mod each;
pub mod matcher;

use std::path::{Path, PathBuf};

pub use code::{RUN_PARAMETER, RUNTIME, check_code, run_test_code};

/// A spec file, read: its tests, the names it imports from the submission, and its code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecSuite {
    /// The spec file.
    pub file: PathBuf,
    /// The spec's source as check code: imports removed, each `expect` told its line and column.
    pub body: String,
    /// The module name the spec imports the submission as (`./coordinate-transformation`).
    pub submission_module: Option<String>,
    /// What the spec imports from the submission, in file order.
    pub imports: Vec<SubmissionImport>,
    /// Local names the spec gave to `@jest/globals` imports it renamed (`import { test as t }`).
    pub global_aliases: Vec<(String, String)>,
    /// Every test the file declares, skipped ones included, in the order Jest registers them.
    pub tests: Vec<SpecTest>,
}

/// One name the spec imports from the submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubmissionImport {
    /// The exported name (`default` for a default import).
    pub exported: String,
    /// The name the spec uses.
    pub local: String,
}

/// One `test`/`it` of a spec (or one row of a `test.each`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecTest {
    /// The describe names and the test's own, joined with spaces as Jest prints them.
    pub name: String,
    /// Its place among every test the file registers (skipped ones count).
    pub index: usize,
    /// Whether it is skipped (`test.skip`, `xit`, `test.todo`, inside `describe.skip`).
    pub skipped: bool,
    /// Line of the `test` call in the spec file, from 1.
    pub line: usize,
    /// Column, from 1.
    pub column: usize,
    /// The `test(...)` call as the file writes it.
    pub code: String,
}

/// Why a spec file cannot be used, with the byte offset in the spec it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SpecError {
    /// Where in the spec file.
    pub offset: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl SpecError {
    fn at(offset: u32, message: impl Into<String>) -> SpecError {
        SpecError { offset: offset as usize, message: message.into() }
    }
}

impl SpecSuite {
    /// Reads a spec file's text (as found at `file`) into its tests.
    pub fn parse(file: &Path, source: &str) -> Result<SpecSuite, SpecError> {
        collect::collect(file, source)
    }

    /// The tests that run (not skipped).
    pub fn running(&self) -> impl Iterator<Item = &SpecTest> {
        self.tests.iter().filter(|t| !t.skipped)
    }

    /// The tests that are skipped.
    pub fn skipped(&self) -> impl Iterator<Item = &SpecTest> {
        self.tests.iter().filter(|t| t.skipped)
    }

    /// The names check code looks the submission's exports up by, in import order.
    pub fn exported_names(&self) -> Vec<String> {
        self.imports.iter().map(|i| i.exported.clone()).collect()
    }
}

#[cfg(test)]
mod tests;
