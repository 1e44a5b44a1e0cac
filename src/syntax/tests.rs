//! Unit tests of the source analysis, on tricky inputs as well as ordinary ones.

use super::*;

fn analysed(source: &str) -> SourceAnalysis {
    let analysis = SourceAnalysis::of(source);
    assert_eq!(analysis.problem(), None, "{source}");
    analysis
}

fn style(source: &str) -> SubmissionStyle {
    analysed(source).style()
}

fn at(line: u32, column: u32) -> Position {
    Position { line, column }
}

#[test]
fn styles_come_from_the_syntax_tree() {
    assert_eq!(style("function outer() {}"), SubmissionStyle::Script);
    assert_eq!(style("module.exports = function () {}"), SubmissionStyle::CommonJs);
    assert_eq!(style("exports.outer = outer; function outer() {}"), SubmissionStyle::CommonJs);
    assert_eq!(style("module.exports.outer = () => 1;"), SubmissionStyle::CommonJs);
    assert_eq!(style("exports['outer'] = 1;"), SubmissionStyle::CommonJs);
    assert_eq!(style("module['exports'] = () => 1;"), SubmissionStyle::CommonJs);
    assert_eq!(style("module\n  .exports = 1;"), SubmissionStyle::CommonJs);
    assert_eq!(style("export function outer() {}"), SubmissionStyle::Module);
    assert_eq!(style("  export default 1"), SubmissionStyle::Module);
    assert_eq!(style("import fs from 'fs';"), SubmissionStyle::Module);
    assert_eq!(style("const x = 1;import y from \"y\""), SubmissionStyle::Module);
    assert_eq!(style("console.log(import.meta.url)"), SubmissionStyle::Module);
    assert_eq!(style("await new Promise((r) => r());\nexport const a = 1;"), SubmissionStyle::Module);
    assert_eq!(style("await Promise.resolve(1);"), SubmissionStyle::Module, "top-level await makes a module");
    assert_eq!(style("exports.a = 1; export function b() {}"), SubmissionStyle::Module);
    assert_eq!(style("import('fs').then((x) => x)"), SubmissionStyle::Script);
    assert_eq!(style("const f = () => import('x');"), SubmissionStyle::Script);
    assert_eq!(style("a.import; b.export; c.module.exports = 1;"), SubmissionStyle::Script);
}

#[test]
fn comments_strings_templates_and_regexes_never_decide_the_style() {
    let script = SubmissionStyle::Script;
    assert_eq!(style("// Note: no need for module.exports here\nfunction outer() {}"), script);
    assert_eq!(style("/*\n  export this later\n*/\nfunction outer() {}"), script);
    assert_eq!(style("/* exports.x = 1 */ function outer() {}"), script);
    assert_eq!(style("const s = 'module.exports = 1';"), script);
    assert_eq!(style("const t = `\nexport function f() {}\n${1}`;"), script);
    assert_eq!(style("const r = /'/;\nconst s = 'export { a }';"), script);
    assert_eq!(style("const r = /\\/*/; // module.exports = r\nconst q = 1;"), script);
    assert_eq!(style("const o = {\n  export: 1,\n  import: 2 };\no.export = 3;"), script);
    // What follows a regex literal or a template is still read as code.
    assert_eq!(style("const r = /'/;\nmodule.exports = r;"), SubmissionStyle::CommonJs);
    assert_eq!(style("const r = /a\\/b[/]/g;\nexport default r;"), SubmissionStyle::Module);
    assert_eq!(style("let half = n / 2; // 'quoted'\nexports.half = half;"), SubmissionStyle::CommonJs);
}

#[test]
fn a_local_named_exports_or_module_is_not_commonjs() {
    assert_eq!(style("const exports = {}; exports.x = 1;"), SubmissionStyle::Script);
    assert_eq!(style("function f(module) { module.exports = 1; }"), SubmissionStyle::Script);
    assert_eq!(style("foo.exports.x = 1; const my_exports = {}; my_exports.x = 1"), SubmissionStyle::Script);
}

