//! The engine of one grading thread: a QuickJS runtime with its hardened checker realm, reused
//! from check to check, and a fresh submission realm for every check.
//!
//! A reused runtime shares its job queue, atom table, memory accounting and `Symbol.for` registry
//! between checks, so each check starts from a clean state and the runtime is thrown away (and a
//! new one built on the next check) after any limit was hit, a job was left pending, or memory did
//! not come back to its level before the check: a check never sees anything of the one before.

use std::cell::RefCell;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, Ordering};
use std::time::Instant;

use rquickjs::{Context, Runtime, qjs};

use super::alloc::{CappedAllocator, MemoryBudget};
use super::checker;
use super::copy_out::Pristine;
use super::host::HostState;
use super::realm::{self, Intrinsics, RealmBaseline, Role};
use super::{Limits, Sandbox, SandboxError, modules};

/// How far above its level before a check a runtime's memory may stay after it: the caches the
/// engine keeps and grows (shapes, atoms) move it by at most a few KB, while a submission realm
/// that something kept alive holds hundreds of KB, so a check whose realm outlived it is told
/// apart.
const MEMORY_SLACK: usize = 32 << 10;

/// How far above its level once built a runtime's memory may grow over all its checks.
const MEMORY_GROWTH: usize = 4 << 20;

/// Checks one runtime grades before it is replaced whatever its state, as a backstop.
const CHECKS_PER_RUNTIME: u32 = 5_000;

/// The budget while the engine builds itself (the checker realm and the lockdown).
const BUILD_MEMORY: usize = 64 << 20;

thread_local! {
    static ENGINE: RefCell<Option<Engine>> = const { RefCell::new(None) };
    /// How many engines this thread has built (for the tests of when one is thrown away).
    static BUILT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// How many engines the current thread has built so far.
pub fn engines_built() -> u64 {
    BUILT.with(std::cell::Cell::get)
}

/// Runs `body` in a fresh submission realm of this thread's engine (built on first use).
pub fn with_sandbox<R>(limits: &Limits, body: impl for<'js> FnOnce(&mut Sandbox<'js>) -> R) -> Result<R, SandboxError> {
    ENGINE.with(|cell| {
        // A body never grades from inside another, but if one did it gets an engine of its own.
        let Ok(mut slot) = cell.try_borrow_mut() else {
            let mut engine = Engine::new()?;
            return engine.run(limits, body).map(|(result, _)| result);
        };
        if slot.is_none() {
            *slot = Some(Engine::new()?);
        }
        let engine = slot.as_mut().expect("the engine was just built");
        let (result, reusable) = engine.run(limits, body)?;
        if !reusable {
            *slot = None;
        }
        Ok(result)
    })
}

/// When the current check must stop, shared with the runtime's interrupt handler.
pub(super) struct Watch {
    started: Instant,
    /// Nanoseconds after `started` at which the check's time is up.
    deadline: AtomicU64,
    /// The check's whole time budget, in nanoseconds.
    budget: AtomicU64,
    /// The deadline passed (or a stop was forced) and the engine was told to stop.
    interrupted: AtomicBool,
    /// The runtime, so the handler can make every further call fail (see [`Watch::expired`]).
    runtime: AtomicPtr<qjs::JSRuntime>,
}

impl Watch {
    fn new() -> Arc<Watch> {
        Arc::new(Watch {
            started: Instant::now(),
            deadline: AtomicU64::new(u64::MAX),
            budget: AtomicU64::new(u64::MAX),
            interrupted: AtomicBool::new(false),
            runtime: AtomicPtr::new(std::ptr::null_mut()),
        })
    }

    /// Starts the check's time: from now, once the host has set its realm up.
    fn begin(&self, limits: &Limits) {
        self.budget.store(u64::try_from(limits.time.as_nanos()).unwrap_or(u64::MAX), Ordering::Relaxed);
        let deadline = self.started.elapsed() + limits.time;
        self.deadline.store(u64::try_from(deadline.as_nanos()).unwrap_or(u64::MAX), Ordering::Relaxed);
        self.interrupted.store(false, Ordering::Relaxed);
    }

