//! The backpack of a function, as data: the outer variables it closes over and where each lives,
//! read from the parse (never by running learner code). A failing `calls` check gets one per row,
//! for the function that row calls.

use crate::syntax::{DeclaringScope, FunctionInfo, SourceAnalysis};
use crate::value::JsValueSnapshot;

use super::outcome::{CheckOutcome, Mismatch};

/// What a function carries with it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Backpack {
    /// The function's name, if it has one (`None`: an anonymous function, such as one returned
    /// directly).
    pub function: Option<String>,
    /// The line it is written on (where it is born).
    pub line: u32,
    /// The function that returns it, if one does, by name.
    pub returned_by: Option<String>,
    /// What it closes over, in order of declaration.
    pub holds: Vec<Carried>,
}

/// One variable in a backpack.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Carried {
    /// Its name.
    pub name: String,
    /// The function that declares it (`None`: the top level of the file, shared by every call).
    pub lives_in: Option<String>,
    /// Whether it lives at the top level of the file rather than in a function.
    pub top_level: bool,
    /// The line it is declared on.
    pub line: u32,
    /// Whether the function changes it.
    pub written: bool,
    /// What it held just after the row's call, where that could be read (a failing `calls`
    /// check of a learner's own run; see the `backpack_run` module). Always written (`null` when
    /// not read): worker frames are postcard, which has no optional fields.
    #[serde(default)]
    pub after_call: Option<Held>,
}

/// What a backpack variable held after a call.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Held {
    /// This value.
    Value(JsValueSnapshot),
    /// Nothing yet: its declaration had not run (a `let` or `const` read before its line).
    NotYetSet,
}

impl Backpack {
    /// The backpack of function `index` of an analysed file.
    pub fn of(analysis: &SourceAnalysis, index: usize) -> Backpack {
        let functions = analysis.functions();
        let function: &FunctionInfo = &functions[index];
        let holds = function
            .free
            .iter()
            .map(|free| {
                let (lives_in, top_level) = match &free.declared_in {
                    DeclaringScope::TopLevel => (None, true),
                    DeclaringScope::Function { name, .. } => (name.clone(), false),
                };
                Carried {
                    name: free.name.clone(),
                    lives_in,
                    top_level,
                    line: free.declared_at.line,
                    written: free.written,
                    after_call: None,
                }
            })
            .collect();
        Backpack {
            function: function.name.clone(),
            line: function.at.line,
            returned_by: function.returned_by.and_then(|i| functions[i].name.clone()),
            holds,
        }
    }

    /// Every function of a file with its backpack, in source order.
    pub fn all(analysis: &SourceAnalysis) -> Vec<Backpack> {
        (0..analysis.functions().len()).map(|i| Backpack::of(analysis, i)).collect()
    }

    /// The variables it carries from enclosing functions (top-level names are not in a closure's
    /// own backpack: every function sees them).
    pub fn closed_over(&self) -> impl Iterator<Item = &Carried> {
        self.holds.iter().filter(|c| !c.top_level)
    }
}

/// The functions the rows of one failing `calls` check call, as indices into the learner's
/// [`SourceAnalysis::functions`] (`None` where the code does not show which).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowTargets {
    /// The check's index.
    pub check: usize,
    /// One per row.
    pub rows: Vec<Option<usize>>,
}

/// Gives each row of each failing `calls` check the backpack of the function it calls, where the
/// check's code and the learner's parse show which function that is; returns those functions.
pub fn attach(checks: &mut [CheckOutcome], analysis: &SourceAnalysis, entries: &[String]) -> Vec<RowTargets> {
    let mut targets = Vec::new();
    for (index, check) in checks.iter_mut().enumerate().filter(|(_, c)| c.code.calls) {
        if !check.mismatches.iter().any(|m| matches!(m, Mismatch::Calls { .. })) {
            continue;
        }
        let bound = check.code.setup.as_deref().map(|s| crate::syntax::setup_bindings(s, entries)).unwrap_or_default();
        let Some(rows) = calls_rows(check) else { continue };
        let mut functions = Vec::with_capacity(rows.len());
        for row in rows.iter_mut() {
            // A top-level function that closes over nothing has no backpack to show.
            let function = crate::syntax::call_target(&row.call, entries, &bound)
                .and_then(|target| analysis.function_for(&target))
                .filter(|&i| analysis.functions()[i].parent.is_some() || !analysis.functions()[i].free.is_empty());
            row.backpack = function.map(|index| Backpack::of(analysis, index));
            functions.push(function);
        }
        targets.push(RowTargets { check: index, rows: functions });
    }
    targets
}

