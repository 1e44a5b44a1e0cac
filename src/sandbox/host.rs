//! What the sandbox gives a submission in place of a host: console, timers on a virtual clock,
//! a seeded `Math.random`, a virtual `Date`, and a `require` that explains why it cannot work.
//!
//! All of it is native (Rust) or a few lines of JS that capture the engine's own functions before
//! the submission runs, so tampering with builtins cannot reach the grader's state.

use std::cell::{Cell, RefCell};

use rquickjs::function::{Func, Rest, This};
use rquickjs::object::Property;
use rquickjs::{Ctx, Exception, Function, JsLifetime, Object, Value, qjs};

use super::bytecode::Compiled;
use super::copy_out::{CopyOut, Pristine};
use super::output::{Output, Stream};
use crate::value::{JsValueSnapshot, inspect_console};

/// The message every attempt to reach a module gets.
pub const SELF_CONTAINED: &str = "exercises are self-contained: there are no modules to require or import here";

/// Everything the host keeps for one context, stored as the runtime's userdata.
pub struct HostState<'js> {
    /// The engine's own functions, captured before any submission code ran.
    pub pristine: Pristine<'js>,
    /// Captured console output.
    pub output: RefCell<Output>,
    /// Pending timers.
    pub timers: RefCell<Timers<'js>>,
    /// Virtual time in milliseconds.
    pub now: Cell<f64>,
    /// The `spy` helper, made by the prelude before the submission ran.
    spy: RefCell<Option<Function<'js>>>,
    rng: Cell<u64>,
}

// SAFETY: the only lifetime is 'js, and Changed swaps exactly that.
unsafe impl<'js> JsLifetime<'js> for HostState<'js> {
    type Changed<'to> = HostState<'to>;
}

/// A timer waiting on the virtual clock.
pub struct Timer<'js> {
    id: u32,
    due: f64,
    seq: u64,
    interval: Option<f64>,
    callback: Function<'js>,
    args: Vec<Value<'js>>,
}

/// The timer queue.
#[derive(Default)]
pub struct Timers<'js> {
    next_id: u32,
    next_seq: u64,
    pending: Vec<Timer<'js>>,
}

impl<'js> Timers<'js> {
    fn add(&mut self, due: f64, interval: Option<f64>, callback: Function<'js>, args: Vec<Value<'js>>) -> u32 {
        self.next_id += 1;
        self.next_seq += 1;
        let id = self.next_id;
        self.pending.push(Timer { id, due, seq: self.next_seq, interval, callback, args });
        id
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
                Some((due, timer.callback, timer.args))
            }
        }
    }

    fn clear(&mut self, id: u32) {
        self.pending.retain(|t| t.id != id);
    }

    /// Drops every pending timer (before the runtime goes).
    pub fn clear_all(&mut self) {
        self.pending.clear();
    }
}

/// Node clamps delays below 1 ms (and anything that is not a number) to 1 ms.
fn delay_ms(value: Option<&Value<'_>>) -> f64 {
    let ms = value.and_then(|v| v.as_number()).unwrap_or(1.0);
    if ms.is_nan() || ms < 1.0 { 1.0 } else { ms.min(2_147_483_647.0) }
}

impl<'js> HostState<'js> {
    /// Fresh host state for a context whose pristine natives were just captured.
    pub fn new(pristine: Pristine<'js>, output_limit: usize) -> Self {
        HostState {
            pristine,
            output: RefCell::new(Output::new(output_limit)),
            timers: RefCell::default(),
            now: Cell::new(0.0),
            spy: RefCell::new(None),
            rng: Cell::new(0x9E37_79B9_7F4A_7C15),
        }
    }