#[test]
fn a_commonjs_file_keeps_its_top_level_bindings() {
    let analysis = analysed("let count = 0;\nconst step = 1;\nmodule.exports = () => (count += step);\n");
    assert_eq!(analysis.style(), SubmissionStyle::CommonJs);
    assert_eq!(analysis.lexical_names(), ["count", "step"]);
}

#[test]
fn top_level_bindings_have_kinds_places_and_decoded_names() {
    let analysis = analysed(
        "var a = 1;\nlet \\u004Fbject = 2;\nconst t\\u006ftal = 3;\nclass Box {}\nfunction make() { let inner; }\n",
    );
    let bindings: Vec<_> = analysis.bindings().iter().map(|b| (b.name.as_str(), b.kind, b.at)).collect();
    assert_eq!(
        bindings,
        [
            ("a", BindingKind::Var, at(1, 5)),
            ("Object", BindingKind::Let, at(2, 5)),
            ("total", BindingKind::Const, at(3, 7)),
            ("Box", BindingKind::Class, at(4, 7)),
            ("make", BindingKind::Function, at(5, 10)),
        ]
    );
    assert_eq!(analysis.lexical_names(), ["Object", "total", "Box"]);
    let module = analysed("import { a as b } from 'x';\nexport const c = b;");
    let kinds: Vec<_> = module.bindings().iter().map(|b| (b.name.as_str(), b.kind)).collect();
    assert_eq!(kinds, [("b", BindingKind::Import), ("c", BindingKind::Const)]);
}

#[test]
fn names_in_comments_strings_and_regexes_are_not_bindings() {
    let analysis = analysed("// let fake = 1\nconst s = '{', t = `}`; /* let x */ let y; const r = /let z/;");
    assert_eq!(analysis.lexical_names(), ["s", "t", "y", "r"]);
}

#[test]
fn assignments_to_undeclared_names_are_found_where_they_are() {
    let analysis = analysed(
        "function add(n) {\n  total = n;\n  counter++;\n  let local = 1;\n  local = 2;\n  return seen;\n}\nt\\u006ftal2 = 0;",
    );
    let writes: Vec<_> = analysis.undeclared_writes().iter().map(|w| (w.name.as_str(), w.at)).collect();
    assert_eq!(writes, [("total", at(2, 3)), ("counter", at(3, 3)), ("total2", at(8, 1))]);
    // In CommonJS, `exports` is the wrapper's parameter; in a script it would be a new global.
    let commonjs = analysed("exports = module.exports = { n: 1 };\ncount = 0;");
    let names: Vec<_> = commonjs.undeclared_writes().iter().map(|w| w.name.as_str()).collect();
    assert_eq!((commonjs.style(), names), (SubmissionStyle::CommonJs, vec!["count"]));
}

#[test]
fn shadowed_builtins_are_top_level_bindings_named_like_intrinsics() {
    let analysis = analysed("let \\u004Fbject = 1;\nconst JSON = {};\nfunction Promise() {}\nlet total = 0;\n");
    let shadowed: Vec<_> = analysis.shadowed_builtins().iter().map(|b| b.name.as_str()).collect();
    assert_eq!(shadowed, ["Object", "JSON", "Promise"]);
    assert!(analysed("function f() { let Array = 1; }").shadowed_builtins().is_empty(), "only top level counts");
}

fn function<'a>(analysis: &'a SourceAnalysis, name: Option<&str>) -> &'a FunctionInfo {
    analysis.functions().iter().find(|f| f.name.as_deref() == name).unwrap_or_else(|| panic!("no {name:?}"))
}

fn free(info: &FunctionInfo) -> Vec<(&str, bool, bool)> {
    info.free.iter().map(|f| (f.name.as_str(), f.read, f.written)).collect()
}

