//! Loading a submission into its realm in its own style (script, CommonJS or ES module), reading
//! its entries, listing what it added to its realm for the leak check, and describing what it
//! threw.

use rquickjs::function::This;
use rquickjs::{Ctx, Function, Module, Object, Promise, Value, qjs};

use super::bytecode;
use super::copy_out::{Pristine, own_data};
use super::property::{Descriptor, Key, own_descriptor, own_key_names, own_keys_beyond};
use super::realm::{AtomSet, RealmBaseline};
use super::style::{CJS_WRAPPER, SubmissionStyle, mentions_module_syntax};
use super::{Stop, Thrown};
use crate::value::JsValueSnapshot;

/// The submission's file as loaded, so that locations point into it (not into check code) and
/// stay within it.
pub(super) struct SourceFile {
    /// The name it was loaded under, as stack traces give it.
    name: String,
    /// Columns the loader added before its first line.
    line_one_offset: u32,
    /// Line and column just after its last character (trailing blank lines left out).
    end: (u32, u32),
}

impl SourceFile {
    pub(super) fn new(source: &str, name: &str, style: SubmissionStyle) -> SourceFile {
        let lines: Vec<&str> = source.lines().collect();
        let end = match lines.iter().rposition(|l| !l.trim().is_empty()) {
            Some(i) => (i as u32 + 1, lines[i].trim_end().chars().count() as u32 + 1),
            None => (1, 1),
        };
        SourceFile { name: name.to_string(), line_one_offset: style.line_one_offset(), end }
    }

    /// Where `(line, col)` of the loaded code is in the file; `true` when that is its end or past
    /// it (as the engine reports a file that stops too early, CommonJS's wrapper adding a line).
    fn place(&self, (line, col): (u32, u32)) -> ((u32, u32), bool) {
        let col = if line == 1 { col.saturating_sub(self.line_one_offset).max(1) } else { col };
        if line > self.end.0 || line == self.end.0 && col >= self.end.1 {
            (self.end, true)
        } else {
            ((line, col), false)
        }
    }
}

/// Which style to try when loading in `style` threw `thrown`: a script or CommonJS file that
/// does not parse but uses `import`/`export` may be a module the detection missed. A failed
/// parse ran nothing, so the module can load in the same context.
pub(super) fn retry_style(source: &str, style: SubmissionStyle, thrown: &Thrown) -> Option<SubmissionStyle> {
    (style != SubmissionStyle::Module
        && thrown.name.as_deref() == Some("SyntaxError")
        && mentions_module_syntax(source))
    .then_some(SubmissionStyle::Module)
}

