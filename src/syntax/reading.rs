//! The one place oxc is driven: parse, build scopes and symbols, and read off plain data.

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::AssignmentTarget;
use oxc_diagnostics::OxcDiagnostic;
use oxc_parser::{Parser, ParserReturn};
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::{GetSpan, SourceType};
use oxc_syntax::scope::ScopeId;
use oxc_syntax::symbol::SymbolFlags;

use super::position::LineIndex;
use super::{
    BindingKind, DeclaringScope, FreeVariable, FunctionInfo, RelatedLabel, SourceAnalysis, SourceProblem,
    SubmissionStyle, SyntaxProblem, TopLevelBinding, UndeclaredWrite,
};

/// The names the CommonJS wrapper passes to the file.
const COMMONJS_PARAMETERS: &[&str] = &["exports", "require", "module", "__filename", "__dirname"];

/// Lines of context a code frame shows before the error.
const CONTEXT_LINES: u32 = 2;

/// Parses `source` as the engine will load it: a module when it has module syntax, else a
/// sloppy-mode script.
fn parse<'a>(allocator: &'a Allocator, source: &'a str) -> ParserReturn<'a> {
    Parser::new(allocator, source, SourceType::unambiguous()).parse()
}

pub(super) fn has_module_syntax(source: &str, units: usize, limit: usize) -> bool {
    if units > limit {
        return false;
    }
    let allocator = Allocator::default();
    parse(&allocator, source).module_record.has_module_syntax
}

pub(super) fn analyse(source: &str, units: usize, limit: usize) -> SourceAnalysis {
    let mut analysis = SourceAnalysis {
        style: SubmissionStyle::Script,
        bindings: Vec::new(),
        undeclared_writes: Vec::new(),
        functions: Vec::new(),
        problem: None,
    };
    if units > limit {
        analysis.problem = Some(SourceProblem::TooComplex { units, limit });
        return analysis;
    }
    let lines = LineIndex::new(source);
    let allocator = Allocator::default();
    let parsed = parse(&allocator, source);
    let is_module = parsed.module_record.has_module_syntax;
    analysis.style = if is_module { SubmissionStyle::Module } else { SubmissionStyle::Script };
    if let Some(first) = parsed.diagnostics.errors().next() {
        analysis.problem = Some(SourceProblem::Syntax(syntax_problem(first, &lines)));
        return analysis;
    }
    let built = SemanticBuilder::new().with_build_nodes(true).with_check_syntax_error(true).build(&parsed.program);
    if let Some(first) = built.diagnostics.errors().next() {
        analysis.problem = Some(SourceProblem::Syntax(syntax_problem(first, &lines)));
        return analysis;
    }
    let semantic = built.semantic;
    if !is_module && uses_commonjs(&semantic) {
        analysis.style = SubmissionStyle::CommonJs;
    }
    analysis.bindings = top_level_bindings(&semantic, &lines);
    analysis.undeclared_writes = undeclared_writes(&semantic, &lines);
    if analysis.style == SubmissionStyle::CommonJs {
        // The CommonJS wrapper declares these: assigning one changes a parameter, not a global.
        analysis.undeclared_writes.retain(|w| !COMMONJS_PARAMETERS.contains(&w.name.as_str()));
    }
    analysis.functions = functions(&semantic, &lines);
    analysis
}

/// The parser's first diagnostic as data: its message, where it points (the primary label, or
/// the first), a second label if it has one, and the lines a frame shows.
fn syntax_problem(diagnostic: &OxcDiagnostic, lines: &LineIndex<'_>) -> SyntaxProblem {
    let labels = &diagnostic.labels;
    let primary = labels.iter().find(|l| l.primary()).or_else(|| labels.last());
    let at = lines.error_position(primary.map_or(0, |l| l.offset()));
    let related = labels
        .iter()
        .filter(|l| Some(*l) != primary)
        .find_map(|l| Some((lines.error_position(l.offset()), l.label()?.to_string())))
        .map(|(p, text)| RelatedLabel { line: p.line, column: p.column, text });
    let mut excerpt: Vec<_> =
        (at.line.saturating_sub(CONTEXT_LINES).max(1)..=at.line).filter_map(|n| lines.line(n, at.column)).collect();
    if let Some(r) = related.as_ref().filter(|r| r.line < excerpt.first().map_or(0, |l| l.number) || r.line > at.line) {
        excerpt.extend(lines.line(r.line, r.column));
        excerpt.sort_by_key(|l| l.number);
    }
    SyntaxProblem {
        message: diagnostic.message.to_string(),
        line: at.line,
        column: at.column,
        label: primary.and_then(|l| l.label()).map(str::to_string),
        related,
        help: diagnostic.help.as_ref().map(|h| h.to_string()),
        excerpt,
    }
}

