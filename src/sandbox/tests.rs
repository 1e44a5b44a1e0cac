//! Behaviour of the sandbox on its own: limits, isolation, the two realms, copying out, the host
//! globals.

use std::time::Duration;

use super::*;
use crate::value::{JsValueSnapshot as V, Slot, inspect};

fn limits() -> Limits {
    Limits {
        time: Duration::from_millis(300),
        memory_bytes: 16 << 20,
        stack_bytes: 256 << 10,
        output_bytes: 1024,
        intrinsics: Intrinsics::default(),
    }
}

/// Runs `code` as a script of a fresh submission realm, on a thread with a big enough stack.
fn eval(code: &str) -> Result<V, Stop> {
    eval_within(limits(), code)
}

/// Runs `code` as check code (in the checker realm, with `spy` and `clock`) with no submission.
fn check(code: &str) -> Result<V, Stop> {
    after_loading("", code)
}

/// [`eval`] with room for building large values, however busy the machine running the tests.
fn eval_slowly(code: &str) -> Result<V, Stop> {
    eval_within(Limits { time: Duration::from_secs(10), ..limits() }, code)
}

fn eval_within(limits: Limits, code: &str) -> Result<V, Stop> {
    let code = code.to_string();
    std::thread::Builder::new()
        .stack_size(stack_for(limits.stack_bytes))
        .spawn(move || {
            run_isolated(&limits, |sb| {
                sb.begin_check();
                sb.evaluate_plain(&code, "test.js")
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
    assert_eq!(shown("globalThis.ran = 0; const o = { get x() { ran++; return 1 } }; o"), "{ x: [Getter] }");
    assert_eq!(
        shown(
            "new Proxy([1], { get() { throw new Error('trap') }, getOwnPropertyDescriptor() { throw 1 }, ownKeys() { throw 1 } })"
        ),
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
}

#[test]
fn a_promise_kept_company_by_an_interval_never_settles() {
    assert_eq!(eval("setInterval(() => {}, 1); new Promise(() => {})"), Err(Stop::NeverSettled));
    assert_eq!(eval("setInterval(() => { while (true) {} }, 1); new Promise(() => {})"), Err(Stop::TimedOut));
}

#[test]
fn memory_and_stack_bombs_are_stopped() {
    assert_eq!(eval("const a = []; while (true) a.push(new Array(1000).fill(1))"), Err(Stop::OutOfMemory));
    assert_eq!(
        eval("const parts = []; while (true) parts.push('y'.repeat(65536) + parts.length)"),
        Err(Stop::OutOfMemory)
    );
    assert_eq!(eval("function f() { return f() + 1 } f()"), Err(Stop::StackOverflow));
}

#[test]
fn promises_settle_on_the_virtual_clock() {
    assert_eq!(shown("new Promise(r => setTimeout(() => r(Date.now()), 5000))"), "5000");
    assert_eq!(shown("new Promise(() => {})"), "NeverSettled");
    assert!(shown("(async () => { throw new RangeError('no') })()").contains("RangeError"));
    assert_eq!(
        check(
            "const seen = []; setTimeout(() => seen.push('b'), 20); setTimeout(() => seen.push('a'), 10); clock.tick(15); const x = [...seen]; clock.tick(10); [x, seen, clock.now()]"
        )
        .map(|v| inspect(&v)),
        Ok("[ [ 'a' ], [ 'a', 'b' ], 25 ]".into())
    );
}

#[test]
fn console_is_captured_and_cut() {
    let out = std::thread::Builder::new()
        .stack_size(stack_for(limits().stack_bytes))
        .spawn(|| {
            run_isolated(&limits(), |sb| {
                sb.evaluate_plain("console.log('loading')", "sub.js").unwrap();
                sb.begin_check();
                sb.evaluate_plain(
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
        Err(Stop::Threw(t)) => assert_eq!(t.summary(), "null"),
        other => panic!("{other:?}"),
    }
    match eval("throw { get message() { while (true) {} } }") {
        Err(Stop::Threw(t)) => assert_eq!(t.summary(), "{ message: [Getter] }"),
        other => panic!("{other:?}"),
    }
    let _ = Slot::Hole;
}

/// Loads `source` as a script, starts a check and evaluates `code`, in a fresh sandbox.
fn after_loading(source: &str, code: &str) -> Result<V, Stop> {
    let (source, code) = (source.to_string(), code.to_string());
    std::thread::Builder::new()
        .stack_size(stack_for(limits().stack_bytes))
        .spawn(move || {
            run_isolated(&limits(), |sb| {
                let exports = sb.load(&source, "sub.js", SubmissionStyle::Script)?;
                let entries = sb.entries(&[], &exports)?.expect("no entries to miss");
                sb.begin_check();
                sb.start_check(&[], &entries, None)?;
                sb.evaluate(&code)
            })
            .expect("engine starts")
        })
        .unwrap()
        .join()
        .unwrap()
}

fn properties(value: &V) -> usize {
    match value {
        V::Object(o) => o.properties.len(),
        other => panic!("not an object: {other:?}"),
    }
}

#[test]
fn objects_with_many_keys_are_cut_at_the_size_bound() {
    // Every property counts toward MAX_PARTS: a wide object or a long String object costs the
    // host no more than a small one (it used to copy every key, far past the time budget).
    let wide = eval_slowly("const o = {}; for (let i = 0; i < 20000; i++) o['k' + i] = i; o").unwrap();
    assert_eq!(properties(&wide), copy_out::MAX_PARTS);
    assert!(wide.truncation().is_some());
    assert!(inspect(&wide).ends_with("'...': [more than 10000 parts]\n}"), "{}", &inspect(&wide)[..80]);
    let text = eval_slowly("new String('x'.repeat(50000))").unwrap();
    assert_eq!(properties(&text), copy_out::MAX_PARTS);
    let small = eval_slowly("const o = {}; for (let i = 0; i < 9999; i++) o['k' + i] = i; o").unwrap();
    assert_eq!(properties(&small), 9999);
    assert!(small.truncation().is_none());
    let map = eval_slowly("const m = new Map(); for (let i = 0; i < 20000; i++) m.set(i, i); m").unwrap();
    match &map {
        // The Map itself is one part: 9,999 entries fit, then the mark of the cut.
        V::Map(entries) => assert_eq!(entries.len(), copy_out::MAX_PARTS),
        other => panic!("{other:?}"),
    }
    assert!(map.truncation().is_some());
    let set = eval_slowly("new Set(Array.from({ length: 20000 }, (_, i) => i))").unwrap();
    assert!(set.truncation().is_some());
    assert_eq!(shown("new Set([1, 2])"), "Set(2) { 1, 2 }");
}

#[test]
fn realm_additions_are_bounded_and_see_every_kind_of_state() {
    let run = |source: &'static str, builtins: bool| {
        std::thread::Builder::new()
            .stack_size(stack_for(limits().stack_bytes))
            .spawn(move || {
                run_isolated(&Limits { time: Duration::from_secs(10), ..limits() }, |sb| {
                    if builtins {
                        sb.note_originals();
                    }
                    sb.load(source, "sub.js", SubmissionStyle::Script).map(|_| ()).expect("loads");
                    sb.realm_additions(&["escape".to_string()], builtins)
                })
                .expect("engine starts")
            })
            .unwrap()
            .join()
            .unwrap()
    };
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    // Thousands of globals: the list stays bounded, so the leak check stays cheap.
    let names = run("for (let i = 0; i < 5000; i++) globalThis['g' + i] = i;", false);
    assert_eq!(names.len(), loading::MAX_GLOBAL_NAMES);
    // Non-enumerable globals and anything on Object.prototype (a script reads it as a bare name)
    // are additions; so is state on a built-in, while a method added to a prototype is not.
    let source = "Object.defineProperty(globalThis, 'hidden', { value: 1 }); Object.prototype.stash = []; var seen = 0; \
         Object.prototype.describe = function () {}; Math.items = []; \
         Object.defineProperty(JSON, 'calls', { get: () => 1 }); Array.prototype.sum = function () {}; \
         Array.prototype.total = 0; escape = [];";
    assert_eq!(
        run(source, true),
        words(&[
            "seen",
            "hidden",
            "Object.prototype.stash",
            "Object.prototype.describe",
            "Array.prototype.total",
            "Math.items",
            "JSON.calls"
        ])
    );
    // `escape` was assigned (the caller names it, from the parser): its replacement is not searched.
    // Without the search of the built-ins (every check but a submission's first), only the cheap part.
    assert_eq!(run(source, false), words(&["seen", "hidden", "Object.prototype.stash", "Object.prototype.describe"]));
}

#[test]
fn the_spy_record_cannot_be_rewritten() {
    // A submission handed a spy used to be able to fake `calls` and `args`, faking a pass on the
    // checks that count calls; the spy lives in the hardened checker realm now.
    let source = "function tamper(f) { f(1); try { f.calls = 1; } catch (e) {} f.args.length = 0; f.args[0] = 'fake'; \
                  try { Object.defineProperty(Object.getPrototypeOf([]), 1, { set() {}, configurable: true }); } catch (e) {} \
                  try { Object.defineProperty(f, 'calls', { value: 1 }); } catch (e) {} }";
    let result = loading_as_entry(
        SubmissionStyle::Script,
        source,
        "tamper",
        "const f = spy((x) => x); tamper(f); f(2); f(3); [f.calls, Object.getOwnPropertyNames(f.args).length, f.args[0][0], f.args[2][0]]",
    );
    assert_eq!(result.map(|v| inspect(&v)), Ok("[ 3, 4, 1, 3 ]".into()));
    // The clock and the helpers themselves are read-only, even to check code.
    assert_eq!(
        check(
            "for (const tamper of [() => { clock.tick = () => 999 }, () => { spy = null }, () => { globalThis.clock = {} }]) \
             { try { tamper(); } catch (e) {} } [clock.tick(5), typeof spy, Object.isFrozen(clock)]"
        )
        .map(|v| inspect(&v)),
        Ok("[ 5, 'function', true ]".into())
    );
}

#[test]
fn check_helpers_and_learner_names_never_collide() {
    // The submission's own `spy`, `clock`, `console` or frozen global object are its realm's
    // business: check code has its own helpers in its own realm.
    for source in [
        "let spy = (f) => { f.calls = 1; return f; };",
        "function clock() {}",
        "Object.defineProperty(globalThis, 'spy', { get: () => () => 1, configurable: false });",
        "Object.freeze(globalThis);",
        "console.log = () => {}; setTimeout = () => 0;",
    ] {
        let result = after_loading(
            source,
            "const f = spy(() => 1); f(); setTimeout(f, 5); clock.tick(5); [f.calls, clock.now()]",
        );
        assert_eq!(result.map(|v| inspect(&v)), Ok("[ 2, 5 ]".into()), "{source}");
    }
}

#[test]
fn the_checker_realm_is_frozen_and_makes_no_functions_from_text() {
    assert_eq!(
        check(
            "const tries = [() => { Object.prototype.then = () => 1 }, () => { Array.prototype.map = null }, \
             () => { globalThis.leak = 1 }, () => (() => {}).constructor('return globalThis')(), \
             () => (async () => {}).constructor('1')(), () => { Promise.resolve = null }]; \
             tries.map((t) => { try { t(); return 'changed'; } catch (e) { return e.name; } }).join(' ')"
        )
        .map(|v| inspect(&v)),
        Ok("'TypeError TypeError TypeError TypeError TypeError TypeError'".into())
    );
}

#[test]
fn the_checker_realm_s_hidden_intrinsics_are_frozen_too() {
    let probe = "const P = Object.getPrototypeOf; \
        const hidden = [P([][Symbol.iterator]()), P(new Map().entries()), P(''[Symbol.iterator]()), \
          P('a'.matchAll(/a/g)), P(function* () {}), P(P((function* () {})())), P(async function* () {}), \
          P([].values().map((x) => x)), P(Iterator.from({ next: () => ({ done: true }) })), \
          typeof Iterator.concat === 'function' ? P(Iterator.concat([])) : Object.freeze({}), \
          typeof Iterator.zip === 'function' ? P(Iterator.zip([[1]])) : Object.freeze({}), \
          Object.getOwnPropertyDescriptor(Function.prototype, 'caller').get]; \
        hidden.map((o) => Object.isFrozen(o)).join(' ')";
    let all_frozen = std::iter::repeat_n("true", 12).collect::<Vec<_>>().join(" ");
    assert_eq!(check(probe).map(|v| inspect(&v)), Ok(format!("'{all_frozen}'")));
}

#[test]
fn stack_hooks_never_hand_out_the_functions_on_the_stack() {
    // With V8's hooks, a submission received the call sites of the stack, and with them the
    // checker realm's live functions (the check's evaluator, its source), and `stackTraceLimit`'s
    // setter kept what it was given past the realm's end (an abort when the runtime was freed).
    let source = "let seen = 'never called'; \
        Error.prepareStackTrace = (e, sites) => { seen = sites.map((s) => typeof s.getFunction()).join(); return 'x'; }; \
        Error.stackTraceLimit = {}; Error.stackTraceLimit = 10; \
        function outer() { return () => { const stack = new Error('probe').stack; return [seen, typeof stack, Error.stackTraceLimit]; }; }";
    assert_eq!(
        loading_as(SubmissionStyle::Script, source, "outer()()").map(|v| inspect(&v)),
        Ok("[ 'never called', 'string', 10 ]".into())
    );
    assert_eq!(
        check("[typeof Error.prepareStackTrace, Error.stackTraceLimit, Object.isFrozen(Error)]").map(|v| inspect(&v)),
        Ok("[ 'undefined', 10, true ]".into())
    );
}

#[test]
fn modules_are_refused_in_one_clear_sentence() {
    for code in ["import('fs')", "import('node:fs').then((fs) => fs.readFileSync)"] {
        match eval(code) {
            Err(Stop::Threw(t)) => {
                assert!(t.message.starts_with("import '"), "{}", t.message);
                assert!(t.message.ends_with(host::SELF_CONTAINED), "{}", t.message);
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn scripts_load_in_sloppy_mode_as_node_runs_them() {
    // Forced strict mode turned a leaked global (which the leak check explains) into a
    // ReferenceError that Node never throws.
    let sloppy = "function outer() { total = 1; return [total, this === undefined]; }";
    assert_eq!(loading_as(SubmissionStyle::Script, sloppy, "outer()").map(|v| inspect(&v)), Ok("[ 1, false ]".into()));
    let strict = "'use strict'; function outer() { return this === undefined; }";
    assert_eq!(loading_as(SubmissionStyle::Script, strict, "outer()").map(|v| inspect(&v)), Ok("true".into()));
}

/// Loads `source` as `sub.js` in `style`; if it loads, starts a check with the entry `outer`
/// and evaluates `code`.
fn loading_as(style: SubmissionStyle, source: &str, code: &str) -> Result<V, Stop> {
    loading_as_entry(style, source, "outer", code)
}

/// [`loading_as`] with another entry name.
fn loading_as_entry(style: SubmissionStyle, source: &str, entry: &str, code: &str) -> Result<V, Stop> {
    let (source, code, entry) = (source.to_string(), code.to_string(), vec![entry.to_string()]);
    std::thread::Builder::new()
        .stack_size(stack_for(limits().stack_bytes))
        .spawn(move || {
            run_isolated(&limits(), |sb| {
                let exports = sb.load(&source, "sub.js", style)?;
                let entries = sb.entries(&entry, &exports)?.expect("the entry is defined");
                sb.begin_check();
                sb.start_check(&entry, &entries, None)?;
                sb.evaluate(&code)
            })
            .expect("engine starts")
        })
        .unwrap()
        .join()
        .unwrap()
}

fn thrown(result: Result<V, Stop>) -> Thrown {
    match result {
        Err(Stop::Threw(t)) => t,
        other => panic!("expected a throw: {other:?}"),
    }
}

#[test]
fn locations_point_into_the_submission_or_nowhere() {
    let source = "function outer() {\n  return 5;\n}\n";
    // The throw is in check code: its position would point into code the learner never wrote.
    let t = thrown(loading_as(SubmissionStyle::Script, source, "const c = outer(); c()"));
    assert_eq!((t.name.as_deref(), t.location), (Some("TypeError"), None), "{t:?}");
    // A throw inside the submission, called from check code, points at the submission's line.
    let source = "function outer() {\n  return (o) => o.x.y;\n}\n";
    let t = thrown(loading_as(SubmissionStyle::Script, source, "const c = outer(); c()"));
    assert_eq!(t.location.map(|l| l.0), Some(2), "{t:?}");
    // CommonJS on one line: the wrapper's columns are taken off at check time too.
    let source = "module.exports = function outer() { return () => { throw new Error('x'); }; };";
    let t = thrown(loading_as(SubmissionStyle::CommonJs, source, "outer()()"));
    assert_eq!(t.location, Some((1, source.find("Error").unwrap() as u32 + 1)), "{t:?}");
}

#[test]
fn a_file_that_ends_too_early_says_so_within_the_file() {
    let source = "module.exports = function outer() {\n  let c = 0;\n  return () => ++c\n";
    let t = thrown(loading_as(SubmissionStyle::CommonJs, source, "1"));
    assert_eq!(t.name.as_deref(), Some("SyntaxError"));
    assert_eq!(t.location, Some((3, 19)), "{t:?}");
    assert!(t.message.ends_with(" at the end of the file"), "{t:?}");
    let t = thrown(loading_as(SubmissionStyle::Script, "function outer() {\n  return 1;\n\n\n", "1"));
    assert_eq!(t.location, Some((2, 12)), "{t:?}");
    assert!(t.message.ends_with(" at the end of the file"), "{t:?}");
}

#[test]
fn a_script_that_only_parses_as_a_module_loads_as_one() {
    let source = "function outer() { return () => 1; }\nexport { outer };\n";
    assert_eq!(loading_as(SubmissionStyle::Script, source, "outer()()"), Ok(V::Number(1.0)));
    assert_eq!(loading_as(SubmissionStyle::CommonJs, source, "outer()()"), Ok(V::Number(1.0)));
    // When neither parses, the error from the parse that got further is reported.
    let t = thrown(loading_as(SubmissionStyle::Script, "export function outer() {}\nlet x = ;\n", "1"));
    assert_eq!(t.location, Some((2, 9)), "{t:?}");
    let t = thrown(loading_as(SubmissionStyle::Script, "let x = ;\nimport('y');\n", "1"));
    assert_eq!((t.location, t.message.contains("export")), (Some((1, 9)), false), "{t:?}");
}

/// Runs `work` on one thread with the stack checks need, as a grading thread does.
fn on_grading_thread<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new().stack_size(stack_for(limits().stack_bytes)).spawn(work).unwrap().join().unwrap()
}

#[test]
fn one_runtime_grades_check_after_check_until_one_leaves_something_behind() {
    let built = on_grading_thread(|| {
        let plain =
            |code: &'static str| run_isolated(&limits(), |sb| sb.evaluate_plain(code, "t.js").map(|v| inspect(&v)));
        let mut built = Vec::new();
        for _ in 0..20 {
            assert_eq!(plain("[1, 2].map((x) => x * 2)").unwrap(), Ok("[ 2, 4 ]".into()));
        }
        built.push(engines_built());
        // A limit: the runtime is thrown away after the check that hit it.
        assert_eq!(plain("for (;;) {}").unwrap(), Err(Stop::TimedOut));
        assert_eq!(plain("1").unwrap(), Ok("1".into()));
        built.push(engines_built());
        // A realm that outlives its check (here the host forgets a value of it): the runtime
        // cannot be trusted to be clean, and goes, without the engine aborting on what leaked.
        run_isolated(&limits(), |sb| {
            let value: Value = sb.realm.eval("({ kept: new Array(1000).fill('x') })").unwrap();
            std::mem::forget(value);
        })
        .unwrap();
        assert_eq!(plain("2").unwrap(), Ok("2".into()));
        built.push(engines_built());
        built
    });
    assert_eq!(built, [1, 2, 3], "engines built after 20 checks, after a timeout, after a kept realm");
}

#[test]
fn copies_stay_bounded_however_values_are_shared() {
    // One Set of 10,000 numbers held in 2,000 places: the copy stops at the size bound instead of
    // making twenty million entries on the host.
    let copied =
        eval_slowly("const s = new Set(Array.from({ length: 10000 }, (_, i) => i)); new Array(2000).fill(s)").unwrap();
    let entries: usize = match &copied {
        V::Array(slots) => slots
            .iter()
            .map(|slot| match slot {
                Slot::Value(V::Set(values)) => values.len(),
                _ => 0,
            })
            .sum(),
        other => panic!("{other:?}"),
    };
    assert!(entries <= super::copy_out::MAX_PARTS + 2, "{entries} set entries copied");
    // A huge BigInt is named, not turned into a million digits (seconds of native work each).
    assert_eq!(
        shown("[1n << 1048000n, 12345678901234567890n]"),
        "[ [a BigInt of more than 400 digits], 12345678901234567890n ]"
    );
}

#[test]
fn a_regexp_is_copied_without_running_the_submission_s_flag_accessors() {
    let source = "let ran = 0; Object.defineProperty(RegExp.prototype, 'global', { get() { ran++; return true; } }); \
        function outer() { return [/ab+c/i, () => ran]; }";
    assert_eq!(
        loading_as(SubmissionStyle::Script, source, "const [re, count] = outer(); [re, count()]").map(|v| inspect(&v)),
        Ok("[ /ab+c/i, 0 ]".into())
    );
}

#[test]
fn each_realm_numbers_and_clears_only_its_own_timers() {
    // The submission gets ids from 1 and cannot cancel (or count) the timers check code sets.
    let source = "function outer() { return () => { const mine = setTimeout(() => {}, 5); \
        for (let id = 0; id < 100; id++) clearTimeout(id); return mine; }; }";
    assert_eq!(
        loading_as(
            SubmissionStyle::Script,
            source,
            "let fired = 0; setTimeout(() => { fired += 1; }, 10); const theirs = outer()(); clock.tick(20); [fired, theirs]"
        )
        .map(|v| inspect(&v)),
        Ok("[ 1, 1 ]".into())
    );
}

#[test]
fn optional_builtins_are_there_only_when_asked_for_and_are_no_leak() {
    let run = |intrinsics: Intrinsics| {
        std::thread::Builder::new()
            .stack_size(stack_for(limits().stack_bytes))
            .spawn(move || {
                let limits = Limits { time: Duration::from_secs(10), intrinsics, ..limits() };
                // Two checks each: the engine reuses its runtime, and the second realm is as fresh.
                (0..2)
                    .map(|_| {
                        run_isolated(&limits, |sb| {
                            sb.note_originals();
                            let kinds = sb
                                .evaluate_plain(
                                    "[typeof Uint8Array, typeof DataView, typeof atob, typeof Proxy, typeof WeakRef]",
                                    "probe.js",
                                )
                                .expect("runs");
                            (kinds, sb.realm_additions(&[], true))
                        })
                        .expect("engine starts")
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap()
            .join()
            .unwrap()
    };
    let kinds = |list: &[&str]| V::Array(list.iter().map(|k| Slot::Value(V::String(k.to_string()))).collect());
    for (kinds_seen, additions) in run(Intrinsics::default()) {
        assert_eq!(kinds_seen, kinds(&["undefined", "undefined", "undefined", "function", "undefined"]));
        assert_eq!(additions, Vec::<String>::new());
    }
    for (kinds_seen, additions) in run(Intrinsics::ALL) {
        assert_eq!(kinds_seen, kinds(&["function", "function", "function", "function", "function"]));
        assert_eq!(additions, Vec::<String>::new(), "the optional built-ins are in that realm's baseline");
    }
}

/// Runs `code` as check code with the submission's `names` as its entries.
fn with_entries(source: &str, names: &[&str], code: &str) -> Result<V, Stop> {
    let (source, code) = (source.to_string(), code.to_string());
    let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
    std::thread::Builder::new()
        .stack_size(stack_for(limits().stack_bytes))
        .spawn(move || {
            run_isolated(&limits(), |sb| {
                let exports = sb.load(&source, "sub.js", SubmissionStyle::Script)?;
                let entries = sb.entries(&names, &exports)?.expect("the entries are defined");
                sb.begin_check();
                sb.start_check(&names, &entries, None)?;
                sb.evaluate(&code)
            })
            .expect("engine starts")
        })
        .unwrap()
        .join()
        .unwrap()
}

#[test]
fn a_submissions_timer_functions_act_for_its_own_realm_whoever_calls_them() {
    // Bound and handed to check code, the submission's clearTimeout must not clear the check's
    // timer 1, and its setTimeout must number the submission's own timers, not the check's.
    let source = "var later = setTimeout.bind(null, () => {}, 5); var cancel = clearTimeout.bind(null, 1);";
    let code = "let fired = false; const mine = setTimeout(() => { fired = true; }, 10); cancel(); \
                const theirs = later(); clock.tick(20); [fired, mine, theirs]";
    let seen = with_entries(source, &["later", "cancel"], code).expect("runs");
    assert_eq!(
        seen,
        V::Array(vec![Slot::Value(V::Bool(true)), Slot::Value(V::Number(1.0)), Slot::Value(V::Number(1.0))])
    );
}

#[test]
fn a_thrown_value_s_classes_are_read_without_running_its_code() {
    use crate::value::ClassChain;
    let source = "class Empty extends RangeError {}\nfunction outer(kind) {\n  if (kind === 1) throw new Empty();\n  \
        if (kind === 2) { const e = new Error('x'); Object.setPrototypeOf(e, new Proxy({}, { get() { throw 1; } })); throw e; }\n  \
        if (kind === 3) { class Sly extends Error {} Object.defineProperty(Sly.prototype, 'constructor', { get() { globalThis.ran = true; return Error; } }); throw new Sly(); }\n  \
        throw 'text';\n}\n";
    let classes = |code: &str| *thrown(loading_as(SubmissionStyle::Script, source, code)).classes;
    assert_eq!(
        classes("outer(1)"),
        ClassChain::Known(vec!["Empty".into(), "RangeError".into(), "Error".into(), "Object".into()])
    );
    assert!(matches!(classes("outer(2)"), ClassChain::Unknown { ref reason, .. } if reason.contains("Proxy")));
    let sly = classes("outer(3)");
    assert!(matches!(sly, ClassChain::Unknown { ref reason, .. } if reason.contains("accessor")), "{sly:?}");
    assert_eq!(classes("outer(4)"), ClassChain::Primitive);
    // Had the host called the accessor, it would have read `Error` through it: it stops there instead.
}

#[test]
fn a_default_export_binds_beside_named_exports() {
    let source = "export default class CircularBuffer {}\nexport class BufferFullError extends Error {}\n";
    let entries = ["CircularBuffer".to_string(), "BufferFullError".to_string()];
    let (source, entries2) = (source.to_string(), entries.to_vec());
    let names = std::thread::Builder::new()
        .stack_size(stack_for(limits().stack_bytes))
        .spawn(move || {
            run_isolated(&limits(), |sb| {
                let exports = sb.load(&source, "sub.js", SubmissionStyle::Module).unwrap();
                let entries = sb.entries(&entries2, &exports).unwrap().expect("both entries bind");
                sb.begin_check();
                sb.start_check(&entries2, &entries, None).unwrap();
                sb.evaluate("[CircularBuffer.name, BufferFullError.name]").map(|v| inspect(&v))
            })
            .expect("engine starts")
        })
        .unwrap()
        .join()
        .unwrap();
    assert_eq!(names, Ok("[ 'CircularBuffer', 'BufferFullError' ]".into()));
}

#[test]
fn the_native_virtual_date_and_queue_microtask_behave_as_the_host_promises() {
    // Every form of Date on the virtual clock, the engine's own for the rest.
    assert_eq!(
        shown(
            "[typeof Date(), new Date().getTime(), new Date(5).getTime(), Date.UTC(2020, 0), Date.name, Date.length, \
             new Date() instanceof Date, Object.getPrototypeOf(new Date()) === Date.prototype, \
             Date.prototype.constructor === Date, new (class Later extends Date {})(7).getTime()]"
        ),
        "[ 'string', 0, 5, 1577836800000, 'Date', 7, true, true, true, 7 ]"
    );
    // A microtask runs as a job; what it throws is dropped, and a non-function is refused.
    assert_eq!(
        shown(
            "new Promise((done) => { queueMicrotask(() => { throw new Error('dropped'); }); \
             queueMicrotask(() => done('ran')); })"
        ),
        "'ran'"
    );
    assert!(matches!(eval("queueMicrotask(1)"), Err(Stop::Threw(t)) if t.name.as_deref() == Some("TypeError")));
}
