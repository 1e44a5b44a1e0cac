//! Built-ins a submission uses that its realm does not have: the optional groups of
//! [`Intrinsic`] its exercise leaves out (named with the key that would add them), and those no
//! realm of grade has (see [`unavailable`]). Both are found in the parse, and named when a check
//! fails on a `ReferenceError`, instead of a bare "X is not defined".

pub mod unavailable;

use crate::exercise::{Intrinsic, Intrinsics};
use crate::sandbox::Stop;

use super::run::{ActionResult, CheckRun, LoadFailure};
use super::submission::Submission;

/// One global the submission uses that is not built in here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingBuiltin {
    /// The global's name (`Uint8Array`).
    pub name: String,
    /// The group that would define it.
    pub group: Intrinsic,
    /// Line of its first use.
    pub line: u32,
}

/// The optional built-ins `submission` uses that `intrinsics` leaves out, in source order.
pub fn missing_builtins(submission: &Submission, intrinsics: Intrinsics) -> Vec<MissingBuiltin> {
    submission
        .analysis
        .global_references()
        .iter()
        .filter_map(|used| {
            let group = Intrinsic::defining(&used.name).filter(|g| !intrinsics.has(*g))?;
            Some(MissingBuiltin { name: used.name.clone(), group, line: used.at.line })
        })
        .collect()
}

/// What a learner is told when a check fails on a `ReferenceError`: the first optional built-in
/// left out, else every built-in grade never has, that the submission uses.
pub fn note(missing: &[MissingBuiltin], submission: &Submission) -> Option<String> {
    missing_builtins_note(missing).or_else(|| unavailable::note(submission))
}

/// What a learner is told when a check fails while the submission uses missing built-ins.
pub fn missing_builtins_note(missing: &[MissingBuiltin]) -> Option<String> {
    let first = missing.first()?;
    let what = match first.group {
        Intrinsic::TypedArrays => "the typed arrays",
        Intrinsic::Base64 => "atob and btoa",
        Intrinsic::WeakRefs => "WeakRef and FinalizationRegistry",
    };
    Some(format!(
        "`{}` (line {}) is not built in here: this exercise leaves out {what}, so solve it without them \
         (an exercise that needs them asks with `intrinsics = [\"{}\"]`)",
        first.name,
        first.line,
        first.group.key()
    ))
}

/// Whether the run stopped on a `ReferenceError` (a name that is not defined).
pub fn threw_reference_error(run: &CheckRun) -> bool {
    let is_reference = |stop: &Stop| matches!(stop, Stop::Threw(t) if t.name.as_deref() == Some("ReferenceError"));
    let action = match &run.action {
        ActionResult::NotRun => false,
        ActionResult::Run(result) => result.as_ref().err().is_some_and(is_reference),
        ActionResult::Calls(results) => results.iter().any(|r| r.as_ref().err().is_some_and(is_reference)),
        ActionResult::Spec(result, _) => result.as_ref().err().is_some_and(is_reference),
    };
    action
        || run.setup.as_ref().err().is_some_and(is_reference)
        || matches!(&run.load, Err(LoadFailure::Stopped(stop)) if is_reference(stop))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_groups_left_out_are_missing() {
        let submission =
            Submission::from_text("s.js", "const a = new Uint8Array(2);\nconst b = atob('eA==');\nnew Map();\n")
                .unwrap();
        let missing = missing_builtins(&submission, Intrinsics::default());
        let names: Vec<_> = missing.iter().map(|m| (m.name.as_str(), m.group, m.line)).collect();
        assert_eq!(names, [("Uint8Array", Intrinsic::TypedArrays, 1), ("atob", Intrinsic::Base64, 2)]);
        let with_typed = Intrinsics { typed_arrays: true, ..Intrinsics::default() };
        assert_eq!(missing_builtins(&submission, with_typed).len(), 1);
        let note = missing_builtins_note(&missing).unwrap();
        assert!(note.contains("`Uint8Array` (line 1)") && note.contains(r#"intrinsics = ["typed-arrays"]"#), "{note}");
    }
}
