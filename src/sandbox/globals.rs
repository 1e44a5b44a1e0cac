//! The globals the host gives every realm (console, timers, a seeded `Math.random`, a virtual
//! `Date` and `performance.now`, `queueMicrotask`, a `require` that explains why it cannot
//! work), installed natively: no script runs to make them, so a fresh realm pays only for the
//! functions themselves.
//!
//! Each keeps what it needs of the engine's own functions where the realm's code cannot reach
//! it (the original `Date` lives in the virtual `Date`'s function data), so later tampering with
//! the realm's globals changes nothing the host relies on.

use std::ptr;

use rquickjs::function::{Func, Rest};
use rquickjs::object::Property;
use rquickjs::{Ctx, Exception, Function, Object, Value, qjs};

use super::host::{self, SELF_CONTAINED, TimerOwner, state};
use super::output::Stream;

/// Installs the host's globals in a fresh realm, before anything else runs there; `owner` says
/// which realm it is, so its timer functions number and clear that realm's timers whoever calls
/// them (a function called from another realm runs with the caller's context).
pub fn install_globals<'js>(ctx: &Ctx<'js>, owner: TimerOwner) -> rquickjs::Result<()> {
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
        console.set(name, Func::from(move |ctx: Ctx<'js>, args: Rest<Value<'js>>| host::log(&ctx, stream, &args.0)))?;
    }
    hidden(&g, "console", console.into_value())?;
    let timer = |repeat: bool, name: &str| -> rquickjs::Result<Value<'js>> {
        let schedule = move |ctx, callback, args| host::schedule(ctx, owner, callback, args, repeat);
        Ok(Function::new(ctx.clone(), schedule)?.with_name(name)?.into_value())
    };
    hidden(&g, "setTimeout", timer(false, "setTimeout")?)?;
    hidden(&g, "setInterval", timer(true, "setInterval")?)?;
    let clear = move |ctx: Ctx<'js>, id: Value<'js>| -> rquickjs::Result<()> {
        // Only an id this realm was given (a whole number in range) names a timer.
        if let Some(id) = id.as_number().filter(|n| n.fract() == 0.0 && *n >= 1.0 && *n <= f64::from(u32::MAX)) {
            let state = state(&ctx)?;
            let freed = state.timers.borrow_mut().clear(owner, id as u32);
            state.budget.release(freed);
        }
        Ok(())
    };
    hidden(&g, "clearTimeout", Function::new(ctx.clone(), clear)?.with_name("clearTimeout")?.into_value())?;
    hidden(&g, "clearInterval", Function::new(ctx.clone(), clear)?.with_name("clearInterval")?.into_value())?;

    let math: Object = g.get("Math")?;
    math.set("random", Func::from(|ctx: Ctx<'js>| -> rquickjs::Result<f64> { Ok(state(&ctx)?.random()) }))?;
    let now = Function::new(ctx.clone(), |ctx: Ctx<'js>| -> rquickjs::Result<f64> { Ok(state(&ctx)?.now.get()) })?
        .with_name("now")?;
    install_date(ctx, &g, &now)?;
    let performance = Object::new(ctx.clone())?;
    performance.set("now", now)?;
    hidden(&g, "performance", performance.into_value())?;
    let require = Function::new(ctx.clone(), |ctx: Ctx<'js>, name: Value<'js>| -> rquickjs::Result<()> {
        let name = name.as_string().and_then(|s| s.to_string().ok()).unwrap_or_default();
        Err(Exception::throw_message(&ctx, &format!("require('{name}'): {SELF_CONTAINED}")))
    })?
    .with_name("require")?;
    hidden(&g, "require", require.into_value())?;
    let queue = Function::new(ctx.clone(), queue_microtask)?.with_name("queueMicrotask")?;
    hidden(&g, "queueMicrotask", queue.into_value())?;

    // The engine's V8-style stack hooks write into the realm itself: `prepareStackTrace` would hand
    // its function the live functions on the stack (the checker realm's among them), and the
    // `stackTraceLimit` setter keeps what it is given past the realm's end. Plain data properties
    // in their place: code may still assign them, and the engine never reads them.
    let error: Object = g.get("Error")?;
    error.prop("prepareStackTrace", Property::from(Value::new_undefined(ctx.clone())).writable())?;
    error.prop("stackTraceLimit", Property::from(10).writable())?;
    Ok(())
}

/// Defines a global as the host's own are: writable and configurable, but not enumerable.
fn hidden<'js>(globals: &Object<'js>, name: &str, value: Value<'js>) -> rquickjs::Result<()> {
    globals.prop(name, Property::from(value).writable().configurable())
}

/// Replaces the realm's `Date` with one on the virtual clock: `new Date()` and `Date()` read the
/// check's time, every other form is the engine's own. The original constructor and its
/// `toString` are the function's data, which no code of the realm can read.
fn install_date<'js>(ctx: &Ctx<'js>, globals: &Object<'js>, now: &Function<'js>) -> rquickjs::Result<()> {
    let real: Object = globals.get("Date")?;
    let prototype: Object = real.get("prototype")?;
    let to_string: Value = prototype.get("toString")?;
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut data = [real.as_raw(), to_string.as_raw()];
    // SAFETY: JS_NewCFunctionData duplicates the data values it keeps; the result is owned by the
    // Value made from it.
    let date = unsafe {
        let raw = qjs::JS_NewCFunctionData(raw_ctx, Some(virtual_date), 7, 0, data.len() as i32, data.as_mut_ptr());
        if qjs::JS_IsException(raw) {
            return Err(rquickjs::Error::Exception);
        }
        qjs::JS_SetConstructorBit(raw_ctx, raw, true);
        Value::from_raw(ctx.clone(), raw)
    };
    let date = date.into_object().ok_or_else(|| Exception::throw_internal(ctx, "the virtual Date is no object"))?;
    date.prop("name", Property::from("Date").configurable())?;
    date.prop("prototype", Property::from(prototype.clone()))?;
    prototype.prop("constructor", Property::from(date.clone()).writable().configurable())?;
    date.set("now", now.clone())?;
    date.set("UTC", real.get::<_, Value>("UTC")?)?;
    date.set("parse", real.get::<_, Value>("parse")?)?;
    hidden(globals, "Date", date.into_value())
}

