//! Behaviour of the sandbox on its own: limits, isolation, copying out, the host globals.

use std::time::Duration;

use super::*;
use crate::value::{JsValueSnapshot as V, Slot, inspect};

fn limits() -> Limits {
    Limits {
        time: Duration::from_millis(300),
        memory_bytes: 16 << 20,
        stack_bytes: 256 << 10,
        output_bytes: 1024,
    }
}

/// Runs `code` as a script in a fresh sandbox on a thread with a big enough stack.
fn eval(code: &str) -> Result<V, Stop> {
    let code = code.to_string();
    std::thread::Builder::new()
        .stack_size(stack_for(limits().stack_bytes))
        .spawn(move || {
            run_isolated(&limits(), |sb| {
                sb.begin_check()?;
                sb.evaluate(&code, "test.js")
            })
            .expect("engine starts")
        })
        .unwrap()
        .join()
        .unwrap()
}

fn shown(code: &str) -> String {
    match eval(code) {
        Ok(v) => inspect(&v),
        Err(e) => format!("{e:?}"),
    }
}

#[test]
fn values_come_out_as_snapshots() {
    assert_eq!(shown("[1, 'a', null, undefined, -0, NaN]"), "[ 1, 'a', null, undefined, -0, NaN ]");
    assert_eq!(shown("({ b: 1, a: [2] })"), "{ b: 1, a: [ 2 ] }");
    assert_eq!(shown("new Map([['k', 1]])"), "Map(1) { 'k' => 1 }");
    assert_eq!(shown("new Set([1, 2])"), "Set(2) { 1, 2 }");
    assert_eq!(shown("[1, , 3]"), "[ 1, <1 empty item>, 3 ]");
    assert_eq!(shown("const o = { a: 1 }; o.self = o; o"), "{ a: 1, self: [Circular] }");
    assert_eq!(shown("class Counter { constructor() { this.n = 1 } }; new Counter()"), "Counter { n: 1 }");
    assert_eq!(shown("function outer() {}; outer"), "[Function: outer]");
    assert_eq!(shown("(class A {})"), "[class A]");
    assert_eq!(shown("(async () => 1)"), "[AsyncFunction (anonymous)]");
    assert_eq!(shown("(function* gen() {})"), "[GeneratorFunction: gen]");
    assert_eq!(shown("new Date(0)"), "1970-01-01T00:00:00.000Z");
    assert_eq!(shown("/ab+c/gi"), "/ab+c/gi");
    assert_eq!(shown("new TypeError('bad')"), "[TypeError: bad]");
    assert_eq!(shown("10n ** 20n"), "100000000000000000000n");
    assert_eq!(shown("Symbol('s')"), "Symbol(s)");
}

#[test]
fn getters_and_proxies_are_never_run() {
    assert_eq!(
        shown("globalThis.ran = 0; const o = { get x() { ran++; return 1 } }; o"),
        "{ x: [Getter] }"
    );
    assert_eq!(
        shown("new Proxy([1], { get() { throw new Error('trap') }, getOwnPropertyDescriptor() { throw 1 }, ownKeys() { throw 1 } })"),
        "Proxy([ 1 ])"
    );
    assert_eq!(shown("Map.prototype.forEach = () => { throw 1 }; new Map([[1, 2]])"), "Map(1) { 1 => 2 }");
    assert_eq!(
        shown("Object.defineProperty(Array.prototype, '1', { get() { return 9 } }); [1, , 3]"),
        "[ 1, <1 empty item>, 3 ]"
    );
}

#[test]
fn endless_loops_stop_at_the_deadline() {
    assert_eq!(eval("while (true) {}"), Err(Stop::TimedOut));
    assert_eq!(eval("try { while (true) {} } catch (e) {} 1"), Err(Stop::TimedOut));
    assert_eq!(eval("function f() { Promise.resolve().then(f) } f(); new Promise(() => {})"), Err(Stop::TimedOut));
    assert_eq!(eval("setInterval(() => {}, 1); new Promise(() => {})"), Err(Stop::TimedOut));
}