#[test]
fn a_counter_closes_over_its_count() {
    let analysis = analysed(
        "function makeCounter() {\n  let count = 0;\n  return function () {\n    count++;\n    return count;\n  };\n}\n",
    );
    let outer = function(&analysis, Some("makeCounter"));
    assert_eq!((outer.at, outer.end), (at(1, 1), at(7, 2)));
    assert!(outer.free.is_empty(), "{outer:?}");
    let inner = function(&analysis, None);
    assert_eq!(inner.at, at(3, 10));
    assert_eq!(free(inner), [("count", true, true)]);
    assert_eq!(inner.free[0].declared_in, DeclaringScope::Function { name: Some("makeCounter".into()), at: at(1, 1) });
    assert_eq!(inner.free[0].declared_at, at(2, 7));
}

#[test]
fn a_factory_closes_over_its_parameter_and_a_top_level_constant() {
    let analysis = analysed("const unit = 'px';\nconst makeAdder = (step) => (n) => n + step + unit;\n");
    let adder = function(&analysis, Some("makeAdder"));
    // A name a nested function uses is free in every function between it and its declaration.
    assert_eq!(free(adder), [("unit", true, false)]);
    let inner = analysis.functions().iter().find(|f| f.name.is_none()).unwrap();
    assert_eq!(free(inner), [("unit", true, false), ("step", true, false)]);
    assert_eq!(inner.free[0].declared_in, DeclaringScope::TopLevel);
    assert_eq!(inner.free[1].declared_in, DeclaringScope::Function { name: Some("makeAdder".into()), at: at(2, 19) });
}

#[test]
fn once_closes_over_its_flag_result_and_function() {
    let analysis = analysed(
        "function once(fn) {\n  let done = false, result;\n  return function (...args) {\n    if (!done) {\n      \
         done = true;\n      result = fn(...args);\n    }\n    return result;\n  };\n}\n",
    );
    let inner = function(&analysis, None);
    assert_eq!(free(inner), [("fn", true, false), ("done", true, true), ("result", true, true)]);
}

#[test]
fn memoize_closes_over_its_cache_but_not_its_own_locals() {
    let analysis = analysed(
        "const memoize = function (fn) {\n  const cache = new Map();\n  return {\n    get(n) {\n      \
         const key = String(n);\n      if (!cache.has(key)) cache.set(key, fn(n));\n      return cache.get(key);\n    },\n  };\n};\n",
    );
    assert_eq!(free(function(&analysis, Some("memoize"))), []);
    let get = function(&analysis, Some("get"));
    assert_eq!(free(get), [("fn", true, false), ("cache", true, false)]);
}

#[test]
fn what_a_nested_function_does_with_a_name_counts_for_the_functions_around_it() {
    let analysis = analysed(
        "function outer() {\n  let n = 0;\n  function middle() {\n    return function inner() { n; n = 1; };\n  }\n}\n",
    );
    assert_eq!(free(function(&analysis, Some("inner"))), [("n", true, true)]);
    assert_eq!(free(function(&analysis, Some("middle"))), [("n", true, true)]);
    assert_eq!(free(function(&analysis, Some("outer"))), []);
    assert!(analysis.free_variables_complete());
}

#[test]
fn free_variables_stay_bounded_in_a_hostile_file() {
    // 400 names and 400 nested functions that all use them: 160,000 pairs, cut at 100,000.
    let names: Vec<String> = (0..400).map(|i| format!("v{i}")).collect();
    let source =
        format!("var {};\n{}{};{}", names.join(", "), "function f() {".repeat(400), names.join(";"), "}".repeat(400));
    let analysis = analysed(&source);
    let entries: usize = analysis.functions().iter().map(|f| f.free.len()).sum();
    assert_eq!((entries, analysis.free_variables_complete()), (100_000, false));
}

#[test]
fn functions_named_by_assignment_and_nested_closures() {
    let analysis =
        analysed("let total = 0;\nconst api = {};\napi.add = function (n) { total += n; return () => total; };\n");
    let add = function(&analysis, Some("add"));
    assert_eq!(free(add), [("total", true, true)]);
    let arrow = function(&analysis, None);
    assert_eq!(free(arrow), [("total", true, false)]);
}