/// Which failure to report when a file failed in its detected style (`first`) and as a module
/// (`retry`): the module's, if it parsed or its parse got further into the file.
pub(super) fn better_failure(first: Thrown, retry: Stop) -> Stop {
    match &retry {
        Stop::Threw(t) if t.name.as_deref() == Some("SyntaxError") && t.location <= first.location => {
            Stop::Threw(first)
        }
        _ => retry,
    }
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
    require: Option<Value<'js>>,
) -> rquickjs::Result<Loaded<'js>> {
    // Scripts and CommonJS files run in sloppy mode, as Node and browsers run them (unless the
    // file says "use strict"): an assignment to an undeclared name makes a global that the leak
    // check reports, rather than a ReferenceError Node would never throw. Modules are strict.
    // Both are compiled once per submission and read back as bytecode in every later check.
    match style {
        SubmissionStyle::Script => {
            bytecode::eval_script(ctx, source, filename)?;
            Ok(Loaded::Script)
        }
        SubmissionStyle::CommonJs => {
            let wrapped = format!("{CJS_WRAPPER}{source}\n}})");
            let wrapper = bytecode::eval_script(ctx, &wrapped, filename)?;
            let wrapper = Function::from_value(wrapper)?;
            let module = Object::new(ctx.clone())?;
            let exports = Object::new(ctx.clone())?;
            module.set("exports", exports.clone())?;
            let require: Value = match require {
                Some(require) => require,
                None => ctx.globals().get("require")?,
            };
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

/// The value of each entry name: an ES module's or CommonJS file's export of that name (a lone
/// default export, or a lone exported function, binds to a single entry), else the script's
/// global or top-level binding of that name. `Ok(Err(names))` when some are not defined.
pub(super) fn entry_values<'js>(
    ctx: &Ctx<'js>,
    entries: &[String],
    exports: Option<&Value<'js>>,
) -> rquickjs::Result<Result<Vec<Value<'js>>, Vec<String>>> {
    let globals = ctx.globals();
    let mut values = Vec::with_capacity(entries.len());
    let mut missing = Vec::new();
    let exports = exports.filter(|e| e.is_object() && !is_proxy(e));
    // The one entry no export names binds to the default export (`export default class
    // CircularBuffer` beside `export class BufferFullError`), as a lone entry always did.
    let unnamed: Vec<&String> = entries
        .iter()
        .filter(|name| exports.is_none_or(|e| own_data(ctx, e, name).is_none_or(|v| v.is_undefined())))
        .collect();
    for name in entries {
        let exported = exports.and_then(|e| {
            own_data(ctx, e, name)
                .filter(|v| !v.is_undefined())
                .or_else(|| {
                    own_data(ctx, e, "default")
                        .filter(|_| unnamed.len() == 1 && unnamed[0] == name && e.is_object() && !e.is_function())
                        .filter(|v| !v.is_undefined())
                })
                .or_else(|| (entries.len() == 1 && e.is_function()).then(|| e.clone()))
        });
        if let Some(value) = exported.or_else(|| own_data(ctx, globals.as_value(), name)) {
            values.push(value);
            continue;
        }
        // A top-level `let`/`const`/`class` of a script (or a global accessor) is read by name;
        // one that is not declared, or still in its temporal dead zone, is missing.
        let probe = format!("(() => {{ try {{ return [true, {name}]; }} catch (e) {{ return [false]; }} }})()");
        let found: rquickjs::Array = ctx.eval(probe)?;
        match (found.get::<bool>(0)?, found.get::<Value>(1)?) {
            (true, value) if !value.is_undefined() => values.push(value),
            _ => missing.push(name.clone()),
        }
    }
    Ok(if missing.is_empty() { Ok(values) } else { Err(missing) })
}

/// Most names read from the global object or `Object.prototype`: a submission that made more has
/// leaked plenty already, and the leak check must stay cheap however many it made.
pub(super) const MAX_GLOBAL_NAMES: usize = 1000;

/// What the submission added to its realm: own keys of the global object beyond a fresh realm's
/// (enumerable or not), anything added to `Object.prototype` (named `Object.prototype.key`: every
/// object inherits it, and a script reads it as a bare global), and, with `builtins`, state added
/// to the built-in objects and their prototypes (`Math.key`, `Array.prototype.key`: values and
/// accessors, not methods, which extend a prototype as the realm may).
pub(super) fn realm_additions<'js>(
    ctx: &Ctx<'js>,
    object_prototype: Option<&Object<'js>>,
    baseline: &RealmBaseline,
    builtins: Option<(&[String], &Originals<'js>)>,
) -> Vec<String> {
    let globals = ctx.globals();
    let mut names = own_keys_beyond(ctx, globals.as_value(), &baseline.globals, MAX_GLOBAL_NAMES);
    if let Some(proto) = object_prototype {
        names.extend(
            own_keys_beyond(ctx, proto.as_value(), &baseline.object_prototype, MAX_GLOBAL_NAMES)
                .into_iter()
                .map(|k| format!("Object.prototype.{k}")),
        );
        // A value of its own replaced by one that is not a method (`constructor = { items }`).
        if let Some((_, originals)) = builtins {
            for (key, original) in &originals.object_prototype {
                let now = own_data(ctx, proto.as_value(), key);
                if now.as_ref().is_some_and(|v| v != original && !v.is_function()) {
                    names.push(format!("Object.prototype.{key}"));
                }
            }
        }
    }
    if let Some((assigned, originals)) = builtins {
        names.extend(hook_state(ctx));
        for (builtin, original) in baseline.builtins.iter().zip(&originals.builtins) {
            if assigned.contains(&builtin.name) {
                continue;
            }
            // The realm's own object of that name, as it was before the submission ran (state set
            // through a Proxy put in its place lands on it); and what the global object holds
            // there now, if the submission put something else in its place (a data property: an
            // accessor is not called), searched for values that are not methods.
            let now = own_data(ctx, globals.as_value(), &builtin.name);
            if let Some(replacement) = now.filter(|v| v != original && v.is_object()) {
                let label = builtin.name.clone();
                names.extend(state_beyond(ctx, &replacement, &super::realm::AtomSet::default(), &label));
            }
            let Some(value) = Some(original.clone()).filter(|v| v.is_object()) else {
                continue;
            };
            names.extend(state_beyond(ctx, &value, &builtin.keys, &builtin.name));
            // Object.prototype was read above, whatever it reads.
            let prototype = own_data(ctx, &value, "prototype")
                .filter(|p| p.is_object() && !is_proxy(p))
                .filter(|p| object_prototype.is_none_or(|o| o.as_value() != p));
            if let (Some(prototype), false) = (prototype, is_proxy(&value)) {
                let label = format!("{}.prototype", builtin.name);
                names.extend(state_beyond(ctx, &prototype, &builtin.prototype_keys, &label));
            }
            if names.len() >= MAX_GLOBAL_NAMES {
                break;
            }
        }
    }
    names
}

