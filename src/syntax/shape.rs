//! The structural fingerprint of a file: shapes of code that known closure mistakes have (state
//! at the top of the file, state born again inside the returned function, a shadowing
//! declaration, a `var` loop variable captured by callbacks...), each with the learner's own names
//! and line, read off the parser's scopes and syntax tree.

use oxc_ast::AstKind;
use oxc_ast::ast::{
    AssignmentTarget, Expression, ObjectPropertyKind, PropertyKey, SimpleAssignmentTarget, VariableDeclarationKind,
};
use oxc_semantic::Semantic;
use oxc_span::GetSpan;
use oxc_syntax::node::NodeId;
use oxc_syntax::symbol::{SymbolFlags, SymbolId};

use super::position::LineIndex;

/// A shape of code that a known mistake can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ShapeKind {
    /// A top-level `let`/`var` that a function changes, or a top-level array, object or `new`
    /// value a function uses: one copy shared by every call.
    TopLevelState,
    /// A function inside another function declares its own state (a counter, an array, a
    /// cache) and changes it: it is born again on every call, so the backpack stays empty.
    StateInsideInnerFunction,
    /// An inner function declares a name an enclosing function already has, hiding it.
    Shadowing,
    /// A function created in a `for` loop closes over the loop's `var` variable (one for all).
    VarInLoop,
    /// State kept as a public property (`this.x = ...`, a data property beside methods, a public
    /// class field) instead of in the backpack.
    StateOnObject,
    /// No `this` anywhere in the file: nothing passes the caller's `this` on.
    NoThis,
    /// A function returns the result of calling a function it declares, not the function.
    ReturnsCallOfInner,
    /// A returned function schedules a timer every time, and nothing ever cancels one.
    SchedulesWithoutCancel,
    /// A function returns `x++` of a variable it closes over: the value before the increment.
    ReturnsOldValue,
    /// A parameter defaulted by truthiness (`step || 1`, `if (!step)`): a 0, `''` or `false`
    /// passed on purpose counts as missing.
    FalsyDefault,
    /// A stored value tested for truthiness to learn whether it is stored (`if (cache[n])`,
    /// `cache.get(n) || ...`): a stored 0, `''`, `false` or `undefined` looks missing.
    TruthyLookup,
    /// An empty object literal filled under computed keys (`cache[arg] = ...`): a map whose keys
    /// all become strings, so `1` and `'1'` (or two arrays) share an entry.
    ObjectAsMap,
}

impl ShapeKind {
    /// Every kind, for messages that list them.
    pub const ALL: [ShapeKind; 12] = [
        ShapeKind::TopLevelState,
        ShapeKind::StateInsideInnerFunction,
        ShapeKind::Shadowing,
        ShapeKind::VarInLoop,
        ShapeKind::StateOnObject,
        ShapeKind::NoThis,
        ShapeKind::ReturnsCallOfInner,
        ShapeKind::SchedulesWithoutCancel,
        ShapeKind::ReturnsOldValue,
        ShapeKind::FalsyDefault,
        ShapeKind::TruthyLookup,
        ShapeKind::ObjectAsMap,
    ];

    /// The name an exercise TOML uses (`top-level-state`).
    pub fn key(self) -> &'static str {
        match self {
            ShapeKind::TopLevelState => "top-level-state",
            ShapeKind::StateInsideInnerFunction => "state-inside-inner-function",
            ShapeKind::Shadowing => "shadowing",
            ShapeKind::VarInLoop => "var-in-loop",
            ShapeKind::StateOnObject => "state-on-object",
            ShapeKind::NoThis => "no-this",
            ShapeKind::ReturnsCallOfInner => "returns-call-of-inner",
            ShapeKind::SchedulesWithoutCancel => "schedules-without-cancel",
            ShapeKind::ReturnsOldValue => "returns-old-value",
            ShapeKind::FalsyDefault => "falsy-default",
            ShapeKind::TruthyLookup => "truthy-lookup",
            ShapeKind::ObjectAsMap => "object-as-map",
        }
    }

    /// The kind an exercise TOML names, if it is one.
    pub fn from_key(key: &str) -> Option<ShapeKind> {
        ShapeKind::ALL.into_iter().find(|k| k.key() == key)
    }
}

