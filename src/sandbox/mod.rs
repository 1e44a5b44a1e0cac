//! The QuickJS sandbox: one fresh runtime and context per check, with limits on time, memory,
//! stack and output, no host access, and values copied out without running untrusted code.
//!
//! The grading layer drives a [`Sandbox`] through plain Rust calls (`load`, `exec`, `evaluate`)
//! and gets back [`JsValueSnapshot`]s and [`Stop`]s; it never touches an engine type.

mod alloc;
mod builtins;
mod bytecode;
mod copy_out;
mod host;
mod loading;
mod modules;
mod output;
mod property;
mod style;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rquickjs::{CaughtError, Context, Ctx, Runtime, Value};

pub use builtins::BuiltinUse;
pub use output::cut_marker;
pub use style::{SubmissionStyle, detect_style};

use crate::value::JsValueSnapshot;
use copy_out::{CopyOut, Pristine};
use host::HostState;

/// The limits one check runs under.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Limits {
    /// Wall-clock budget for the whole check.
    pub time: Duration,
    /// Bytes the engine may allocate.
    pub memory_bytes: usize,
    /// Bytes of native stack the engine may use.
    pub stack_bytes: usize,
    /// Bytes of console output kept.
    pub output_bytes: usize,
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
    /// The submission changed or locked a builtin that the check's code uses (its label).
    Tampered(String),
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
    /// The value that was thrown.
    pub value: JsValueSnapshot,
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

/// One fresh context, alive for the duration of a [`run_isolated`] call.
pub struct Sandbox<'js> {
    ctx: Ctx<'js>,
    deadline: Instant,
    interrupted: Arc<AtomicBool>,
    out_of_memory: Arc<AtomicBool>,
    /// Helper names (`spy`, `clock`) the submission took for itself, so check code cannot use.
    taken_helpers: Vec<&'static str>,
    /// The builtins the check's code uses, as they were before the submission ran.
    guards: Vec<builtins::Guard<'js>>,
    /// The submission's file once loading began, so locations point into it.
    source_file: Option<loading::SourceFile>,
}

/// Runs `body` against a brand-new runtime and context that nothing else has seen.
///
/// Must be called on a thread whose stack is comfortably larger than `limits.stack_bytes`
/// (see [`stack_for`]): the engine measures its stack limit from the calling thread.
pub fn run_isolated<R>(limits: &Limits, body: impl for<'js> FnOnce(&mut Sandbox<'js>) -> R) -> Result<R, SandboxError> {
    let deadline = Instant::now() + limits.time;
    let interrupted = Arc::new(AtomicBool::new(false));
    let out_of_memory = Arc::new(AtomicBool::new(false));
    let allocator = alloc::CappedAllocator::new(limits.memory_bytes, out_of_memory.clone());
    let runtime = Runtime::new_with_alloc(allocator).map_err(|e| SandboxError(e.to_string()))?;
    runtime.set_max_stack_size(limits.stack_bytes);
    runtime.set_gc_threshold(limits.memory_bytes / 4);
    runtime.set_loader(modules::SelfContained, modules::SelfContained);
    let flag = interrupted.clone();
    runtime.set_interrupt_handler(Some(Box::new(move || {
        if flag.load(Ordering::Relaxed) || Instant::now() >= deadline {
            flag.store(true, Ordering::Relaxed);
            true
        } else {
            false
        }
    })));
    let context = Context::full(&runtime).map_err(|e| SandboxError(e.to_string()))?;
    context.with(|ctx| {
        let pristine = Pristine::capture(&ctx).map_err(|e| SandboxError(e.to_string()))?;
        ctx.store_userdata(HostState::new(pristine, limits.output_bytes))
            .map_err(|_| SandboxError("host state could not be stored".into()))?;
        host::install_globals(&ctx).map_err(|e| SandboxError(e.to_string()))?;
        let mut sandbox = Sandbox {
            ctx: ctx.clone(),
            deadline,
            interrupted,
            out_of_memory,
            taken_helpers: Vec::new(),
            guards: Vec::new(),
            source_file: None,
        };
        let result = body(&mut sandbox);
        if let Some(state) = ctx.userdata::<HostState>() {
            state.timers.borrow_mut().clear_all();
        }
        drop(ctx.remove_userdata::<HostState>());
        Ok(result)
    })
}

/// The native stack a thread needs to run checks with the given engine stack limit.
pub fn stack_for(stack_bytes: usize) -> usize {
    16 * 1024 * 1024 + 2 * stack_bytes
}

