//! What the host gives each realm of a runtime: console, timers on a virtual clock, a seeded
//! `Math.random`, a virtual `Date`, a `require` that explains why it cannot work, and (in the
//! checker realm only) the check helpers `spy` and `clock`.
//!
//! All of it is native (Rust) or a few lines of JS that capture the engine's own functions before
//! anything untrusted runs. The state behind it (output, timers, the clock) is the runtime's, reset
//! for every check, and what it keeps for a submission is charged to the check's memory budget.

use std::cell::{Cell, RefCell};

use rquickjs::function::{Rest, This};
use rquickjs::object::Property;
use rquickjs::{Ctx, Exception, Function, JsLifetime, Object, Value};

use std::sync::Arc;

use super::alloc::MemoryBudget;
use super::bytecode::Compiled;
use super::copy_out::{CopyOut, Pristine};
use super::output::{Output, Stream};
use crate::value::{JsValueSnapshot, inspect_console};

/// The message every attempt to reach a module gets.
pub const SELF_CONTAINED: &str = "exercises are self-contained: there are no modules to require or import here";

/// Everything the host keeps for a runtime, stored as its userdata; the per-check parts are
/// reset by [`HostState::begin_check`].
pub struct HostState<'js> {
    /// The engine's own functions, captured from the hardened checker realm.
    pub pristine: Pristine<'js>,
    /// The `Object.prototype` of the current check's submission realm: objects made there are
    /// plain objects too.
    pub submission_object_prototype: RefCell<Option<Object<'js>>>,
    /// The `Function.prototype` of the current check's submission realm, as it was made (the leak
    /// check tells a helper that inherits from anything else).
    pub submission_function_prototype: RefCell<Option<Object<'js>>>,
    /// Captured console output.
    pub output: RefCell<Output>,
    /// Pending timers.
    pub timers: RefCell<Timers<'js>>,
    /// Virtual time in milliseconds.
    pub now: Cell<f64>,
    /// The memory budget of the current check, which host bookkeeping is charged to.
    pub budget: Arc<MemoryBudget>,
    /// Check functions compiled in the checker realm, by source (see `checker::compile`).
    pub check_functions: RefCell<std::collections::HashMap<String, Function<'js>>>,
    /// Bytes of output charged to the budget so far in this check.
    output_charged: Cell<usize>,
    rng: Cell<u64>,
}

// SAFETY: the only lifetime is 'js, and Changed swaps exactly that.
unsafe impl<'js> JsLifetime<'js> for HostState<'js> {
    type Changed<'to> = HostState<'to>;
}

/// Which realm made a timer: each realm numbers its own timers and can clear only those, so a
/// submission can neither cancel nor count the timers check code sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerOwner {
    /// The checker realm (check code).
    Checker,
    /// The check's submission realm.
    Submission,
}

/// A timer waiting on the virtual clock.
pub struct Timer<'js> {
    owner: TimerOwner,
    id: u32,
    due: f64,
    seq: u64,
    interval: Option<f64>,
    callback: Function<'js>,
    args: Vec<Value<'js>>,
}

impl Timer<'_> {
    /// What the host holds for this timer, charged to the check's memory budget.
    fn cost(&self) -> usize {
        std::mem::size_of::<Self>() + self.args.len() * std::mem::size_of::<Value<'_>>()
    }
}

/// The timer queue.
#[derive(Default)]
pub struct Timers<'js> {
    /// The last id given out, per owner (checker, submission).
    next_id: [u32; 2],
    next_seq: u64,
    pending: Vec<Timer<'js>>,
    /// Bytes charged to the budget for the pending timers.
    charged: usize,
}

impl<'js> Timers<'js> {
    /// Queues a timer, charging what it holds to `budget`; `None` when the budget refuses.
    fn add(
        &mut self,
        budget: &MemoryBudget,
        owner: TimerOwner,
        due: f64,
        interval: Option<f64>,
        callback: Function<'js>,
        args: Vec<Value<'js>>,
    ) -> Option<u32> {
        let counter = &mut self.next_id[owner as usize];
        *counter += 1;
        let id = *counter;
        self.next_seq += 1;
        let timer = Timer { owner, id, due, seq: self.next_seq, interval, callback, args };
        let cost = timer.cost();
        if !budget.charge(cost) {
            return None;
        }
        self.charged += cost;
        self.pending.push(timer);
        Some(id)
    }