    /// No check is running: the host's own work between checks is never interrupted.
    fn idle(&self) {
        self.deadline.store(u64::MAX, Ordering::Relaxed);
        self.interrupted.store(false, Ordering::Relaxed);
    }

    /// Whether the check's time is up (recording it).
    pub(super) fn expired(&self) -> bool {
        if self.interrupted.load(Ordering::Relaxed) {
            return true;
        }
        if self.past_deadline() {
            self.interrupted.store(true, Ordering::Relaxed);
            return true;
        }
        false
    }

    /// The check's whole time budget.
    pub(super) fn budget(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.budget.load(Ordering::Relaxed))
    }

    /// Whether the deadline has passed, without recording it.
    pub(super) fn past_deadline(&self) -> bool {
        let now = u64::try_from(self.started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        now >= self.deadline.load(Ordering::Relaxed)
    }

    /// Whether the engine was interrupted in this check.
    pub(super) fn interrupted(&self) -> bool {
        self.interrupted.load(Ordering::Relaxed)
    }

    /// The interrupt handler's answer. The first interrupt after the deadline is an ordinary
    /// uncatchable error; code that swallows it natively (a Promise executor or an async function
    /// turns it into a rejection, and a loop around it goes on) is interrupted again, and from then
    /// on every call fails at once (the stack limit drops to nothing), so the next interrupt lands
    /// in the loop itself and nothing of the submission runs on.
    fn should_interrupt(&self) -> bool {
        let again = self.interrupted.load(Ordering::Relaxed);
        if !self.expired() {
            return false;
        }
        let runtime = self.runtime.load(Ordering::Relaxed);
        if again && !runtime.is_null() {
            // SAFETY: the handler runs on the runtime's own thread while it is alive; this only
            // moves its stack limit.
            unsafe { qjs::JS_SetMaxStackSize(runtime, 1) };
        }
        true
    }
}

/// A runtime with its checker realm.
struct Engine {
    /// Declared before `runtime`: dropped first.
    checker: Context,
    runtime: Runtime,
    budget: Arc<MemoryBudget>,
    watch: Arc<Watch>,
    /// The baseline of a fresh submission realm, per set of optional built-ins, read on first use.
    baselines: [Option<Arc<RealmBaseline>>; Intrinsics::SETS],
    checks: u32,
    /// Memory in use once the engine was built.
    built: usize,
}

impl Engine {
    fn new() -> Result<Engine, SandboxError> {
        BUILT.with(|built| built.set(built.get() + 1));
        let budget = MemoryBudget::new(BUILD_MEMORY);
        let runtime =
            Runtime::new_with_alloc(CappedAllocator::new(budget.clone())).map_err(|e| SandboxError(e.to_string()))?;
        runtime.set_loader(modules::SelfContained, modules::SelfContained);
        let watch = Watch::new();
        let handler = watch.clone();
        runtime.set_interrupt_handler(Some(Box::new(move || handler.should_interrupt())));
        // SAFETY: a context of the runtime just made, on this thread; `from_raw` takes over the one
        // reference `new_context` gave.
        let checker = unsafe {
            let raw = runtime_ptr(&runtime)?;
            let ctx = realm::new_context(raw, Role::Checker)
                .ok_or_else(|| SandboxError("the checker realm could not be made (out of memory)".into()))?;
            Context::from_raw(ctx, runtime.clone())
        };
        checker.with(|ctx| -> Result<(), SandboxError> {
            let engine_error = |e: rquickjs::Error| SandboxError(format!("the checker realm could not be built: {e}"));
            checker::build(&ctx).map_err(engine_error)?;
            let pristine = Pristine::capture(&ctx).map_err(engine_error)?;
            ctx.store_userdata(HostState::new(pristine, budget.clone()))
                .map_err(|_| SandboxError("host state could not be stored".into()))?;
            // SAFETY: reading the runtime of a live context.
            watch.runtime.store(unsafe { qjs::JS_GetRuntime(ctx.as_raw().as_ptr()) }, Ordering::Relaxed);
            Ok(())
        })?;
        let mut engine = Engine { checker, runtime, budget, watch, baselines: Default::default(), checks: 0, built: 0 };
        // The usual set's baseline is read now, so the engine's memory once built includes it.
        engine.baseline(Intrinsics::default())?;
        engine.runtime.run_gc();
        engine.built = engine.budget.used();
        Ok(engine)
    }