impl<'js> Sandbox<'js> {
    /// Loads a submission in the given style; returns the module or CommonJS exports, if any.
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
        let loaded = loading::load(&self.ctx, source, filename, style);
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

    /// Binds each entry name as a global from the exports (ES module, then CommonJS), leaving
    /// script globals in place; returns the names that are still not defined.
    pub fn bind_entries(&mut self, entries: &[String], exports: &Exports<'js>) -> Result<Vec<String>, Stop> {
        loading::bind_entries(&self.ctx, entries, exports.0.as_ref()).map_err(|e| self.stop_from(e))
    }

    /// Names of the global object's own enumerable properties (what `var`, function
    /// declarations and stray assignments create) and of top-level `let`/`const`/`class`
    /// bindings among `candidates`.
    pub fn global_names(&mut self, candidates: &[String]) -> Vec<String> {
        loading::global_names(&self.ctx, candidates)
    }

    /// Starts the output that checks compare and installs `spy` and `clock`.
    pub fn begin_check(&mut self) -> Result<(), Stop> {
        if let Some(state) = self.ctx.userdata::<HostState>() {
            state.output.borrow_mut().mark();
        }
        self.taken_helpers = host::install_check_helpers(&self.ctx).map_err(|e| self.stop_from(e))?;
        builtins::restore(&self.ctx, &self.guards).map_err(Stop::Tampered)
    }

    /// Reads the builtins a check's code uses while they are pristine: call before loading the
    /// submission. [`Sandbox::begin_check`] puts them back and locks them.
    pub fn guard_builtins(&mut self, used: &BuiltinUse) {
        self.guards = builtins::capture(&self.ctx, used);
    }

    /// Which of `names` (builtins the check uses) a top-level binding of the submission shadows:
    /// the name no longer means the global property. Call after [`Sandbox::begin_check`].
    pub fn shadowed_globals(&mut self, names: &[String]) -> Vec<String> {
        if names.is_empty() {
            return Vec::new();
        }
        let probe = format!(
            "[{}]",
            names
                .iter()
                .map(|n| format!(
                    "(() => {{ try {{ return {n} !== globalThis.{n}; }} catch (e) {{ return true; }} }})()"
                ))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let shadowed: Vec<bool> = self.ctx.eval(probe).unwrap_or_else(|_| vec![true; names.len()]);
        names.iter().zip(shadowed).filter(|(_, s)| *s).map(|(n, _)| n.clone()).collect()
    }

    /// The first guarded builtin that the submission changed while the check ran, if any.
    pub fn builtin_changed(&self) -> Option<String> {
        builtins::changed(&self.ctx, &self.guards)
    }

    /// Runs statements for their effect; a returned promise is not awaited.
    pub fn exec(&mut self, code: &str, origin: &str) -> Result<(), Stop> {
        self.eval_script(code, origin)?;
        self.drain_microtasks()
    }

    /// Runs statements, awaits a promise result, and copies the value out.
    pub fn evaluate(&mut self, code: &str, origin: &str) -> Result<JsValueSnapshot, Stop> {
        let value = self.eval_script(code, origin)?;
        let value = self.settle(value)?;
        self.drain_microtasks()?;
        Ok(self.snapshot(&value))
    }

    /// Console output since [`Sandbox::begin_check`]: (stdout, stderr).
    pub fn output(&self) -> (String, String) {
        match self.ctx.userdata::<HostState>() {
            Some(state) => {
                let out = state.output.borrow();
                (out.stdout().to_string(), out.stderr().to_string())
            }
            None => (String::new(), String::new()),
        }
    }

    fn snapshot(&self, value: &Value<'js>) -> JsValueSnapshot {
        match self.ctx.userdata::<HostState>() {
            Some(state) => CopyOut::new(&self.ctx, &state.pristine).copy(value),
            None => JsValueSnapshot::Opaque("unavailable".into()),
        }
    }

    fn eval_script(&mut self, code: &str, origin: &str) -> Result<Value<'js>, Stop> {
        self.check_limits()?;
        if let Some(name) = self.taken_helpers.iter().find(|name| mentions(code, name)) {
            return Err(helper_taken(name));
        }
        let mut options = rquickjs::context::EvalOptions::default();
        options.filename = Some(origin.to_string());
        self.ctx.eval_with_options::<Value, _>(code, options).map_err(|e| self.stop_from(e))
    }