#[test]
fn syntax_errors_come_from_the_parser_with_both_labels() {
    let source = "function makeCounter() {\n  let count = 0;\n  return function () {\n    count++;\n    return count;\n  };\n\n\n";
    let Some(SourceProblem::Syntax(problem)) = SourceAnalysis::of(source).problem().cloned() else { panic!("parses") };
    assert_eq!(problem.message, "Expected `}` but found `EOF`");
    assert_eq!((problem.line, problem.column), (6, 5), "the end of the code, not of the blank tail");
    assert_eq!(problem.label.as_deref(), Some("`}` expected"));
    assert_eq!(problem.related, Some(RelatedLabel { line: 1, column: 24, text: "Opened here".into() }));
    let numbers: Vec<u32> = problem.excerpt.iter().map(|l| l.number).collect();
    assert_eq!(numbers, [1, 4, 5, 6]);
    assert_eq!(problem.summary(), "SyntaxError: Expected `}` but found `EOF` (line 6, column 5)");
}

#[test]
fn early_errors_of_the_semantic_pass_are_syntax_errors_too() {
    let Some(SourceProblem::Syntax(problem)) = SourceAnalysis::of("let a = 1;\nlet a = 2;\n").problem().cloned() else {
        panic!("parses")
    };
    assert_eq!(problem.message, "Identifier `a` has already been declared");
    let Some(SourceProblem::Syntax(problem)) =
        SourceAnalysis::of("function f() {\n  import x from 'y';\n}\n").problem().cloned()
    else {
        panic!("parses")
    };
    assert_eq!((problem.line, problem.column), (2, 3));
}

#[test]
fn a_diagnostic_quoting_a_huge_name_is_cut() {
    let name = "n".repeat(100_000);
    let Some(SourceProblem::Syntax(problem)) =
        SourceAnalysis::of(&format!("let {name} = 1;\nlet {name} = 2;\n")).problem().cloned()
    else {
        panic!("parses")
    };
    assert!(problem.message.starts_with("Identifier `nnn") && problem.message.ends_with('…'), "{}", problem.message);
    assert!(problem.message.chars().count() <= 201);
    assert!(problem.label.iter().chain(problem.related.as_ref().map(|r| &r.text)).all(|t| t.chars().count() <= 201));
}

#[test]
fn a_long_line_is_cut_around_the_error() {
    let source = format!("let x = [{}];\nlet y = ;\n", "1, ".repeat(10_000));
    let Some(SourceProblem::Syntax(problem)) = SourceAnalysis::of(&source).problem().cloned() else { panic!("parses") };
    assert_eq!((problem.line, problem.column), (2, 9));
    assert!(problem.excerpt.iter().all(|l| l.text.chars().count() <= 120), "{:?}", problem.excerpt);
}

#[test]
fn a_file_nested_past_the_stack_is_refused_not_crashed() {
    for source in [format!("x = {}1{};", "(".repeat(200_000), ")".repeat(200_000)), "!".repeat(300_000) + "1"] {
        let analysis = SourceAnalysis::of(&source);
        assert!(matches!(analysis.problem(), Some(SourceProblem::TooComplex { .. })), "{:?}", analysis.problem());
    }
    // Deep but within the limit: parsed, on the analysis thread's own stack.
    let deep = format!("x = {}1{};", "(".repeat(20_000), ")".repeat(20_000));
    assert_eq!(SourceAnalysis::of(&deep).problem(), None);
}

#[test]
fn module_syntax_is_seen_even_in_a_file_that_does_not_parse() {
    assert!(has_module_syntax("export function outer() {}\nlet x = ;\n"));
    assert!(!has_module_syntax("let x = ;\nimport('y');\n"));
    assert!(!has_module_syntax("// export\nlet s = 'import'; o.export = 1;"));
}

