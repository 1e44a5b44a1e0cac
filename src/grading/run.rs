//! Running one check of one submission in a fresh sandbox, and reporting what happened as data.

use std::time::{Duration, Instant};

use crate::exercise::{Action, Check, Exercise};
use crate::sandbox::{self, Limits, Stop};
use crate::spec;
use crate::value::{ClassChain, JsValueSnapshot};

use super::probe::{self, ProbeResult};
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
    /// The exercise's own prelude stopped (the course's fault, which `grade check` reports).
    Prelude(Stop),
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
    /// A spec test ran (or stopped): what its `expect` calls recorded, in order, either way.
    Spec(Result<(), Stop>, Vec<sandbox::Recorded>),
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
    /// What the check's probe learnt of the `run` result, if it has one.
    pub probe: Option<ProbeResult>,
    /// The constructors along the `run` result's prototype chain, for `expect_instance_of`.
    pub classes: Option<ClassChain>,
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
            probe: None,
            classes: None,
            duration: Duration::ZERO,
        }
    }
}

/// Gives a fresh realm what the exercise provides before a submission loads: its helper
/// modules, then its prelude (which may stop).
pub fn provide_course_code(sb: &mut sandbox::Sandbox<'_>, exercise: &Exercise) -> Result<(), Stop> {
    if !exercise.modules.is_empty() {
        sb.provide_modules(
            exercise
                .modules
                .iter()
                .map(|m| sandbox::HelperSource { specifier: m.specifier.clone(), source: m.source.clone() })
                .collect(),
        );
    }
    match &exercise.prelude {
        Some(prelude) => sb.run_prelude(prelude),
        None => Ok(()),
    }
}

/// The exercise's setup, then the check's group's, then the check's own.
pub fn setup_of(exercise: &Exercise, check: &Check) -> Option<String> {
    let group = check.group.as_ref().and_then(|g| exercise.setup_groups.get(g));
    let parts: Vec<&str> =
        [exercise.setup.as_ref(), group, check.setup.as_ref()].into_iter().flatten().map(String::as_str).collect();
    (!parts.is_empty()).then(|| parts.join("\n;\n"))
}

/// Runs `run`'s code through the check's probe (and reads the result's classes when asked).
fn run_action(sb: &mut sandbox::Sandbox<'_>, check: &Check, code: &str, run: &mut CheckRun) -> ActionResult {
    let wrapped = probe::wrap(code, check.probe.as_ref());
    let result = if check.expect_instance_of.is_some() {
        sb.evaluate_classified(&wrapped).map(|(value, classes)| {
            run.classes = Some(classes);
            value
        })
    } else {
        sb.evaluate(&wrapped)
    };
    let result = match (result, &check.probe) {
        (Ok(answer), Some(p)) => match probe::unwrap(answer, p) {
            Some((value, learnt)) => {
                run.probe = learnt;
                Ok(value)
            }
            None => Ok(JsValueSnapshot::Opaque("unreadable probe answer".into())),
        },
        (result, _) => result,
    };
    ActionResult::Run(result)
}

/// The globals a script declares at top level (`var`, `let`, `const`, `function`, `class`) and
/// the undeclared names it assigns, read from the parsed source (escapes decoded; comments,
/// strings and regular expressions never mistaken for code): each is a global, whether or not
/// the name was a global before (`var escape` or `escape = []` replaces one). A CommonJS file's
/// and a module's declarations are their own (their undeclared assignments still count).
pub fn declared_globals(submission: &Submission) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let script = submission.style == sandbox::SubmissionStyle::Script;
    let declared = submission.analysis.bindings().iter().filter(|_| script).map(|b| &b.name);
    let assigned = submission.analysis.undeclared_writes().iter().map(|w| &w.name);
    for name in declared.chain(assigned) {
        if !names.contains(name) {
            names.push(name.clone());
        }
    }
    names
}

/// Where a check stands among a submission's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    /// The submission's first check.
    pub first: bool,
    /// Its last check.
    pub last: bool,
}

impl Visit {
    /// The visit of check `index` of `count`.
    pub fn of(index: usize, count: usize) -> Visit {
        Visit { first: index == 0, last: index + 1 == count }
    }
}