    fn check_limits(&self) -> Result<(), Stop> {
        if self.out_of_memory.load(Ordering::Relaxed) {
            return Err(Stop::OutOfMemory);
        }
        if self.interrupted.load(Ordering::Relaxed) || Instant::now() >= self.deadline {
            self.interrupted.store(true, Ordering::Relaxed);
            return Err(Stop::TimedOut);
        }
        Ok(())
    }

    fn drain_microtasks(&mut self) -> Result<(), Stop> {
        loop {
            self.check_limits()?;
            if !self.ctx.execute_pending_job() {
                return Ok(());
            }
        }
    }

    /// Awaits a promise with a bounded loop: run jobs, then move the virtual clock to the next
    /// timer, until it settles, the budget runs out, or nothing is left that could settle it.
    fn settle(&mut self, value: Value<'js>) -> Result<Value<'js>, Stop> {
        let Some(promise) = value.as_promise().cloned() else {
            return Ok(value);
        };
        // Timers that keep firing (a `setInterval` nobody clears) keep a pending promise company
        // until the budget runs out: that is a promise that never settled, not an endless loop.
        let mut timers_fired = false;
        loop {
            if timers_fired && Instant::now() >= self.deadline && !self.interrupted.load(Ordering::Relaxed) {
                return Err(Stop::NeverSettled);
            }
            self.drain_microtasks()?;
            match promise.state() {
                rquickjs::promise::PromiseState::Resolved => {
                    return promise
                        .result::<Value>()
                        .unwrap_or_else(|| Ok(Value::new_undefined(self.ctx.clone())))
                        .map_err(|e| self.stop_from(e));
                }
                rquickjs::promise::PromiseState::Rejected => {
                    let reason = promise.result::<Value>().map(|r| r.err()).and_then(|e| e).map(|e| self.stop_from(e));
                    return Err(reason.unwrap_or(Stop::NeverSettled));
                }
                rquickjs::promise::PromiseState::Pending => {
                    let fired = host::fire_next_timer(&self.ctx).map_err(|e| self.stop_from(e))?;
                    timers_fired |= fired;
                    if !fired {
                        self.check_limits()?;
                        return Err(Stop::NeverSettled);
                    }
                }
            }
        }
    }

    /// Turns an engine error into a [`Stop`], reading the exception without running its code.
    ///
    /// Locations come from the loaded submission's frames (see [`loading::describe_thrown`]),
    /// which know the columns its loader added.
    fn stop_from(&self, error: rquickjs::Error) -> Stop {
        if self.out_of_memory.load(Ordering::Relaxed) {
            let _ = self.ctx.catch();
            return Stop::OutOfMemory;
        }
        if self.interrupted.load(Ordering::Relaxed) {
            let _ = self.ctx.catch();
            return Stop::TimedOut;
        }
        let value = match CaughtError::from_error(&self.ctx, error) {
            CaughtError::Exception(e) => e.into_value(),
            CaughtError::Value(v) => v,
            CaughtError::Error(e) => {
                return Stop::Threw(Thrown {
                    name: Some("Error".into()),
                    message: e.to_string(),
                    location: None,
                    value: JsValueSnapshot::Undefined,
                });
            }
        };
        let Some(state) = self.ctx.userdata::<HostState>() else {
            return Stop::Threw(Thrown {
                name: None,
                message: "unknown error".into(),
                location: None,
                value: JsValueSnapshot::Undefined,
            });
        };
        let snapshot = CopyOut::new(&self.ctx, &state.pristine).copy(&value);
        let thrown = loading::describe_thrown(&self.ctx, &state.pristine, &value, snapshot, self.source_file.as_ref());
        if thrown.name.as_deref() == Some("RangeError") && thrown.message == "Maximum call stack size exceeded" {
            return Stop::StackOverflow;
        }
        Stop::Threw(thrown)
    }
}

/// Whether `code` uses the word `name` (not as part of a longer identifier).
pub fn mentions(code: &str, name: &str) -> bool {
    code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$')).any(|word| word == name)
}

/// Why check code that needs a helper the submission hid cannot run.
fn helper_taken(name: &str) -> Stop {
    let message = format!(
        "the checks need their `{name}` helper, but the submission declares its own `{name}` \
         (or made the global object read-only): rename it"
    );
    Stop::Threw(Thrown {
        name: Some("ReferenceError".into()),
        message: message.clone(),
        location: None,
        value: JsValueSnapshot::Error { name: "ReferenceError".into(), message },
    })
}

/// What a loaded submission exported, if it used modules or CommonJS.
pub struct Exports<'js>(Option<Value<'js>>);

#[cfg(test)]
mod tests;