    /// The baseline of a fresh submission realm with `intrinsics`, read off one on first use.
    fn baseline(&mut self, intrinsics: Intrinsics) -> Result<Arc<RealmBaseline>, SandboxError> {
        if let Some(baseline) = &self.baselines[intrinsics.index()] {
            return Ok(baseline.clone());
        }
        let baseline = self.checker.with(|ctx| -> Result<RealmBaseline, SandboxError> {
            let realm = realm::new_realm(&ctx, intrinsics)?;
            Ok(RealmBaseline::of(&ctx, &realm))
        })?;
        // The realm it was read from is garbage now: collect it before the next check measures.
        self.runtime.run_gc();
        let baseline = Arc::new(baseline);
        self.baselines[intrinsics.index()] = Some(baseline.clone());
        Ok(baseline)
    }

    /// Runs one check; also says whether the runtime may grade another.
    fn run<R>(
        &mut self,
        limits: &Limits,
        body: impl for<'js> FnOnce(&mut Sandbox<'js>) -> R,
    ) -> Result<(R, bool), SandboxError> {
        self.checks += 1;
        let baseline = self.baseline(limits.intrinsics)?;
        let before = self.budget.used();
        self.budget.reset(before.saturating_add(limits.memory_bytes));
        self.runtime.set_max_stack_size(limits.stack_bytes);
        self.runtime.set_gc_threshold((limits.memory_bytes / 4).max(256 << 10));
        self.watch.idle();
        let (result, poisoned) = self.checker.with(|checker| -> Result<(R, bool), SandboxError> {
            let state = checker.userdata::<HostState>().ok_or_else(|| SandboxError("host state is missing".into()))?;
            state.begin_check(limits.output_bytes);
            drop(state);
            let realm = realm::new_realm(&checker, limits.intrinsics)?;
            let mut sandbox = Sandbox::new(checker.clone(), realm, self.watch.clone(), self.budget.clone(), &baseline);
            self.watch.begin(limits);
            let result = body(&mut sandbox);
            let poisoned = sandbox.finish();
            if let Some(state) = checker.userdata::<HostState>() {
                state.end_check();
            }
            Ok((result, poisoned))
        })?;
        let interrupted = self.watch.interrupted();
        self.watch.idle();
        self.runtime.run_gc();
        let reusable = !poisoned
            && !interrupted
            && !self.budget.was_hit()
            && !self.runtime.is_job_pending()
            && self.budget.used() <= before.saturating_add(MEMORY_SLACK)
            && self.budget.used() <= self.built.saturating_add(MEMORY_GROWTH)
            && self.checks < CHECKS_PER_RUNTIME;
        self.budget.reset(BUILD_MEMORY.max(self.budget.used()));
        Ok((result, reusable))
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // The host state holds values of the runtime: they go before it does.
        self.checker.with(|ctx| {
            drop(ctx.remove_userdata::<HostState>());
            for baseline in self.baselines.iter().flatten() {
                baseline.release(&ctx);
            }
        });
    }
}

/// The raw runtime behind `runtime` (rquickjs gives it only through a context).
fn runtime_ptr(runtime: &Runtime) -> Result<*mut qjs::JSRuntime, SandboxError> {
    let probe = Context::base(runtime).map_err(|e| SandboxError(e.to_string()))?;
    // SAFETY: reading the runtime of a live context.
    Ok(unsafe { qjs::JS_GetRuntime(probe.as_raw().as_ptr()) })
}
