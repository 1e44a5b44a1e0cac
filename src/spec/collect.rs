//! Reading a spec file's test tree with oxc: `describe`/`test`/`it` where the file declares them,
//! names joined, skips and `.each` tables expanded, imports sorted into the submission's and
//! Jest's, and every `expect` told where it stands.

use std::collections::HashSet;
use std::path::Path;

use oxc_allocator::Allocator;
use oxc_ast::AstKind;
use oxc_ast::ast::{
    Argument, CallExpression, Expression, ImportDeclaration, ImportDeclarationSpecifier, ModuleExportName, Statement,
};
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::{GetSpan, SourceType, Span};

use super::each::{self, EachArg};
use super::{SpecError, SpecSuite, SpecTest, SubmissionImport};
use crate::exercise::Location;

/// What `@jest/globals` provides (all of it is there without the import too).
pub(super) const JEST_GLOBALS: &[&str] = &[
    "describe",
    "fdescribe",
    "xdescribe",
    "test",
    "it",
    "fit",
    "xtest",
    "xit",
    "expect",
    "jest",
    "beforeEach",
    "afterEach",
    "beforeAll",
    "afterAll",
];

/// Names whose calls declare the test tree: grade must find each where it reads them.
const STRUCTURE: &[&str] = &["describe", "fdescribe", "xdescribe", "test", "it", "fit", "xtest", "xit"];

/// The function the runtime gives every `expect` reference, with its line and column.
pub(super) const EXPECT_AT: &str = "__gradeExpectAt";

/// What a structural call declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Declares {
    Describe,
    Test,
}

/// A structural call, classified.
struct Declaration<'c, 'a> {
    declares: Declares,
    skipped: bool,
    /// The `.each` table, if any.
    table: Option<&'c Argument<'a>>,
    /// Where the base name (`test` of `test.each`) stands, as the stray-call check knows it.
    base_start: u32,
}

struct Walker<'s> {
    source: &'s str,
    file: &'s Path,
    tests: Vec<SpecTest>,
    seen: HashSet<u32>,
}

pub(super) fn collect(file: &Path, source: &str) -> Result<SpecSuite, SpecError> {
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, source, SourceType::mjs()).parse();
    if let Some(first) = parsed.errors.first() {
        let offset = first.labels.as_deref().and_then(|l| l.first()).map_or(0, |l| l.offset());
        return Err(SpecError { offset, message: format!("the spec does not parse: {}", first.message) });
    }
    let program = &parsed.program;
    let mut suite = SpecSuite {
        file: file.to_path_buf(),
        body: String::new(),
        submission_module: None,
        imports: Vec::new(),
        global_aliases: Vec::new(),
        tests: Vec::new(),
    };
    let mut removed: Vec<Span> = Vec::new();
    let mut jest_imports: HashSet<String> = HashSet::new();
    for statement in &program.body {
        if let Statement::ImportDeclaration(import) = statement {
            if import.source.value == "@jest/globals" {
                for specifier in import.specifiers.iter().flatten() {
                    jest_imports.insert(specifier.local().name.to_string());
                }
            }
            read_import(import, &mut suite)?;
            removed.push(import.span);
        }
    }

    let mut walker = Walker { source, file, tests: Vec::new(), seen: HashSet::new() };
    walker.statements(&program.body, &[], false)?;
    suite.tests = walker.tests;

    let built = SemanticBuilder::new().build(program);
    let scoping = built.semantic.scoping();
    let nodes = built.semantic.nodes();
    // A Jest name is a global, or a binding of the `@jest/globals` import under its own name.
    let nodes_of = |name: &str| -> Vec<oxc_semantic::NodeId> {
        let unresolved = scoping.root_unresolved_references().get(name).map(|ids| ids.as_slice()).unwrap_or_default();
        let imported = if jest_imports.contains(name) {
            scoping
                .get_root_binding(name.into())
                .map(|symbol| scoping.get_resolved_reference_ids(symbol))
                .unwrap_or_default()
        } else {
            &[]
        };
        unresolved.iter().chain(imported).map(|&id| scoping.get_reference(id).node_id()).collect()
    };
    let spans_of = |name: &str| -> Vec<Span> { nodes_of(name).into_iter().map(|id| nodes.kind(id).span()).collect() };
    for name in STRUCTURE {
        if let Some(stray) = spans_of(name).into_iter().find(|span| !walker.seen.contains(&span.start)) {
            return Err(SpecError::at(
                stray.start,
                format!(
                    "`{name}` is used where grade cannot read it before the spec runs (inside a function, a loop or \
                     a condition, or as a value): call describe/test/it at the top level or directly in a describe \
                     body, and use `test.each([...])` for tables"
                ),
            ));
        }
    }
    if suite.tests.is_empty() {
        return Err(SpecError::at(0, "the spec declares no test: add a `test(name, fn)` or `it(name, fn)`"));
    }
    // The spec's top level runs as the body of the check's (plain) function.
    for node in nodes.iter() {
        if let AstKind::AwaitExpression(awaited) = node.kind()
            && !nodes
                .ancestors(node.id())
                .any(|n| matches!(n.kind(), AstKind::Function(_) | AstKind::ArrowFunctionExpression(_)))
        {
            return Err(SpecError::at(
                awaited.span.start,
                "`await` at the top level of a spec is not supported: await inside a test, or in a `beforeAll` hook",
            ));
        }
    }
    let mut edits: Vec<(Span, String)> =
        removed.into_iter().map(|span| (span, blank(&source[span_range(span)]))).collect();
    for node in nodes_of("expect") {
        let span = nodes.kind(node).span();
        let at = Location::at(file, source, span.start as usize);
        let written = written_chain(nodes, node, source);
        let written = serde_json::to_string(&written).unwrap_or_else(|_| "\"\"".into());
        edits.push((span, format!("{EXPECT_AT}({}, {}, {written})", at.line, at.column)));
    }
    edits.sort_by_key(|(span, _)| span.start);
    let mut body = String::with_capacity(source.len() + edits.len() * 24);
    let mut done = 0;
    for (span, text) in edits {
        body.push_str(&source[done..span.start as usize]);
        body.push_str(&text);
        done = span.end as usize;
    }
    body.push_str(&source[done..]);
    suite.body = body;
    Ok(suite)
}

