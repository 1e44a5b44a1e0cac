//! A copy of a submission with a probe at the start of chosen functions: each call of such a
//! function hands the grader readers of the variables in its backpack (`() => counter`), so the
//! values they hold after each step of a check can be shown. The copy only ever runs in a second,
//! throwaway realm, after the check was graded on the file as written.

use super::{BodyPlace, SourceAnalysis};

/// The global function a probe calls: `__grade$seen(function_index, [readers])`.
pub const PROBE_RECORD: &str = "__grade$seen";
/// The global function the grader calls to read a value: `__grade$read(function_index, k)`.
pub const PROBE_READ: &str = "__grade$read";

/// Most variables read per function (a backpack cell shows a few).
const MAX_READ: usize = 8;

/// `source` with a probe at the start of the body of each function in `functions` (indices into
/// [`SourceAnalysis::functions`]) that carries a variable: `None` if none does, or the file
/// could not be analysed.
///
/// A probe records, on every call, one reader per free variable, in the order of
/// [`super::FunctionInfo::free`]; a reader reads the live binding, so reading it after a step
/// gives the value then.
pub fn with_backpack_probes(source: &str, analysis: &SourceAnalysis, functions: &[usize]) -> Option<String> {
    if analysis.problem().is_some() {
        return None;
    }
    // (offset, text) pairs, put in from the end so earlier offsets stay right.
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for &index in functions {
        let function = analysis.functions().get(index)?;
        if function.free.is_empty() {
            continue;
        }
        // A name the function also declares (a default parameter read the outer one) would be
        // read as its own: that reader answers nothing.
        let readers: Vec<String> = function
            .free
            .iter()
            .take(MAX_READ)
            .map(|v| if function.declares.contains(&v.name) { "null".to_string() } else { format!("() => {}", v.name) })
            .collect();
        let probe = format!("{PROBE_RECORD}({index}, [{}])", readers.join(", "));
        match function.body? {
            BodyPlace::Block { inside } => inserts.push((inside as usize, format!(";{probe};"))),
            BodyPlace::Expression { start, end } => {
                inserts.push((start as usize, format!("({probe}, ")));
                inserts.push((end as usize, ")".to_string()));
            }
        }
    }
    if inserts.is_empty() {
        return None;
    }
    // Stable: of two inserts at one offset (two bodies ending together), both are `)`.
    inserts.sort_by_key(|(offset, _)| std::cmp::Reverse(*offset));
    let mut probed = source.to_string();
    for (offset, text) in inserts {
        if offset > probed.len() || !probed.is_char_boundary(offset) {
            return None;
        }
        probed.insert_str(offset, &text);
    }
    Some(probed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probed(source: &str) -> String {
        let analysis = SourceAnalysis::of(source);
        let all: Vec<usize> = (0..analysis.functions().len()).collect();
        with_backpack_probes(source, &analysis, &all).expect("a function carries something")
    }

    #[test]
    fn a_block_body_gets_its_probe_after_the_brace_and_the_directives() {
        let source =
            "function outer() {\n  let n = 0;\n  return function () {\n    'use strict';\n    return ++n;\n  };\n}";
        let probed = probed(source);
        assert!(probed.contains("'use strict';;__grade$seen(1, [() => n]);"), "{probed}");
        assert_eq!(SourceAnalysis::of(&probed).problem(), None, "{probed}");
    }

    #[test]
    fn an_expression_body_becomes_a_sequence_and_still_returns_its_value() {
        let source = "const make = (start) => () => ({ next: ++start });";
        let probed = probed(source);
        assert!(probed.contains("() => (__grade$seen(1, [() => start]), ({ next: ++start }))"), "{probed}");
        assert_eq!(SourceAnalysis::of(&probed).problem(), None, "{probed}");
    }

    #[test]
    fn methods_nested_arrows_and_modules_still_parse() {
        for source in [
            "export function makeAccount(b) { return { deposit(x) { b += x; return b; }, get balance() { return b; } }; }",
            "module.exports = function (a) { return (b) => (c) => a + b + c; };",
            "class Counter { #n = 0; inc() { return ++this.#n; } }\nfunction wrap(f) { return async function* () { yield f(); }; }",
            "const é = 1; const f = () => é + 'ü';",
        ] {
            let analysis = SourceAnalysis::of(source);
            let all: Vec<usize> = (0..analysis.functions().len()).collect();
            if let Some(probed) = with_backpack_probes(source, &analysis, &all) {
                assert_eq!(SourceAnalysis::of(&probed).problem(), None, "{probed}");
            }
        }
    }

    #[test]
    fn a_free_name_the_body_declares_again_is_not_read_from_the_body() {
        // The default parameter reads outer's counter; the body's `var counter` is another one.
        let source = "function outer() {\n  let counter = 0;\n  return function (step = () => ++counter) {\n    var counter = 100;\n    return step() - 1;\n  };\n}";
        let probed = probed(source);
        assert!(probed.contains("__grade$seen(1, [null]);"), "{probed}");
        assert!(!probed.contains("__grade$seen(1, [() => counter])"), "{probed}");
    }

    #[test]
    fn a_function_that_carries_nothing_gets_no_probe() {
        let source = "function add(a, b) { return a + b; }";
        let analysis = SourceAnalysis::of(source);
        assert_eq!(with_backpack_probes(source, &analysis, &[0]), None);
    }
}
