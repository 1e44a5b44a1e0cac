//! Guarding the builtins that check code uses.
//!
//! Check code runs in the submission's own context, so a submission could replace, say,
//! `Object.keys` or `Array.prototype.filter` and make a check see what it wants. Freezing every
//! builtin costs more than the whole rest of a check, so the guard is targeted: the builtins a
//! check's code names (`Object`, `.keys`, `.filter`, `await` → `Promise.prototype.then`) are read
//! before the submission loads, put back and locked before the check's code runs, and verified
//! after it. Names that ordinary code overrides by assignment (`toString`, `name`, ...) are put
//! back and verified but not locked, so that `obj.toString = ...` keeps working.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use rquickjs::{Context, Ctx, Object, Runtime, qjs};

use super::property::{Key, RawDescriptor};

/// Property names that code legitimately assigns on its own objects; locking them on a prototype
/// would make such assignments fail (the "override mistake").
const OVERRIDABLE: &[&str] = &[
    "toString",
    "valueOf",
    "toLocaleString",
    "constructor",
    "toJSON",
    "name",
    "message",
    "length",
    "prototype",
    "stack",
];

/// The builtins a piece of check code refers to, found from its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuiltinUse {
    globals: Vec<String>,
    members: Vec<String>,
}

/// Which global intrinsics own which property names: computed once per process.
struct Owners {
    globals: HashSet<String>,
    /// name → (global, on its prototype?)
    members: HashMap<String, Vec<(String, bool)>>,
}

fn owners() -> &'static Owners {
    static OWNERS: OnceLock<Owners> = OnceLock::new();
    OWNERS.get_or_init(|| {
        let runtime = Runtime::new().expect("a runtime for listing builtins");
        let context = Context::full(&runtime).expect("a context for listing builtins");
        let rows: String = context.with(|ctx| {
            ctx.eval::<String, _>(
                r#"(() => {
                  const rows = [];
                  for (const g of Object.getOwnPropertyNames(globalThis)) {
                    const v = globalThis[g];
                    if (v === globalThis || v === null || (typeof v !== "function" && typeof v !== "object")) continue;
                    rows.push(g + "\t\t0");
                    for (const k of Object.getOwnPropertyNames(v)) rows.push(g + "\t" + k + "\t0");
                    const p = typeof v === "function" ? v.prototype : undefined;
                    if (p && typeof p === "object") for (const k of Object.getOwnPropertyNames(p)) rows.push(g + "\t" + k + "\t1");
                  }
                  return rows.join("\n");
                })()"#,
            )
            .unwrap_or_default()
        });
        let mut owners = Owners { globals: HashSet::new(), members: HashMap::new() };
        for row in rows.lines() {
            let mut fields = row.split('\t');
            let (Some(global), Some(key), Some(prototype)) = (fields.next(), fields.next(), fields.next()) else {
                continue;
            };
            if key.is_empty() {
                owners.globals.insert(global.to_string());
            } else {
                owners.members.entry(key.to_string()).or_default().push((global.to_string(), prototype == "1"));
            }
        }
        owners
    })
}

impl BuiltinUse {
    /// The builtins `code` names: global intrinsics used as identifiers, and member names after
    /// `.` that some intrinsic owns. `await` or `.then` adds `Promise.prototype.then`.
    pub fn of(code: &str) -> BuiltinUse {
        let owners = owners();
        let mut use_ = BuiltinUse::default();
        let mut unguarded: Vec<&str> = Vec::new();
        let bytes = code.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let c = bytes[i] as char;
            if c.is_ascii_alphabetic() || c == '_' || c == '$' {
                let start = i;
                while i < bytes.len()
                    && ((bytes[i] as char).is_ascii_alphanumeric() || bytes[i] == b'_' || bytes[i] == b'$')
                {
                    i += 1;
                }
                let word = &code[start..i];
                let after_dot = code[..start].trim_end().ends_with('.');
                // Check code that assigns a builtin itself (`Math.max = ...`) means to change it.
                let rest = code[i..].trim_start();
                let assigned = rest.starts_with('=') && !rest.starts_with("==") && !rest.starts_with("=>");
                if assigned {
                    unguarded.push(word);
                    continue;
                }
                let list = if after_dot { &mut use_.members } else { &mut use_.globals };
                let known = if after_dot { owners.members.contains_key(word) } else { owners.globals.contains(word) };
                if known && !list.iter().any(|w| w == word) {
                    list.push(word.to_string());
                }
                if word == "await" && !use_.members.iter().any(|w| w == "then") {
                    use_.members.push("then".into());
                }
            } else {
                i += c.len_utf8().max(1);
                while i < bytes.len() && !code.is_char_boundary(i) {
                    i += 1;
                }
            }
        }
        use_.globals.retain(|w| !unguarded.contains(&w.as_str()));
        use_.members.retain(|w| !unguarded.contains(&w.as_str()));
        use_
    }

    /// Global intrinsics the code names (`Object`, `JSON`, ...), which a submission must not shadow.
    pub fn globals(&self) -> &[String] {
        &self.globals
    }
}