/// One place where the file has a shape, in the learner's own names.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Shape {
    /// What it is.
    pub kind: ShapeKind,
    /// The variable, property or inner function concerned (empty for [`ShapeKind::NoThis`]).
    pub name: String,
    /// The function where it happens, if it has a name.
    pub function: Option<String>,
    /// The enclosing function (for shadowing: the one whose name is hidden), if named.
    pub outer: Option<String>,
    /// The code concerned, for [`ShapeKind::ReturnsCallOfInner`] (the call),
    /// [`ShapeKind::FalsyDefault`] and [`ShapeKind::TruthyLookup`] (the test): at most 60 chars.
    pub code: Option<String>,
    /// Its line, from 1 (0 for a file-wide shape).
    pub line: u32,
}

/// Most shapes kept for one file (a hostile file could have millions).
const MAX_SHAPES: usize = 64;

struct Reader<'s, 'a> {
    semantic: &'s Semantic<'a>,
    lines: &'s LineIndex<'s>,
    source: &'s str,
    found: Vec<Shape>,
}

/// What the fingerprint reading finds besides the shapes.
pub(super) struct Read {
    /// The shapes, in source order within each kind.
    pub shapes: Vec<Shape>,
    /// Property names written through `this` (`this.x = ...`, `this.x++`).
    pub this_writes: Vec<String>,
    /// Top-level functions and classes that hold no state of their own (see
    /// [`super::SourceAnalysis::stateless_helpers`]).
    pub stateless_helpers: Vec<String>,
}

/// The shapes of an analysed file, and what the leak check needs to judge it.
pub(super) fn read(semantic: &Semantic<'_>, lines: &LineIndex<'_>, source: &str) -> Read {
    let mut reader = Reader { semantic, lines, source, found: Vec::new() };
    reader.variables();
    reader.nodes();
    reader.found.truncate(MAX_SHAPES);
    let this_writes = super::leak_reading::this_writes(semantic);
    let stateless_helpers = super::leak_reading::stateless_helpers(semantic);
    Read { shapes: reader.found, this_writes, stateless_helpers }
}

