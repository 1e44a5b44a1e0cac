//! Running one check of one submission in a fresh sandbox, and reporting what happened as data.

use std::time::{Duration, Instant};

use crate::exercise::{Action, Check, Exercise};
use crate::sandbox::{self, Limits, Stop};
use crate::value::JsValueSnapshot;

use super::submission::Submission;

/// Why the submission did not get as far as the check.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadFailure {
    /// Loading stopped: a syntax error, a throw at top level, a limit.
    Stopped(Stop),
    /// These entry names are not defined.
    MissingEntry(Vec<String>),
    /// The engine could not start.
    Engine(String),
}

/// What the action produced.
#[derive(Debug, Clone, PartialEq)]
pub enum ActionResult {
    /// Setup stopped, so the action did not run.
    NotRun,
    /// The result of `run`.
    Run(Result<JsValueSnapshot, Stop>),
    /// One result per call, up to and including the first that stopped.
    Calls(Vec<Result<JsValueSnapshot, Stop>>),
}

/// Everything one check run produced, before judging.
#[derive(Debug, Clone)]
pub struct CheckRun {
    /// Whether the submission loaded and defined its entries.
    pub load: Result<(), LoadFailure>,
    /// Whether setup ran.
    pub setup: Result<(), Stop>,
    /// The action's results.
    pub action: ActionResult,
    /// Console output after loading.
    pub stdout: String,
    /// Console errors after loading.
    pub stderr: String,
    /// Globals the submission added that the exercise does not allow.
    pub leaks: Vec<String>,
    /// Wall time.
    pub duration: Duration,
}

impl CheckRun {
    /// A run that has produced nothing yet.
    fn empty(load: Result<(), LoadFailure>) -> CheckRun {
        CheckRun {
            load,
            setup: Ok(()),
            action: ActionResult::NotRun,
            stdout: String::new(),
            stderr: String::new(),
            leaks: Vec::new(),
            duration: Duration::ZERO,
        }
    }
}

/// Names a submission declares at top level with `let`, `const` or `class`: such bindings are
/// globals of a script, yet not properties of the global object.
pub fn lexical_candidates(source: &str) -> Vec<String> {
    let mut names = Vec::new();
    // A set as well as the list: a file with tens of thousands of declarations stays linear.
    let mut seen = std::collections::HashSet::new();
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    let mut depth = 0i32;
    let mut previous_word = String::new();
    let mut previous_mark = ' ';
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '/' if chars.peek().is_some_and(|(_, n)| *n == '/') => {
                while chars.next_if(|(_, n)| *n != '\n').is_some() {}
            }
            '/' if chars.peek().is_some_and(|(_, n)| *n == '*') => {
                chars.next();
                let mut star = false;
                for (_, n) in chars.by_ref() {
                    if star && n == '/' {
                        break;
                    }
                    star = n == '*';
                }
            }
            '\'' | '"' | '`' => {
                let mut escaped = false;
                for (_, n) in chars.by_ref() {
                    if !escaped && n == c {
                        break;
                    }
                    escaped = !escaped && n == '\\';
                }
                previous_mark = c;
            }
            '{' | '(' | '[' => {
                depth += 1;
                previous_mark = c;
            }
            '}' | ')' | ']' => {
                depth -= 1;
                previous_mark = c;
            }
            c if is_word(c) => {
                let mut end = i + c.len_utf8();
                while let Some((j, n)) = chars.next_if(|(_, n)| is_word(*n)) {
                    end = j + n.len_utf8();
                }
                let word = &source[i..end];
                // Only a declaration at the top level of a script is a global binding; `let a = 1,
                // b = 2` declares `b` too, so a top-level name right after a comma is a candidate
                // (the probe discards any that is not a binding).
                let declared = matches!(previous_word.as_str(), "let" | "const" | "class") && previous_mark == ' ';
                if depth == 0
                    && (declared || previous_mark == ',')
                    && crate::exercise::is_identifier(word)
                    && seen.insert(word.to_string())
                {
                    names.push(word.to_string());
                }
                previous_word = word.to_string();
                previous_mark = ' ';
            }
            c if c.is_whitespace() => {}
            c => previous_mark = c,
        }
    }
    names
}

