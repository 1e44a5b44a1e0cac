//! Exercises: the TOML model of spec §2, loaded and validated before anything runs.
//!
//! Loading stands apart from grading: it never runs JavaScript. Rules that need the engine
//! (does `expect_js` parse?) are checked when grading prepares an exercise, with the locations
//! kept here.

mod check;
mod course;
mod error;
mod expected;
mod intrinsics;
pub mod keys;
mod matchers;
mod modules;
mod place;
mod spec_file;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use course::{COURSE_FILE, Course, Limits};
pub use error::{LoadError, Location};
pub use expected::expected_from_toml;
pub use intrinsics::{Intrinsic, Intrinsics};
pub use matchers::{Close, Pattern, Probe, Throws, ThrowsSpec, see};
pub use modules::HelperModule;
pub use place::StringPlace;

/// Per-exercise or per-check changes to the course limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct LimitOverrides {
    /// Wall-clock budget in milliseconds.
    pub time_ms: Option<u64>,
    /// Engine memory in MiB.
    pub memory_mb: Option<u64>,
    /// Engine stack in KiB.
    pub stack_kb: Option<u64>,
    /// Optional built-ins added to the course's.
    pub intrinsics: Option<Intrinsics>,
}

/// The field and message of the first limit out of range, if any.
pub(crate) fn limit_problem(limits: &LimitOverrides) -> Option<(&'static str, String)> {
    let check = |field: &'static str, value: Option<u64>, lo: u64, hi: u64| {
        value
            .filter(|v| !(lo..=hi).contains(v))
            .map(|v| (field, format!("{field} = {v} is out of range: use {lo} to {hi}")))
    };
    check("time_ms", limits.time_ms, 1, 600_000)
        .or_else(|| check("memory_mb", limits.memory_mb, 2, 4096))
        .or_else(|| check("stack_kb", limits.stack_kb, 16, 64 * 1024))
}

/// Most points one check may be worth.
pub const MAX_POINTS: u32 = 1000;

/// Words a submission cannot define as a global binding: JavaScript's reserved words, strict
/// mode and modules included (`await`, `yield`, `let`, `static`, `arguments`, `eval`, ...).
const RESERVED: &str = "arguments await break case catch class const continue debugger default delete do else enum \
    eval export extends false finally for function if implements import in instanceof interface let new null package \
    private protected public return static super switch this throw true try typeof var void while with yield";

/// The globals that no script can redefine.
const READ_ONLY: &[&str] = &["undefined", "NaN", "Infinity"];

/// What a check runs after `setup`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Statements; the value of the last one is the result.
    Run(String),
    /// Expressions evaluated in order, each giving one result.
    Calls(Vec<String>),
    /// A test of the exercise's spec file (see [`crate::spec`]).
    Spec {
        /// Its place among the tests the spec registers.
        index: usize,
        /// The `test(...)` call as written, for reports.
        code: String,
    },
}

/// One check of an exercise.
#[derive(Debug, Clone)]
pub struct Check {
    /// Unique within the exercise.
    pub name: String,
    /// The named setup group whose statements run before this check's own (after the exercise's).
    pub group: Option<String>,
    /// Statements run after the submission loads.
    pub setup: Option<String>,
    /// What produces the result(s).
    pub action: Action,
    /// The expected value (or one per call), straight from TOML.
    pub expect: Option<toml::Value>,
    /// A JS expression for the expected value, evaluated in a pristine context.
    pub expect_js: Option<String>,
    /// Where `expect_js` is in the TOML file, so its syntax errors point into it.
    pub expect_js_place: Option<StringPlace>,
    /// A value the result must not equal.
    pub expect_not: Option<toml::Value>,
    /// A number the result must be close to.
    pub expect_close: Option<Close>,
    /// A primitive the result must loosely equal (`==`, coerced in the checker realm).
    pub expect_loose: Option<toml::Value>,
    /// A constructor name on the result's prototype chain.
    pub expect_instance_of: Option<String>,
    /// What the checker realm does with the result before it is copied out, if anything.
    pub probe: Option<Probe>,
    /// The exact console output of setup and action.
    pub stdout: Option<String>,
    /// A regular expression the console output matches.
    pub stdout_matches: Option<Pattern>,
    /// The action must throw.
    pub throws: Option<Throws>,
    /// Points for passing; default 1.
    pub points: u32,
    /// Whether students see only the name and verdict.
    pub hidden: bool,
    /// Shown when the check fails.
    pub hint: Option<String>,
    /// Limit overrides for this check.
    pub limits: LimitOverrides,
    /// Where the check starts in its file.
    pub location: Location,
}

/// What an exercise asks the learner's file for (`kind`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Code that the checks call (the default).
    #[default]
    Code,
    /// Answers to "what does this print or return?", predicted without running the code: every
    /// check is hidden, so no report shows an expected answer before the learner has it.
    Predict,
}