/// Whether the file uses the undeclared `module` (as `module.exports` or `module['exports']`)
/// or `exports` (as `exports.x` or `exports[x]`): a local variable of either name does not count.
fn uses_commonjs(semantic: &Semantic<'_>) -> bool {
    let scoping = semantic.scoping();
    let nodes = semantic.nodes();
    scoping.root_unresolved_references().iter().any(|(name, references)| {
        let name = name.as_str();
        (name == "module" || name == "exports")
            && references.iter().any(|&id| {
                let node = scoping.get_reference(id).node_id();
                let span = nodes.kind(node).span();
                match nodes.parent_kind(node) {
                    AstKind::StaticMemberExpression(member) => {
                        member.object.span() == span && (name == "exports" || member.property.name == "exports")
                    }
                    AstKind::ComputedMemberExpression(member) => {
                        member.object.span() == span
                            && (name == "exports" || member.static_property_name().is_some_and(|p| p == "exports"))
                    }
                    _ => false,
                }
            })
    })
}

fn binding_kind(flags: SymbolFlags) -> Option<BindingKind> {
    Some(if flags.contains(SymbolFlags::Import) {
        BindingKind::Import
    } else if flags.contains(SymbolFlags::Class) {
        BindingKind::Class
    } else if flags.contains(SymbolFlags::Function) {
        BindingKind::Function
    } else if flags.contains(SymbolFlags::ConstVariable) {
        BindingKind::Const
    } else if flags.contains(SymbolFlags::BlockScopedVariable) {
        BindingKind::Let
    } else if flags.contains(SymbolFlags::FunctionScopedVariable) {
        BindingKind::Var
    } else {
        return None;
    })
}

fn top_level_bindings(semantic: &Semantic<'_>, lines: &LineIndex<'_>) -> Vec<TopLevelBinding> {
    let scoping = semantic.scoping();
    let root = scoping.root_scope_id();
    let mut bindings: Vec<(u32, TopLevelBinding)> = scoping
        .get_bindings(root)
        .values()
        .filter_map(|&symbol| {
            let kind = binding_kind(scoping.symbol_flags(symbol))?;
            let span = scoping.symbol_span(symbol);
            let name = scoping.symbol_name(symbol).to_string();
            Some((span.start, TopLevelBinding { name, kind, at: lines.position(span.start) }))
        })
        .collect();
    bindings.sort_by_key(|(start, _)| *start);
    bindings.into_iter().map(|(_, b)| b).collect()
}

fn undeclared_writes(semantic: &Semantic<'_>, lines: &LineIndex<'_>) -> Vec<UndeclaredWrite> {
    let scoping = semantic.scoping();
    let mut writes: Vec<(u32, UndeclaredWrite)> = scoping
        .root_unresolved_references()
        .iter()
        .flat_map(|(name, references)| {
            references.iter().filter_map(move |&id| {
                let reference = scoping.get_reference(id);
                reference.is_write().then(|| {
                    let start = semantic.nodes().kind(reference.node_id()).span().start;
                    (start, UndeclaredWrite { name: name.to_string(), at: lines.position(start) })
                })
            })
        })
        .collect();
    writes.sort_by_key(|(start, _)| *start);
    writes.into_iter().map(|(_, w)| w).collect()
}