impl<'a> Reader<'_, 'a> {
    fn push(&mut self, kind: ShapeKind, name: &str, at: NodeId, outer: Option<String>) {
        if self.found.len() >= MAX_SHAPES || self.found.iter().any(|s| s.kind == kind && s.name == name) {
            return;
        }
        let nodes = self.semantic.nodes();
        let function = self.enclosing_function(at).and_then(|f| self.function_name(f));
        let line = self.lines.position(nodes.kind(at).span().start).line;
        self.found.push(Shape { kind, name: name.to_string(), function, outer, code: None, line });
    }

    /// The nearest function (declaration, expression or arrow) around a node, itself excluded.
    fn enclosing_function(&self, node: NodeId) -> Option<NodeId> {
        let nodes = self.semantic.nodes();
        nodes.ancestor_ids(node).skip(1).find(|&id| is_function(nodes.kind(id)))
    }

    fn function_name(&self, function: NodeId) -> Option<String> {
        super::reading::function_name_at(self.semantic, function)
    }

    /// Top-level state, state born again inside an inner function, shadowing, `var` in a loop.
    fn variables(&mut self) {
        let scoping = self.semantic.scoping();
        let nodes = self.semantic.nodes();
        let root = scoping.root_scope_id();
        let mut symbols: Vec<SymbolId> = scoping.symbol_ids().collect();
        symbols.sort_by_key(|&s| scoping.symbol_span(s).start);
        for symbol in symbols {
            let flags = scoping.symbol_flags(symbol);
            if !flags.intersects(SymbolFlags::Variable) || flags.intersects(SymbolFlags::Function | SymbolFlags::Class)
            {
                continue;
            }
            let name = scoping.symbol_name(symbol).to_string();
            let declaration = scoping.symbol_declaration(symbol);
            let (declaration_kind, init) = match nodes.kind(declaration) {
                AstKind::VariableDeclarator(d) => (Some(d.kind), d.init.as_ref()),
                _ => (None, None),
            };
            let holds_state = init.is_some_and(is_state_value);
            let container = init.is_some_and(is_container);
            let declared_in = self.enclosing_function(declaration);
            let references: Vec<_> = scoping.get_resolved_references(symbol).collect();
            // Each use of the variable that changes it (an assignment, or a method call on it:
            // `items.push`, `cache.set`), with the function it happens in.
            let changes: Vec<(NodeId, Option<NodeId>)> = references
                .iter()
                .filter(|r| r.is_write() || (container && is_method_call_object(self.semantic, r.node_id())))
                .map(|r| (r.node_id(), self.enclosing_function(r.node_id())))
                .collect();
            let empty_object = init.is_some_and(
                |i| matches!(i.without_parentheses(), Expression::ObjectExpression(o) if o.properties.is_empty()),
            );
            if empty_object && references.iter().any(|r| is_keyed_write(self.semantic, r.node_id())) {
                self.push(ShapeKind::ObjectAsMap, &name, declaration, None);
            }
            let changed_in = |wanted: &dyn Fn(Option<NodeId>) -> bool| {
                changes.iter().find(|(_, f)| wanted(*f)).map(|&(node, f)| (node, f))
            };
            if scoping.symbol_scope_id(symbol) == root || declared_in.is_none() {
                if declaration_kind.is_none() {
                    continue;
                }
                let mutable = declaration_kind != Some(VariableDeclarationKind::Const) || container;
                if mutable && let Some((_, Some(at))) = changed_in(&|f| f.is_some()) {
                    let function = self.function_name(at);
                    let before = self.found.len();
                    self.push(ShapeKind::TopLevelState, &name, declaration, function.clone());
                    // An anonymous function is named by the nearest named one around it.
                    let mut around_name = None;
                    let mut around = self.enclosing_function(at);
                    while let (None, Some(f)) = (&around_name, around) {
                        around_name = self.function_name(f);
                        around = self.enclosing_function(f);
                    }
                    if function.is_none()
                        && let Some(shape) = self.found.get_mut(before)
                    {
                        shape.function = around_name;
                    }
                }
                continue;
            }
            let Some(function) = declared_in else { continue };
            let parent = self.enclosing_function(function);
            if let Some(parent) = parent {
                let mut shadows = false;
                // Shadowing: the name is also bound in a scope of an enclosing function.
                let function_scope = scope_of(nodes.kind(function));
                let outer_scope = function_scope.and_then(|s| scoping.scope_parent_id(s));
                if declaration_kind.is_some()
                    && let Some(other) = outer_scope.and_then(|s| scoping.find_binding(s, name.as_str().into()))
                    && other != symbol
                    && scoping.symbol_scope_id(other) != root
                {
                    let outer =
                        self.enclosing_function(scoping.symbol_declaration(other)).and_then(|f| self.function_name(f));
                    self.push(ShapeKind::Shadowing, &name, declaration, outer);
                    shadows = true;
                }
                // A shadowing declaration is that mistake, not state missing from the outer
                // function (which has its own).
                if holds_state && !shadows && changed_in(&|f| f == Some(function)).is_some() {
                    let outer = self.function_name(parent);
                    self.push(ShapeKind::StateInsideInnerFunction, &name, declaration, outer);
                }
            }
            if declaration_kind == Some(VariableDeclarationKind::Var)
                && let Some(for_statement) = enclosing_for(self.semantic, declaration)
            {
                let loop_span = nodes.kind(for_statement).span();
                let captured = references.iter().any(|r| {
                    let node = r.node_id();
                    let inside = self.enclosing_function(node);
                    inside != declared_in
                        && inside.is_some_and(|f| {
                            let span = nodes.kind(f).span();
                            loop_span.start <= span.start && span.end <= loop_span.end
                        })
                });
                if captured {
                    self.push(ShapeKind::VarInLoop, &name, declaration, None);
                }
            }
        }
    }

    /// Shapes read off single nodes: `this`, state on objects, returned calls, timers.
    fn nodes(&mut self) {
        let nodes = self.semantic.nodes();
        let scoping = self.semantic.scoping();
        let mut saw_this = false;
        let mut cancels = false;
        let mut schedules: Vec<NodeId> = Vec::new();
        for node in nodes.iter() {
            let id = node.id();
            match node.kind() {
                AstKind::ThisExpression(_) => saw_this = true,
                AstKind::IdentifierReference(ident)
                    if matches!(ident.name.as_str(), "clearTimeout" | "clearInterval")
                        && ident.reference_id.get().is_some_and(|r| scoping.get_reference(r).symbol_id().is_none()) =>
                {
                    cancels = true;
                }
                AstKind::CallExpression(call) => {
                    if let Expression::Identifier(callee) = &call.callee
                        && callee.name == "setTimeout"
                    {
                        schedules.push(id);
                    }
                }
                AstKind::AssignmentExpression(assignment) => {
                    if let AssignmentTarget::StaticMemberExpression(member) = &assignment.left
                        && matches!(member.object, Expression::ThisExpression(_))
                        && !assignment.right.is_function()
                    {
                        let name = member.property.name.to_string();
                        self.push(ShapeKind::StateOnObject, &name, id, None);
                    }
                }
                AstKind::UpdateExpression(update) => {
                    let returned = match nodes.parent_kind(id) {
                        AstKind::ReturnStatement(_) => true,
                        AstKind::ExpressionStatement(_) => {
                            matches!(nodes.kind(nodes.parent_id(nodes.parent_id(id))), AstKind::FunctionBody(_))
                                && matches!(
                                    nodes.kind(nodes.parent_id(nodes.parent_id(nodes.parent_id(id)))),
                                    AstKind::ArrowFunctionExpression(a) if a.expression
                                )
                        }
                        _ => false,
                    };
                    if returned
                        && !update.prefix
                        && update.operator == oxc_syntax::operator::UpdateOperator::Increment
                        && let SimpleAssignmentTarget::AssignmentTargetIdentifier(ident) = &update.argument
                    {
                        let name = ident.name.to_string();
                        self.push(ShapeKind::ReturnsOldValue, &name, id, None);
                    }
                    if let SimpleAssignmentTarget::StaticMemberExpression(member) = &update.argument
                        && matches!(member.object, Expression::ThisExpression(_))
                    {
                        let name = member.property.name.to_string();
                        self.push(ShapeKind::StateOnObject, &name, id, None);
                    }
                }
                AstKind::PropertyDefinition(property) => {
                    let data = property.value.as_ref().is_none_or(|v| !v.is_function());
                    if !property.r#static
                        && data
                        && !matches!(property.key, PropertyKey::PrivateIdentifier(_))
                        && let Some(name) = property.key.static_name()
                    {
                        self.push(ShapeKind::StateOnObject, &name, id, None);
                    }
                }
                AstKind::ObjectExpression(object) => {
                    let mut methods = 0;
                    let mut data = None;
                    for property in &object.properties {
                        let ObjectPropertyKind::ObjectProperty(property) = property else { continue };
                        if property.method || property.value.is_function() || self.names_function(&property.value) {
                            methods += 1;
                        } else if data.is_none() && is_state_value(&property.value) {
                            data = property.key.static_name().map(|n| n.to_string());
                        }
                    }
                    if methods > 0
                        && let Some(name) = data
                    {
                        self.push(ShapeKind::StateOnObject, &name, id, None);
                    }
                }
                AstKind::LogicalExpression(logical)
                    if logical.operator == oxc_syntax::operator::LogicalOperator::Or =>
                {
                    self.truthiness_test(&logical.left, id, logical.span);
                }
                AstKind::UnaryExpression(unary)
                    if unary.operator == oxc_syntax::operator::UnaryOperator::LogicalNot
                        && matches!(
                            nodes.parent_kind(id),
                            AstKind::IfStatement(_) | AstKind::ConditionalExpression(_)
                        ) =>
                {
                    self.truthiness_test(&unary.argument, id, unary.span);
                }
                AstKind::IfStatement(statement) => self.truthiness_test(&statement.test, id, statement.test.span()),
                AstKind::ConditionalExpression(conditional) => {
                    self.truthiness_test(&conditional.test, id, conditional.test.span());
                }
                AstKind::ReturnStatement(ret) => {
                    if let Some(Expression::CallExpression(call)) = &ret.argument
                        && let Expression::Identifier(callee) = &call.callee
                        && let Some(symbol) =
                            callee.reference_id.get().and_then(|r| scoping.get_reference(r).symbol_id())
                        && self.is_function_symbol(symbol)
                        && self.enclosing_function(scoping.symbol_declaration(symbol)) == self.enclosing_function(id)
                        && self.enclosing_function(id).is_some()
                    {
                        let before = self.found.len();
                        self.push(ShapeKind::ReturnsCallOfInner, callee.name.as_str(), id, None);
                        if let Some(shape) = self.found.get_mut(before) {
                            let span = call.span;
                            let text: String =
                                self.source[span.start as usize..span.end as usize].chars().take(60).collect();
                            shape.code = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
                        }
                    }
                }
                _ => {}
            }
        }
        if !saw_this {
            self.found.push(Shape {
                kind: ShapeKind::NoThis,
                name: String::new(),
                function: None,
                outer: None,
                code: None,
                line: 0,
            });
        }
        if !cancels {
            // A few are enough to know: each costs a walk of its function.
            for call in schedules.into_iter().take(8) {
                let Some(function) = self.enclosing_function(call) else { continue };
                let nested = self.enclosing_function(function).is_some();
                let conditional = nodes.ancestor_ids(call).take_while(|&a| a != function).any(|a| {
                    matches!(
                        nodes.kind(a),
                        AstKind::IfStatement(_) | AstKind::ConditionalExpression(_) | AstKind::LogicalExpression(_)
                    )
                });
                let guarded = has_if(self.semantic, function);
                if nested && !conditional && !guarded {
                    self.push(ShapeKind::SchedulesWithoutCancel, "setTimeout", call, None);
                }
            }
        }
    }

    /// A value tested for truthiness (`value || x`, `!value`, `if (value)`): a parameter is a
    /// [`ShapeKind::FalsyDefault`]; a lookup in a variable (`cache[n]`, `cache.get(n)`) a
    /// [`ShapeKind::TruthyLookup`].
    fn truthiness_test(&mut self, tested: &Expression<'_>, at: NodeId, span: oxc_span::Span) {
        let scoping = self.semantic.scoping();
        let symbol_of = |ident: &oxc_ast::ast::IdentifierReference<'_>| {
            ident.reference_id.get().and_then(|r| scoping.get_reference(r).symbol_id())
        };
        let (kind, name) = match tested.without_parentheses() {
            Expression::Identifier(ident)
                if symbol_of(ident).is_some_and(|s| {
                    scoping.symbol_flags(s).contains(SymbolFlags::FunctionScopedVariable)
                        && matches!(
                            self.semantic.nodes().kind(scoping.symbol_declaration(s)),
                            AstKind::FormalParameter(_)
                        )
                }) =>
            {
                (ShapeKind::FalsyDefault, ident.name.to_string())
            }
            Expression::ComputedMemberExpression(member) => match &member.object {
                Expression::Identifier(object) if symbol_of(object).is_some() => {
                    (ShapeKind::TruthyLookup, object.name.to_string())
                }
                _ => return,
            },
            Expression::CallExpression(call) => match call.callee.as_member_expression() {
                Some(member)
                    if member.static_property_name() == Some("get")
                        && matches!(member.object(), Expression::Identifier(o) if symbol_of(o).is_some()) =>
                {
                    let Expression::Identifier(object) = member.object() else { return };
                    (ShapeKind::TruthyLookup, object.name.to_string())
                }
                _ => return,
            },
            _ => return,
        };
        let before = self.found.len();
        self.push(kind, &name, at, None);
        if let Some(shape) = self.found.get_mut(before) {
            let text: String = self.source[span.start as usize..span.end as usize].chars().take(60).collect();
            shape.code = Some(text.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }

    /// Whether an expression is an identifier bound to a function (`{ add }` for a declared add).
    fn names_function(&self, value: &Expression<'_>) -> bool {
        let Expression::Identifier(ident) = value else { return false };
        let scoping = self.semantic.scoping();
        ident
            .reference_id
            .get()
            .and_then(|r| scoping.get_reference(r).symbol_id())
            .is_some_and(|s| self.is_function_symbol(s))
    }

    fn is_function_symbol(&self, symbol: SymbolId) -> bool {
        let scoping = self.semantic.scoping();
        if scoping.symbol_flags(symbol).contains(SymbolFlags::Function) {
            return true;
        }
        match self.semantic.nodes().kind(scoping.symbol_declaration(symbol)) {
            AstKind::VariableDeclarator(d) => d.init.as_ref().is_some_and(Expression::is_function),
            _ => false,
        }
    }
}