/// Runs one check: the submission loads into a fresh realm of its own, the check's code runs in
/// the checker realm with the entries as its parameters, and what the submission added to its
/// realm is listed for the leak check. The caller's thread must have the stack
/// [`sandbox::stack_for`] asks for.
///
/// On a submission's first check its declared globals are counted; on its last the built-in
/// objects are searched for state it put there (the search costs about a third of a check; what
/// loading put there is in every check's realm, and the last check has used the most code).
pub fn run_check(
    exercise: &Exercise,
    check: &Check,
    submission: &Submission,
    limits: &Limits,
    visit: Visit,
) -> CheckRun {
    let first_check = visit.first;
    let started = Instant::now();
    // A module's own declarations are not globals, but what it puts on `globalThis` is.
    let watch_globals = exercise.globals.is_some();
    let declared = if watch_globals && first_check { declared_globals(submission) } else { Vec::new() };
    let result = sandbox::run_isolated(limits, |sb| {
        let mut run = CheckRun::empty(Ok(()));
        let search_builtins = watch_globals && visit.last;
        if search_builtins {
            sb.note_originals();
        }
        // The exercise's prelude runs first; what it defines is the exercise's, not a leak.
        let mut from_prelude = Vec::new();
        if let Err(stop) = provide_course_code(sb, exercise) {
            run.load = Err(LoadFailure::Prelude(stop));
            return run;
        }
        if watch_globals && exercise.prelude.is_some() {
            from_prelude = sb.realm_additions(&[], false);
        }
        let exports = match sb.load(&submission.source, &submission.display, submission.style) {
            Ok(exports) => exports,
            Err(stop) => {
                run.load = Err(LoadFailure::Stopped(stop));
                return run;
            }
        };
        let spec = match (&check.action, &exercise.spec) {
            (Action::Spec { index, .. }, Some(suite)) => Some((*index, suite)),
            _ => None,
        };
        let names = match spec {
            Some((_, suite)) => suite.exported_names(),
            None => exercise.entry.clone(),
        };
        let entries = match sb.entries(&names, &exports) {
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
        // Loading adds the same names every check: the first check of a submission notes them
        // (in case a check then deletes one); later checks read the realm once, at their end.
        let after_load = if watch_globals && first_check { sb.realm_additions(&[], false) } else { Vec::new() };
        sb.begin_check();
        if let Some((index, suite)) = spec {
            let recordings = sandbox::Recordings::default();
            let (parameters, setup) = spec::check_code(suite);
            run.setup = sb.start_spec_check(&parameters, &entries, &setup, &recordings);
            if run.setup.is_ok() {
                let ran = sb.evaluate(&spec::run_test_code(suite, index)).map(|_| ());
                run.action = ActionResult::Spec(ran, recordings.take());
            }
        } else {
            run.setup = sb.start_check(&exercise.entry, &entries, setup_of(exercise, check).as_deref());
        }
        if run.setup.is_ok() && spec.is_none() {
            run.action = match &check.action {
                Action::Run(code) => run_action(sb, check, code, &mut run),
                Action::Calls(calls) => {
                    let mut results = Vec::with_capacity(calls.len());
                    for call in calls {
                        let result = sb.evaluate(&probe::wrap(call, check.probe.as_ref()));
                        let stopped = result.is_err();
                        results.push(result);
                        if stopped {
                            break;
                        }
                    }
                    ActionResult::Calls(results)
                }
                Action::Spec { .. } => ActionResult::NotRun,
            };
        }
        let (stdout, stderr) = sb.output();
        run.stdout = stdout;
        run.stderr = stderr;
        if watch_globals {
            let mut added = declared.clone();
            // The built-ins are searched once a submission's last check has run, but for the
            // ones the file assigns: those it replaced, named already.
            let assigned = if search_builtins { declared_globals(submission) } else { Vec::new() };
            for name in after_load.into_iter().chain(sb.realm_additions(&assigned, search_builtins)) {
                if !added.contains(&name) {
                    added.push(name);
                }
            }
            // A script's stateless top-level helpers are allowed, as in a CommonJS file or a
            // module; state kept on one is not.
            let helpers: &[String] = match submission.style {
                sandbox::SubmissionStyle::Script => submission.analysis.stateless_helpers(),
                _ => &[],
            };
            added.extend(sb.helper_state(helpers));
            if submission.style == sandbox::SubmissionStyle::Script {
                added.extend(sb.entry_state(&names, &entries));
            }
            let allowed = exercise.globals.as_deref().unwrap_or_default();
            run.leaks = added
                .into_iter()
                .filter(|n| !exercise.entry.contains(n) && !allowed.contains(n) && !helpers.contains(n))
                .filter(|n| !from_prelude.contains(n))
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
    fn a_script_s_declared_globals_are_found() {
        let names = |source: &str| declared_globals(&Submission::from_text("s.js", source).unwrap());
        assert_eq!(
            names("let count = 0;\nconst outer = () => { let inner = 1 };\nclass Box {}"),
            ["count", "outer", "Box"]
        );
        assert_eq!(names("let outer = () => 1, total = 0;"), ["outer", "total"]);
        assert_eq!(names("const o = { toString() {}, valueOf() {} };"), ["o"]);
        assert_eq!(names("// let fake = 1\nconst s = '{', t = `}`; /* let x */ let y"), ["s", "t", "y"]);
        assert_eq!(
            names("const r = /'/; let \\u004Fbject = 1, t\\u006ftal = 2; var v; function f() {}"),
            ["r", "Object", "total", "v", "f"]
        );
        // Globals a fresh realm already has are declared all the same; destructuring declares too.
        assert_eq!(names("var escape = []; let [items, nextId] = [[], 1];"), ["escape", "items", "nextId"]);
        // A CommonJS file's and a module's declarations are their own; what it assigns undeclared
        // is global all the same.
        assert!(names("let count = 0; module.exports = () => ++count;").is_empty());
        assert!(names("let count = 0; export const next = () => ++count;").is_empty());
        assert_eq!(names("module.exports = () => { total = 1; escape = []; };"), ["total", "escape"]);
    }
}