    /// Moves every pending timer `by` milliseconds earlier (the clock starting again at 0).
    fn shift(&mut self, by: f64) {
        for timer in &mut self.pending {
            timer.due = (timer.due - by).max(0.0);
        }
    }

    /// The due time of the earliest timer, if any.
    pub fn next_due(&self) -> Option<f64> {
        self.pending.iter().map(|t| t.due).min_by(f64::total_cmp)
    }

    /// Removes and returns the earliest timer due at or before `limit` (re-arming an interval).
    fn take_due(&mut self, limit: f64) -> Option<(f64, Function<'js>, Vec<Value<'js>>)> {
        let index = self
            .pending
            .iter()
            .enumerate()
            .filter(|(_, t)| t.due <= limit)
            .min_by(|(_, a), (_, b)| a.due.total_cmp(&b.due).then(a.seq.cmp(&b.seq)))?
            .0;
        let due = self.pending[index].due;
        match self.pending[index].interval {
            Some(every) => {
                self.next_seq += 1;
                let timer = &mut self.pending[index];
                timer.due += every;
                timer.seq = self.next_seq;
                Some((due, timer.callback.clone(), timer.args.clone()))
            }
            None => {
                let timer = self.pending.swap_remove(index);
                self.uncharge(timer.cost());
                Some((due, timer.callback, timer.args))
            }
        }
    }

    fn uncharge(&mut self, cost: usize) {
        self.charged = self.charged.saturating_sub(cost);
    }

    /// Removes a timer; returns the bytes it was charged.
    pub(super) fn clear(&mut self, owner: TimerOwner, id: u32) -> usize {
        let before = self.charged;
        if let Some(index) = self.pending.iter().position(|t| t.owner == owner && t.id == id) {
            let timer = self.pending.swap_remove(index);
            self.uncharge(timer.cost());
        }
        before - self.charged
    }

    /// Drops every pending timer (at the end of a check); returns the bytes they were charged.
    pub fn clear_all(&mut self) -> usize {
        self.pending.clear();
        // A check's timer ids start again at 1: none tells how many an earlier check set.
        self.next_id = [0; 2];
        self.next_seq = 0;
        std::mem::take(&mut self.charged)
    }
}

/// Node clamps delays below 1 ms (and anything that is not a number) to 1 ms.
fn delay_ms(value: Option<&Value<'_>>) -> f64 {
    let ms = value.and_then(|v| v.as_number()).unwrap_or(1.0);
    if ms.is_nan() || ms < 1.0 { 1.0 } else { ms.min(2_147_483_647.0) }
}

/// The seed of `Math.random`: every check draws the same sequence.
const RNG_SEED: u64 = 0x9E37_79B9_7F4A_7C15;

impl<'js> HostState<'js> {
    /// Host state for a runtime whose checker realm's natives were just captured.
    pub fn new(pristine: Pristine<'js>, budget: Arc<MemoryBudget>) -> Self {
        HostState {
            pristine,
            submission_object_prototype: RefCell::new(None),
            submission_function_prototype: RefCell::new(None),
            output: RefCell::new(Output::new(0)),
            timers: RefCell::default(),
            now: Cell::new(0.0),
            budget,
            check_functions: RefCell::default(),
            output_charged: Cell::new(0),
            rng: Cell::new(RNG_SEED),
        }
    }

    /// Starts a check: empty output with its limit, no timers, the clock at 0, the same random
    /// sequence as every other check.
    pub fn begin_check(&self, output_limit: usize) {
        self.end_check();
        *self.output.borrow_mut() = Output::new(output_limit);
        self.now.set(0.0);
        self.rng.set(RNG_SEED);
    }