/// Most characters of an `expect(...)` chain kept for messages.
const MAX_WRITTEN: usize = 120;

/// The whole `expect(x).not.toBe(y)` an `expect` reference starts, as written (cut if long).
fn written_chain(nodes: &oxc_semantic::AstNodes<'_>, node: oxc_semantic::NodeId, source: &str) -> String {
    let mut current = nodes.kind(node).span();
    let mut id = node;
    loop {
        let parent = nodes.parent_id(id);
        if parent == id {
            break;
        }
        let continues = match nodes.kind(parent) {
            AstKind::CallExpression(call) => call.callee.span() == current,
            AstKind::StaticMemberExpression(member) => member.object.span() == current,
            _ => false,
        };
        if !continues {
            break;
        }
        current = nodes.kind(parent).span();
        id = parent;
    }
    let text: String = source[span_range(current)].split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > MAX_WRITTEN {
        format!("{}…", text.chars().take(MAX_WRITTEN).collect::<String>())
    } else {
        text
    }
}

fn span_range(span: Span) -> std::ops::Range<usize> {
    span.start as usize..span.end as usize
}

/// Text of the same lines with nothing in them: removing an import keeps every line in place.
fn blank(text: &str) -> String {
    text.chars().filter(|c| *c == '\n').collect()
}

fn export_name(name: &ModuleExportName<'_>) -> String {
    match name {
        ModuleExportName::IdentifierName(n) => n.name.to_string(),
        ModuleExportName::IdentifierReference(n) => n.name.to_string(),
        ModuleExportName::StringLiteral(s) => s.value.to_string(),
    }
}