fn is_function(kind: AstKind<'_>) -> bool {
    matches!(kind, AstKind::Function(_) | AstKind::ArrowFunctionExpression(_))
}

fn scope_of(kind: AstKind<'_>) -> Option<oxc_syntax::scope::ScopeId> {
    match kind {
        AstKind::Function(f) => f.scope_id.get(),
        AstKind::ArrowFunctionExpression(a) => a.scope_id.get(),
        _ => None,
    }
}

/// A value that is state when a variable holds it: a number, string or boolean literal, an
/// array or object literal, a `new` object.
fn is_state_value(value: &Expression<'_>) -> bool {
    matches!(
        value.without_parentheses(),
        Expression::NumericLiteral(_)
            | Expression::StringLiteral(_)
            | Expression::BooleanLiteral(_)
            | Expression::NullLiteral(_)
            | Expression::ArrayExpression(_)
            | Expression::ObjectExpression(_)
            | Expression::NewExpression(_)
    )
}

/// An array, object or `new` value: state that changes through method calls.
fn is_container(value: &Expression<'_>) -> bool {
    matches!(
        value.without_parentheses(),
        Expression::ArrayExpression(_) | Expression::ObjectExpression(_) | Expression::NewExpression(_)
    )
}

/// Whether the reference is the object of a method call or of an assignment to a member
/// (`items.push(x)`, `cache[key] = v`).
fn is_method_call_object(semantic: &Semantic<'_>, reference: NodeId) -> bool {
    let nodes = semantic.nodes();
    let span = nodes.kind(reference).span();
    let member = nodes.parent_id(reference);
    let is_object = match nodes.kind(member) {
        AstKind::StaticMemberExpression(m) => m.object.span() == span,
        AstKind::ComputedMemberExpression(m) => m.object.span() == span,
        _ => false,
    };
    if !is_object {
        return false;
    }
    let member_span = nodes.kind(member).span();
    match nodes.parent_kind(member) {
        AstKind::CallExpression(call) => call.callee.span() == member_span,
        AstKind::AssignmentExpression(_) | AstKind::UpdateExpression(_) => true,
        _ => false,
    }
}

