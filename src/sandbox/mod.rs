//! The QuickJS sandbox: a fresh submission realm for every check, check code in a separate,
//! hardened checker realm of the same runtime, limits on time, memory, stack and output, no host
//! access, and values copied out without running untrusted code.
//!
//! The grading layer drives a [`Sandbox`] through plain Rust calls (`load`, `entries`,
//! `start_check`, `evaluate`) and gets back [`JsValueSnapshot`]s and [`Stop`]s; it never touches an
//! engine type. One runtime per grading thread is reused from check to check (see [`engine`]).

mod alloc;
mod bytecode;
mod checker;
mod class_chain;
mod copy_out;
mod engine;
mod expectation;
mod globals;
mod host;
mod loading;
mod modules;
mod output;
mod property;
mod realm;
mod style;

use std::sync::Arc;

use rquickjs::{CaughtError, Ctx, Function, Module, Value};

pub use checker::CHECK_ORIGIN;
pub use engine::engines_built;
pub use expectation::{Recorded, RecordedValue, Recordings};
pub use modules::HelperSource;
pub use output::cut_marker;
pub use realm::{BuiltinBaseline, Intrinsics, RealmBaseline};
pub use style::{SubmissionStyle, detect_style};

use crate::value::{ClassChain, JsValueSnapshot};
use alloc::MemoryBudget;
use copy_out::CopyOut;
use engine::Watch;
use host::HostState;

/// The limits one check runs under.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Wall-clock budget for the whole check.
    pub time: std::time::Duration,
    /// Bytes the engine (and the host, for what it keeps of the submission's) may allocate.
    pub memory_bytes: usize,
    /// Bytes of native stack the engine may use.
    pub stack_bytes: usize,
    /// Bytes of console output kept.
    pub output_bytes: usize,
    /// The optional built-ins the submission realm has.
    pub intrinsics: Intrinsics,
}

/// Why a piece of JavaScript did not produce a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Stop {
    /// It threw (or a promise rejected).
    Threw(Thrown),
    /// It ran past the time budget.
    TimedOut,
    /// It allocated past the memory limit.
    OutOfMemory,
    /// It recursed past the stack limit.
    StackOverflow,
    /// Its promise never settled: no job or timer was left to run.
    NeverSettled,
}

impl Stop {
    /// Whether a limit ended it (time, memory, stack): the runtime is not reused after one.
    pub fn is_limit(&self) -> bool {
        matches!(self, Stop::TimedOut | Stop::OutOfMemory | Stop::StackOverflow)
    }
}

/// A thrown value, copied out without running its getters.
#[derive(Debug, Clone, PartialEq)]
pub struct Thrown {
    /// `TypeError` etc. for an Error; None for a thrown non-Error.
    pub name: Option<String>,
    /// The message of an Error, or the thrown value printed as JS.
    pub message: String,
    /// Line and column in the source, where the engine gave them.
    pub location: Option<(u32, u32)>,
    /// The value that was thrown (boxed, as the classes: a `Stop` stays small).
    pub value: Box<JsValueSnapshot>,
    /// The constructors along the thrown value's prototype chain, read without running its code.
    pub classes: Box<ClassChain>,
}