fn read_import(import: &ImportDeclaration<'_>, suite: &mut SpecSuite) -> Result<(), SpecError> {
    let source = import.source.value.as_str();
    let specifiers: &[ImportDeclarationSpecifier<'_>] = import.specifiers.as_deref().map_or(&[], |s| s);
    if source == "@jest/globals" {
        for specifier in specifiers {
            let ImportDeclarationSpecifier::ImportSpecifier(named) = specifier else {
                return Err(SpecError::at(
                    specifier.span().start,
                    "import Jest's globals by name: `import { describe, expect, test } from '@jest/globals'`",
                ));
            };
            let imported = export_name(&named.imported);
            if !JEST_GLOBALS.contains(&imported.as_str()) {
                return Err(SpecError::at(
                    named.span.start,
                    format!("'@jest/globals' has no `{imported}` in grade: it provides {}", JEST_GLOBALS.join(", ")),
                ));
            }
            if named.local.name.as_str() != imported {
                suite.global_aliases.push((named.local.name.to_string(), imported));
            }
        }
        return Ok(());
    }
    if !(source.starts_with("./") || source.starts_with("../")) {
        return Err(SpecError::at(
            import.source.span.start,
            format!(
                "the spec imports '{source}', which grade does not provide: a spec may import '@jest/globals' and \
                 the submission by a relative name such as './{}'",
                "name"
            ),
        ));
    }
    match &suite.submission_module {
        Some(first) if first != source => {
            return Err(SpecError::at(
                import.source.span.start,
                format!(
                    "the spec imports '{first}' and '{source}': grade hands a spec one submission, imported by one name"
                ),
            ));
        }
        _ => suite.submission_module = Some(source.to_string()),
    }
    for specifier in specifiers {
        let (exported, local) = match specifier {
            ImportDeclarationSpecifier::ImportSpecifier(named) => (export_name(&named.imported), &named.local),
            ImportDeclarationSpecifier::ImportDefaultSpecifier(default) => ("default".to_string(), &default.local),
            ImportDeclarationSpecifier::ImportNamespaceSpecifier(namespace) => {
                return Err(SpecError::at(
                    namespace.span.start,
                    format!(
                        "`import * as {}` is not supported for the submission: import the names the spec uses, \
                         `import {{ a, b }} from '{source}'`",
                        namespace.local.name
                    ),
                ));
            }
        };
        suite.imports.push(SubmissionImport { exported, local: local.name.to_string() });
    }
    Ok(())
}

impl<'s> Walker<'s> {
    fn statements(&mut self, statements: &[Statement<'_>], prefix: &[String], skipped: bool) -> Result<(), SpecError> {
        for statement in statements {
            if let Statement::ExpressionStatement(expression) = statement
                && let Expression::CallExpression(call) = &expression.expression
            {
                self.call(call, prefix, skipped)?;
            }
        }
        Ok(())
    }

    fn call(&mut self, call: &CallExpression<'_>, prefix: &[String], skipped: bool) -> Result<(), SpecError> {
        let Some(declaration) = classify(call)? else { return Ok(()) };
        self.seen.insert(declaration.base_start);
        let skipped = skipped || declaration.skipped;
        let name_argument = call.arguments.first();
        let name = match name_argument {
            Some(argument) => self.name(argument)?,
            None => {
                return Err(SpecError::at(call.span.start, "this call has no name: give it one as its first argument"));
            }
        };
        let rows: Vec<Vec<EachArg>> = match declaration.table {
            None => vec![Vec::new()],
            Some(table) => self.table(table)?,
        };
        let at = Location::at(self.file, self.source, call.span.start as usize);
        for (row_index, row) in rows.iter().enumerate() {
            let own = if declaration.table.is_some() { each::format_name(&name, row, row_index) } else { name.clone() };
            let mut path = prefix.to_vec();
            path.push(own);
            match declaration.declares {
                Declares::Test => {
                    self.tests.push(SpecTest {
                        name: path.join(" "),
                        index: self.tests.len(),
                        skipped,
                        line: at.line,
                        column: at.column,
                        code: self.source[span_range(call.span)].to_string(),
                    });
                }
                Declares::Describe => {
                    let body = match call.arguments.get(1).and_then(Argument::as_expression) {
                        Some(Expression::ArrowFunctionExpression(arrow)) => &arrow.body.statements,
                        Some(Expression::FunctionExpression(function)) => match &function.body {
                            Some(body) => &body.statements,
                            None => continue,
                        },
                        _ => {
                            return Err(SpecError::at(
                                call.span.start,
                                "a describe needs a function as its second argument: `describe(name, () => { ... })`",
                            ));
                        }
                    };
                    self.statements(body, &path, skipped)?;
                }
            }
        }
        Ok(())
    }

    fn name(&self, argument: &Argument<'_>) -> Result<String, SpecError> {
        match argument {
            Argument::StringLiteral(s) => Ok(s.value.to_string()),
            Argument::TemplateLiteral(t) if t.expressions.is_empty() => {
                Ok(t.quasis.iter().filter_map(|q| q.value.cooked.as_ref()).map(|c| c.as_str()).collect())
            }
            // `describe(makeCounter, ...)` names the block after the function, as Jest does.
            Argument::Identifier(id) => Ok(id.name.to_string()),
            other => Err(SpecError::at(
                other.span().start,
                "a test's name must be a string literal (grade reads the names before running the spec): for names \
                 made from values, use `test.each([...])('... %s', fn)`",
            )),
        }
    }

    fn table(&self, table: &Argument<'_>) -> Result<Vec<Vec<EachArg>>, SpecError> {
        let Argument::ArrayExpression(array) = table else {
            return Err(SpecError::at(
                table.span().start,
                "`.each` needs its table written out as an array literal (grade reads the test names before running \
                 the spec)",
            ));
        };
        let mut rows = Vec::with_capacity(array.elements.len());
        for element in &array.elements {
            let Some(expression) = element.as_expression() else {
                return Err(SpecError::at(
                    element.span().start,
                    "a row of an `.each` table cannot be a hole or a spread",
                ));
            };
            rows.push(match expression {
                Expression::ArrayExpression(row) => row
                    .elements
                    .iter()
                    .map(|e| match e.as_expression() {
                        Some(e) => Ok(each::arg(e, self.source)),
                        None => {
                            Err(SpecError::at(e.span().start, "a value of an `.each` row cannot be a hole or a spread"))
                        }
                    })
                    .collect::<Result<Vec<_>, _>>()?,
                other => vec![each::arg(other, self.source)],
            });
        }
        Ok(rows)
    }
}

/// What a call declares, if it is `describe`/`test`/`it` in one of Jest's forms.
fn classify<'c, 'a>(call: &'c CallExpression<'a>) -> Result<Option<Declaration<'c, 'a>>, SpecError> {
    let base = |name: &str| match name {
        "describe" | "fdescribe" => Some((Declares::Describe, false)),
        "xdescribe" => Some((Declares::Describe, true)),
        "test" | "it" | "fit" => Some((Declares::Test, false)),
        "xtest" | "xit" => Some((Declares::Test, true)),
        _ => None,
    };
    let (callee, table) = match &call.callee {
        // `test.each(table)(name, fn)`
        Expression::CallExpression(inner) => match &inner.callee {
            Expression::StaticMemberExpression(member) if member.property.name == "each" => {
                match inner.arguments.first() {
                    Some(table) => (&inner.callee, Some(table)),
                    None => {
                        return Err(SpecError::at(
                            inner.span.start,
                            "`.each()` needs a table: `.each([[1, 2], [3, 4]])`",
                        ));
                    }
                }
            }
            _ => return Ok(None),
        },
        // A tagged-template table: not read.
        Expression::TaggedTemplateExpression(tagged) => {
            if let Expression::StaticMemberExpression(member) = &tagged.tag
                && member.property.name == "each"
                && matches!(&member.object, Expression::Identifier(id) if base(&id.name).is_some())
            {
                return Err(SpecError::at(
                    tagged.span.start,
                    "a tagged-template `.each` table is not supported: write the table as an array of objects, \
                     `.each([{ a: 1, b: 2 }])('$a and $b', ...)`",
                ));
            }
            return Ok(None);
        }
        callee => (callee, None),
    };
    let (declared, modifier) = match callee {
        Expression::Identifier(id) => match base(&id.name) {
            Some(d) => ((d, id.span.start), None),
            None => return Ok(None),
        },
        Expression::StaticMemberExpression(member) => match &member.object {
            Expression::Identifier(id) => match base(&id.name) {
                Some(d) => ((d, id.span.start), Some(member.property.name.as_str())),
                None => return Ok(None),
            },
            // `test.skip.each(table)` / `describe.only.each(table)`
            Expression::StaticMemberExpression(inner) if member.property.name == "each" => match &inner.object {
                Expression::Identifier(id) => match base(&id.name) {
                    Some(d) => ((d, id.span.start), Some(inner.property.name.as_str())),
                    None => return Ok(None),
                },
                _ => return Ok(None),
            },
            _ => return Ok(None),
        },
        _ => return Ok(None),
    };
    let ((declares, x_skipped), base_start) = declared;
    let modifier = modifier.filter(|m| *m != "each");
    let skipped = match modifier {
        None | Some("only") | Some("concurrent") => x_skipped,
        Some("skip") => true,
        Some("todo") if declares == Declares::Test => true,
        Some(other) => {
            return Err(SpecError::at(call.span.start, format!("`.{other}` is not supported by grade's spec runner")));
        }
    };
    Ok(Some(Declaration { declares, skipped, table, base_start }))
}
