//! The `spec` key: a Jest-style spec file beside the exercise TOML, read into one check per test.

use std::collections::HashSet;
use std::path::Path;

use super::{Action, Check, LimitOverrides, LoadError, Location};
use crate::spec::SpecSuite;

/// Largest spec file read, in bytes.
const MAX_SPEC_BYTES: u64 = 1 << 20;

/// Why the `spec` key could not be used.
pub(super) enum Problem {
    /// Wrong at the key itself (reported at its place in the TOML).
    Toml(String),
    /// Wrong inside the spec file (reported at its place there).
    Spec(LoadError),
}

/// Reads the spec file `name` (relative to the exercise TOML at `toml`).
pub(super) fn load(toml: &Path, name: &str) -> Result<SpecSuite, Problem> {
    if name.trim().is_empty() {
        return Err(Problem::Toml("`spec` is empty: name the spec file, such as `spec = \"lasagna.spec.js\"`".into()));
    }
    let file = toml.parent().unwrap_or(Path::new(".")).join(name);
    let meta = std::fs::metadata(&file).map_err(|error| {
        Problem::Toml(format!(
            "`spec = \"{name}\"`: cannot read {}: {error} (the path is relative to the exercise's TOML file)",
            file.display()
        ))
    })?;
    if !meta.is_file() || meta.len() > MAX_SPEC_BYTES {
        return Err(Problem::Toml(format!("`spec = \"{name}\"`: {} is not a file of at most 1 MB", file.display())));
    }
    let text =
        std::fs::read_to_string(&file).map_err(|error| Problem::Spec(LoadError::Read { path: file.clone(), error }))?;
    SpecSuite::parse(&file, &text).map_err(|error| {
        Problem::Spec(LoadError::Invalid {
            location: Location::at(&file, &text, error.offset),
            message: format!("{} (see docs/spec-files.md)", error.message),
        })
    })
}

/// One check per test that runs, named as Jest names it; `names` holds the names taken so far.
pub(super) fn checks(suite: &SpecSuite, names: &mut HashSet<String>) -> Result<Vec<Check>, String> {
    let mut checks = Vec::new();
    for test in suite.running() {
        if !names.insert(test.name.clone()) {
            return Err(format!(
                "{}:{}:{}: two tests are named \"{}\": each test of a spec becomes a check, and check names must be \
                 unique within an exercise",
                suite.file.display(),
                test.line,
                test.column,
                test.name
            ));
        }
        checks.push(Check {
            name: test.name.clone(),
            group: None,
            setup: None,
            action: Action::Spec { index: test.index, code: test.code.clone() },
            expect: None,
            expect_js: None,
            expect_js_place: None,
            expect_not: None,
            expect_close: None,
            expect_loose: None,
            expect_instance_of: None,
            probe: None,
            stdout: None,
            stdout_matches: None,
            throws: None,
            points: 1,
            hidden: false,
            hint: None,
            limits: LimitOverrides::default(),
            location: Location { file: suite.file.clone(), line: test.line, column: test.column },
        });
    }
    if checks.is_empty() {
        return Err(format!(
            "every test of {} is skipped: a spec needs at least one test that runs",
            suite.file.display()
        ));
    }
    Ok(checks)
}
