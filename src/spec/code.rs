//! A spec as check code: the runtime, then the spec's own statements, as the body of the check
//! function whose parameters are the submission's exports and the host recorder.

use super::SpecSuite;

/// The spec runtime's factory (compiled once per process by the sandbox, which makes one runtime
/// per check with its recorder).
pub const RUNTIME: &str = include_str!("runtime.js");

/// The name of the check function's last parameter: the check's spec runtime.
pub const RUN_PARAMETER: &str = "__gradeRuntime";

/// The check code's first statements: the runtime's names as the spec uses them.
const BINDINGS: &str = "const __gradeExpectAt = __gradeRuntime.expectAt, __gradeRun = __gradeRuntime.run;\n\
const { jest, describe, xdescribe, test, xtest, beforeAll, beforeEach, afterEach, afterAll } = __gradeRuntime;\n\
const it = test, fit = test, xit = xtest, fdescribe = describe;\n\
const expect = __gradeExpectAt(0, 0, \"expect(…)\");\n";

/// The check function's parameter names (the spec's local names for the submission's exports,
/// then the runtime) and its setup: the runtime's names, Jest names the spec renamed, and the
/// spec.
pub fn check_code(suite: &SpecSuite) -> (Vec<String>, String) {
    let mut parameters: Vec<String> = suite.imports.iter().map(|i| i.local.clone()).collect();
    parameters.push(RUN_PARAMETER.to_string());
    let mut setup = String::with_capacity(BINDINGS.len() + suite.body.len() + 64);
    setup.push_str(BINDINGS);
    for (local, name) in &suite.global_aliases {
        let value = if name == "expect" { "__gradeExpectAt(0, 0, \"expect(…)\")".to_string() } else { name.clone() };
        setup.push_str(&format!("const {local} = {value};\n"));
    }
    setup.push_str(&suite.body);
    (parameters, setup)
}

/// The code that runs test `index` of the suite (with its hooks) and waits for it.
pub fn run_test_code(suite: &SpecSuite, index: usize) -> String {
    format!("__gradeRun({index}, {})", suite.tests.len())
}
