//! The checker realm: where check code (setup, run, calls, `spy`, `clock`, its own console and
//! timers) runs, apart from the submission's realm, which it can neither modify nor name.
//!
//! It is built once per runtime and hardened before any submission exists (lockdown.js): its
//! global object and every intrinsic reachable from it are frozen, and no function of it can make
//! functions from text, so a submission handed a checker object (an argument, a spy, a callback)
//! that walks to its constructor or prototype can change nothing and finds no check state. Check
//! code is compiled as the body of a strict function whose parameters are the exercise's entry
//! names: its own bindings are never globals, and it reads the submission only through them.

use rquickjs::context::EvalOptions;
use rquickjs::{Ctx, Function, Value};

use super::bytecode::Compiled;
use super::{globals, host};

/// Freezes the checker realm; its completion value is the number of objects frozen.
static LOCKDOWN: Compiled = Compiled::new("<grade lockdown>", include_str!("lockdown.js"));

/// The file name check code runs under (stack traces and syntax errors name it).
pub const CHECK_ORIGIN: &str = "check";

/// Installs the host globals and the check helpers in a fresh context and hardens it.
pub fn build(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    globals::install_globals(ctx, host::TimerOwner::Checker)?;
    host::install_check_helpers(ctx)?;
    LOCKDOWN.run(ctx)?;
    Ok(())
}

/// The source of a check's function: `entries` as parameters, `setup` as its first statements,
/// and an evaluator of the check's code (run or each call) in the scope setup made.
///
/// The evaluator is a direct `eval`, so `run`'s statements give the value of their last one, as a
/// script would; in strict code, what they declare stays within that one evaluation.
pub fn check_function_source(entries: &[String], setup: Option<&str>) -> String {
    format!(
        "(function ({}) {{\n\"use strict\";\n{}\n;return (code) => eval(code);\n}})",
        entries.join(", "),
        setup.unwrap_or_default()
    )
}

/// Most check functions a runtime keeps compiled (a course has a few hundred checks at most).
const KEPT_FUNCTIONS: usize = 512;

/// Compiles a check's function in the checker realm (running nothing of it), or hands out the one
/// compiled for the same source earlier in this runtime.
///
/// Keeping it is safe: it is a strict function that no code can name (strict functions have no
/// `callee` or `caller`, and the realm's stack hooks are plain data), each call makes a fresh
/// scope, and its own properties are never read; so nothing of one check reaches the next.
pub fn compile<'js>(ctx: &Ctx<'js>, entries: &[String], setup: Option<&str>) -> rquickjs::Result<Function<'js>> {
    let source = check_function_source(entries, setup);
    let state = ctx.userdata::<host::HostState>();
    if let Some(kept) = state.as_ref().and_then(|s| s.check_functions.borrow().get(&source).cloned()) {
        return Ok(kept);
    }
    let mut options = EvalOptions::default();
    options.filename = Some(CHECK_ORIGIN.to_string());
    options.strict = true;
    let function: Function = ctx.eval_with_options(source.as_str(), options)?;
    if let Some(state) = state {
        let mut kept = state.check_functions.borrow_mut();
        if kept.len() >= KEPT_FUNCTIONS {
            kept.clear();
        }
        kept.insert(source, function.clone());
    }
    Ok(function)
}

/// Runs a check's function with the entries' values: runs setup, and returns the evaluator.
pub fn start<'js>(function: &Function<'js>, values: Vec<Value<'js>>) -> rquickjs::Result<Function<'js>> {
    function.call((rquickjs::function::Rest(values),))
}
