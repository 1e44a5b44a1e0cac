//! The one place oxc is driven: parse, build scopes and symbols, and read off plain data.

use std::collections::HashMap;

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::{AssignmentTarget, Expression};
use oxc_diagnostics::OxcDiagnostic;
use oxc_parser::{Parser, ParserReturn};
use oxc_semantic::{Semantic, SemanticBuilder};
use oxc_span::{GetSpan, SourceType};
use oxc_syntax::node::NodeId;
use oxc_syntax::scope::ScopeId;
use oxc_syntax::symbol::SymbolFlags;

use super::position::LineIndex;
use super::{
    BindingKind, BodyPlace, DeclaringScope, FreeVariable, FunctionInfo, GlobalUse, RelatedLabel, SourceAnalysis,
    SourceProblem, SubmissionStyle, SyntaxProblem, TopLevelBinding, UndeclaredWrite,
};

/// Most free-variable entries kept over all functions: nesting and names multiply, and a hostile
/// file of a megabyte could otherwise ask for billions.
const MAX_FREE_VARIABLES: usize = 100_000;

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

/// Why `source` does not parse as a classic script (the parser's first diagnostic, or that of
/// the scope checks a strict function body needs), if it does not.
pub(super) fn script_problem(source: &str, units: usize, limit: usize) -> Option<SourceProblem> {
    if units > limit {
        return Some(SourceProblem::TooComplex { units, limit });
    }
    let lines = LineIndex::new(source);
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::script()).parse();
    if let Some(first) = parsed.errors.first() {
        return Some(SourceProblem::Syntax(syntax_problem(first, &lines)));
    }
    let built = SemanticBuilder::new().with_check_syntax_error(true).build(&parsed.program);
    built.errors.first().map(|first| SourceProblem::Syntax(syntax_problem(first, &lines)))
}