/// Whether the reference is the object of an assignment under a computed key that is not a
/// literal (`cache[arg] = v`, not `o['name'] = v`).
fn is_keyed_write(semantic: &Semantic<'_>, reference: NodeId) -> bool {
    let nodes = semantic.nodes();
    let span = nodes.kind(reference).span();
    let member = nodes.parent_id(reference);
    let AstKind::ComputedMemberExpression(m) = nodes.kind(member) else { return false };
    let literal_key =
        matches!(m.expression.without_parentheses(), Expression::StringLiteral(_) | Expression::NumericLiteral(_))
            || matches!(m.expression.without_parentheses(), Expression::TemplateLiteral(t) if t.expressions.is_empty());
    m.object.span() == span
        && !literal_key
        && matches!(nodes.parent_kind(member), AstKind::AssignmentExpression(a) if a.left.span() == m.span)
}

/// The `for` statement whose head declares this declarator, if any.
fn enclosing_for(semantic: &Semantic<'_>, declarator: NodeId) -> Option<NodeId> {
    let nodes = semantic.nodes();
    let declaration = nodes.parent_id(declarator);
    let parent = nodes.parent_id(declaration);
    matches!(nodes.kind(parent), AstKind::ForStatement(_) | AstKind::ForInStatement(_) | AstKind::ForOfStatement(_))
        .then_some(parent)
}

/// Whether a function's own body (not its inner functions) holds an `if` or a conditional.
fn has_if(semantic: &Semantic<'_>, function: NodeId) -> bool {
    let nodes = semantic.nodes();
    let span = nodes.kind(function).span();
    nodes.iter().any(|n| {
        matches!(n.kind(), AstKind::IfStatement(_) | AstKind::ConditionalExpression(_))
            && span.start <= n.kind().span().start
            && n.kind().span().end <= span.end
            && nodes.ancestor_ids(n.id()).skip(1).find(|&a| is_function(nodes.kind(a))) == Some(function)
    })
}