impl Thrown {
    /// `TypeError: x is not a function`, or `null` for `throw null`.
    pub fn summary(&self) -> String {
        match &self.name {
            Some(name) if self.message.is_empty() => name.clone(),
            Some(name) => format!("{name}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

/// The engine could not be started at all (for instance a memory limit too small to hold it).
#[derive(Debug, thiserror::Error)]
#[error("the JavaScript engine could not start: {0}")]
pub struct SandboxError(String);

/// One check's view of the engine: a fresh submission realm and the checker realm, alive for
/// the duration of a [`run_isolated`] call.
pub struct Sandbox<'js> {
    /// The hardened checker realm, where check code runs.
    checker: Ctx<'js>,
    /// This check's submission realm.
    realm: Ctx<'js>,
    watch: Arc<Watch>,
    budget: Arc<MemoryBudget>,
    baseline: Arc<RealmBaseline>,
    /// The submission's file once loading began, so locations point into it.
    source_file: Option<loading::SourceFile>,
    /// The evaluator of the check's code, once [`Sandbox::start_check`] ran setup.
    evaluator: Option<Function<'js>>,
    /// A limit stopped JavaScript: the runtime must not grade another check.
    poisoned: bool,
    /// The realm's values where state could hide, once noted.
    originals: Option<loading::Originals<'js>>,
    /// The exercise's helper modules, importable while this check runs.
    helpers: Vec<HelperSource>,
    /// Keeps the helpers importable on this thread until the check ends.
    provided: Option<modules::Provided>,
}

/// Runs `body` against a brand-new submission realm that nothing else has seen, beside the
/// thread's checker realm.
///
/// Must be called on a thread whose stack is comfortably larger than `limits.stack_bytes`
/// (see [`stack_for`]): the engine measures its stack limit from the calling thread.
pub fn run_isolated<R>(limits: &Limits, body: impl for<'js> FnOnce(&mut Sandbox<'js>) -> R) -> Result<R, SandboxError> {
    engine::with_sandbox(limits, body)
}

/// The native stack a thread needs to run checks with the given engine stack limit.
pub fn stack_for(stack_bytes: usize) -> usize {
    16 * 1024 * 1024 + 2 * stack_bytes
}

/// What a loaded submission exported, if it used modules or CommonJS.
pub struct Exports<'js>(Option<Value<'js>>);

/// The values of a submission's entry names, in the exercise's order, ready to hand to check code.
pub struct Entries<'js>(Vec<Value<'js>>);

