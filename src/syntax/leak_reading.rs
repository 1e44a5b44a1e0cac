//! What the leak check reads off the parse: property names written through `this` (a method
//! called without its object writes them on the global object), and the top-level helpers that
//! keep no state of their own (which a script may declare beside its entries).

use oxc_ast::AstKind;
use oxc_ast::ast::{AssignmentTarget, Expression, SimpleAssignmentTarget};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;
use oxc_syntax::symbol::SymbolFlags;

/// Most top-level classes judged as helpers.
const MAX_CLASSES_JUDGED: usize = 16;

/// Most names of each list kept.
const MAX_NAMES: usize = 64;

/// Property names assigned or updated through `this`.
pub(super) fn this_writes(semantic: &Semantic<'_>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for node in semantic.nodes().iter() {
        let member = match node.kind() {
            AstKind::AssignmentExpression(a) => match &a.left {
                AssignmentTarget::StaticMemberExpression(m) => Some(m),
                _ => None,
            },
            AstKind::UpdateExpression(u) => match &u.argument {
                SimpleAssignmentTarget::StaticMemberExpression(m) => Some(m),
                _ => None,
            },
            _ => None,
        };
        if let Some(member) = member.filter(|m| matches!(m.object, Expression::ThisExpression(_))) {
            let name = member.property.name.to_string();
            if !names.contains(&name) && names.len() < MAX_NAMES {
                names.push(name);
            }
        }
    }
    names
}

/// Top-level function declarations never assigned to, and top-level classes that have no
/// static members, are only ever used as `new C(...)` or `x instanceof C`, and never reach their
/// constructor or prototype from inside (`this.constructor`, `getPrototypeOf`, `__proto__`):
/// neither can keep state of its own that the parse would not show (a function's own properties
/// are read by the leak check in the realm).
pub(super) fn stateless_helpers(semantic: &Semantic<'_>) -> Vec<String> {
    let scoping = semantic.scoping();
    let nodes = semantic.nodes();
    let root = scoping.root_scope_id();
    let mut names = Vec::new();
    // Each class costs a walk of the file: a few are judged, the rest are not helpers.
    let mut classes_judged = 0;
    for &symbol in scoping.get_bindings(root).values() {
        let flags = scoping.symbol_flags(symbol);
        let references: Vec<_> = scoping.get_resolved_references(symbol).collect();
        if references.iter().any(|r| r.is_write()) || !scoping.symbol_redeclarations(symbol).is_empty() {
            continue;
        }
        let stateless = if flags.contains(SymbolFlags::Function) {
            true
        } else if flags.contains(SymbolFlags::Class) && classes_judged < MAX_CLASSES_JUDGED {
            classes_judged += 1;
            let AstKind::Class(class) = nodes.kind(scoping.symbol_declaration(symbol)) else { continue };
            let statics = class.body.body.iter().any(|element| match element {
                oxc_ast::ast::ClassElement::MethodDefinition(m) => m.r#static,
                oxc_ast::ast::ClassElement::PropertyDefinition(p) => p.r#static,
                oxc_ast::ast::ClassElement::AccessorProperty(a) => a.r#static,
                oxc_ast::ast::ClassElement::StaticBlock(_) => true,
                oxc_ast::ast::ClassElement::TSIndexSignature(_) => true,
            });
            let only_constructed = references.iter().all(|r| {
                let node = r.node_id();
                let span = nodes.kind(node).span();
                match nodes.parent_kind(node) {
                    AstKind::NewExpression(new) => new.callee.span() == span,
                    AstKind::BinaryExpression(b) => {
                        b.operator == oxc_syntax::operator::BinaryOperator::Instanceof && b.right.span() == span
                    }
                    _ => false,
                }
            });
            let body = class.span;
            let reaches_itself = nodes.iter().any(|n| {
                let inside = body.start <= n.kind().span().start && n.kind().span().end <= body.end;
                inside
                    && match n.kind() {
                        AstKind::StaticMemberExpression(m) => {
                            matches!(m.property.name.as_str(), "constructor" | "__proto__")
                        }
                        AstKind::ComputedMemberExpression(m) => {
                            m.static_property_name().is_none_or(|n| matches!(n.as_str(), "constructor" | "__proto__"))
                                && !matches!(m.expression, Expression::NumericLiteral(_) | Expression::Identifier(_))
                        }
                        AstKind::IdentifierReference(i) => {
                            matches!(i.name.as_str(), "Object" | "Reflect" | "arguments" | "eval" | "Function")
                        }
                        _ => false,
                    }
            });
            !statics && only_constructed && !reaches_itself
        } else {
            false
        };
        if stateless && names.len() < MAX_NAMES {
            names.push(scoping.symbol_name(symbol).to_string());
        }
    }
    names.sort();
    names
}