/// Runs one check: the submission loads into a fresh realm of its own, the check's code runs in
/// the checker realm with the entries as its parameters, and what the submission added to its
/// realm is listed for the leak check. The caller's thread must have the stack
/// [`sandbox::stack_for`] asks for.
///
/// Top-level `let`/`const`/`class` bindings only come into being while the file loads, so they
/// are probed for only when `probe_lexicals` is set (the first check of a submission).
pub fn run_check(
    exercise: &Exercise,
    check: &Check,
    submission: &Submission,
    limits: &Limits,
    probe_lexicals: bool,
) -> CheckRun {
    let started = Instant::now();
    // A module's own declarations are not globals, but what it puts on `globalThis` is.
    let watch_globals = exercise.globals.is_some();
    let is_script = submission.style != sandbox::SubmissionStyle::Module;
    let candidates =
        if watch_globals && is_script && probe_lexicals { lexical_candidates(&submission.source) } else { Vec::new() };
    let result = sandbox::run_isolated(limits, |sb| {
        let mut run = CheckRun::empty(Ok(()));
        let exports = match sb.load(&submission.source, &submission.display, submission.style) {
            Ok(exports) => exports,
            Err(stop) => {
                run.load = Err(LoadFailure::Stopped(stop));
                return run;
            }
        };
        let entries = match sb.entries(&exercise.entry, &exports) {
            Ok(Ok(entries)) => entries,
            Ok(Err(missing)) => {
                run.load = Err(LoadFailure::MissingEntry(missing));
                return run;
            }
            Err(stop) => {
                run.load = Err(LoadFailure::Stopped(stop));
                return run;
            }
        };
        let after_load = if watch_globals { sb.realm_additions(&candidates) } else { Vec::new() };
        sb.begin_check();
        run.setup = sb.start_check(&exercise.entry, &entries, check.setup.as_deref());
        if run.setup.is_ok() {
            run.action = match &check.action {
                Action::Run(code) => ActionResult::Run(sb.evaluate(code)),
                Action::Calls(calls) => {
                    let mut results = Vec::with_capacity(calls.len());
                    for call in calls {
                        let result = sb.evaluate(call);
                        let stopped = result.is_err();
                        results.push(result);
                        if stopped {
                            break;
                        }
                    }
                    ActionResult::Calls(results)
                }
            };
        }
        let (stdout, stderr) = sb.output();
        run.stdout = stdout;
        run.stderr = stderr;
        if watch_globals {
            let mut added = after_load;
            for name in sb.realm_additions(&[]) {
                if !added.contains(&name) {
                    added.push(name);
                }
            }
            let allowed = exercise.globals.as_deref().unwrap_or_default();
            run.leaks = added
                .into_iter()
                .filter(|n| !exercise.entry.contains(n) && !allowed.contains(n))
                .filter(|n| !["module", "exports"].contains(&n.as_str()))
                .collect();
        }
        run
    });
    let mut run = result.unwrap_or_else(|e| CheckRun::empty(Err(LoadFailure::Engine(e.to_string()))));
    run.duration = started.elapsed();
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lexical_candidates_are_found() {
        assert_eq!(
            lexical_candidates("let count = 0;\nconst outer = () => { let inner = 1 };\nclass Box {}"),
            ["count", "outer", "Box"]
        );
        assert_eq!(lexical_candidates("let outer = () => 1, total = 0;"), ["outer", "total"]);
        assert_eq!(lexical_candidates("const o = { toString() {}, valueOf() {} };"), ["o"]);
        assert_eq!(lexical_candidates("// let fake = 1\nconst s = '{', t = `}`; /* let x */ let y"), ["s", "t", "y"]);
    }
}
