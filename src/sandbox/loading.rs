//! Loading a submission in its own style (script, CommonJS or ES module), binding its entry
//! names, listing globals for the leak check, and describing what it threw.

use std::collections::HashSet;

use rquickjs::function::This;
use rquickjs::{Ctx, Function, Module, Object, Promise, Value, qjs};

use super::Thrown;
use super::copy_out::{Pristine, own_data, own_keys};
use crate::value::JsValueSnapshot;

/// How a submission file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStyle {
    /// Top-level declarations become globals.
    Script,
    /// `module.exports = ...` or `exports.name = ...`, as Node runs it.
    CommonJs,
    /// `export function ...`.
    Module,
}

const CJS_WRAPPER: &str = "(function (exports, require, module, __filename, __dirname) {";

impl SubmissionStyle {
    /// Columns the loader adds before the first line of the file.
    pub(super) fn line_one_offset(self) -> u32 {
        match self {
            SubmissionStyle::CommonJs => CJS_WRAPPER.len() as u32,
            _ => 0,
        }
    }

    /// A word for reports: `script`, `CommonJS`, `ES module`.
    pub fn label(self) -> &'static str {
        match self {
            SubmissionStyle::Script => "script",
            SubmissionStyle::CommonJs => "CommonJS",
            SubmissionStyle::Module => "ES module",
        }
    }
}

/// Detects the style from the text: `import`/`export` statements make a module, a mention of
/// `module.exports` or `exports.x` makes CommonJS, anything else is a script.
pub fn detect_style(source: &str) -> SubmissionStyle {
    let mut commonjs = false;
    for line in source.lines() {
        let line = line.trim_start();
        let rest_after = |word: &str| line.strip_prefix(word).map(|r| r.trim_start());
        for word in ["export", "import"] {
            if let Some(rest) = rest_after(word) {
                let next = rest.chars().next();
                let module_syntax = match word {
                    "export" => matches!(next, Some(c) if c.is_alphabetic() || c == '{' || c == '*'),
                    _ => matches!(next, Some(c) if c.is_alphabetic() || c == '{' || c == '*' || c == '\'' || c == '"'),
                };
                let separated = line[word.len()..].starts_with(|c: char| c.is_whitespace() || "{*'\"".contains(c));
                if module_syntax && separated {
                    return SubmissionStyle::Module;
                }
            }
        }
        if line.contains("module.exports") || line.contains("exports.") && !line.contains("_exports.") {
            commonjs = true;
        }
    }
    if commonjs { SubmissionStyle::CommonJs } else { SubmissionStyle::Script }
}

/// What loading produced.
pub(super) enum Loaded<'js> {
    /// A script: its declarations are globals.
    Script,
    /// CommonJS: the value of `module.exports`.
    Exports(Value<'js>),
    /// An ES module whose evaluation promise still has to settle, and its namespace.
    Pending((Promise<'js>, Value<'js>)),
}

pub(super) fn load<'js>(
    ctx: &Ctx<'js>,
    source: &str,
    filename: &str,
    style: SubmissionStyle,
) -> rquickjs::Result<Loaded<'js>> {
    let mut options = rquickjs::context::EvalOptions::default();
    options.filename = Some(filename.to_string());
    // Scripts and CommonJS files run in sloppy mode, as Node and browsers run them (unless the
    // file says "use strict"): an assignment to an undeclared name makes a global that the leak
    // check reports, rather than a ReferenceError Node would never throw. Modules are strict.
    options.strict = false;
    match style {
        SubmissionStyle::Script => {
            ctx.eval_with_options::<(), _>(source, options)?;
            Ok(Loaded::Script)
        }
        SubmissionStyle::CommonJs => {
            let wrapped = format!("{CJS_WRAPPER}{source}\n}})");
            let wrapper: Function = ctx.eval_with_options(wrapped, options)?;
            let module = Object::new(ctx.clone())?;
            let exports = Object::new(ctx.clone())?;
            module.set("exports", exports.clone())?;
            let require: Value = ctx.globals().get("require")?;
            wrapper.call::<_, ()>((This(exports.clone()), exports, require, module.clone(), filename, "."))?;
            let exported =
                own_data(ctx, module.as_value(), "exports").unwrap_or_else(|| Value::new_undefined(ctx.clone()));
            Ok(Loaded::Exports(exported))
        }
        SubmissionStyle::Module => {
            let declared = Module::declare(ctx.clone(), filename, source)?;
            let (module, promise) = declared.eval()?;
            let namespace = module.namespace()?.into_value();
            Ok(Loaded::Pending((promise, namespace)))
        }
    }
}

fn is_proxy(value: &Value<'_>) -> bool {
    // SAFETY: reading the class of a live value.
    value.is_object() && unsafe { qjs::JS_IsProxy(value.as_raw()) }
}

pub(super) fn bind_entries<'js>(
    ctx: &Ctx<'js>,
    entries: &[String],
    exports: Option<&Value<'js>>,
) -> rquickjs::Result<Vec<String>> {
    let globals = ctx.globals();
    let mut missing = Vec::new();
    for name in entries {
        let exported = exports.filter(|e| e.is_object() && !is_proxy(e)).and_then(|e| {
            own_data(ctx, e, name)
                .filter(|v| !v.is_undefined())
                .or_else(|| {
                    own_data(ctx, e, "default")
                        .filter(|_| entries.len() == 1 && e.is_object() && !e.is_function())
                        .filter(|v| !v.is_undefined())
                })
                .or_else(|| (entries.len() == 1 && e.is_function()).then(|| e.clone()))
        });
        if let Some(value) = exported {
            globals.set(name.as_str(), value)?;
            continue;
        }
        if own_data(ctx, globals.as_value(), name).is_some() {
            continue;
        }
        let probe =
            format!("(() => {{ try {{ return typeof {name} !== \"undefined\"; }} catch (e) {{ return false; }} }})()");
        if !ctx.eval::<bool, _>(probe)? {
            missing.push(name.clone());
        }
    }
    Ok(missing)
}