impl<'js> Sandbox<'js> {
    fn new(
        checker: Ctx<'js>,
        realm: Ctx<'js>,
        watch: Arc<Watch>,
        budget: Arc<MemoryBudget>,
        baseline: &Arc<RealmBaseline>,
    ) -> Sandbox<'js> {
        Sandbox {
            checker,
            realm,
            watch,
            budget,
            baseline: baseline.clone(),
            source_file: None,
            evaluator: None,
            poisoned: false,
            originals: None,
            helpers: Vec::new(),
            provided: None,
        }
    }

    /// Makes an exercise's helper modules importable (and, for a CommonJS submission,
    /// `require`-able) by their relative names while this check runs.
    pub fn provide_modules(&mut self, helpers: Vec<HelperSource>) {
        self.provided = Some(modules::Provided::install(&helpers));
        self.helpers = helpers;
    }

    /// Runs an exercise's prelude as a script of the submission's realm, before the submission
    /// loads: the globals it defines are the submission's to use (and not leaks). It has the
    /// submission's powers and no more: no host access.
    pub fn run_prelude(&mut self, source: &str) -> Result<(), Stop> {
        self.check_limits()?;
        let mut options = rquickjs::context::EvalOptions::default();
        options.filename = Some("prelude".to_string());
        options.strict = false;
        self.realm.eval_with_options::<(), _>(source, options).map_err(|e| self.stop_from(e))?;
        self.drain_microtasks()
    }

    /// The `require` a CommonJS submission gets when the exercise provides helpers.
    fn helper_require(&mut self) -> Result<Option<Value<'js>>, Stop> {
        if self.helpers.is_empty() {
            return Ok(None);
        }
        let realm = self.realm.clone();
        let namespaces = rquickjs::Object::new(realm.clone()).map_err(|e| self.stop_from(e))?;
        for helper in modules::module_helpers(&self.helpers.clone()) {
            let key = helper.specifier.strip_suffix(".js").unwrap_or(&helper.specifier).to_string();
            let declared =
                Module::declare(realm.clone(), format!("<exercise module>{}", helper.specifier), helper.source.clone())
                    .map_err(|e| self.stop_from(e))?;
            let (module, promise) = declared.eval().map_err(|e| self.stop_from(e))?;
            self.settle(promise.into_value())?;
            let namespace = module.namespace().map_err(|e| self.stop_from(e))?;
            namespaces.set(key, namespace).map_err(|e| self.stop_from(e))?;
        }
        let factory: Function = realm.eval(modules::require_source(&self.helpers)).map_err(|e| self.stop_from(e))?;
        let require = factory.call::<_, Value>((namespaces,)).map_err(|e| self.stop_from(e))?;
        Ok(Some(require))
    }

    /// Ends the check: drops what it holds of the realms; true when a limit stopped JavaScript
    /// (the engine also reads the watch and the budget itself).
    fn finish(self) -> bool {
        self.poisoned
    }

    /// Loads a submission in its own realm, in the given style; returns the module or CommonJS
    /// exports, if any.
    ///
    /// A script or CommonJS file that does not parse but uses `import`/`export` is tried again
    /// as an ES module (a failed parse ran nothing).
    pub fn load(&mut self, source: &str, filename: &str, style: SubmissionStyle) -> Result<Exports<'js>, Stop> {
        match self.load_as(source, filename, style) {
            Err(Stop::Threw(first)) => match loading::retry_style(source, style, &first) {
                Some(retry) => {
                    self.load_as(source, filename, retry).map_err(|second| loading::better_failure(first, second))
                }
                None => Err(Stop::Threw(first)),
            },
            loaded => loaded,
        }
    }

    fn load_as(&mut self, source: &str, filename: &str, style: SubmissionStyle) -> Result<Exports<'js>, Stop> {
        self.source_file = Some(loading::SourceFile::new(source, filename, style));
        let realm = self.realm.clone();
        let require = if style == SubmissionStyle::CommonJs { self.helper_require()? } else { None };
        let loaded = loading::load(&realm, source, filename, style, require);
        match loaded {
            Ok(loading::Loaded::Script) => Ok(Exports(None)),
            Ok(loading::Loaded::Exports(v)) => Ok(Exports(Some(v))),
            Ok(loading::Loaded::Pending(promise)) => {
                let namespace = promise.1;
                self.settle(promise.0.into_value())?;
                Ok(Exports(Some(namespace)))
            }
            Err(e) => Err(self.stop_from(e)),
        }
    }

    /// The values of the entry names, from the exports (ES module, then CommonJS) or the script's
    /// top-level bindings; `Err` with the names that are not defined.
    pub fn entries(
        &mut self,
        names: &[String],
        exports: &Exports<'js>,
    ) -> Result<Result<Entries<'js>, Vec<String>>, Stop> {
        let realm = self.realm.clone();
        match loading::entry_values(&realm, names, exports.0.as_ref()) {
            Ok(Ok(values)) => Ok(Ok(Entries(values))),
            Ok(Err(missing)) => Ok(Err(missing)),
            Err(e) => Err(self.stop_from(e)),
        }
    }

    /// What the submission added to its realm: keys of its global object beyond a fresh realm's
    /// (enumerable or not), anything on its `Object.prototype` (as `Object.prototype.name`), and
    /// with `builtins` state it put on the built-in objects and their prototypes (`Math.name`).
    ///
    /// With `search_builtins`, once [`Sandbox::note_originals`] ran, the built-ins are searched too, but for those in
    /// `assigned` (ones the file assigns, whose state is the name itself).
    pub fn realm_additions(&mut self, assigned: &[String], search_builtins: bool) -> Vec<String> {
        let (proto, _) = self.pristine_prototypes();
        let builtins = self.originals.as_ref().filter(|_| search_builtins).map(|o| (assigned, o));
        loading::realm_additions(&self.realm, proto.as_ref(), &self.baseline, builtins)
    }

    /// State kept on the top-level helper functions a script declared (see
    /// `loading::helper_state`), named `helper.key`.
    pub fn helper_state(&mut self, helpers: &[String]) -> Vec<String> {
        let (object, function) = self.pristine_prototypes();
        loading::helper_state(&self.realm, helpers, object.as_ref(), function.as_ref())
    }

    /// State kept on the entry functions of a script (see `loading::entry_state`): `names` and
    /// `entries` as [`Sandbox::entries`] read them.
    pub fn entry_state(&mut self, names: &[String], entries: &Entries<'js>) -> Vec<String> {
        let (object, function) = self.pristine_prototypes();
        loading::entry_state(&self.realm, names, &entries.0, object.as_ref(), function.as_ref())
    }

    /// The realm's `Object.prototype` and `Function.prototype` as they were made, before the
    /// submission ran.
    fn pristine_prototypes(&self) -> (Option<rquickjs::Object<'js>>, Option<rquickjs::Object<'js>>) {
        match self.realm.userdata::<HostState>() {
            Some(s) => {
                (s.submission_object_prototype.borrow().clone(), s.submission_function_prototype.borrow().clone())
            }
            None => (None, None),
        }
    }

    /// Notes the realm's built-ins and `Object.prototype`'s values before the submission loads,
    /// so that [`Sandbox::realm_additions`] also searches them for state (costlier than the rest
    /// of the leak check: a check or two per submission, not every one).
    pub fn note_originals(&mut self) {
        let (proto, _) = self.pristine_prototypes();
        self.originals = Some(loading::originals(&self.realm, proto.as_ref(), &self.baseline));
    }

    /// Starts the part of the check that is compared: the output so far (what loading printed) is
    /// set aside, and the virtual clock starts again at 0.
    pub fn begin_check(&mut self) {
        if let Some(state) = self.realm.userdata::<HostState>() {
            state.output.borrow_mut().mark();
            state.restart_clock();
        }
    }

    /// Compiles the check's code in the checker realm as a function of the entry names and runs
    /// its setup with the entries' values.
    pub fn start_check(&mut self, names: &[String], entries: &Entries<'js>, setup: Option<&str>) -> Result<(), Stop> {
        self.check_limits()?;
        let checker = self.checker.clone();
        let function = checker::compile(&checker, names, setup).map_err(|e| self.stop_from(e))?;
        let evaluator = checker::start(&function, entries.0.clone()).map_err(|e| self.stop_from(e))?;
        self.evaluator = Some(evaluator);
        self.drain_microtasks()
    }

    /// Starts a spec test's check: as [`Sandbox::start_check`], with one more parameter after the
    /// entries' (the last of `names`), the check's own spec runtime, made by the factory
    /// `runtime` (its source, compiled once per process) with the recorder that every `expect`
    /// of the spec calls; what it records lands in `recordings` (see [`Recordings`]).
    pub fn start_spec_check(
        &mut self,
        names: &[String],
        entries: &Entries<'js>,
        setup: &str,
        recordings: &Recordings,
    ) -> Result<(), Stop> {
        self.check_limits()?;
        let checker = self.checker.clone();
        let record = expectation::spec_runtime(&checker, recordings).map_err(|e| self.stop_from(e))?;
        let function = checker::compile(&checker, names, Some(setup)).map_err(|e| self.stop_from(e))?;
        let mut values = entries.0.clone();
        values.push(record);
        let evaluator = checker::start(&function, values).map_err(|e| self.stop_from(e))?;
        self.evaluator = Some(evaluator);
        self.drain_microtasks()
    }

    /// Runs a piece of the check's code (`run`, or one call) in the scope setup made; awaits a
    /// promise result; copies the value out the moment it is there (for a promise, the moment it
    /// settles), before any other job runs.
    pub fn evaluate(&mut self, code: &str) -> Result<JsValueSnapshot, Stop> {
        self.evaluate_reading(code, false).map(|(snapshot, _)| snapshot)
    }

    /// [`Sandbox::evaluate`], also reading the constructors along the result's prototype chain
    /// (own data properties only, no code of the value run): for `expect_instance_of`.
    pub fn evaluate_classified(&mut self, code: &str) -> Result<(JsValueSnapshot, ClassChain), Stop> {
        self.evaluate_reading(code, true).map(|(snapshot, classes)| (snapshot, classes.unwrap_or_default()))
    }

    fn evaluate_reading(&mut self, code: &str, classes: bool) -> Result<(JsValueSnapshot, Option<ClassChain>), Stop> {
        self.check_limits()?;
        let Some(evaluator) = self.evaluator.clone() else {
            return Ok((self.evaluate_plain(code, CHECK_ORIGIN)?, None));
        };
        let value = evaluator.call::<_, Value>((code,)).map_err(|e| self.stop_from(e))?;
        let settled = self.settle(value)?;
        let chain = classes.then(|| class_chain::read(&self.realm, &settled));
        let snapshot = self.snapshot(&settled)?;
        self.drain_microtasks()?;
        Ok((snapshot, chain))
    }

    /// Runs code as a script of the submission realm (nothing loaded in it yet: a pristine realm)
    /// and copies its value out: for `expect_js`, and for the sandbox's own tests.
    pub fn evaluate_plain(&mut self, code: &str, origin: &str) -> Result<JsValueSnapshot, Stop> {
        self.check_limits()?;
        let mut options = rquickjs::context::EvalOptions::default();
        options.filename = Some(origin.to_string());
        let value = self.realm.eval_with_options::<Value, _>(code, options).map_err(|e| self.stop_from(e))?;
        let snapshot = self.settle_and_copy(value)?;
        self.drain_microtasks()?;
        Ok(snapshot)
    }

    /// Runs code as a script of the submission realm and copies out a glimpse of its value, at
    /// most `parts` parts of it (the rest cut): for values that are shown, never compared, such as
    /// what a backpack holds, so that a large one costs little to read.
    pub fn glimpse(&mut self, code: &str, origin: &str, parts: usize) -> Result<JsValueSnapshot, Stop> {
        self.check_limits()?;
        let mut options = rquickjs::context::EvalOptions::default();
        options.filename = Some(origin.to_string());
        let value = self.realm.eval_with_options::<Value, _>(code, options).map_err(|e| self.stop_from(e))?;
        let snapshot = self.snapshot_at_most(&value, parts)?;
        self.drain_microtasks()?;
        Ok(snapshot)
    }

    /// Console output since [`Sandbox::begin_check`]: (stdout, stderr).
    pub fn output(&self) -> (String, String) {
        match self.realm.userdata::<HostState>() {
            Some(state) => {
                let out = state.output.borrow();
                (out.stdout().to_string(), out.stderr().to_string())
            }
            None => (String::new(), String::new()),
        }
    }

    /// Copies a value out and charges the copy to the check's memory budget (the host keeps it).
    fn snapshot(&mut self, value: &Value<'js>) -> Result<JsValueSnapshot, Stop> {
        self.snapshot_at_most(value, copy_out::MAX_PARTS)
    }

    fn snapshot_at_most(&mut self, value: &Value<'js>, parts: usize) -> Result<JsValueSnapshot, Stop> {
        let (snapshot, cost) = match self.realm.userdata::<HostState>() {
            Some(state) => {
                let mut copier = CopyOut::new(&self.realm, &state.pristine).at_most(parts);
                let snapshot = copier.copy(value);
                (snapshot, copier.cost())
            }
            None => (JsValueSnapshot::Opaque("unavailable".into()), 0),
        };
        if !self.budget.charge(cost) {
            self.poisoned = true;
            return Err(Stop::OutOfMemory);
        }
        Ok(snapshot)
    }

    fn check_limits(&mut self) -> Result<(), Stop> {
        if self.budget.was_hit() {
            self.poisoned = true;
            return Err(Stop::OutOfMemory);
        }
        if self.watch.expired() {
            self.poisoned = true;
            return Err(Stop::TimedOut);
        }
        Ok(())
    }

    fn drain_microtasks(&mut self) -> Result<(), Stop> {
        loop {
            self.check_limits()?;
            if !self.realm.execute_pending_job() {
                return Ok(());
            }
        }
    }

    /// Awaits a promise, running one job at a time and then moving the virtual clock to the next
    /// timer, until it settles, the budget runs out, or nothing is left that could settle it; the
    /// value (or anything else) is copied out the moment it is there.
    fn settle_and_copy(&mut self, value: Value<'js>) -> Result<JsValueSnapshot, Stop> {
        let settled = self.settle(value)?;
        self.snapshot(&settled)
    }

    fn settle(&mut self, value: Value<'js>) -> Result<Value<'js>, Stop> {
        let Some(promise) = value.as_promise().cloned() else {
            return Ok(value);
        };
        // Timers that keep firing (a `setInterval` nobody clears) keep a pending promise company
        // until the budget runs out: that is a promise that never settled, not an endless loop.
        let mut timers_fired = false;
        loop {
            match promise.state() {
                rquickjs::promise::PromiseState::Resolved => {
                    return promise
                        .result::<Value>()
                        .unwrap_or_else(|| Ok(Value::new_undefined(self.realm.clone())))
                        .map_err(|e| self.stop_from(e));
                }
                rquickjs::promise::PromiseState::Rejected => {
                    let reason = promise.result::<Value>().map(|r| r.err()).and_then(|e| e).map(|e| self.stop_from(e));
                    return Err(reason.unwrap_or(Stop::NeverSettled));
                }
                rquickjs::promise::PromiseState::Pending => {
                    // The time ran out between jobs and timers, not in JavaScript: nothing settled
                    // it. (The deadline is read once, so it cannot pass between the two tests.)
                    let past = self.watch.past_deadline();
                    if timers_fired && past && !self.watch.interrupted() {
                        return Err(Stop::NeverSettled);
                    }
                    if past || self.budget.was_hit() {
                        self.check_limits()?;
                    }
                    let step = std::time::Instant::now();
                    let ran = if self.realm.execute_pending_job() {
                        Ok(true)
                    } else {
                        let fired = host::fire_next_timer(&self.realm);
                        timers_fired |= matches!(fired, Ok(true));
                        fired
                    };
                    // Time that runs out in a short job or timer callback, while timers were
                    // already keeping the promise company, ran out in the waiting (a busy machine
                    // can stop the clock anywhere): the promise never settled. An endless loop
                    // is a step that ran on for much of the budget.
                    if timers_fired && self.watch.interrupted() && step.elapsed() < self.watch.budget() / 4 {
                        let _ = self.realm.catch();
                        self.poisoned = true;
                        return Err(Stop::NeverSettled);
                    }
                    let ran = ran.map_err(|e| self.stop_from(e))?;
                    if ran {
                        continue;
                    }
                    self.check_limits()?;
                    return Err(Stop::NeverSettled);
                }
            }
        }
    }

    /// Turns an engine error into a [`Stop`], reading the exception without running its code.
    ///
    /// Locations come from the loaded submission's frames (see [`loading::describe_thrown`]),
    /// which know the columns its loader added.
    fn stop_from(&mut self, error: rquickjs::Error) -> Stop {
        let ctx = self.realm.clone();
        if self.budget.was_hit() {
            let _ = ctx.catch();
            self.poisoned = true;
            return Stop::OutOfMemory;
        }
        if self.watch.interrupted() {
            let _ = ctx.catch();
            self.poisoned = true;
            return Stop::TimedOut;
        }
        let value = match CaughtError::from_error(&ctx, error) {
            CaughtError::Exception(e) => e.into_value(),
            CaughtError::Value(v) => v,
            CaughtError::Error(e) => {
                return Stop::Threw(Thrown {
                    name: Some("Error".into()),
                    message: e.to_string(),
                    location: None,
                    value: Box::new(JsValueSnapshot::Undefined),
                    classes: Box::new(ClassChain::Known(vec!["Error".into()])),
                });
            }
        };
        let Some(state) = ctx.userdata::<HostState>() else {
            return Stop::Threw(Thrown {
                name: None,
                message: "unknown error".into(),
                location: None,
                value: Box::new(JsValueSnapshot::Undefined),
                classes: Box::new(ClassChain::Unknown { read: Vec::new(), reason: "the realm is gone".into() }),
            });
        };
        let snapshot = CopyOut::new(&ctx, &state.pristine).copy(&value);
        let mut thrown = loading::describe_thrown(&ctx, &state.pristine, &value, snapshot, self.source_file.as_ref());
        drop(state);
        thrown.classes = Box::new(class_chain::read(&ctx, &value));
        if thrown.name.as_deref() == Some("RangeError") && thrown.message == "Maximum call stack size exceeded" {
            self.poisoned = true;
            return Stop::StackOverflow;
        }
        Stop::Threw(thrown)
    }
}

#[cfg(test)]
mod tests;