pub(super) fn analyse(source: &str, units: usize, limit: usize) -> SourceAnalysis {
    let mut analysis = SourceAnalysis {
        style: SubmissionStyle::Script,
        bindings: Vec::new(),
        undeclared_writes: Vec::new(),
        global_references: Vec::new(),
        functions: Vec::new(),
        problem: None,
        free_variables_complete: true,
        shapes: Vec::new(),
        this_writes: Vec::new(),
        stateless_helpers: Vec::new(),
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
    if let Some(first) = parsed.errors.first() {
        analysis.problem = Some(SourceProblem::Syntax(syntax_problem(first, &lines)));
        return analysis;
    }
    let built = SemanticBuilder::new().with_check_syntax_error(true).build(&parsed.program);
    if let Some(first) = built.errors.first() {
        analysis.problem = Some(SourceProblem::Syntax(syntax_problem(first, &lines)));
        return analysis;
    }
    let semantic = built.semantic;
    if !is_module && uses_commonjs(&semantic) {
        analysis.style = SubmissionStyle::CommonJs;
    }
    analysis.bindings = top_level_bindings(&semantic, &lines);
    analysis.undeclared_writes = undeclared_writes(&semantic, &lines);
    analysis.global_references = global_references(&semantic, &lines);
    if analysis.style == SubmissionStyle::CommonJs {
        // The CommonJS wrapper declares these: assigning one changes a parameter, not a global.
        analysis.undeclared_writes.retain(|w| !COMMONJS_PARAMETERS.contains(&w.name.as_str()));
    }
    (analysis.functions, analysis.free_variables_complete) = functions(&semantic, &lines);
    let read = super::shape::read(&semantic, &lines, source);
    analysis.shapes = read.shapes;
    analysis.this_writes = read.this_writes;
    analysis.stateless_helpers = read.stateless_helpers;
    analysis
}

/// The parser's first diagnostic as data: its message, where it points (the primary label, or
/// the first), a second label if it has one, and the lines a frame shows.
fn syntax_problem(diagnostic: &OxcDiagnostic, lines: &LineIndex<'_>) -> SyntaxProblem {
    let labels = diagnostic.labels.as_deref().unwrap_or_default();
    let primary = labels.iter().find(|l| l.primary()).or_else(|| labels.last());
    let offset = |label: &oxc_diagnostics::LabeledSpan| u32::try_from(label.offset()).unwrap_or(u32::MAX);
    let at = lines.error_position(primary.map_or(0, offset));
    let related = labels
        .iter()
        .filter(|l| Some(*l) != primary)
        .find_map(|l| Some((lines.error_position(offset(l)), bounded(l.label()?))))
        .map(|(p, text)| RelatedLabel { line: p.line, column: p.column, text });
    let mut excerpt: Vec<_> =
        (at.line.saturating_sub(CONTEXT_LINES).max(1)..=at.line).filter_map(|n| lines.line(n, at.column)).collect();
    if let Some(r) = related.as_ref().filter(|r| r.line < excerpt.first().map_or(0, |l| l.number) || r.line > at.line) {
        excerpt.extend(lines.line(r.line, r.column));
        excerpt.sort_by_key(|l| l.number);
    }
    SyntaxProblem {
        message: bounded(&diagnostic.message),
        line: at.line,
        column: at.column,
        label: primary.and_then(|l| l.label()).map(bounded),
        related,
        help: diagnostic.help.as_deref().map(bounded),
        excerpt,
    }
}

/// Most characters of a diagnostic's text kept (it may quote a name from the file, of any length).
const MAX_MESSAGE_CHARS: usize = 200;

/// `text` cut to [`MAX_MESSAGE_CHARS`], marked with `…` where cut.
fn bounded(text: &str) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
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

/// Every name the file uses that no scope of it declares (globals it reads or writes), each once,
/// at its first use, in source order.
fn global_references(semantic: &Semantic<'_>, lines: &LineIndex<'_>) -> Vec<GlobalUse> {
    let scoping = semantic.scoping();
    let mut names: Vec<(u32, GlobalUse)> = scoping
        .root_unresolved_references()
        .iter()
        .filter_map(|(name, references)| {
            let start = references
                .iter()
                .map(|&id| semantic.nodes().kind(scoping.get_reference(id).node_id()).span().start)
                .min()?;
            Some((start, GlobalUse { name: name.to_string(), at: lines.position(start) }))
        })
        .collect();
    names.sort_by_key(|(start, _)| *start);
    names.into_iter().map(|(_, w)| w).collect()
}

/// The name a function has or is given where it is defined.
fn function_name(semantic: &Semantic<'_>, scope: ScopeId) -> Option<String> {
    function_name_at(semantic, semantic.scoping().get_node_id(scope))
}

/// [`function_name`] of the function at a node.
pub(super) fn function_name_at(semantic: &Semantic<'_>, node: oxc_syntax::node::NodeId) -> Option<String> {
    let nodes = semantic.nodes();
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

/// Where a function node's body begins (see [`BodyPlace`]).
fn body_place(kind: AstKind<'_>) -> Option<BodyPlace> {
    let (body, expression) = match kind {
        AstKind::Function(f) => (f.body.as_deref()?, false),
        AstKind::ArrowFunctionExpression(a) => (&*a.body, a.expression),
        _ => return None,
    };
    if expression {
        let Some(oxc_ast::ast::Statement::ExpressionStatement(statement)) = body.statements.first() else {
            return None;
        };
        let span = statement.expression.span();
        return Some(BodyPlace::Expression { start: span.start, end: span.end });
    }
    let inside = body.directives.last().map_or(body.span.start + 1, |d| d.span.end);
    Some(BodyPlace::Block { inside })
}

/// The scope of a function node.
fn function_scope_of(kind: AstKind<'_>) -> Option<ScopeId> {
    match kind {
        AstKind::Function(f) => f.scope_id.get(),
        AstKind::ArrowFunctionExpression(a) => a.scope_id.get(),
        _ => None,
    }
}

/// The nearest function node around a node, the node itself excluded.
fn enclosing_function_node(semantic: &Semantic<'_>, node: NodeId) -> Option<NodeId> {
    let nodes = semantic.nodes();
    nodes
        .ancestor_ids(node)
        .skip(1)
        .find(|&id| matches!(nodes.kind(id), AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)))
}

/// Pairs of (function node, the function node that returns it): `return function () {}`,
/// `return inner;` for an inner function declaration or `const inner = () => ...`, and an
/// arrow whose body is a function.
fn returned_functions(semantic: &Semantic<'_>) -> Vec<(NodeId, NodeId)> {
    let nodes = semantic.nodes();
    let scoping = semantic.scoping();
    let function_node = |expression: &Expression<'_>| -> Option<NodeId> {
        match expression.without_parentheses() {
            Expression::FunctionExpression(f) => f.scope_id.get().map(|s| scoping.get_node_id(s)),
            Expression::ArrowFunctionExpression(a) => a.scope_id.get().map(|s| scoping.get_node_id(s)),
            Expression::Identifier(ident) => {
                let symbol = scoping.get_reference(ident.reference_id.get()?).symbol_id()?;
                let declaration = scoping.symbol_declaration(symbol);
                match nodes.kind(declaration) {
                    AstKind::Function(_) => Some(declaration),
                    AstKind::VariableDeclarator(d) => match d.init.as_ref()?.without_parentheses() {
                        Expression::FunctionExpression(f) => f.scope_id.get().map(|s| scoping.get_node_id(s)),
                        Expression::ArrowFunctionExpression(a) => a.scope_id.get().map(|s| scoping.get_node_id(s)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            _ => None,
        }
    };
    let mut pairs = Vec::new();
    for node in nodes.iter() {
        match node.kind() {
            AstKind::ReturnStatement(ret) => {
                if let Some(returned) = ret.argument.as_ref().and_then(function_node)
                    && let Some(by) = enclosing_function_node(semantic, node.id())
                {
                    pairs.push((returned, by));
                }
            }
            AstKind::ArrowFunctionExpression(arrow) if arrow.expression => {
                if let Some(oxc_ast::ast::Statement::ExpressionStatement(body)) = arrow.body.statements.first()
                    && let Some(returned) = function_node(&body.expression)
                {
                    pairs.push((returned, node.id()));
                }
            }
            _ => {}
        }
    }
    pairs
}

/// Whether a scope is a function's own (declaration, expression, arrow, method).
fn is_function_scope(semantic: &Semantic<'_>, scope: ScopeId) -> bool {
    let flags = semantic.scoping().scope_flags(scope);
    flags.is_function() || flags.is_arrow()
}

/// Every function, in source order, with its free variables; `false` when the lists were cut at
/// [`MAX_FREE_VARIABLES`] entries in all.
fn functions(semantic: &Semantic<'_>, lines: &LineIndex<'_>) -> (Vec<FunctionInfo>, bool) {
    let scoping = semantic.scoping();
    let start_of = |scope: ScopeId| semantic.nodes().kind(scoping.get_node_id(scope)).span();
    let mut function_scopes: Vec<ScopeId> =
        scoping.scope_descendants_from_root().filter(|&scope| is_function_scope(semantic, scope)).collect();
    function_scopes.sort_by_key(|&scope| start_of(scope).start);
    let slot_of: HashMap<ScopeId, usize> = function_scopes.iter().enumerate().map(|(i, &s)| (s, i)).collect();
    // The function each scope belongs to (itself, or the nearest enclosing one): parents are
    // created, and listed, before their children.
    let mut enclosing: HashMap<ScopeId, Option<usize>> = HashMap::with_capacity(scoping.scopes_len());
    for scope in scoping.scope_descendants_from_root() {
        let inherited = || scoping.scope_parent_id(scope).and_then(|parent| enclosing.get(&parent).copied().flatten());
        let function = slot_of.get(&scope).copied().or_else(inherited);
        enclosing.insert(scope, function);
    }
    let function_of = |scope: ScopeId| enclosing.get(&scope).copied().flatten();
    let parent_function: Vec<Option<usize>> =
        function_scopes.iter().map(|&f| scoping.scope_parent_id(f).and_then(function_of)).collect();
    let mut found: Vec<FunctionInfo> = function_scopes
        .iter()
        .zip(&parent_function)
        .map(|(&scope, &parent)| {
            let span = start_of(scope);
            FunctionInfo {
                name: function_name(semantic, scope),
                at: lines.position(span.start),
                end: lines.position(span.end),
                free: Vec::new(),
                parent,
                returned_by: None,
                body: body_place(semantic.nodes().kind(scoping.get_node_id(scope))),
                declares: Vec::new(),
            }
        })
        .collect();
    let slot_of_node =
        |node: NodeId| function_scope_of(semantic.nodes().kind(node)).and_then(|s| slot_of.get(&s).copied());
    for (returned, by) in returned_functions(semantic) {
        if let (Some(returned), Some(by)) = (slot_of_node(returned), slot_of_node(by)) {
            found[returned].returned_by = Some(by);
        }
    }

    let mut symbols: Vec<_> = scoping.symbol_ids().collect();
    symbols.sort_by_key(|&s| scoping.symbol_span(s).start);
    let mut entries = 0usize;
    for symbol in symbols {
        let declaring_function = function_of(scoping.symbol_scope_id(symbol));
        let declared_in = match declaring_function {
            None => DeclaringScope::TopLevel,
            Some(f) => DeclaringScope::Function { name: found[f].name.clone(), at: found[f].at },
        };
        let declared_at = lines.position(scoping.symbol_span(symbol).start);
        let name = scoping.symbol_name(symbol);
        if let Some(&own) = slot_of.get(&scoping.symbol_scope_id(symbol)) {
            found[own].declares.push(name.to_string());
        }
        for reference in scoping.get_resolved_references(symbol) {
            // Every function from the reference's out to the declaring one (not included) closes
            // over the name, and reads or writes it through this reference. Symbols are taken
            // one at a time, so a function that already has this one has it last, and so do all
            // the functions around it: stop where nothing changes.
            let (read, written) = (reference.is_read(), reference.is_write());
            let mut function = function_of(reference.scope_id());
            while let Some(f) = function.filter(|&f| Some(f) != declaring_function) {
                let free = &mut found[f].free;
                match free.last_mut().filter(|last| last.declared_at == declared_at && last.name == name) {
                    Some(entry) if (entry.read || !read) && (entry.written || !written) => break,
                    Some(entry) => {
                        entry.read |= read;
                        entry.written |= written;
                    }
                    None if entries == MAX_FREE_VARIABLES => return (found, false),
                    None => {
                        entries += 1;
                        free.push(FreeVariable {
                            name: name.to_string(),
                            declared_in: declared_in.clone(),
                            declared_at,
                            read,
                            written,
                        });
                    }
                }
                function = parent_function[f];
            }
        }
    }
    (found, true)
}