/// State kept on the top-level helpers a script declared, named `helper.key`: a helper is
/// stateless only while it is as its declaration made it. It inherits from the realm's own
/// `Function.prototype`; it has no own key but `length`, `name` (still its name) and
/// `prototype`; its prototype inherits from the realm's `Object.prototype`, has `constructor`
/// pointing back at it, and holds only methods and accessors that carry nothing of their own.
/// Keys are read as strings and symbols, without calling a getter.
pub(super) fn helper_state<'js>(
    ctx: &Ctx<'js>,
    helpers: &[String],
    object_prototype: Option<&Object<'js>>,
    function_prototype: Option<&Object<'js>>,
) -> Vec<String> {
    let globals = ctx.globals();
    let mut found = Vec::new();
    for name in helpers {
        let value = match own_descriptor(ctx, globals.as_value(), Key::Name(name)) {
            Some(Descriptor::Data(value)) => Some(value),
            Some(Descriptor::Accessor { .. }) => None,
            // A class (or a `let`/`const`) is a global lexical binding, not a property: read by
            // name, which resolves a binding and calls nothing.
            None => lexical_value(ctx, name),
        };
        match value {
            None => found.push(format!("globalThis.{name}")),
            Some(function) if function.is_function() && !is_proxy(&function) => {
                found.extend(function_state(ctx, name, &function, object_prototype, function_prototype));
            }
            Some(value) if value.is_undefined() => {}
            Some(_) => found.push(format!("globalThis.{name}")),
        }
        if found.len() >= MAX_GLOBAL_NAMES {
            found.truncate(MAX_GLOBAL_NAMES);
            break;
        }
    }
    found
}

/// The value of the global lexical binding `name` (an identifier from the parse), or `undefined`
/// when it is in its temporal dead zone.
fn lexical_value<'js>(ctx: &Ctx<'js>, name: &str) -> Option<Value<'js>> {
    let probe = format!("(() => {{ try {{ return {name}; }} catch {{ return undefined; }} }})()");
    ctx.eval::<Value, _>(probe).ok()
}

/// State kept on the entry functions themselves (`outer.made = ...`), as on a helper; an entry
/// that is not a function (a module object) is judged by the checks.
pub(super) fn entry_state<'js>(
    ctx: &Ctx<'js>,
    names: &[String],
    values: &[Value<'js>],
    object_prototype: Option<&Object<'js>>,
    function_prototype: Option<&Object<'js>>,
) -> Vec<String> {
    names
        .iter()
        .zip(values)
        .filter(|(_, value)| value.is_function() && !is_proxy(value))
        .flat_map(|(name, function)| function_state(ctx, name, function, object_prototype, function_prototype))
        .collect()
}