/// The virtual `Date`: `data` holds the engine's `Date` and `Date.prototype.toString`.
unsafe extern "C" fn virtual_date(
    ctx: *mut qjs::JSContext,
    this: qjs::JSValue,
    argc: std::ffi::c_int,
    argv: *mut qjs::JSValue,
    _magic: std::ffi::c_int,
    data: *mut qjs::JSValue,
) -> qjs::JSValue {
    // SAFETY (whole body): `data` has the two values the function was made with, `argv` has
    // `argc` values, and every value made here is freed here or returned.
    unsafe {
        let real = *data;
        let to_string = *data.add(1);
        let Some(now) = virtual_now(ctx) else { return qjs::JS_EXCEPTION };
        let mut now_arg = [qjs::JS_NewFloat64(now)];
        // Called as a constructor, `this` is new.target.
        if !qjs::JS_IsConstructor(ctx, this) {
            let date = qjs::JS_CallConstructor2(ctx, real, real, 1, now_arg.as_mut_ptr());
            if qjs::JS_IsException(date) {
                return date;
            }
            let text = qjs::JS_Call(ctx, to_string, date, 0, ptr::null_mut());
            qjs::JS_FreeValue(ctx, date);
            return text;
        }
        if argc == 0 {
            qjs::JS_CallConstructor2(ctx, real, this, 1, now_arg.as_mut_ptr())
        } else {
            qjs::JS_CallConstructor2(ctx, real, this, argc, argv)
        }
    }
}

/// The check's virtual time, or `None` with an exception thrown.
fn virtual_now(ctx: *mut qjs::JSContext) -> Option<f64> {
    // SAFETY: a live context the engine called into; the Ctx made here only reads the host state.
    let ctx = unsafe { Ctx::from_raw(ptr::NonNull::new(ctx)?) };
    match state(&ctx) {
        Ok(state) => Some(state.now.get()),
        Err(_) => {
            let _ = Exception::throw_internal(&ctx, "sandbox state is missing");
            None
        }
    }
}

/// `queueMicrotask(fn)`: `fn` runs as a job, as a promise reaction would, and what it throws is
/// dropped as an unhandled rejection would be (an interrupt still ends the check).
fn queue_microtask<'js>(ctx: Ctx<'js>, callback: Value<'js>) -> rquickjs::Result<()> {
    if !callback.is_function() {
        return Err(Exception::throw_type(&ctx, "queueMicrotask needs a function"));
    }
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut args = [callback.as_raw()];
    // SAFETY: JS_EnqueueJob duplicates the arguments it keeps.
    let queued = unsafe { qjs::JS_EnqueueJob(raw_ctx, Some(run_microtask), 1, args.as_mut_ptr()) };
    if queued < 0 {
        return Err(Exception::throw_internal(&ctx, "out of memory: queueMicrotask"));
    }
    Ok(())
}

unsafe extern "C" fn run_microtask(
    ctx: *mut qjs::JSContext,
    _argc: std::ffi::c_int,
    argv: *mut qjs::JSValue,
) -> qjs::JSValue {
    // SAFETY: the job was queued with one argument, the callback.
    unsafe {
        let result = qjs::JS_Call(ctx, *argv, qjs::JS_UNDEFINED, 0, ptr::null_mut());
        if !qjs::JS_IsException(result) {
            qjs::JS_FreeValue(ctx, result);
            return qjs::JS_UNDEFINED;
        }
        let thrown = qjs::JS_GetException(ctx);
        if qjs::JS_IsUncatchableError(thrown) {
            qjs::JS_Throw(ctx, thrown);
            return qjs::JS_EXCEPTION;
        }
        qjs::JS_FreeValue(ctx, thrown);
        qjs::JS_UNDEFINED
    }
}