    /// Lets go of everything the check's submission realm left with the host (timers and their
    /// arguments, its `Object.prototype`) and gives back what was charged for it.
    pub fn end_check(&self) {
        let timers = self.timers.borrow_mut().clear_all();
        self.budget.release(timers + self.output_charged.replace(0));
        self.submission_object_prototype.borrow_mut().take();
        self.submission_function_prototype.borrow_mut().take();
    }

    /// Restarts the virtual clock at 0 (once the submission has loaded), keeping the timers it
    /// set while loading the same distance in the future.
    pub fn restart_clock(&self) {
        let elapsed = self.now.replace(0.0);
        self.timers.borrow_mut().shift(elapsed);
    }

    pub(super) fn random(&self) -> f64 {
        // xorshift64*: the same sequence for every run of the same check.
        let mut x = self.rng.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

pub(super) fn state<'a, 'js>(
    ctx: &'a Ctx<'js>,
) -> rquickjs::Result<rquickjs::runtime::UserDataGuard<'a, HostState<'js>>> {
    ctx.userdata::<HostState>()
        .ok_or_else(|| rquickjs::Error::new_from_js_message("host", "state", "sandbox state is missing"))
}

/// Formats console arguments as Node does, `%s`-style placeholders included.
fn console_line(values: &[JsValueSnapshot]) -> String {
    let mut parts: Vec<String> = Vec::with_capacity(values.len());
    let mut rest = values;
    if let Some((JsValueSnapshot::String(format), tail)) = values.split_first()
        && format.contains('%')
    {
        let mut args = tail.iter();
        let mut text = String::new();
        let mut chars = format.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                text.push(c);
                continue;
            }
            match chars.peek().copied() {
                Some('%') => {
                    chars.next();
                    text.push('%');
                }
                Some(spec @ ('s' | 'd' | 'i' | 'f' | 'o' | 'O' | 'j' | 'c')) => {
                    let Some(arg) = args.next() else {
                        text.push('%');
                        continue;
                    };
                    chars.next();
                    match (spec, arg) {
                        ('c', _) => {}
                        ('d' | 'i' | 'f', JsValueSnapshot::Number(n)) => {
                            let n = if spec == 'f' { *n } else { n.trunc() };
                            text.push_str(&crate::value::inspect(&JsValueSnapshot::Number(n)));
                        }
                        ('d' | 'i' | 'f', _) => text.push_str("NaN"),
                        ('s', other) => text.push_str(&inspect_console(other)),
                        (_, other) => text.push_str(&crate::value::inspect(other)),
                    }
                }
                _ => text.push('%'),
            }
        }
        parts.push(text);
        rest = args.as_slice();
    }
    parts.extend(rest.iter().map(inspect_console));
    parts.join(" ")
}

pub(super) fn log<'js>(ctx: &Ctx<'js>, stream: Stream, args: &[Value<'js>]) -> rquickjs::Result<()> {
    let state = state(ctx)?;
    if state.output.borrow().is_full() {
        return Ok(());
    }
    let snapshots: Vec<JsValueSnapshot> = {
        let mut copier = CopyOut::new(ctx, &state.pristine);
        args.iter().map(|a| copier.copy(a)).collect()
    };
    let mut line = console_line(&snapshots);
    line.push('\n');
    let grown = {
        let mut output = state.output.borrow_mut();
        let before = output.len();
        output.write(stream, &line);
        output.len() - before
    };
    if !state.budget.charge(grown) {
        return Err(Exception::throw_internal(ctx, "out of memory: console output"));
    }
    state.output_charged.set(state.output_charged.get() + grown);
    Ok(())
}