/// A known wrong solution and the lesson it teaches.
#[derive(Debug, Clone)]
pub struct Mistake {
    /// A short name.
    pub name: String,
    /// A whole submission that makes the mistake.
    pub code: String,
    /// What a learner with this mistake is told.
    pub explain: String,
    /// `core = [...]`: the checks that define the mistake (a learner who fails them all has its
    /// signature); `None`: the checks its code fails, the leak check left out unless alone.
    pub core: Option<Vec<String>>,
    /// `shape = [...]`: the code shapes that define it (`top-level-state`...); `None`: the shapes
    /// its code has that the reference solution does not.
    pub shape: Option<Vec<String>>,
    /// Where the mistake starts in its file.
    pub location: Location,
}

/// One exercise, validated.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// The file stem, e.g. `exercise-03`.
    pub id: String,
    /// The TOML file.
    pub path: PathBuf,
    /// The title.
    pub title: String,
    /// Topic tags, the first being the exercise's topic.
    pub tags: Vec<String>,
    /// Code, or predictions.
    pub kind: Kind,
    /// Names the submission must define.
    pub entry: Vec<String>,
    /// When present, the only globals the submission may add besides `entry`.
    pub globals: Option<Vec<String>>,
    /// Markdown shown by `grade show`.
    pub prompt: String,
    /// Progressive hints.
    pub hints: Vec<String>,
    /// Code the learner starts from.
    pub starter: String,
    /// Limit overrides for every check.
    pub limits: LimitOverrides,
    /// Statements run before every check's own setup, in the checker realm.
    pub setup: Option<String>,
    /// Named setups a check joins with `group` (a `describe` block's constants), by name.
    pub setup_groups: std::collections::BTreeMap<String, String>,
    /// A script run in the submission's realm before the submission loads (globals it may use,
    /// such as `alert`).
    pub prelude: Option<String>,
    /// Helper modules the submission may import or require by relative name.
    pub modules: Vec<HelperModule>,
    /// The checks, in file order.
    pub checks: Vec<Check>,
    /// Known wrong solutions.
    pub mistakes: Vec<Mistake>,
    /// The Jest-style spec file whose tests are checks, if the exercise names one (`spec`).
    pub spec: Option<std::sync::Arc<crate::spec::SpecSuite>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawExercise {
    title: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    kind: Kind,
    #[serde(default)]
    entry: Vec<Spanned<String>>,
    globals: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    hints: Vec<String>,
    #[serde(default)]
    starter: String,
    time_ms: Option<Spanned<u64>>,
    memory_mb: Option<Spanned<u64>>,
    stack_kb: Option<Spanned<u64>>,
    intrinsics: Option<Intrinsics>,
    setup: Option<String>,
    #[serde(default)]
    setup_groups: std::collections::BTreeMap<String, String>,
    prelude: Option<String>,
    #[serde(default)]
    modules: std::collections::BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    check: Vec<Spanned<check::RawCheck>>,
    #[serde(default)]
    mistake: Vec<Spanned<RawMistake>>,
    spec: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMistake {
    name: String,
    code: String,
    explain: String,
    core: Option<Vec<Spanned<String>>>,
    shape: Option<Vec<Spanned<String>>>,
}

/// Whether `name` can be used as a JavaScript identifier (and so as a global binding).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// Why `name` cannot be a name the submission defines, if it cannot.
fn name_problem(name: &str) -> Option<String> {
    if !is_identifier(name) {
        return Some(format!("`{name}` is not a JavaScript identifier"));
    }
    if READ_ONLY.contains(&name) {
        return Some(format!("`{name}` is a read-only global of JavaScript, so no submission can define it"));
    }
    RESERVED.split_whitespace().any(|word| word == name).then(|| {
        format!("`{name}` is a reserved word in JavaScript, so no submission can define it: choose another name")
    })
}

/// Limit overrides with the place of the first one out of range.
pub(super) fn limit_overrides(
    time_ms: Option<Spanned<u64>>,
    memory_mb: Option<Spanned<u64>>,
    stack_kb: Option<Spanned<u64>>,
) -> Result<LimitOverrides, (usize, String)> {
    let start = |v: &Option<Spanned<u64>>| v.as_ref().map_or(0, |v| v.span().start);
    let starts = [("time_ms", start(&time_ms)), ("memory_mb", start(&memory_mb)), ("stack_kb", start(&stack_kb))];
    let limits = LimitOverrides {
        time_ms: time_ms.map(Spanned::into_inner),
        memory_mb: memory_mb.map(Spanned::into_inner),
        stack_kb: stack_kb.map(Spanned::into_inner),
        intrinsics: None,
    };
    match limit_problem(&limits) {
        Some((field, message)) => {
            Err((starts.iter().find(|(f, _)| *f == field).map_or(0, |(_, start)| *start), message))
        }
        None => Ok(limits),
    }
}

impl Exercise {
    /// Reads and validates one exercise file.
    pub fn load(path: &Path) -> Result<Exercise, LoadError> {
        let text =
            std::fs::read_to_string(path).map_err(|error| LoadError::Read { path: path.to_path_buf(), error })?;
        Exercise::parse(path, &text)
    }

    /// Validates exercise TOML `text` as if read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Exercise, LoadError> {
        let raw: RawExercise =
            toml::from_str(text).map_err(|e| LoadError::from_toml_with_reference(path, text, &e, "exercise-files"))?;
        let at = |offset: usize| Location::at(path, text, offset);
        let invalid = |offset: usize, message: String| LoadError::Invalid { location: at(offset), message };
        let place = |span: std::ops::Range<usize>| StringPlace::new(path, text, span);
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| invalid(0, "the file name must be the exercise id, such as exercise-03.toml".into()))?
            .to_string();

        for name in raw.entry.iter().chain(raw.globals.iter().flatten()) {
            if let Some(problem) = name_problem(name.get_ref()) {
                return Err(invalid(name.span().start, problem));
            }
        }
        let mut limits = limit_overrides(raw.time_ms, raw.memory_mb, raw.stack_kb)
            .map_err(|(offset, message)| invalid(offset, message))?;
        limits.intrinsics = raw.intrinsics;

        let mut names = HashSet::new();
        let mut checks = Vec::with_capacity(raw.check.len());
        for spanned in raw.check {
            let offset = spanned.span().start;
            let mut check = check::validate_check(spanned.into_inner(), at(offset), &at, &place)?;
            check.hidden |= raw.kind == Kind::Predict;
            if let Some(group) = check.group.as_ref().filter(|g| !raw.setup_groups.contains_key(*g)) {
                let known: Vec<&str> = raw.setup_groups.keys().map(String::as_str).collect();
                let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
                return Err(invalid(
                    offset,
                    format!(
                        "check \"{}\": `group = \"{group}\"` names no `[setup_groups]` entry (known: {known}); {}",
                        check.name,
                        see("setup_groups")
                    ),
                ));
            }
            if !names.insert(check.name.clone()) {
                return Err(invalid(
                    offset,
                    format!("two checks are named \"{}\": check names must be unique within an exercise", check.name),
                ));
            }
            checks.push(check);
        }
        let spec = match &raw.spec {
            Some(file) => {
                let suite = spec_file::load(path, file.get_ref()).map_err(|e| match e {
                    spec_file::Problem::Toml(message) => invalid(file.span().start, message),
                    spec_file::Problem::Spec(error) => error,
                })?;
                checks.splice(0..0, spec_file::checks(&suite, &mut names).map_err(|m| invalid(file.span().start, m))?);
                Some(std::sync::Arc::new(suite))
            }
            None => None,
        };
        if checks.is_empty() {
            return Err(invalid(
                0,
                format!("the exercise has no [[check]]: add at least one, or a `spec` file; {}", see("checks")),
            ));
        }
        let folder = path.parent().unwrap_or(Path::new("."));
        let modules = modules::read(folder, raw.modules, &at)?;
        let mut mistakes = Vec::with_capacity(raw.mistake.len());
        for m in raw.mistake {
            let location = at(m.span().start);
            let m = m.into_inner();
            for name in m.core.iter().flatten() {
                if !names.contains(name.get_ref()) {
                    let message = format!(
                        "mistake \"{}\": core names \"{}\", which is not a check of this exercise",
                        m.name,
                        name.get_ref()
                    );
                    return Err(invalid(name.span().start, message));
                }
            }
            for key in m.shape.iter().flatten() {
                if crate::syntax::ShapeKind::from_key(key.get_ref()).is_none() {
                    let known: Vec<&str> = crate::syntax::ShapeKind::ALL.iter().map(|k| k.key()).collect();
                    let message = format!(
                        "mistake \"{}\": shape \"{}\" is not a known shape; use one of {}",
                        m.name,
                        key.get_ref(),
                        known.join(", ")
                    );
                    return Err(invalid(key.span().start, message));
                }
            }
            let strings =
                |list: Option<Vec<Spanned<String>>>| list.map(|l| l.into_iter().map(Spanned::into_inner).collect());
            mistakes.push(Mistake {
                name: m.name,
                code: m.code,
                explain: m.explain,
                core: strings(m.core),
                shape: strings(m.shape),
                location,
            });
        }
        let mut entry: Vec<String> = raw.entry.into_iter().map(Spanned::into_inner).collect();
        if let Some(suite) = &spec
            && entry.is_empty()
        {
            entry = suite.exported_names();
        }
        Ok(Exercise {
            id,
            path: path.to_path_buf(),
            title: raw.title,
            tags: raw.tags,
            kind: raw.kind,
            entry,
            globals: raw.globals.map(|g| g.into_iter().map(Spanned::into_inner).collect()),
            prompt: raw.prompt,
            hints: raw.hints,
            starter: raw.starter,
            limits,
            setup: raw.setup,
            setup_groups: raw.setup_groups,
            prelude: raw.prelude,
            modules,
            checks,
            mistakes,
            spec,
        })
    }

    /// How many checks a report of this exercise lists: its own, and "no global leaks" when
    /// `globals` is set.
    pub fn check_count(&self) -> usize {
        self.checks.len() + usize::from(self.globals.is_some())
    }

    /// The most points a submission can earn.
    pub fn max_score(&self) -> u32 {
        self.checks.iter().fold(u32::from(self.globals.is_some()), |sum, c| sum.saturating_add(c.points))
    }
}

#[cfg(test)]
mod tests;