#[test]
fn sloppy_scripts_the_engine_runs_are_accepted() {
    for source in [
        "function f(a, a) { return a; }",
        "var o = { x: 1 }; with (o) { x = 2; }",
        "var n = 010; var s = '\\07';",
        "var let = 1; var yield = 2; var await = 3; var async = 4; var of = 5;",
        "if (true) function g() {}",
        "eval = 1; arguments = 2;",
        "<!-- an HTML comment\nvar x = 1;\n--> another",
        "outer: for (;;) { break outer; }",
        "var a = { __proto__: null, get x() { return 1; }, set x(v) {} };",
        "class A { #n = 0; static { this.k = 1; } get n() { return this.#n; } }",
        "label: function h() {}",
        "var re = /(?<year>\\d{4})/u; var big = 10n ** 3n;",
        "async function* gen() { for await (const x of []) yield x; }",
        "var x = a?.b ?? c; x ||= 1; x &&= 2; x ??= 3;",
    ] {
        let analysis = SourceAnalysis::of(source);
        assert_eq!(analysis.problem(), None, "{source}");
        assert_eq!(analysis.style(), SubmissionStyle::Script, "{source}");
    }
}

#[test]
fn global_references_are_each_name_once_at_its_first_use() {
    let analysis = SourceAnalysis::of(
        "function f() {\n  const big = new Uint8Array(4);\n  console.log(big, Uint8Array);\n  let Map = 1;\n  return Map;\n}\ntotal = 1;\n",
    );
    let found: Vec<(&str, u32, u32)> =
        analysis.global_references().iter().map(|g| (g.name.as_str(), g.at.line, g.at.column)).collect();
    assert_eq!(found, [("Uint8Array", 2, 19), ("console", 3, 3), ("total", 7, 1)]);
}

fn kinds(source: &str) -> Vec<(ShapeKind, String)> {
    analysed(source).shapes().iter().filter(|s| s.kind != ShapeKind::NoThis).map(|s| (s.kind, s.name.clone())).collect()
}

#[test]
fn shapes_name_the_learner_s_own_variables() {
    use ShapeKind::*;
    assert_eq!(
        kinds("function outer() { return () => { let tally = 0; tally++; return tally; }; }"),
        [(StateInsideInnerFunction, "tally".to_string())]
    );
    assert_eq!(
        kinds("let total = 0;\nfunction make() { return () => (total += 1); }"),
        [(TopLevelState, "total".into())]
    );
    assert_eq!(
        kinds(
            "const cache = new Map();\nfunction memo(f) { return (x) => { cache.set(x, f(x)); return cache.get(x); }; }"
        ),
        [(TopLevelState, "cache".into())]
    );
    // A constant a function only reads is not state.
    assert!(kinds("const factor = 2;\nfunction times(n) { return n * factor; }").is_empty());
    assert_eq!(
        kinds(
            "function countCalls(task) { let count = 0; function tick() { let count = 0; count += 1; return count; } task(tick); return count; }"
        ),
        // Shadowing only: the outer count is where it belongs, so "not in countCalls" would be false.
        [(Shadowing, "count".into())]
    );
    // A callback's parameter with the name of a variable around it is not the shadowing mistake.
    assert!(kinds("function f(xs) { const t = xs.find((t) => t > 1); return t; }").is_empty());
    assert_eq!(
        kinds("function log(xs) { for (var i = 0; i < 3; i++) { setTimeout(() => console.log(i), 1); } }"),
        [(VarInLoop, "i".into())]
    );
    assert!(
        kinds("function log(xs) { for (let i = 0; i < 3; i++) { setTimeout(() => console.log(i), 1); } }").is_empty()
    );
    assert_eq!(
        kinds("function make(n) { return { balance: n, add(x) { this.balance += x; } }; }"),
        [(StateOnObject, "balance".into())]
    );
    assert!(kinds("class Box { #items = []; add(x) { this.#items.push(x); } }").is_empty());
    assert_eq!(kinds("class Box { items = []; }"), [(StateOnObject, "items".into())]);
    assert_eq!(
        kinds("function make() { function double(n) { return n * 2; } return double(2); }"),
        [(ReturnsCallOfInner, "double".into())]
    );
    assert_eq!(kinds("function outer() { let n = 0; return () => n++; }"), [(ReturnsOldValue, "n".into())]);
    assert_eq!(
        kinds("function debounce(f, ms) { return function () { setTimeout(f, ms); }; }"),
        [(SchedulesWithoutCancel, "setTimeout".into())]
    );
    assert!(
        kinds("function debounce(f, ms) { let t; return function () { if (t) return; t = setTimeout(f, ms); }; }")
            .is_empty()
    );
    let this_free = analysed("function f() { return 1; }");
    assert_eq!(this_free.shapes().iter().map(|s| s.kind).collect::<Vec<_>>(), [NoThis]);
}

