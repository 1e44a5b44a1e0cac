//! Exercises: the TOML model of spec §2, loaded and validated before anything runs.
//!
//! Loading stands apart from grading: it never runs JavaScript. Rules that need the engine
//! (does `expect_js` parse?) are checked when grading prepares an exercise, with the locations
//! kept here.

mod course;
mod error;
mod expected;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

pub use course::{COURSE_FILE, Course, Limits};
pub use error::{LoadError, Location};
pub use expected::expected_from_toml;

/// Per-exercise or per-check changes to the course limits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
pub struct LimitOverrides {
    /// Wall-clock budget in milliseconds.
    pub time_ms: Option<u64>,
    /// Engine memory in MiB.
    pub memory_mb: Option<u64>,
    /// Engine stack in KiB.
    pub stack_kb: Option<u64>,
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

/// `throws = true` (any error) or `throws = "text"` (the message must contain it).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Throws {
    /// Any thrown value passes.
    Any(bool),
    /// The message must contain this text.
    Message(String),
}

/// What a check runs after `setup`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Statements; the value of the last one is the result.
    Run(String),
    /// Expressions evaluated in order, each giving one result.
    Calls(Vec<String>),
}

/// One check of an exercise.
#[derive(Debug, Clone)]
pub struct Check {
    /// Unique within the exercise.
    pub name: String,
    /// Statements run after the submission loads.
    pub setup: Option<String>,
    /// What produces the result(s).
    pub action: Action,
    /// The expected value (or one per call), straight from TOML.
    pub expect: Option<toml::Value>,
    /// A JS expression for the expected value, evaluated in a pristine context.
    pub expect_js: Option<String>,
    /// The exact console output of setup and action.
    pub stdout: Option<String>,
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

/// A known wrong solution and the lesson it teaches.
#[derive(Debug, Clone)]
pub struct Mistake {
    /// A short name.
    pub name: String,
    /// A whole submission that makes the mistake.
    pub code: String,
    /// What a learner with this mistake is told.
    pub explain: String,
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
    /// The checks, in file order.
    pub checks: Vec<Check>,
    /// Known wrong solutions.
    pub mistakes: Vec<Mistake>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExercise {
    title: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    entry: Vec<Spanned<String>>,
    globals: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    prompt: String,
    #[serde(default)]
    hints: Vec<String>,
    #[serde(default)]
    starter: String,
    time_ms: Option<u64>,
    memory_mb: Option<u64>,
    stack_kb: Option<u64>,
    #[serde(default)]
    check: Vec<Spanned<RawCheck>>,
    #[serde(default)]
    mistake: Vec<Spanned<RawMistake>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCheck {
    name: String,
    setup: Option<String>,
    run: Option<String>,
    calls: Option<Vec<String>>,
    expect: Option<toml::Value>,
    expect_js: Option<String>,
    stdout: Option<String>,
    throws: Option<Throws>,
    points: Option<u32>,
    #[serde(default)]
    hidden: bool,
    hint: Option<String>,
    time_ms: Option<u64>,
    memory_mb: Option<u64>,
    stack_kb: Option<u64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMistake {
    name: String,
    code: String,
    explain: String,
}

/// Whether `name` can be used as a JavaScript identifier (and so as a global binding).
pub fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
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
        let raw: RawExercise = toml::from_str(text).map_err(|e| LoadError::from_toml(path, text, &e))?;
        let at = |offset: usize| Location::at(path, text, offset);
        let invalid = |offset: usize, message: String| LoadError::Invalid { location: at(offset), message };
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| invalid(0, "the file name must be the exercise id, such as exercise-03.toml".into()))?
            .to_string();

        for name in raw.entry.iter().chain(raw.globals.iter().flatten()) {
            if !is_identifier(name.get_ref()) {
                return Err(invalid(name.span().start, format!("`{}` is not a JavaScript identifier", name.get_ref())));
            }
        }
        let limits = LimitOverrides { time_ms: raw.time_ms, memory_mb: raw.memory_mb, stack_kb: raw.stack_kb };
        if let Some((field, message)) = limit_problem(&limits) {
            return Err(invalid(text.find(field).unwrap_or(0), message));
        }

        let mut names = HashSet::new();
        let mut checks = Vec::with_capacity(raw.check.len());
        for spanned in raw.check {
            let offset = spanned.span().start;
            let check = validate_check(spanned.into_inner(), at(offset))?;
            if !names.insert(check.name.clone()) {
                return Err(invalid(
                    offset,
                    format!("two checks are named \"{}\": check names must be unique within an exercise", check.name),
                ));
            }
            checks.push(check);
        }
        if checks.is_empty() {
            return Err(invalid(0, "the exercise has no [[check]]: add at least one".into()));
        }
        let mistakes = raw
            .mistake
            .into_iter()
            .map(|m| {
                let location = at(m.span().start);
                let m = m.into_inner();
                Mistake { name: m.name, code: m.code, explain: m.explain, location }
            })
            .collect();
        Ok(Exercise {
            id,
            path: path.to_path_buf(),
            title: raw.title,
            tags: raw.tags,
            entry: raw.entry.into_iter().map(Spanned::into_inner).collect(),
            globals: raw.globals.map(|g| g.into_iter().map(Spanned::into_inner).collect()),
            prompt: raw.prompt,
            hints: raw.hints,
            starter: raw.starter,
            limits,
            checks,
            mistakes,
        })
    }