/// The name a function has or is given where it is defined.
fn function_name(semantic: &Semantic<'_>, scope: ScopeId) -> Option<String> {
    let nodes = semantic.nodes();
    let node = semantic.scoping().get_node_id(scope);
    if let AstKind::Function(function) = nodes.kind(node)
        && let Some(id) = &function.id
    {
        return Some(id.name.to_string());
    }
    match nodes.parent_kind(node) {
        AstKind::VariableDeclarator(declarator) => declarator.id.get_identifier_name().map(|n| n.to_string()),
        AstKind::ObjectProperty(property) => property.key.static_name().map(|n| n.to_string()),
        AstKind::MethodDefinition(method) => method.key.static_name().map(|n| n.to_string()),
        AstKind::PropertyDefinition(property) => property.key.static_name().map(|n| n.to_string()),
        AstKind::AssignmentExpression(assignment) => match &assignment.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.to_string()),
            target => target.as_member_expression().and_then(|m| m.static_property_name()).map(str::to_string),
        },
        _ => None,
    }
}

/// Whether a scope is a function's own (declaration, expression, arrow, method).
fn is_function_scope(semantic: &Semantic<'_>, scope: ScopeId) -> bool {
    let flags = semantic.scoping().scope_flags(scope);
    flags.is_function() || flags.is_arrow()
}

/// The function scope a scope belongs to (itself, or the nearest enclosing one), or `None` at
/// the top level.
fn enclosing_function(semantic: &Semantic<'_>, scope: ScopeId) -> Option<ScopeId> {
    semantic.scoping().scope_ancestors(scope).find(|&s| is_function_scope(semantic, s))
}

fn functions(semantic: &Semantic<'_>, lines: &LineIndex<'_>) -> Vec<FunctionInfo> {
    let scoping = semantic.scoping();
    // Every function scope, in source order, with the free variables found so far.
    let mut found: Vec<(ScopeId, u32, FunctionInfo)> = scoping
        .scope_descendants_from_root()
        .filter(|&scope| is_function_scope(semantic, scope))
        .map(|scope| {
            let span = semantic.nodes().kind(scoping.get_node_id(scope)).span();
            let info = FunctionInfo {
                name: function_name(semantic, scope),
                at: lines.position(span.start),
                end: lines.position(span.end),
                free: Vec::new(),
            };
            (scope, span.start, info)
        })
        .collect();
    found.sort_by_key(|(_, start, _)| *start);
    let mut by_scope: Vec<(ScopeId, usize)> = found.iter().enumerate().map(|(i, (s, _, _))| (*s, i)).collect();
    by_scope.sort();
    let slot = |scope: ScopeId| by_scope.binary_search_by_key(&scope, |(s, _)| *s).ok().map(|i| by_scope[i].1);

    let mut symbols: Vec<_> = scoping.symbol_ids().collect();
    symbols.sort_by_key(|&s| scoping.symbol_span(s).start);
    for symbol in symbols {
        let declaring_scope = scoping.symbol_scope_id(symbol);
        // A function's own name binding lives in its own scope; it is not a free variable of it.
        let declaring_function = enclosing_function(semantic, declaring_scope);
        let declared_in = match declaring_function {
            None => DeclaringScope::TopLevel,
            Some(f) => DeclaringScope::Function {
                name: function_name(semantic, f),
                at: lines.position(semantic.nodes().kind(scoping.get_node_id(f)).span().start),
            },
        };
        let declared_at = lines.position(scoping.symbol_span(symbol).start);
        let name = scoping.symbol_name(symbol);
        for reference in scoping.get_resolved_references(symbol) {
            // Every function between the reference and the declaring scope closes over it.
            for scope in scoping.scope_ancestors(reference.scope_id()) {
                if scope == declaring_scope || Some(scope) == declaring_function {
                    break;
                }
                let Some(i) = slot(scope) else { continue };
                let free = &mut found[i].2.free;
                let entry = match free.iter().position(|f| f.name == name && f.declared_at == declared_at) {
                    Some(at) => &mut free[at],
                    None => {
                        free.push(FreeVariable {
                            name: name.to_string(),
                            declared_in: declared_in.clone(),
                            declared_at,
                            read: false,
                            written: false,
                        });
                        free.last_mut().expect("just pushed")
                    }
                };
                entry.read |= reference.is_read();
                entry.written |= reference.is_write();
            }
        }
    }
    found.into_iter().map(|(_, _, info)| info).collect()
}