#[test]
fn an_evidence_line_is_where_the_variable_is_declared() {
    let analysis =
        analysed("function outer() {\n  return function inner() {\n    let count = 0;\n    return ++count;\n  };\n}");
    let shape = &analysis.shapes()[0];
    assert_eq!((shape.kind, shape.line), (ShapeKind::StateInsideInnerFunction, 3));
    assert_eq!((shape.function.as_deref(), shape.outer.as_deref()), (Some("inner"), Some("outer")));
}

#[test]
fn stateless_helpers_are_functions_and_classes_that_keep_nothing_of_their_own() {
    let helpers = |source: &str| analysed(source).stateless_helpers().to_vec();
    assert_eq!(
        helpers("function twice(n) { return n * 2; }\nclass P { run() { return 1; } }\nnew P();"),
        ["P", "twice"]
    );
    assert!(helpers("function f() {}\nf = 1;").is_empty(), "a reassigned function holds a value");
    assert!(helpers("class T { static n = 0; }").is_empty(), "a static field is state");
    assert!(helpers("class T {}\nT.n = 1;").is_empty(), "a property set on the class is state");
    assert!(helpers("class T { bump() { this.constructor.n = 1; } }\nnew T();").is_empty());
    assert!(helpers("class T {}\nconst alias = T;").is_empty(), "an alias could keep state on it");
    assert!(helpers("let count = 0; const f = () => count;").is_empty(), "variables are not helpers");
}

#[test]
fn writes_through_this_are_listed() {
    let analysis = analysed("const o = { n: 0, bump() { this.n += 1; this.seen++; } };");
    assert_eq!(analysis.this_writes(), ["n", "seen"]);
}

#[test]
fn truthiness_tests_of_parameters_and_of_stored_values_are_shapes() {
    use ShapeKind::*;
    assert_eq!(kinds("function make(step) { const by = step || 1; return by; }"), [(FalsyDefault, "step".to_string())]);
    assert_eq!(kinds("const make = (step) => { if (!step) step = 1; return step; };"), [(FalsyDefault, "step".into())]);
    // A local that is not a parameter, and a default parameter, are not.
    assert!(kinds("function make(step = 1) { const x = compute(); return x || 0; }").is_empty());
    let memo = |test: &str| {
        kinds(&format!(
            "function memo(f) {{ const cache = new Map(); return (n) => {{ if ({test}) return 1; return f(n); }}; }}"
        ))
    };
    assert_eq!(memo("cache.get(n)"), [(TruthyLookup, "cache".into())]);
    assert_eq!(memo("!cache.get(n)"), [(TruthyLookup, "cache".into())]);
    // Asking whether the key is there is the right test.
    assert!(memo("cache.has(n)").is_empty());
    assert!(memo("cache.get(n) !== undefined").is_empty());
    let object = kinds("function memo(f) { const seen = {}; return (n) => seen[n] || (seen[n] = f(n)); }");
    assert_eq!(object, [(ObjectAsMap, "seen".into()), (TruthyLookup, "seen".into())]);
}

#[test]
fn an_empty_object_filled_under_computed_keys_is_a_map_in_disguise() {
    use ShapeKind::*;
    let source =
        "function memo(f) { const seen = {}; return (n) => { if (!(n in seen)) seen[n] = f(n); return seen[n]; }; }";
    assert_eq!(kinds(source), [(ObjectAsMap, "seen".to_string())]);
    // Named properties, and a Map, are not.
    assert!(kinds("function make() { const o = {}; o['name'] = 1; o.size = 2; return o; }").is_empty());
    assert!(
        kinds("function memo(f) { const m = new Map(); return (n) => { m.set(n, f(n)); return m.get(n); }; }")
            .is_empty()
    );
}