    /// The most points a submission can earn.
    pub fn max_score(&self) -> u32 {
        self.checks.iter().map(|c| c.points).sum::<u32>() + u32::from(self.globals.is_some())
    }
}

fn validate_check(raw: RawCheck, location: Location) -> Result<Check, LoadError> {
    let fail = |message: String| {
        Err(LoadError::Invalid { location: location.clone(), message: format!("check \"{}\": {message}", raw.name) })
    };
    if raw.name.trim().is_empty() {
        return fail("the name is empty".into());
    }
    let action = match (raw.run.clone(), raw.calls.clone()) {
        (Some(run), None) => Action::Run(run),
        (None, Some(calls)) if calls.is_empty() => return fail("`calls` is empty: list at least one call".into()),
        (None, Some(calls)) => Action::Calls(calls),
        (Some(_), Some(_)) => return fail("has both `run` and `calls`: use one".into()),
        (None, None) => return fail("has neither `run` nor `calls`: say what the check runs".into()),
    };
    if raw.expect.is_none() && raw.expect_js.is_none() && raw.stdout.is_none() && raw.throws.is_none() {
        return fail("expects nothing, so it cannot fail: add `expect`, `expect_js`, `stdout` or `throws`".into());
    }
    if raw.expect.is_some() && raw.expect_js.is_some() {
        return fail("has both `expect` and `expect_js`: use one".into());
    }
    if raw.throws.is_some() && (raw.expect.is_some() || raw.expect_js.is_some()) {
        return fail("expects both a value and an error: a check that throws has no value, so drop `expect`/`expect_js` or `throws`".into());
    }
    match &raw.throws {
        Some(Throws::Any(false)) => {
            return fail("`throws = false` is not needed: leave `throws` out when no error is expected".into());
        }
        Some(Throws::Message(m)) if m.is_empty() => {
            return fail("`throws = \"\"` matches every message: use `throws = true`".into());
        }
        _ => {}
    }
    if let (Action::Calls(calls), Some(expect)) = (&action, &raw.expect) {
        match expect.as_array() {
            Some(values) if values.len() == calls.len() => {}
            Some(values) => {
                return fail(format!(
                    "has {} calls but {} expected values: `expect` needs one value per call",
                    calls.len(),
                    values.len()
                ));
            }
            None => return fail("with `calls`, `expect` must be an array with one value per call".into()),
        }
    }
    if let Some(Err(message)) = raw.expect.as_ref().map(expected_from_toml) {
        return fail(format!("`expect`: {message}"));
    }
    let limits = LimitOverrides { time_ms: raw.time_ms, memory_mb: raw.memory_mb, stack_kb: raw.stack_kb };
    if let Some((_, message)) = limit_problem(&limits) {
        return fail(message);
    }
    Ok(Check {
        name: raw.name,
        setup: raw.setup,
        action,
        expect: raw.expect,
        expect_js: raw.expect_js,
        stdout: raw.stdout,
        throws: raw.throws,
        points: raw.points.unwrap_or(1),
        hidden: raw.hidden,
        hint: raw.hint,
        limits,
        location,
    })
}

#[cfg(test)]
mod tests;