#[test]
fn memory_and_stack_bombs_are_stopped() {
    assert_eq!(eval("const a = []; while (true) a.push(new Array(1000).fill(1))"), Err(Stop::OutOfMemory));
    assert_eq!(eval("const parts = []; while (true) parts.push('y'.repeat(65536) + parts.length)"), Err(Stop::OutOfMemory));
    assert_eq!(eval("function f() { return f() + 1 } f()"), Err(Stop::StackOverflow));
}

#[test]
fn promises_settle_on_the_virtual_clock() {
    assert_eq!(
        shown("new Promise(r => setTimeout(() => r(Date.now()), 5000))"),
        "5000"
    );
    assert_eq!(shown("new Promise(() => {})"), "NeverSettled");
    assert_eq!(shown("(async () => { throw new RangeError('no') })()").contains("RangeError"), true);
    assert_eq!(
        shown("const seen = []; setTimeout(() => seen.push('b'), 20); setTimeout(() => seen.push('a'), 10); clock.tick(15); const x = [...seen]; clock.tick(10); [x, seen, clock.now()]"),
        "[ [ 'a' ], [ 'a', 'b' ], 25 ]"
    );
}

#[test]
fn console_is_captured_and_cut() {
    let out = std::thread::Builder::new()
        .stack_size(stack_for(limits().stack_bytes))
        .spawn(|| {
            run_isolated(&limits(), |sb| {
                sb.exec("console.log('loading')", "sub.js").unwrap();
                sb.begin_check().unwrap();
                sb.exec(
                    "console.log('a', 1, { b: [2] }); console.error('oops'); \
                     const o = { toString() { throw 1 } }; console.log(o); \
                     for (let i = 0; i < 20000; i++) console.log('spam')",
                    "check.js",
                )
                .unwrap();
                sb.output()
            })
            .unwrap()
        })
        .unwrap()
        .join()
        .unwrap();
    assert!(out.0.starts_with("a 1 { b: [ 2 ] }\n{ toString: [Function: toString] }\nspam\n"), "{}", out.0);
    assert!(out.0.ends_with(&cut_marker(1024)));
    assert_eq!(out.1, "oops\n");
}

#[test]
fn randomness_and_time_are_deterministic() {
    assert_eq!(eval("Math.random()"), eval("Math.random()"));
    assert_eq!(shown("[Date.now(), new Date().getTime(), performance.now()]"), "[ 0, 0, 0 ]");
    assert_eq!(shown("new Date(86400000) instanceof Date"), "true");
}

#[test]
fn no_host_access() {
    let e = shown("require('fs')");
    assert!(e.contains("self-contained"), "{e}");
    assert_eq!(shown("typeof process + typeof std + typeof os"), "'undefinedundefinedundefined'");
    let e = shown("import('fs')");
    assert!(e.contains("self-contained"), "{e}");
}

#[test]
fn syntax_errors_have_a_location() {
    eprintln!("{:?}", eval("let e; try { eval('let x = 1;\\nlet y = ;') } catch (err) { e = err.stack } e"));
    match eval("let x = 1;\nlet y = ;") {
        Err(Stop::Threw(t)) => {
            assert_eq!(t.name.as_deref(), Some("SyntaxError"));
            assert_eq!(t.location.map(|l| l.0), Some(2), "{t:?}");
        }
        other => panic!("{other:?}"),
    }
    match eval("throw null") {
        Err(Stop::Threw(t)) => assert_eq!(t.summary(), "uncaught null"),
        other => panic!("{other:?}"),
    }
    match eval("throw { get message() { while (true) {} } }") {
        Err(Stop::Threw(t)) => assert_eq!(t.summary(), "uncaught { message: [Getter] }"),
        other => panic!("{other:?}"),
    }
    let _ = Slot::Hole;
}