/// Installs the check helpers `spy` and `clock` as read-only globals of the checker realm (before
/// it is hardened).
pub fn install_check_helpers<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<()> {
    let spy: Function = SPY.run(ctx)?.get()?;
    let clock = Object::new(ctx.clone())?;
    let tick = Function::new(ctx.clone(), |ctx: Ctx<'js>, ms: Value<'js>| -> rquickjs::Result<f64> {
        let ms = ms
            .as_number()
            .filter(|m| *m >= 0.0)
            .ok_or_else(|| Exception::throw_type(&ctx, "clock.tick(ms) needs a number of milliseconds >= 0"))?;
        let target = state(&ctx)?.now.get() + ms;
        run_timers_until(&ctx, target)?;
        Ok(state(&ctx)?.now.get())
    })?;
    let now = Function::new(ctx.clone(), |ctx: Ctx<'js>| -> rquickjs::Result<f64> { Ok(state(&ctx)?.now.get()) })?;
    clock.prop("tick", Property::from(tick).enumerable())?;
    clock.prop("now", Property::from(now).enumerable())?;
    let globals = ctx.globals();
    globals.prop("spy", Property::from(spy))?;
    globals.prop("clock", Property::from(clock))?;
    Ok(())
}

pub(super) fn schedule<'js>(
    ctx: Ctx<'js>,
    owner: TimerOwner,
    callback: Value<'js>,
    args: Rest<Value<'js>>,
    repeat: bool,
) -> rquickjs::Result<u32> {
    let Some(callback) = callback.into_function() else {
        let which = if repeat { "setInterval" } else { "setTimeout" };
        return Err(Exception::throw_type(&ctx, &format!("{which} needs a function as its first argument")));
    };
    let mut args = args.0.into_iter();
    let delay = delay_ms(args.next().as_ref());
    let state = state(&ctx)?;
    let due = state.now.get() + delay;
    let added =
        state.timers.borrow_mut().add(&state.budget, owner, due, repeat.then_some(delay), callback, args.collect());
    added.ok_or_else(|| Exception::throw_internal(&ctx, "out of memory: too many timers"))
}

/// Fires due timers in order until the clock reaches `target`, running microtasks after each
/// (what `clock.tick` does, inside the check's own code).
pub fn run_timers_until<'js>(ctx: &Ctx<'js>, target: f64) -> rquickjs::Result<()> {
    while fire_one_due(ctx, target)? {
        while ctx.execute_pending_job() {}
    }
    let state = state(ctx)?;
    if state.now.get() < target {
        state.now.set(target);
    }
    Ok(())
}

/// Fires the earliest timer due at or before `limit`, advancing the clock to it; runs no job.
/// False when none is due.
fn fire_one_due<'js>(ctx: &Ctx<'js>, limit: f64) -> rquickjs::Result<bool> {
    let next = state(ctx)?.timers.borrow_mut().take_due(limit);
    let Some((due, callback, args)) = next else { return Ok(false) };
    state(ctx)?.now.set(due);
    callback.call::<_, ()>((This(Value::new_undefined(ctx.clone())), Rest(args)))?;
    Ok(true)
}

/// Fires the earliest pending timer, advancing the clock to it, and runs no job after it (the
/// caller watches a promise between jobs); false when no timer is pending.
pub fn fire_next_timer<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<bool> {
    let Some(due) = state(ctx)?.timers.borrow().next_due() else {
        return Ok(false);
    };
    fire_one_due(ctx, due)
}

/// The `spy` check helper, made once per runtime in the checker realm before it is hardened: it
/// keeps the engine's own `Reflect.apply` and `Object.defineProperty` in a closure.
static SPY: Compiled = Compiled::new("<grade spy>", include_str!("spy.js"));

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> JsValueSnapshot {
        JsValueSnapshot::String(text.into())
    }

    #[test]
    fn console_line_joins_and_formats_like_node() {
        assert_eq!(console_line(&[s("a"), JsValueSnapshot::Number(1.0)]), "a 1");
        assert_eq!(
            console_line(&[s("%s has %d items (100%%)"), s("cart"), JsValueSnapshot::Number(3.7), s("extra")]),
            "cart has 3 items (100%) extra"
        );
        assert_eq!(console_line(&[s("%o"), s("x")]), "'x'");
        assert_eq!(console_line(&[s("50%")]), "50%");
        assert_eq!(console_line(&[]), "");
    }

    #[test]
    fn delays_are_clamped_as_node_does() {
        assert_eq!(delay_ms(None), 1.0);
    }
}
