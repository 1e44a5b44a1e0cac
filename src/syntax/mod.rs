//! JavaScript source analysis on a maintained parser (oxc): how a submission is written, what it
//! declares at top level, what it assigns without declaring, which builtins it shadows, what each
//! function closes over, and (when it does not parse) the parser's own diagnostic.
//!
//! A submission is analysed once, when it is read; the result is plain Rust data (no oxc type
//! leaves this module), so grading and reports never parse again.

mod check_code;
mod guard;
mod intrinsics;
mod leak_reading;
mod position;
mod probes;
mod reading;
mod shape;
#[cfg(test)]
mod tests;

pub use check_code::{CallTarget, call_target, setup_bindings};
pub use intrinsics::{GLOBAL_INTRINSICS, is_global_intrinsic};
pub use position::Position;
pub use probes::{PROBE_READ, PROBE_RECORD, with_backpack_probes};
pub use shape::{Shape, ShapeKind};

/// How a submission file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStyle {
    /// Top-level declarations become globals.
    Script,
    /// `module.exports = ...` or `exports.name = ...`, as Node runs it.
    CommonJs,
    /// `import`/`export` declarations (or a top-level `await`).
    Module,
}

impl SubmissionStyle {
    /// A word for reports: `script`, `CommonJS`, `ES module`.
    pub fn label(self) -> &'static str {
        match self {
            SubmissionStyle::Script => "script",
            SubmissionStyle::CommonJs => "CommonJS",
            SubmissionStyle::Module => "ES module",
        }
    }
}

/// What declared a top-level binding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BindingKind {
    /// `var`.
    Var,
    /// `let`.
    Let,
    /// `const`.
    Const,
    /// `class`.
    Class,
    /// A function declaration.
    Function,
    /// An `import` binding.
    Import,
}

impl BindingKind {
    /// Whether the binding is a global lexical binding of a script (not a property of the global
    /// object): `let`, `const` and `class`.
    pub fn is_lexical(self) -> bool {
        matches!(self, BindingKind::Let | BindingKind::Const | BindingKind::Class)
    }
}

/// A name the file declares at its top level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopLevelBinding {
    /// The name, escapes decoded (`t\u006ftal` is `total`).
    pub name: String,
    /// What declared it.
    pub kind: BindingKind,
    /// Where it is declared.
    pub at: Position,
}

/// An assignment to a name no scope declares (`total = 5`): in a sloppy script, a new global.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndeclaredWrite {
    /// The name, escapes decoded.
    pub name: String,
    /// Where it is written.
    pub at: Position,
}

/// A global name the file uses without declaring it (`console`, `Math`, `Uint8Array`, a typo).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalUse {
    /// The name, escapes decoded.
    pub name: String,
    /// Its first use.
    pub at: Position,
}

/// Where a free variable of a function is declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeclaringScope {
    /// The top level of the file.
    TopLevel,
    /// An enclosing function.
    Function {
        /// Its name, if it has one (see [`FunctionInfo::name`]).
        name: Option<String>,
        /// Where it starts.
        at: Position,
    },
}

/// A name a function reads or writes that is declared outside it, in an enclosing function or at
/// the top level: what the function carries in its "backpack".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FreeVariable {
    /// The name, escapes decoded.
    pub name: String,
    /// The scope that declares it.
    pub declared_in: DeclaringScope,
    /// Where it is declared.
    pub declared_at: Position,
    /// Whether the function reads it.
    pub read: bool,
    /// Whether the function assigns to it.
    pub written: bool,
}

/// One function of the file (declaration, expression, arrow or method).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionInfo {
    /// Its own name, or the name it is given (`const f = () => {}`, `{ inc() {} }`,
    /// `obj.f = function () {}`); `None` for an anonymous function such as one returned directly.
    pub name: Option<String>,
    /// Where it starts.
    pub at: Position,
    /// Where it ends.
    pub end: Position,
    /// The names it closes over, in order of declaration.
    pub free: Vec<FreeVariable>,
    /// The function it is written in (an index into [`SourceAnalysis::functions`]), if any.
    pub parent: Option<usize>,
    /// The function that returns it (`return function () {}`, `return inner;`, an arrow's
    /// body), if one does.
    pub returned_by: Option<usize>,
    /// Where code can be put at the start of its body (`None`: it has no body of its own).
    pub body: Option<BodyPlace>,
    /// Names its own scope declares (parameters, and `var`, `let`, `function` at the top of its
    /// body): where one is also free (a default parameter reads an outer one), the body sees its
    /// own, not the backpack's.
    pub declares: Vec<String>,
}

/// Where a function's body begins, in byte offsets into the file: where a probe of its backpack
/// can be put (see [`with_backpack_probes`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyPlace {
    /// A block body: a statement may go at this offset (after the `{` and any directives such
    /// as `"use strict"`).
    Block {
        /// The offset.
        inside: u32,
    },
    /// An arrow's expression body, from `start` to `end`.
    Expression {
        /// Where the expression begins.
        start: u32,
        /// Where it ends.
        end: u32,
    },
}

/// A label the parser put on a second place in the file (such as where a block was opened).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RelatedLabel {
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
    /// The parser's words.
    pub text: String,
}

/// One line of the file, as a code frame shows it: bounded in length whatever the file holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SourceLine {
    /// Its number, from 1.
    pub number: u32,
    /// Characters dropped from its start to keep the interesting column in view.
    pub skipped: u32,
    /// Its text from there on, cut to a readable length.
    pub text: String,
    /// Whether text was cut from its end.
    pub cut: bool,
}

