//! Running one check of one submission in a fresh sandbox, and reporting what happened as data.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use crate::exercise::{Action, Check, Exercise};
use crate::sandbox::{self, BuiltinUse, Limits, Stop};
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
    /// A builtin the check's code uses that the submission changed while the check ran.
    pub tampered: Option<String>,
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
            tampered: None,
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

/// The file name all check code runs under: one name, so that a stack trace cannot tell a
/// submission which check (or which call of it) is running.
const CHECK_ORIGIN: &str = "check";

/// The global names of a fresh sandbox before any submission: the same for every check.
static BASELINE_GLOBALS: OnceLock<Vec<String>> = OnceLock::new();

/// Runs one check. The caller's thread must have the stack [`sandbox::stack_for`] asks for.
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
    let check_code = check_code_text(check);
    let used = BuiltinUse::of(&check_code);
    // A script's top-level `let JSON = ...` would shadow a builtin the check's code names.
    let shadowing: Vec<String> = if used.globals().is_empty() || submission.style != sandbox::SubmissionStyle::Script {
        Vec::new()
    } else {
        lexical_candidates(&submission.source).into_iter().filter(|n| used.globals().contains(n)).collect()
    };
    let result = sandbox::run_isolated(limits, |sb| {
        let mut run = CheckRun::empty(Ok(()));
        sb.guard_builtins(&used);
        let baseline =
            if watch_globals { BASELINE_GLOBALS.get_or_init(|| sb.global_names(&[])).clone() } else { Vec::new() };
        let exports = match sb.load(&submission.source, &submission.display, submission.style) {
            Ok(exports) => exports,
            Err(stop) => {
                run.load = Err(LoadFailure::Stopped(stop));
                return run;
            }
        };
        match sb.bind_entries(&exercise.entry, &exports) {
            Ok(missing) if missing.is_empty() => {}
            Ok(missing) => {
                run.load = Err(LoadFailure::MissingEntry(missing));
                return run;
            }
            Err(stop) => {
                run.load = Err(LoadFailure::Stopped(stop));
                return run;
            }
        }
        let after_load = if !candidates.is_empty() { sb.global_names(&candidates) } else { Vec::new() };
        if let Err(stop) = sb.begin_check() {
            run.setup = Err(stop);
            return run;
        }
        if let Some(name) = sb.shadowed_globals(&shadowing).into_iter().next() {
            run.setup = Err(Stop::Tampered(name));
            return run;
        }
        if let Some(setup) = &check.setup {
            run.setup = sb.exec(setup, CHECK_ORIGIN);
        }
        if run.setup.is_ok() {
            run.action = match &check.action {
                Action::Run(code) => ActionResult::Run(sb.evaluate(code, CHECK_ORIGIN)),
                Action::Calls(calls) => {
                    let mut results = Vec::with_capacity(calls.len());
                    for call in calls {
                        let result = sb.evaluate(call, CHECK_ORIGIN);
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
        run.tampered = sb.builtin_changed();
        let (stdout, stderr) = sb.output();
        run.stdout = stdout;
        run.stderr = stderr;
        if watch_globals {
            let mut now = after_load;
            for name in sb.global_names(&[]) {
                if !now.contains(&name) && !sandbox::mentions(&check_code, &name) {
                    now.push(name);
                }
            }
            let allowed = exercise.globals.as_deref().unwrap_or_default();
            run.leaks = now
                .into_iter()
                .filter(|n| !baseline.contains(n) && !exercise.entry.contains(n) && !allowed.contains(n))
                .filter(|n| !["module", "exports", "spy", "clock"].contains(&n.as_str()))
                .collect();
        }
        run
    });
    let mut run = result.unwrap_or_else(|e| CheckRun::empty(Err(LoadFailure::Engine(e.to_string()))));
    run.duration = started.elapsed();
    run
}

fn check_code_text(check: &Check) -> String {
    let mut text = check.setup.clone().unwrap_or_default();
    match &check.action {
        Action::Run(code) => text.push_str(code),
        Action::Calls(calls) => calls.iter().for_each(|c| text.push_str(c)),
    }
    text
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
