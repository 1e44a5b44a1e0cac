//! The realms of a runtime: which built-ins each has, how a fresh one is made, and the baseline of
//! names a fresh submission realm holds (what the leak check compares against).
//!
//! A submission realm is lean: it has what a course about JavaScript's functions and objects
//! uses, and leaves out the typed arrays (`ArrayBuffer`, `Uint8Array`..., `DataView`, `Atomics`)
//! and `atob`/`btoa` (with `DOMException`) unless the exercise asks for them, because building
//! them is a fifth of what a fresh context costs, and `WeakRef`/`FinalizationRegistry`, which
//! would let a check see when the collector ran: that depends on what the runtime graded before. The checker realm has only what check code needs.

use std::collections::HashSet;
use std::ptr::NonNull;

use rquickjs::{Ctx, qjs};

use super::SandboxError;
use super::globals;
use super::host::{HostState, TimerOwner};
use super::property::{own_data, own_key_atoms, own_key_names};

/// The optional groups of built-ins a submission realm may have besides the standard ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Intrinsics {
    /// `ArrayBuffer`, the typed arrays, `DataView`, `Atomics`, `SharedArrayBuffer`.
    pub typed_arrays: bool,
    /// `atob`, `btoa` and `DOMException`.
    pub base64: bool,
    /// `WeakRef` and `FinalizationRegistry`, which show when the collector ran (and so what the
    /// runtime held before the check).
    pub weak_refs: bool,
}

impl Intrinsics {
    /// Every optional group: what `Context::full` has.
    pub const ALL: Intrinsics = Intrinsics { typed_arrays: true, base64: true, weak_refs: true };

    /// How many distinct sets there are (the engine keeps a baseline per set).
    pub(super) const SETS: usize = 8;

    /// This set's index among the [`Intrinsics::SETS`].
    pub(super) fn index(self) -> usize {
        usize::from(self.typed_arrays) | usize::from(self.base64) << 1 | usize::from(self.weak_refs) << 2
    }
}

/// Which realm a context is made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The checker realm: the standard built-ins check code uses, and none of the optional ones.
    Checker,
    /// A submission realm with the given optional built-ins.
    Submission(Intrinsics),
}

/// A new context of `runtime` with the built-ins of `role`, owned by the returned pointer's one
/// reference.
///
/// # Safety
/// `runtime` must be a live runtime, used on this thread.
pub(super) unsafe fn new_context(runtime: *mut qjs::JSRuntime, role: Role) -> Option<NonNull<qjs::JSContext>> {
    // SAFETY (whole body): plain C API calls on a context made here; each adder only defines
    // properties of the context's global object and intrinsic prototypes.
    unsafe {
        let ctx = NonNull::new(qjs::JS_NewContextRaw(runtime))?;
        let raw = ctx.as_ptr();
        let mut failed = qjs::JS_AddIntrinsicBaseObjects(raw) != 0
            || qjs::JS_AddIntrinsicDate(raw) != 0
            || qjs::JS_AddIntrinsicEval(raw) != 0
            || qjs::JS_AddIntrinsicRegExp(raw) != 0
            || qjs::JS_AddIntrinsicJSON(raw) != 0
            || qjs::JS_AddIntrinsicMapSet(raw) != 0
            || qjs::JS_AddIntrinsicPromise(raw) != 0;
        if let Role::Submission(optional) = role {
            failed = failed
                || qjs::JS_AddIntrinsicProxy(raw) != 0
                || (optional.weak_refs && qjs::JS_AddIntrinsicWeakRef(raw) != 0)
                || (optional.typed_arrays && qjs::JS_AddIntrinsicTypedArrays(raw) != 0)
                || (optional.base64 && qjs::JS_AddIntrinsicAToB(raw) != 0);
        }
        if failed {
            qjs::JS_FreeContext(raw);
            return None;
        }
        Some(ctx)
    }
}

/// A fresh submission realm with the host's globals (console, timers, `Date`...), and its
/// `Object.prototype` noted so objects made there copy out as plain objects.
pub(super) fn new_realm<'js>(checker: &Ctx<'js>, intrinsics: Intrinsics) -> Result<Ctx<'js>, SandboxError> {
    // SAFETY: a new context of the checker's runtime, on its thread; `from_raw` takes a reference
    // of its own, and the one `new_context` gave is released right after, so the Ctx owns it.
    let realm = unsafe {
        let runtime = qjs::JS_GetRuntime(checker.as_raw().as_ptr());
        let raw = new_context(runtime, Role::Submission(intrinsics))
            .ok_or_else(|| SandboxError("a context could not be made (out of memory)".into()))?;
        let realm = Ctx::from_raw(raw);
        qjs::JS_FreeContext(raw.as_ptr());
        realm
    };
    globals::install_globals(&realm, TimerOwner::Submission).map_err(|e| {
        let why = match rquickjs::CaughtError::from_error(&realm, e) {
            rquickjs::CaughtError::Exception(e) => e.to_string(),
            other => other.to_string(),
        };
        SandboxError(format!("the host globals could not be installed: {why}"))
    })?;
    if let Some(state) = checker.userdata::<HostState>() {
        *state.submission_object_prototype.borrow_mut() = intrinsic_prototype(&realm, "Object");
        *state.submission_function_prototype.borrow_mut() = intrinsic_prototype(&realm, "Function");
    }
    Ok(realm)
}

