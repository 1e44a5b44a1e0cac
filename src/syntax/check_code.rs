//! Which of the learner's functions a check calls, read from the check's own code (course code,
//! parsed, never run): `counter()` after `const counter = outer();` calls the function `outer`
//! returns; `tasks.add('a')` calls the method `add` of the entry `tasks`.

use std::collections::HashMap;

use oxc_allocator::Allocator;
use oxc_ast::ast::{Expression, Statement};
use oxc_parser::Parser;
use oxc_span::SourceType;

use super::SourceAnalysis;

/// Most characters of check code read (a check is a line or two).
const MAX_CHECK_CODE: usize = 10_000;

/// What a check's call reaches, in terms of the exercise's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallTarget {
    /// An entry itself (`countCalls(...)`).
    Entry(String),
    /// What a call of the target returns (`outer()` in `const counter = outer();`).
    ReturnedBy(Box<CallTarget>),
    /// A method of the target (`tasks.add`).
    Method(Box<CallTarget>, String),
}

/// The names a setup binds to entries or to what they return (`const a = outer(), b = a;`).
pub fn setup_bindings(setup: &str, entries: &[String]) -> HashMap<String, CallTarget> {
    let mut bound = HashMap::new();
    if setup.len() > MAX_CHECK_CODE {
        return bound;
    }
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, setup, SourceType::cjs()).parse();
    for statement in &parsed.program.body {
        let Statement::VariableDeclaration(declaration) = statement else { continue };
        for declarator in &declaration.declarations {
            let (Some(name), Some(init)) = (declarator.id.get_identifier_name(), declarator.init.as_ref()) else {
                continue;
            };
            if let Some(target) = target_of(init, entries, &bound) {
                bound.insert(name.to_string(), target);
            }
        }
    }
    bound
}

/// The function a call expression (the last one, for `(a(), b())`) calls.
pub fn call_target(call: &str, entries: &[String], bound: &HashMap<String, CallTarget>) -> Option<CallTarget> {
    if call.len() > MAX_CHECK_CODE {
        return None;
    }
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, call, SourceType::cjs()).parse_expression().ok()?;
    let mut expression = parsed.without_parentheses();
    loop {
        match expression {
            Expression::SequenceExpression(sequence) => expression = sequence.expressions.last()?.without_parentheses(),
            Expression::AwaitExpression(a) => expression = a.argument.without_parentheses(),
            // `a.next().value`: the call whose result is read.
            Expression::StaticMemberExpression(m) => expression = m.object.without_parentheses(),
            Expression::ComputedMemberExpression(m) => expression = m.object.without_parentheses(),
            Expression::CallExpression(call) => return callee_target(&call.callee, entries, bound),
            _ => return None,
        }
    }
}

fn callee_target(
    callee: &Expression<'_>,
    entries: &[String],
    bound: &HashMap<String, CallTarget>,
) -> Option<CallTarget> {
    match callee.without_parentheses() {
        Expression::Identifier(ident) => named(ident.name.as_str(), entries, bound),
        Expression::StaticMemberExpression(member) => {
            let object = value_target(&member.object, entries, bound)?;
            Some(CallTarget::Method(Box::new(object), member.property.name.to_string()))
        }
        Expression::CallExpression(inner) => {
            Some(CallTarget::ReturnedBy(Box::new(callee_target(&inner.callee, entries, bound)?)))
        }
        _ => None,
    }
}

/// What an expression's value is, as a target: a name, a call's result, a member.
fn value_target(value: &Expression<'_>, entries: &[String], bound: &HashMap<String, CallTarget>) -> Option<CallTarget> {
    match value.without_parentheses() {
        Expression::CallExpression(call) => {
            Some(CallTarget::ReturnedBy(Box::new(callee_target(&call.callee, entries, bound)?)))
        }
        other => callee_target(other, entries, bound),
    }
}

fn target_of(init: &Expression<'_>, entries: &[String], bound: &HashMap<String, CallTarget>) -> Option<CallTarget> {
    match init.without_parentheses() {
        Expression::AwaitExpression(a) => target_of(&a.argument, entries, bound),
        other => value_target(other, entries, bound),
    }
}

fn named(name: &str, entries: &[String], bound: &HashMap<String, CallTarget>) -> Option<CallTarget> {
    if let Some(target) = bound.get(name) {
        return Some(target.clone());
    }
    entries.iter().any(|e| e == name).then(|| CallTarget::Entry(name.to_string()))
}

impl SourceAnalysis {
    /// The index (into [`SourceAnalysis::functions`]) of the function a target reaches, where the
    /// code shows it: an entry declared as a function, the function an entry returns, a method
    /// of that name written inside it.
    pub fn function_for(&self, target: &CallTarget) -> Option<usize> {
        let functions = self.functions();
        match target {
            CallTarget::Entry(name) => {
                functions.iter().position(|f| f.parent.is_none() && f.name.as_deref() == Some(name.as_str()))
            }
            CallTarget::ReturnedBy(by) => {
                let by = self.function_for(by)?;
                functions.iter().position(|f| f.returned_by == Some(by))
            }
            CallTarget::Method(of, name) => {
                let named = |f: &super::FunctionInfo| f.name.as_deref() == Some(name.as_str());
                let inside = self.enclosing_entry(of);
                // A method the file does not write (a generator's `next`) is the function that
                // made the object: its variables are what the object keeps.
                match inside {
                    Some(root) => (0..functions.len())
                        .find(|&i| named(&functions[i]) && self.is_within(i, root))
                        .or_else(|| functions.iter().position(named))
                        .or(Some(root)),
                    None => functions.iter().position(named),
                }
            }
        }
    }

    /// The function whose code the target's value comes from (for `tasks.add`: none known, so
    /// any `add`; for `makeCounter().inc`: `makeCounter`).
    fn enclosing_entry(&self, target: &CallTarget) -> Option<usize> {
        match target {
            CallTarget::Entry(_) => self.function_for(target),
            CallTarget::ReturnedBy(by) => self.function_for(by),
            CallTarget::Method(of, _) => self.enclosing_entry(of),
        }
    }

    /// Whether function `inner` is written inside function `outer` (or is it).
    fn is_within(&self, inner: usize, outer: usize) -> bool {
        let functions = self.functions();
        let mut at = Some(inner);
        let mut steps = 0;
        while let Some(i) = at {
            if i == outer {
                return true;
            }
            steps += 1;
            if steps > functions.len() {
                return false;
            }
            at = functions[i].parent;
        }
        false
    }
}