/// A syntax error, in the parser's words, with what a code frame needs to show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SyntaxProblem {
    /// The parser's message (`Expected `}` but found `EOF``).
    pub message: String,
    /// Line of the error, from 1.
    pub line: u32,
    /// Column of the error in characters, from 1.
    pub column: u32,
    /// The parser's label at the error, if any (`` `}` expected ``).
    pub label: Option<String>,
    /// A second place the parser points at (`Opened here`).
    pub related: Option<RelatedLabel>,
    /// The parser's advice, if any.
    pub help: Option<String>,
    /// The lines around the error (up to two before it) and the related line, in file order.
    pub excerpt: Vec<SourceLine>,
}

impl SyntaxProblem {
    /// The one-line description reports use: `SyntaxError: <message> (line L, column C)`.
    pub fn summary(&self) -> String {
        format!("SyntaxError: {} (line {}, column {})", self.message, self.line, self.column)
    }
}

/// Why a file has no analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceProblem {
    /// It does not parse.
    Syntax(SyntaxProblem),
    /// It may nest deeper than the parser can be trusted to follow on the stack at hand: it
    /// holds `units` brackets, operators and nesting keywords (an upper bound on its nesting)
    /// where at most `limit` are analysed.
    TooComplex {
        /// What the file holds.
        units: usize,
        /// The most that is analysed.
        limit: usize,
    },
}

impl std::fmt::Display for SourceProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SourceProblem::Syntax(problem) => write!(f, "does not parse: {}", problem.summary()),
            SourceProblem::TooComplex { units, limit } => write!(
                f,
                "is too large to analyse safely: it holds {units} brackets, operators and nesting keywords, \
                 and at most {limit} are analysed (a solution needs a few hundred)"
            ),
        }
    }
}

/// Everything known about a submission's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceAnalysis {
    style: SubmissionStyle,
    bindings: Vec<TopLevelBinding>,
    undeclared_writes: Vec<UndeclaredWrite>,
    global_references: Vec<GlobalUse>,
    functions: Vec<FunctionInfo>,
    free_variables_complete: bool,
    problem: Option<SourceProblem>,
    shapes: Vec<Shape>,
    this_writes: Vec<String>,
    stateless_helpers: Vec<String>,
}

impl SourceAnalysis {
    /// Parses and analyses `source` (on a stack large enough for the parser, where one can be had:
    /// see the `guard` module).
    pub fn of(source: &str) -> SourceAnalysis {
        guard::with_parse_stack(source, |units, limit| reading::analyse(source, units, limit))
    }

    /// How the file is written (for a file that does not parse: as far as the parser got).
    pub fn style(&self) -> SubmissionStyle {
        self.style
    }

    /// Why the file could not be analysed, if it could not.
    pub fn problem(&self) -> Option<&SourceProblem> {
        self.problem.as_ref()
    }

    /// The top-level bindings, in source order.
    pub fn bindings(&self) -> &[TopLevelBinding] {
        &self.bindings
    }

    /// Names bound at top level with `let`, `const` or `class`, in source order: a script's
    /// global lexical bindings, which are not properties of the global object.
    pub fn lexical_names(&self) -> Vec<String> {
        self.bindings.iter().filter(|b| b.kind.is_lexical()).map(|b| b.name.clone()).collect()
    }

    /// Assignments to undeclared names, in source order.
    pub fn undeclared_writes(&self) -> &[UndeclaredWrite] {
        &self.undeclared_writes
    }

    /// Every global name the file uses (declared by none of its scopes), each once at its first
    /// use, in source order: `console`, `Math`, a builtin it needs, or a name it forgot to declare.
    pub fn global_references(&self) -> &[GlobalUse] {
        &self.global_references
    }

    /// Top-level bindings whose name is a global intrinsic of the engine (`let Object = ...`).
    pub fn shadowed_builtins(&self) -> Vec<&TopLevelBinding> {
        self.bindings.iter().filter(|b| is_global_intrinsic(&b.name)).collect()
    }

    /// Every function, in source order, with the names it closes over.
    pub fn functions(&self) -> &[FunctionInfo] {
        &self.functions
    }

    /// The structural fingerprint: the shapes of code known mistakes have, with the file's names.
    pub fn shapes(&self) -> &[Shape] {
        &self.shapes
    }

    /// Property names the file writes through `this` (`this.balance = ...`): when a method is
    /// called without its object, a sloppy-mode `this` is the global object, and they land there.
    pub fn this_writes(&self) -> &[String] {
        &self.this_writes
    }

    /// Top-level functions never assigned to, and top-level classes only ever constructed that
    /// have no static members and never reach their own constructor or prototype: helpers that
    /// hold no state, which a script may declare beside its entries (sorted).
    pub fn stateless_helpers(&self) -> &[String] {
        &self.stateless_helpers
    }

    /// Whether every function's free variables are listed: `false` only for a file whose
    /// functions close over more than a hundred thousand names in all (the lists are then cut).
    pub fn free_variables_complete(&self) -> bool {
        self.free_variables_complete
    }
}

/// Why `source` does not parse as a classic script, if it does not: for check code, which the
/// engine compiles as a script (grading wraps it in the function it will run as first).
pub fn script_problem(source: &str) -> Option<SourceProblem> {
    guard::with_parse_stack(source, |units, limit| reading::script_problem(source, units, limit))
}

/// The style alone: `import`/`export` (or top-level `await`) makes a module, `module.exports` or
/// `exports.x` on the undeclared `module`/`exports` makes CommonJS, anything else is a script.
pub fn detect_style(source: &str) -> SubmissionStyle {
    SourceAnalysis::of(source).style()
}

/// Whether the parser saw module syntax (`import`/`export` declarations, `import.meta`, a
/// top-level `await`) before it stopped, even in a file that does not parse.
pub fn has_module_syntax(source: &str) -> bool {
    guard::with_parse_stack(source, |units, limit| reading::has_module_syntax(source, units, limit))
}