/// The `prototype` of a constructor of a realm nothing has run in yet.
fn intrinsic_prototype<'js>(realm: &Ctx<'js>, name: &str) -> Option<rquickjs::Object<'js>> {
    let constructor: rquickjs::Object = realm.globals().get(name).ok()?;
    constructor.get("prototype").ok()
}

/// A set of atoms: small numbers, hashed by a multiply (the leak check looks up every key of every
/// built-in, where SipHash would cost more than the reading).
pub type AtomSet = HashSet<qjs::JSAtom, std::hash::BuildHasherDefault<AtomHasher>>;

/// The hasher of [`AtomSet`].
#[derive(Default)]
pub struct AtomHasher(u64);

impl std::hash::Hasher for AtomHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 = (self.0 ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u32(&mut self, atom: u32) {
        self.0 = u64::from(atom).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Own keys of a fresh submission realm's global object and `Object.prototype`, as atoms: what the
/// leak check compares against. The baseline holds a reference to each of its atoms (released by
/// [`RealmBaseline::release`] before the runtime goes), so no atom is freed and its number given to
/// another name while the baseline is in use.
#[derive(Debug, Clone, Default)]
pub struct RealmBaseline {
    /// The global object's own string keys, enumerable or not.
    pub globals: AtomSet,
    /// `Object.prototype`'s own string keys.
    pub object_prototype: AtomSet,
    /// The built-in objects the global object holds (constructors and namespaces such as `Math`).
    pub builtins: Vec<BuiltinBaseline>,
}

/// The own keys of one built-in object of a fresh realm and of its `prototype`.
#[derive(Debug, Clone, Default)]
pub struct BuiltinBaseline {
    /// Its global name.
    pub name: String,
    /// Its own string keys.
    pub keys: AtomSet,
    /// Its `prototype`'s own string keys (none for a namespace).
    pub prototype_keys: AtomSet,
}

impl RealmBaseline {
    /// Reads the baseline off a fresh realm, holding its atoms through `holder` (a context of the
    /// same runtime that outlives the realm).
    pub(super) fn of(holder: &Ctx<'_>, realm: &Ctx<'_>) -> RealmBaseline {
        let baseline = RealmBaseline::read(realm);
        baseline.each_atom(|atom| {
            // SAFETY: an atom of this runtime, read off a live realm.
            unsafe { qjs::JS_DupAtom(holder.as_raw().as_ptr(), atom) };
        });
        baseline
    }

    /// Releases the atoms [`RealmBaseline::of`] held (once, before the runtime goes).
    pub(super) fn release(&self, holder: &Ctx<'_>) {
        self.each_atom(|atom| {
            // SAFETY: each atom was held once by `of`.
            unsafe { qjs::JS_FreeAtom(holder.as_raw().as_ptr(), atom) };
        });
    }

    fn each_atom(&self, mut f: impl FnMut(qjs::JSAtom)) {
        let sets = [&self.globals, &self.object_prototype].into_iter();
        let builtin_sets = self.builtins.iter().flat_map(|b| [&b.keys, &b.prototype_keys]);
        for set in sets.chain(builtin_sets) {
            set.iter().copied().for_each(&mut f);
        }
    }

    fn read(realm: &Ctx<'_>) -> RealmBaseline {
        let globals = realm.globals();
        let atoms = |value: &rquickjs::Value<'_>| own_key_atoms(realm, value).into_iter().collect::<AtomSet>();
        let mut builtins = Vec::new();
        for name in own_key_names(realm, globals.as_value()) {
            let Some(value) = own_data(realm, globals.as_value(), &name) else { continue };
            if !value.is_object() || value == *globals.as_value() {
                continue;
            }
            let prototype_keys =
                own_data(realm, &value, "prototype").filter(|p| p.is_object()).map(|p| atoms(&p)).unwrap_or_default();
            builtins.push(BuiltinBaseline { keys: atoms(&value), prototype_keys, name });
        }
        RealmBaseline {
            globals: atoms(globals.as_value()),
            object_prototype: intrinsic_prototype(realm, "Object").map(|p| atoms(p.as_value())).unwrap_or_default(),
            builtins,
        }
    }
}