    fn random(&self) -> f64 {
        // xorshift64*: the same sequence for every run of the same check.
        let mut x = self.rng.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.rng.set(x);
        (x.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn state<'a, 'js>(ctx: &'a Ctx<'js>) -> rquickjs::Result<rquickjs::runtime::UserDataGuard<'a, HostState<'js>>> {
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

fn log<'js>(ctx: &Ctx<'js>, stream: Stream, args: &[Value<'js>]) -> rquickjs::Result<()> {
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
    state.output.borrow_mut().write(stream, &line);
    Ok(())
}

/// Installs console, timers, `Math.random`, the virtual `Date` and `require` in a fresh context.
pub fn install_globals<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<()> {
    let g = ctx.globals();
    let console = Object::new(ctx.clone())?;
    for (name, stream) in [
        ("log", Stream::Stdout),
        ("info", Stream::Stdout),
        ("debug", Stream::Stdout),
        ("trace", Stream::Stderr),
        ("warn", Stream::Stderr),
        ("error", Stream::Stderr),
    ] {
        console.set(name, Func::from(move |ctx: Ctx<'js>, args: Rest<Value<'js>>| log(&ctx, stream, &args.0)))?;
    }
    g.set("console", console)?;

    g.set("setTimeout", Func::from(|ctx, cb, args| schedule(ctx, cb, args, false)))?;
    g.set("setInterval", Func::from(|ctx, cb, args| schedule(ctx, cb, args, true)))?;
    let clear = |ctx: Ctx<'js>, id: Value<'js>| -> rquickjs::Result<()> {
        if let Some(id) = id.as_number() {
            state(&ctx)?.timers.borrow_mut().clear(id as u32);
        }
        Ok(())
    };
    g.set("clearTimeout", Func::from(clear))?;
    g.set("clearInterval", Func::from(clear))?;

    let math: Object = g.get("Math")?;
    math.set("random", Func::from(|ctx: Ctx<'js>| -> rquickjs::Result<f64> { Ok(state(&ctx)?.random()) }))?;
    let now = Function::new(ctx.clone(), |ctx: Ctx<'js>| -> rquickjs::Result<f64> { Ok(state(&ctx)?.now.get()) })?;
    let require = Function::new(ctx.clone(), |ctx: Ctx<'js>, name: Value<'js>| -> rquickjs::Result<()> {
        let name = name.as_string().and_then(|s| s.to_string().ok()).unwrap_or_default();
        Err(Exception::throw_message(&ctx, &format!("require('{name}'): {SELF_CONTAINED}")))
    })?;
    let prelude: Function = PRELUDE.run(ctx)?.get()?;
    let spy: Function = prelude.call((now, require))?;
    *state(ctx)?.spy.borrow_mut() = Some(spy);
    Ok(())
}

/// Installs the check helpers `spy` and `clock` (after the submission has loaded) as read-only
/// globals, so code that runs during a check cannot swap them for fakes.
///
/// Returns the helper names the submission took for itself (a top-level `let spy`, a read-only or
/// non-configurable global of that name, a frozen global object): there, check code would reach
/// the submission's value instead, so it must not run.
pub fn install_check_helpers<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<Vec<&'static str>> {
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
    // SAFETY: freezing a live object this function just made.
    unsafe { qjs::JS_FreezeObject(ctx.as_raw().as_ptr(), clock.as_raw()) };
    let spy = state(ctx)?.spy.borrow().clone().map_or_else(|| Value::new_undefined(ctx.clone()), Function::into_value);
    let mut taken = Vec::new();
    for (name, value) in [("spy", spy), ("clock", clock.into_value())] {
        if !define_read_only_global(ctx, name, &value) || !resolves_to(ctx, name, &value) {
            taken.push(name);
        }
    }
    Ok(taken)
}

/// Defines `globalThis[name]` as a read-only, non-configurable, non-enumerable data property;
/// false when the global object refuses (the name is already non-configurable, or the object is
/// not extensible).
fn define_read_only_global<'js>(ctx: &Ctx<'js>, name: &str, value: &Value<'js>) -> bool {
    let raw_ctx = ctx.as_raw().as_ptr();
    let flags = (qjs::JS_PROP_HAS_VALUE
        | qjs::JS_PROP_HAS_WRITABLE
        | qjs::JS_PROP_HAS_CONFIGURABLE
        | qjs::JS_PROP_HAS_ENUMERABLE) as i32;
    let globals = ctx.globals();
    // SAFETY: the atom is freed here; JS_DefinePropertyValue takes ownership of the duplicated value.
    let defined = unsafe {
        let atom = qjs::JS_NewAtomLen(raw_ctx, name.as_ptr().cast(), name.len() as _);
        let result = qjs::JS_DefinePropertyValue(
            raw_ctx,
            globals.as_raw(),
            atom,
            qjs::JS_DupValue(raw_ctx, value.as_raw()),
            flags,
        );
        qjs::JS_FreeAtom(raw_ctx, atom);
        result == 1
    };
    if ctx.has_exception() {
        let _ = ctx.catch();
    }
    defined
}

/// Whether the identifier `name`, read as check code reads it, is `value` (and not a top-level
/// lexical binding of the submission's that hides the global property).
fn resolves_to<'js>(ctx: &Ctx<'js>, name: &str, value: &Value<'js>) -> bool {
    match ctx.eval::<Value, _>(name) {
        Ok(found) => &found == value,
        Err(_) => {
            let _ = ctx.catch();
            false
        }
    }
}

fn schedule<'js>(ctx: Ctx<'js>, callback: Value<'js>, args: Rest<Value<'js>>, repeat: bool) -> rquickjs::Result<u32> {
    let Some(callback) = callback.into_function() else {
        let which = if repeat { "setInterval" } else { "setTimeout" };
        return Err(Exception::throw_type(&ctx, &format!("{which} needs a function as its first argument")));
    };
    let mut args = args.0.into_iter();
    let delay = delay_ms(args.next().as_ref());
    let state = state(&ctx)?;
    let due = state.now.get() + delay;
    let id = state.timers.borrow_mut().add(due, repeat.then_some(delay), callback, args.collect());
    Ok(id)
}

/// Fires due timers in order until the clock reaches `target`, running microtasks after each.
pub fn run_timers_until<'js>(ctx: &Ctx<'js>, target: f64) -> rquickjs::Result<()> {
    loop {
        let next = state(ctx)?.timers.borrow_mut().take_due(target);
        let Some((due, callback, args)) = next else { break };
        state(ctx)?.now.set(due);
        callback.call::<_, ()>((This(Value::new_undefined(ctx.clone())), Rest(args)))?;
        while ctx.execute_pending_job() {}
    }
    let state = state(ctx)?;
    if state.now.get() < target {
        state.now.set(target);
    }
    Ok(())
}

/// Fires the earliest pending timer, advancing the clock to it; false when none is pending.
pub fn fire_next_timer<'js>(ctx: &Ctx<'js>) -> rquickjs::Result<bool> {
    let Some(due) = state(ctx)?.timers.borrow().next_due() else {
        return Ok(false);
    };
    run_timers_until(ctx, due)?;
    Ok(true)
}

/// A few lines of JS, run once per context before the submission: it keeps the engine's own
/// `Date`, `Reflect` and `Promise` in a closure, so later tampering cannot reach them, and
/// returns the `spy` helper that checks get once the submission has loaded.
static PRELUDE: Compiled = Compiled::new("<grade prelude>", include_str!("prelude.js"));

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