/// One guarded property: where it lives, its pristine form, and whether it is locked.
pub struct Guard<'js> {
    owner: Object<'js>,
    key: String,
    label: String,
    lock: bool,
    pristine: Property<'js>,
}

/// An own property as the engine stores it.
type Property<'js> = RawDescriptor<'js>;

impl<'js> Property<'js> {
    fn read_named(ctx: &Ctx<'js>, owner: &Object<'js>, key: &str) -> Option<Property<'js>> {
        RawDescriptor::read(ctx, owner.as_value(), Key::Name(key))
    }

    fn same_as(&self, other: &Property<'js>) -> bool {
        self.is_accessor() == other.is_accessor()
            && self.value == other.value
            && self.getter == other.getter
            && self.setter == other.setter
    }
}

/// Reads the pristine form of every builtin `use_` names; call before any untrusted code runs.
pub fn capture<'js>(ctx: &Ctx<'js>, use_: &BuiltinUse) -> Vec<Guard<'js>> {
    let owners = owners();
    let globals = ctx.globals();
    let mut guards = Vec::new();
    let intrinsic = |name: &str, prototype: bool| -> Option<Object<'js>> {
        let object = Property::read_named(ctx, &globals, name)?.value.into_object()?;
        if !prototype {
            return Some(object);
        }
        Property::read_named(ctx, &object, "prototype")?.value.into_object()
    };
    for name in &use_.globals {
        if let Some(pristine) = Property::read_named(ctx, &globals, name) {
            guards.push(Guard { owner: globals.clone(), key: name.clone(), label: name.clone(), lock: true, pristine });
        }
    }
    for name in &use_.members {
        for (global, prototype) in owners.members.get(name).into_iter().flatten() {
            let Some(owner) = intrinsic(global, *prototype) else { continue };
            let Some(pristine) = Property::read_named(ctx, &owner, name) else { continue };
            let label = if *prototype { format!("{global}.prototype.{name}") } else { format!("{global}.{name}") };
            let lock = !OVERRIDABLE.contains(&name.as_str());
            guards.push(Guard { owner, key: name.clone(), label, lock, pristine });
        }
    }
    guards
}

/// Puts every guarded builtin back as it was and locks those that may be locked; on failure
/// (the submission locked one first) returns its label.
pub fn restore<'js>(ctx: &Ctx<'js>, guards: &[Guard<'js>]) -> Result<(), String> {
    let raw_ctx = ctx.as_raw().as_ptr();
    for guard in guards {
        let p = &guard.pristine;
        let keep = qjs::JS_PROP_ENUMERABLE as i32;
        let mut flags = (p.flags & keep) | (qjs::JS_PROP_HAS_CONFIGURABLE | qjs::JS_PROP_HAS_ENUMERABLE) as i32;
        if !guard.lock {
            flags |= p.flags & (qjs::JS_PROP_CONFIGURABLE | qjs::JS_PROP_WRITABLE) as i32;
        }
        if p.is_accessor() {
            flags |= (qjs::JS_PROP_HAS_GET | qjs::JS_PROP_HAS_SET) as i32;
        } else {
            flags |= (qjs::JS_PROP_HAS_VALUE | qjs::JS_PROP_HAS_WRITABLE) as i32;
        }
        // SAFETY: the atom is freed here; JS_DefineProperty does not take ownership of values.
        let defined = unsafe {
            let atom = qjs::JS_NewAtomLen(raw_ctx, guard.key.as_ptr().cast(), guard.key.len() as _);
            let result = qjs::JS_DefineProperty(
                raw_ctx,
                guard.owner.as_raw(),
                atom,
                p.value.as_raw(),
                p.getter.as_raw(),
                p.setter.as_raw(),
                flags,
            );
            qjs::JS_FreeAtom(raw_ctx, atom);
            result
        };
        if defined <= 0 {
            if ctx.has_exception() {
                let _ = ctx.catch();
            }
            return Err(guard.label.clone());
        }
    }
    Ok(())
}

/// The label of the first guarded builtin that is no longer what it was, if any.
pub fn changed<'js>(ctx: &Ctx<'js>, guards: &[Guard<'js>]) -> Option<String> {
    guards
        .iter()
        .find(|g| Property::read_named(ctx, &g.owner, &g.key).is_none_or(|now| !now.same_as(&g.pristine)))
        .map(|g| g.label.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_builtins_check_code_names() {
        let use_ = BuiltinUse::of("const p = Object.keys(tasks).sort(); JSON.stringify(p); counter(); x.myOwnThing");
        assert_eq!(use_.globals, ["Object", "JSON"]);
        assert_eq!(use_.members, ["keys", "sort", "stringify"]);
        assert_eq!(BuiltinUse::of("(async () => await f())()").members, ["then"]);
        assert_eq!(BuiltinUse::of("counter(); counter()"), BuiltinUse::default());
        assert_eq!(BuiltinUse::of("Math.max = () => -1; Math.max(1, 2) === 2").members, Vec::<String>::new());
        assert_eq!(BuiltinUse::of("Math.max = () => -1;").members, Vec::<String>::new());
    }
}
