//! A spec as check code: the runtime, then the spec's own statements, as the body of the check
//! function whose parameters are the submission's exports and the host recorder.

use super::SpecSuite;

/// The spec runtime (see `runtime.js`).
const RUNTIME: &str = include_str!("runtime.js");

/// The name of the check function's last parameter: the host recorder.
pub const RUN_PARAMETER: &str = "__gradeRecord";

/// The check function's parameter names (the spec's local names for the submission's exports,
/// then the recorder) and its setup: the runtime, Jest names the spec renamed, and the spec.
pub fn check_code(suite: &SpecSuite) -> (Vec<String>, String) {
    let mut parameters: Vec<String> = suite.imports.iter().map(|i| i.local.clone()).collect();
    parameters.push(RUN_PARAMETER.to_string());
    let mut setup = String::with_capacity(RUNTIME.len() + suite.body.len() + 64);
    setup.push_str(RUNTIME);
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