/// What of a helper function is not as its declaration made it (see [`helper_state`]).
fn function_state<'js>(
    ctx: &Ctx<'js>,
    name: &str,
    function: &Value<'js>,
    object_prototype: Option<&Object<'js>>,
    function_prototype: Option<&Object<'js>>,
) -> Vec<String> {
    let mut found = Vec::new();
    let inherits = |value: &Value<'js>, from: Option<&Object<'js>>| {
        let proto = value.as_object().and_then(|o| o.get_prototype());
        from.is_some_and(|want| proto.as_ref() == Some(want))
    };
    if !inherits(function, function_prototype) {
        found.push(format!("{name}.[[Prototype]]"));
    }
    let none = AtomSet::default();
    for key in own_keys_beyond(ctx, function, &none, MAX_KEYS_READ) {
        let kept = match key.as_str() {
            "name" => {
                own_data(ctx, function, "name").and_then(|v| v.as_string()?.to_string().ok()).as_deref() == Some(name)
            }
            "length" => own_data(ctx, function, "length").is_some_and(|v| v.is_number()),
            "prototype" => true,
            _ => false,
        };
        if !kept {
            found.push(format!("{name}.{key}"));
        }
    }
    let Some(prototype) = own_data(ctx, function, "prototype").filter(|p| p.is_object() && !is_proxy(p)) else {
        return found;
    };
    if !inherits(&prototype, object_prototype) {
        found.push(format!("{name}.prototype.[[Prototype]]"));
    }
    for key in own_keys_beyond(ctx, &prototype, &none, MAX_KEYS_READ) {
        match own_descriptor(ctx, &prototype, Key::Name(&key)) {
            Some(Descriptor::Data(value)) if key == "constructor" => {
                if value != *function {
                    found.push(format!("{name}.prototype.constructor"));
                }
            }
            Some(Descriptor::Data(method)) if method.is_function() => {
                if let Some(first) = method_state(ctx, &method) {
                    found.push(format!("{name}.prototype.{key}.{first}"));
                }
            }
            Some(Descriptor::Accessor { .. }) => {}
            _ => found.push(format!("{name}.prototype.{key}")),
        }
    }
    found
}

/// The values a fresh realm holds where state could later hide: each built-in by its global name
/// (in the order of the baseline's), and `Object.prototype`'s own data properties.
pub(super) struct Originals<'js> {
    builtins: Vec<Value<'js>>,
    object_prototype: Vec<(String, Value<'js>)>,
}

/// Notes a realm's [`Originals`] before anything runs in it.
pub(super) fn originals<'js>(
    ctx: &Ctx<'js>,
    object_prototype: Option<&Object<'js>>,
    baseline: &RealmBaseline,
) -> Originals<'js> {
    let globals = ctx.globals();
    let builtins = baseline
        .builtins
        .iter()
        .map(|b| own_data(ctx, globals.as_value(), &b.name).unwrap_or_else(|| Value::new_undefined(ctx.clone())))
        .collect();
    let object_prototype = object_prototype
        .map(|proto| {
            own_key_names(ctx, proto.as_value())
                .into_iter()
                .filter_map(|k| own_data(ctx, proto.as_value(), &k).map(|v| (k, v)))
                .collect()
        })
        .unwrap_or_default();
    Originals { builtins, object_prototype }
}

/// Most keys of one object read for state, methods included (the names kept are fewer).
const MAX_KEYS_READ: usize = 100_000;

/// Own keys of `object` beyond `known` that hold state (a value that is not a function, or an
/// accessor), named `label.key`.
fn state_beyond<'js>(ctx: &Ctx<'js>, object: &Value<'js>, known: &AtomSet, label: &str) -> Vec<String> {
    if is_proxy(object) {
        return Vec::new();
    }
    let mut found = Vec::new();
    for key in own_keys_beyond(ctx, object, known, MAX_KEYS_READ) {
        if found.len() >= MAX_GLOBAL_NAMES {
            break;
        }
        match own_descriptor(ctx, object, Key::Name(&key)) {
            // A method extends the built-in; one that carries properties of its own keeps state.
            Some(Descriptor::Data(method)) if method.is_function() => {
                if let Some(first) = method_state(ctx, &method) {
                    found.push(format!("{label}.{key}.{first}"));
                }
            }
            _ => found.push(format!("{label}.{key}")),
        }
    }
    found
}

/// The first own property of a function beyond what every function has, if it has one.
fn method_state<'js>(ctx: &Ctx<'js>, method: &Value<'js>) -> Option<String> {
    if is_proxy(method) {
        return None;
    }
    own_keys_beyond(ctx, method, &AtomSet::default(), MAX_KEYS_READ)
        .into_iter()
        .find(|k| !["length", "name", "prototype"].contains(&k.as_str()))
}

/// The engine's stack hooks, which the host turned into plain data properties of `Error` (see
/// prelude.js), with the values they start with: a writable place a submission could keep state in.
fn hook_state<'js>(ctx: &Ctx<'js>) -> Vec<String> {
    let Some(error) = own_data(ctx, ctx.globals().as_value(), "Error") else { return Vec::new() };
    let mut found = Vec::new();
    if own_data(ctx, &error, "prepareStackTrace").is_some_and(|v| !v.is_undefined()) {
        found.push("Error.prepareStackTrace".to_string());
    }
    if own_data(ctx, &error, "stackTraceLimit").is_some_and(|v| v.as_int() != Some(10)) {
        found.push("Error.stackTraceLimit".to_string());
    }
    found
}