/// The rows of a check's `calls` table, if it has one.
pub fn calls_rows(check: &mut CheckOutcome) -> Option<&mut Vec<super::outcome::CallRow>> {
    match check.mismatches.iter_mut().find(|m| matches!(m, Mismatch::Calls { .. })) {
        Some(Mismatch::Calls { rows, .. }) => Some(rows),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::{CallTarget, call_target, setup_bindings};

    fn entries(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    fn backpack_for(source: &str, setup: &str, call: &str, entry: &[&str]) -> Option<Backpack> {
        let analysis = SourceAnalysis::of(source);
        let entries = entries(entry);
        let bound = setup_bindings(setup, &entries);
        let target = call_target(call, &entries, &bound)?;
        analysis.function_for(&target).map(|i| Backpack::of(&analysis, i))
    }

    #[test]
    fn a_call_of_what_outer_returned_reaches_the_returned_function() {
        let source = "function outer() {\n  let counter = 0;\n  return function () { return ++counter; };\n}";
        let backpack = backpack_for(source, "const counter = outer();", "counter()", &["outer"]).unwrap();
        assert_eq!(backpack.function, None);
        assert_eq!(backpack.line, 3);
        assert_eq!(backpack.returned_by.as_deref(), Some("outer"));
        assert_eq!(backpack.holds.len(), 1);
        let carried = &backpack.holds[0];
        assert_eq!((carried.name.as_str(), carried.lives_in.as_deref(), carried.line), ("counter", Some("outer"), 2));
        assert!(carried.written && !carried.top_level);
    }

    #[test]
    fn a_counter_born_inside_the_returned_function_leaves_the_backpack_empty() {
        let source = "const outer = () => () => { let counter = 0; return ++counter; };";
        let backpack = backpack_for(source, "const c = outer();", "c()", &["outer"]).unwrap();
        assert!(backpack.holds.is_empty(), "{backpack:?}");
    }

    #[test]
    fn methods_of_an_entry_object_and_of_a_returned_object_are_found() {
        let module = "var tasks = (function () {\n  const items = [];\n  return { add(t) { items.push(t); }, count() { return items.length; } };\n})();";
        let add = backpack_for(module, "", "(tasks.add('c'), tasks.count())", &["tasks"]).unwrap();
        assert_eq!(add.function.as_deref(), Some("count"));
        assert_eq!(add.holds[0].name, "items");
        let factory = "function makeAccount(n) {\n  let balance = n;\n  return { deposit(x) { balance += x; return balance; } };\n}";
        let deposit =
            backpack_for(factory, "const acc = makeAccount(10);", "acc.deposit(5)", &["makeAccount"]).unwrap();
        assert_eq!(deposit.holds[0].lives_in.as_deref(), Some("makeAccount"));
    }

    #[test]
    fn check_code_is_read_as_targets() {
        let entries = entries(&["outer"]);
        let bound = setup_bindings("const a = outer(); const b = a;", &entries);
        let returned = CallTarget::ReturnedBy(Box::new(CallTarget::Entry("outer".into())));
        assert_eq!(bound.get("b"), Some(&returned));
        assert_eq!(call_target("outer()()", &entries, &bound), Some(returned));
        assert_eq!(call_target("Math.max(1, 2)", &entries, &bound), None);
        assert_eq!(call_target("not js (", &entries, &bound), None);
    }
}