/// Most enumerable global names read: a submission that made more has leaked plenty already, and
/// the leak check must stay cheap however many it made.
pub(super) const MAX_GLOBAL_NAMES: usize = 1000;

pub(super) fn global_names<'js>(ctx: &Ctx<'js>, candidates: &[String]) -> Vec<String> {
    // The engine's globals and the host's are not enumerable; what a submission adds with `var`,
    // a function declaration or an assignment to an undeclared name is.
    let mut names = own_keys(ctx, ctx.globals().as_value(), true, MAX_GLOBAL_NAMES);
    let unknown: Vec<&str> = {
        let mut seen: HashSet<&str> = names.iter().map(String::as_str).collect();
        candidates.iter().map(String::as_str).filter(|c| seen.insert(c)).collect()
    };
    names.extend(probe_bindings(ctx, &unknown));
    names
}

/// Which of `names` are declared bindings (top-level `let`, `const`, `class`), in one probe.
///
/// The probe builds a string of `1`s and `0`s, calling no method a submission could have
/// replaced. A name that breaks the probe's syntax (a reserved word picked up from a comment)
/// would blind it to every other name: reserved words are left out, and should another name
/// break it, the halves are probed apart.
fn probe_bindings(ctx: &Ctx<'_>, names: &[&str]) -> Vec<String> {
    let names: Vec<&str> = names.iter().copied().filter(|n| !RESERVED_WORDS.contains(n)).collect();
    probe_halves(ctx, &names)
}

/// Probes `names` at once; when that fails to run, each half on its own, so one bad name costs
/// a few probes rather than one per name.
fn probe_halves(ctx: &Ctx<'_>, names: &[&str]) -> Vec<String> {
    if names.is_empty() {
        return Vec::new();
    }
    if let Some(found) = probe_batch(ctx, names) {
        return found;
    }
    if names.len() == 1 {
        return Vec::new();
    }
    let (left, right) = names.split_at(names.len() / 2);
    let mut found = probe_halves(ctx, left);
    found.extend(probe_halves(ctx, right));
    found
}

/// Words that cannot be binding names (so cannot be probed as one).
const RESERVED_WORDS: &[&str] = &[
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "debugger",
    "default",
    "delete",
    "do",
    "else",
    "enum",
    "export",
    "extends",
    "false",
    "finally",
    "for",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "new",
    "null",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "var",
    "void",
    "while",
    "with",
];

fn probe_batch(ctx: &Ctx<'_>, names: &[&str]) -> Option<Vec<String>> {
    // `typeof` throws only for a binding in its temporal dead zone (declared); reading the name
    // throws for one never declared.
    let mut probe = String::from("(() => { let found = \"\";\n");
    for name in names {
        probe.push_str(&format!(
            "try {{ typeof {name}; try {{ void {name}; found += \"1\"; }} catch (e) {{ found += \"0\"; }} }} catch (e) {{ found += \"1\"; }}\n"
        ));
    }
    probe.push_str("return found; })()");
    let flags: String = ctx.eval(probe).ok()?;
    (flags.len() == names.len()).then(|| {
        names.iter().zip(flags.bytes()).filter(|(_, flag)| *flag == b'1').map(|(name, _)| name.to_string()).collect()
    })
}

/// Names, message and source position of a thrown value, read without running its getters.
pub(super) fn describe_thrown<'js>(
    ctx: &Ctx<'js>,
    pristine: &Pristine<'js>,
    value: &Value<'js>,
    snapshot: JsValueSnapshot,
    line_one_offset: u32,
) -> Thrown {
    let (name, message) = match &snapshot {
        JsValueSnapshot::Error { name, message } => (Some(name.clone()), message.clone()),
        other => (None, crate::value::inspect(other)),
    };
    let location = pristine
        .error_stack(ctx, value)
        .and_then(|stack| first_location(&stack))
        .map(|(line, col)| if line == 1 { (line, col.saturating_sub(line_one_offset).max(1)) } else { (line, col) });
    Thrown { name, message, location, value: snapshot }
}

/// The first `:line:col` in a stack trace.
fn first_location(stack: &str) -> Option<(u32, u32)> {
    for line in stack.lines() {
        let line = line.trim().trim_end_matches(')');
        let mut parts = line.rsplitn(3, ':');
        let col = parts.next()?.parse().ok();
        let row = parts.next().and_then(|r| r.parse().ok());
        if let (Some(row), Some(col)) = (row, col) {
            return Some((row, col));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles_are_detected() {
        assert_eq!(detect_style("function outer() {}"), SubmissionStyle::Script);
        assert_eq!(detect_style("module.exports = function () {}"), SubmissionStyle::CommonJs);
        assert_eq!(detect_style("exports.outer = outer;"), SubmissionStyle::CommonJs);
        assert_eq!(detect_style("export function outer() {}"), SubmissionStyle::Module);
        assert_eq!(detect_style("  export default outer"), SubmissionStyle::Module);
        assert_eq!(detect_style("import fs from 'fs';"), SubmissionStyle::Module);
        assert_eq!(detect_style("import('fs').then(x => x)"), SubmissionStyle::Script);
        assert_eq!(detect_style("const exported = 1; // exports nothing"), SubmissionStyle::Script);
    }

    #[test]
    fn stack_locations_are_found() {
        assert_eq!(first_location("    at outer (sub.js:3:14)\n"), Some((3, 14)));
        assert_eq!(first_location("    at sub.js:7:1"), Some((7, 1)));
        assert_eq!(first_location("no trace"), None);
    }
}