/// Names, message and source position of a thrown value, read without running its getters.
///
/// Once a submission is loaded (`file`), the position is that of the innermost frame in its file
/// (none if no frame is: a position in check code would mislead), and a position at or past its
/// end reads "at the end of the file". Before (check code checked on its own), it is the first
/// position in the stack.
pub(super) fn describe_thrown<'js>(
    ctx: &Ctx<'js>,
    pristine: &Pristine<'js>,
    value: &Value<'js>,
    snapshot: JsValueSnapshot,
    file: Option<&SourceFile>,
) -> Thrown {
    let (name, mut message) = match &snapshot {
        JsValueSnapshot::Error { name, message } => (Some(name.clone()), message.clone()),
        other => (None, crate::value::inspect(other)),
    };
    let stack = pristine.error_stack(ctx, value);
    let found = stack.as_deref().and_then(|stack| first_location(stack, file.map(|f| f.name.as_str())));
    let location = match (found, file) {
        (Some(at), Some(file)) => {
            let (at, at_end) = file.place(at);
            if at_end {
                message.push_str(" at the end of the file");
            }
            Some(at)
        }
        (found, _) => found,
    };
    Thrown { name, message, location, value: Box::new(snapshot), classes: Box::default() }
}

/// The first `:line:col` in a stack trace, in frames of the file `in_file` if given.
fn first_location(stack: &str, in_file: Option<&str>) -> Option<(u32, u32)> {
    stack.lines().find_map(|frame| {
        let frame = frame.trim();
        let frame = frame.strip_prefix("at ").unwrap_or(frame);
        let frame = frame.strip_suffix(')').unwrap_or(frame);
        let mut parts = frame.rsplitn(3, ':');
        let col = parts.next()?.parse().ok()?;
        let row = parts.next()?.parse().ok()?;
        let file = parts.next().unwrap_or_default();
        // `name (file` for a function's frame, `file` for top-level code.
        let wanted =
            in_file.is_none_or(|f| file == f || file.strip_suffix(f).is_some_and(|fn_name| fn_name.ends_with(" (")));
        wanted.then_some((row, col))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_of_the_submission_are_preferred() {
        let stack = "    at <anonymous> (check:1:37)\n    at outer (sub.js:3:14)\n    at <eval> (check:1:5)\n";
        assert_eq!(first_location(stack, None), Some((1, 37)));
        assert_eq!(first_location(stack, Some("sub.js")), Some((3, 14)));
        assert_eq!(first_location("    at <eval> (check:1:37)\n", Some("sub.js")), None);
        assert_eq!(first_location("    at sub.js:2:9\n", Some("sub.js")), Some((2, 9)));
        assert_eq!(first_location("    at f (my sub.js:2:9)\n", Some("sub.js")), None);
        assert_eq!(first_location("    at f (C:\\w (1)\\sub.js:2:9)\n", Some("C:\\w (1)\\sub.js")), Some((2, 9)));
    }

    #[test]
    fn positions_stay_within_the_file() {
        let cjs = SourceFile::new("module.exports = 1 +\n  2 +\n", "sub.js", SubmissionStyle::CommonJs);
        assert_eq!(cjs.place((1, CJS_WRAPPER.len() as u32 + 3)), ((1, 3), false));
        assert_eq!(cjs.place((2, 3)), ((2, 3), false));
        assert_eq!(cjs.place((2, 6)), ((2, 6), true));
        assert_eq!(cjs.place((4, 2)), ((2, 6), true));
        let script = SourceFile::new("let a = (\n\n\n", "sub.js", SubmissionStyle::Script);
        assert_eq!(script.place((4, 1)), ((1, 10), true));
        assert_eq!(script.place((1, 9)), ((1, 9), false));
    }

    #[test]
    fn stack_locations_are_found() {
        assert_eq!(first_location("    at outer (sub.js:3:14)\n", None), Some((3, 14)));
        assert_eq!(first_location("    at sub.js:7:1", None), Some((7, 1)));
        assert_eq!(first_location("no trace", None), None);
    }
}
