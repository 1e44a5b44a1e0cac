//! Copying a JavaScript value out of the heap into a [`JsValueSnapshot`] without running any
//! code that the submission could have supplied.
//!
//! Properties are read as descriptors (a getter is recorded, never called); a Proxy is never
//! asked anything (its target is read directly); Map, Set, Date, RegExp and function text are read
//! through the engine's own native functions captured before the submission ran, so a student who
//! rewrites `Map.prototype.forEach` or `JSON` changes nothing here.

use std::cell::RefCell;
use std::mem::MaybeUninit;
use std::rc::Rc;

use rquickjs::function::This;
use rquickjs::{Ctx, Function, Object, Promise, Value, qjs};

use crate::value::{FunctionKind, JsValueSnapshot, ObjectSnapshot, PromiseSnapshot, Slot, Truncation};

/// Deepest nesting copied before the rest is cut.
pub const MAX_DEPTH: usize = 32;
/// Most objects, array elements and object properties copied from one value before the rest is
/// cut.
pub const MAX_PARTS: usize = 10_000;
/// The key under which an object whose properties were cut records the cut.
const TRUNCATED_KEY: &str = "...";

/// The engine's own functions, taken from a fresh context before any submission code ran.
pub struct Pristine<'js> {
    object_prototype: Object<'js>,
    map_for_each: Function<'js>,
    set_for_each: Function<'js>,
    date_get_time: Function<'js>,
    regexp_source: Function<'js>,
    regexp_flags: Function<'js>,
    function_to_string: Function<'js>,
    symbol_description: Function<'js>,
    error_stack: Option<Function<'js>>,
}

impl<'js> Pristine<'js> {
    /// Captures the natives from `ctx`; call this before any untrusted code runs there.
    pub fn capture(ctx: &Ctx<'js>) -> rquickjs::Result<Self> {
        let g = ctx.globals();
        let proto = |name: &str| -> rquickjs::Result<Object<'js>> { g.get::<_, Object>(name)?.get("prototype") };
        let getter = |target: &Object<'js>, name: &str| -> rquickjs::Result<Function<'js>> {
            own_getter(ctx, target.as_value(), name)
                .ok_or_else(|| rquickjs::Error::new_from_js_message("property", "getter", name.to_string()))
        };
        let regexp = proto("RegExp")?;
        Ok(Pristine {
            object_prototype: proto("Object")?,
            map_for_each: proto("Map")?.get("forEach")?,
            set_for_each: proto("Set")?.get("forEach")?,
            date_get_time: proto("Date")?.get("getTime")?,
            regexp_source: getter(&regexp, "source")?,
            regexp_flags: getter(&regexp, "flags")?,
            function_to_string: proto("Function")?.get("toString")?,
            symbol_description: getter(&proto("Symbol")?, "description")?,
            error_stack: getter(&proto("Error")?, "stack").ok(),
        })
    }

    /// The stack trace of an error: the engine keeps it inside genuine Error objects and shows it
    /// through a native getter; anything else may carry it as an own data property.
    pub fn error_stack(&self, ctx: &Ctx<'js>, error: &Value<'js>) -> Option<String> {
        // SAFETY: reading the class of a live value.
        if !error.is_object() || unsafe { qjs::JS_IsProxy(error.as_raw()) } {
            return None;
        }
        if let Some(v) = own_data(ctx, error, "stack") {
            return v.as_string()?.to_string().ok();
        }
        // SAFETY: as above.
        if !unsafe { qjs::JS_IsError(error.as_raw()) } {
            return None;
        }
        let stack = self.error_stack.as_ref()?.call::<_, Value>((This(error.clone()),));
        clear_exception(ctx);
        stack.ok()?.as_string()?.to_string().ok()
    }
}

/// Copies values out of one context.
pub struct CopyOut<'a, 'js> {
    ctx: &'a Ctx<'js>,
    pristine: &'a Pristine<'js>,
    ancestors: Vec<Value<'js>>,
    parts: usize,
}

impl<'a, 'js> CopyOut<'a, 'js> {
    /// A copier with fresh depth and size budgets.
    pub fn new(ctx: &'a Ctx<'js>, pristine: &'a Pristine<'js>) -> Self {
        CopyOut { ctx, pristine, ancestors: Vec::new(), parts: 0 }
    }

    /// Copies `value` and everything it holds, within the bounds.
    pub fn copy(&mut self, value: &Value<'js>) -> JsValueSnapshot {
        if value.is_undefined() {
            return JsValueSnapshot::Undefined;
        }
        if value.is_null() {
            return JsValueSnapshot::Null;
        }
        if let Some(b) = value.as_bool() {
            return JsValueSnapshot::Bool(b);
        }
        if let Some(i) = value.as_int() {
            return JsValueSnapshot::Number(f64::from(i));
        }
        if let Some(f) = value.as_float() {
            return JsValueSnapshot::Number(f);
        }
        if let Some(s) = value.as_string() {
            return JsValueSnapshot::String(s.to_string().unwrap_or_default());
        }
        if value.is_symbol() {
            let desc = self.pristine.symbol_description.call::<_, Value>((This(value.clone()),));
            return JsValueSnapshot::Symbol(desc.ok().and_then(|d| d.as_string()?.to_string().ok()));
        }
        if value.is_big_int() {
            return JsValueSnapshot::BigInt(self.primitive_text(value));
        }
        if !value.is_object() {
            return JsValueSnapshot::Opaque("unknown value".into());
        }
        if self.parts >= MAX_PARTS {
            return JsValueSnapshot::Truncated(Truncation::Size(MAX_PARTS));
        }
        self.parts += 1;
        if self.ancestors.iter().any(|a| a == value) {
            return JsValueSnapshot::Circular;
        }
        if self.ancestors.len() >= MAX_DEPTH {
            return JsValueSnapshot::Truncated(Truncation::Depth(MAX_DEPTH));
        }
        self.ancestors.push(value.clone());
        let copy = self.copy_object(value);
        self.ancestors.pop();
        copy
    }

    fn copy_object(&mut self, value: &Value<'js>) -> JsValueSnapshot {
        let raw = value.as_raw();
        let ctx = self.ctx.as_raw().as_ptr();
        // SAFETY: `raw` is a live object of this context; these calls only read its class.
        unsafe {
            if qjs::JS_IsProxy(raw) {
                let target = Value::from_raw(self.ctx.clone(), qjs::JS_GetProxyTarget(ctx, raw));
                return JsValueSnapshot::Proxy(Box::new(self.copy(&target)));
            }
            if qjs::JS_IsFunction(ctx, raw) {
                return self.copy_function(value);
            }
            if qjs::JS_IsArray(raw) {
                return self.copy_array(value);
            }
            if qjs::JS_IsError(raw) {
                return JsValueSnapshot::Error {
                    name: self.inherited_string(value, "name").unwrap_or_else(|| "Error".into()),
                    message: self.inherited_string(value, "message").unwrap_or_default(),
                };
            }
            if qjs::JS_IsDate(raw) {
                let time = self.pristine.date_get_time.call((This(value.clone()),));
                return JsValueSnapshot::Date(time.unwrap_or(f64::NAN));
            }
            if qjs::JS_IsMap(raw) {
                let entries = self.collect(&self.pristine.map_for_each, value);
                let cut = JsValueSnapshot::Truncated(Truncation::Size(MAX_PARTS));
                let entries = entries
                    .chunks(2)
                    .map(|kv| match kv {
                        [v, k] => (self.copy(k), self.copy(v)),
                        _ => (cut.clone(), cut.clone()),
                    })
                    .collect();
                return JsValueSnapshot::Map(entries);
            }
            if qjs::JS_IsSet(raw) {
                let values = self.collect(&self.pristine.set_for_each, value);
                let mut copied: Vec<JsValueSnapshot> = values.iter().step_by(2).map(|v| self.copy(v)).collect();
                if values.len() % 2 == 1 {
                    copied.pop();
                    copied.push(JsValueSnapshot::Truncated(Truncation::Size(MAX_PARTS)));
                }
                return JsValueSnapshot::Set(copied);
            }
            if qjs::JS_IsRegExp(raw) {
                let text = |f: &Function<'js>| f.call::<_, String>((This(value.clone()),)).unwrap_or_default();
                return JsValueSnapshot::RegExp {
                    source: text(&self.pristine.regexp_source),
                    flags: text(&self.pristine.regexp_flags),
                };
            }
            if qjs::JS_IsPromise(raw) {
                let Some(promise) = value.as_promise().cloned() else {
                    return JsValueSnapshot::Opaque("Promise".into());
                };
                return JsValueSnapshot::Promise(match promise.state() {
                    rquickjs::promise::PromiseState::Pending => PromiseSnapshot::Pending,
                    rquickjs::promise::PromiseState::Resolved => {
                        let v = self.promise_result(&promise);
                        PromiseSnapshot::Fulfilled(Box::new(self.copy(&v)))
                    }
                    rquickjs::promise::PromiseState::Rejected => {
                        let v = self.promise_result(&promise);
                        PromiseSnapshot::Rejected(Box::new(self.copy(&v)))
                    }
                });
            }
            if qjs::JS_IsWeakMap(raw) || qjs::JS_IsWeakSet(raw) || qjs::JS_IsWeakRef(raw) {
                return JsValueSnapshot::Opaque(self.class_name(value).unwrap_or_else(|| "WeakMap".into()));
            }
            if qjs::JS_IsArrayBuffer(raw) || qjs::JS_GetTypedArrayType(raw) >= 0 {
                return JsValueSnapshot::Opaque(self.class_name(value).unwrap_or_else(|| "TypedArray".into()));
            }
        }
        self.copy_plain(value)
    }

    fn promise_result(&self, promise: &Promise<'js>) -> Value<'js> {
        // SAFETY: reading a settled promise's result runs no code.
        unsafe {
            let raw = qjs::JS_PromiseResult(self.ctx.as_raw().as_ptr(), promise.as_raw());
            Value::from_raw(self.ctx.clone(), raw)
        }
    }

    fn copy_plain(&mut self, value: &Value<'js>) -> JsValueSnapshot {
        let object = value.as_object().expect("checked to be an object");
        let (class, null_prototype) = match object.get_prototype() {
            None => (None, true),
            Some(proto) if proto == self.pristine.object_prototype => (None, false),
            Some(proto) => (self.constructor_name(proto.as_value()), false),
        };
        // Every property counts toward the size bound, so an object with a million keys (or a
        // String object with a million indices) costs no more to copy than a small one.
        let keys = self.own_enumerable_keys(value, MAX_PARTS.saturating_sub(self.parts) + 1);
        let mut properties = Vec::with_capacity(keys.len());
        for key in keys {
            if self.parts >= MAX_PARTS {
                properties.push((
                    TRUNCATED_KEY.to_string(),
                    Slot::Value(JsValueSnapshot::Truncated(Truncation::Size(MAX_PARTS))),
                ));
                break;
            }
            self.parts += 1;
            if let Some(slot) = self.own_slot(value, &key) {
                properties.push((key, slot));
            }
        }
        JsValueSnapshot::Object(ObjectSnapshot { class, null_prototype, properties })
    }

    fn copy_array(&mut self, value: &Value<'js>) -> JsValueSnapshot {
        let length = match self.own_data(value, "length") {
            Some(len) => len.as_number().unwrap_or(0.0) as usize,
            None => 0,
        };
        let mut slots = Vec::with_capacity(length.min(MAX_PARTS));
        for index in 0..length {
            if self.parts >= MAX_PARTS {
                slots.push(Slot::Value(JsValueSnapshot::Truncated(Truncation::Size(MAX_PARTS))));
                break;
            }
            self.parts += 1;
            let slot = match self.own_descriptor(value, Key::Index(index as u32)) {
                None => Slot::Hole,
                Some(Descriptor::Data(v)) => Slot::Value(self.copy(&v)),
                Some(Descriptor::Accessor { getter, setter }) => Slot::Accessor { getter, setter },
            };
            slots.push(slot);
        }
        JsValueSnapshot::Array(slots)
    }

    fn copy_function(&mut self, value: &Value<'js>) -> JsValueSnapshot {
        let name = self.own_data(value, "name").and_then(|n| n.as_string()?.to_string().ok()).unwrap_or_default();
        let source = self.pristine.function_to_string.call::<_, String>((This(value.clone()),)).unwrap_or_default();
        let head = source.trim_start();
        let kind = if head.starts_with("class") {
            FunctionKind::Class
        } else if head.starts_with("async") && head.contains('*') && head.find('*') < head.find('(') {
            FunctionKind::AsyncGenerator
        } else if head.starts_with("async") {
            FunctionKind::Async
        } else if head.starts_with("function") && head.find('*') < head.find('(') && head.contains('*') {
            FunctionKind::Generator
        } else {
            FunctionKind::Plain
        };
        JsValueSnapshot::Function { name, kind }
    }

    /// Calls a pristine `forEach` with a host callback; returns `[value, key, value, key, ...]`,
    /// with one more item at the end when there were more than [`MAX_PARTS`] entries.
    fn collect(&self, for_each: &Function<'js>, target: &Value<'js>) -> Vec<Value<'js>> {
        let items: Rc<RefCell<Vec<Value<'js>>>> = Rc::default();
        let sink = items.clone();
        let limit = MAX_PARTS;
        let callback = Function::new(self.ctx.clone(), move |ctx: Ctx<'js>, v: Value<'js>, k: Value<'js>| {
            let mut sink = sink.borrow_mut();
            if sink.len() >= 2 * limit {
                // Stop the walk of a huge Map or Set instead of visiting every entry, and leave
                // a marker (an odd length) that the copy was cut.
                sink.push(Value::new_undefined(ctx.clone()));
                return Err(rquickjs::Exception::throw_internal(&ctx, "enough entries"));
            }
            sink.push(v);
            sink.push(k);
            Ok(())
        });
        if let Ok(callback) = callback {
            let _ = for_each.call::<_, ()>((This(target.clone()), callback));
        }
        self.clear_exception();
        items.take()
    }

    /// A string found as a data property on the object or its prototype chain (never a getter).
    pub fn inherited_string(&self, value: &Value<'js>, name: &str) -> Option<String> {
        let mut current = value.clone();
        for _ in 0..16 {
            match self.own_descriptor(&current, Key::Name(name)) {
                Some(Descriptor::Data(v)) => return v.as_string()?.to_string().ok(),
                Some(Descriptor::Accessor { .. }) => return None,
                None => {}
            }
            // SAFETY: only non-proxy objects reach here (checked by the caller for the first;
            // prototypes are checked below).
            let proto = current.as_object()?.get_prototype()?;
            if unsafe { qjs::JS_IsProxy(proto.as_raw()) } {
                return None;
            }
            current = proto.into_value();
        }
        None
    }

    fn class_name(&self, value: &Value<'js>) -> Option<String> {
        let proto = value.as_object()?.get_prototype()?;
        self.constructor_name(proto.as_value())
    }

    fn constructor_name(&self, proto: &Value<'js>) -> Option<String> {
        // SAFETY: reading the class of a live value.
        if unsafe { qjs::JS_IsProxy(proto.as_raw()) } {
            return Some("Proxy".into());
        }
        let constructor = self.own_data(proto, "constructor")?;
        // SAFETY: as above.
        if !constructor.is_object() || unsafe { qjs::JS_IsProxy(constructor.as_raw()) } {
            return None;
        }
        let name = self.own_data(&constructor, "name")?;
        name.as_string()?.to_string().ok().filter(|n| !n.is_empty())
    }

    fn own_data(&self, value: &Value<'js>, name: &str) -> Option<Value<'js>> {
        own_data(self.ctx, value, name)
    }

    fn own_slot(&mut self, value: &Value<'js>, name: &str) -> Option<Slot> {
        Some(match self.own_descriptor(value, Key::Name(name))? {
            Descriptor::Data(v) => Slot::Value(self.copy(&v)),
            Descriptor::Accessor { getter, setter } => Slot::Accessor { getter, setter },
        })
    }

    fn own_descriptor(&self, value: &Value<'js>, key: Key<'_>) -> Option<Descriptor<'js>> {
        own_descriptor(self.ctx, value, key)
    }

    fn own_enumerable_keys(&self, value: &Value<'js>, limit: usize) -> Vec<String> {
        own_keys(self.ctx, value, true, limit)
    }

    fn primitive_text(&self, value: &Value<'js>) -> String {
        let ctx = self.ctx.as_raw().as_ptr();
        // SAFETY: converting a primitive (BigInt) to text runs no user code.
        unsafe {
            let mut size: qjs::size_t = 0;
            let text = qjs::JS_ToCStringLen2(ctx, &mut size, value.as_raw(), false);
            if text.is_null() {
                clear_exception(self.ctx);
                return String::new();
            }
            let bytes = std::slice::from_raw_parts(text.cast::<u8>(), size as usize);
            let out = String::from_utf8_lossy(bytes).into_owned();
            qjs::JS_FreeCString(ctx, text);
            out
        }
    }

    fn clear_exception(&self) {
        clear_exception(self.ctx);
    }
}

fn clear_exception(ctx: &Ctx<'_>) {
    if ctx.has_exception() {
        let _ = ctx.catch();
    }
}

/// A property key: an array index or a name.
pub(super) enum Key<'a> {
    Index(u32),
    Name(&'a str),
}

/// An own property as the engine stores it.
pub(super) enum Descriptor<'js> {
    Data(Value<'js>),
    Accessor { getter: bool, setter: bool },
}

/// Reads an own property's descriptor without calling a getter.
///
/// The caller must not pass a Proxy: for one, the engine would run its trap.
pub(super) fn own_descriptor<'js>(ctx: &Ctx<'js>, value: &Value<'js>, key: Key<'_>) -> Option<Descriptor<'js>> {
    let raw = RawDescriptor::read(ctx, value, key)?;
    if raw.accessor {
        Some(Descriptor::Accessor { getter: !raw.getter.is_undefined(), setter: !raw.setter.is_undefined() })
    } else {
        Some(Descriptor::Data(raw.value))
    }
}

/// The getter function of an own accessor property, read without calling it.
fn own_getter<'js>(ctx: &Ctx<'js>, value: &Value<'js>, name: &str) -> Option<Function<'js>> {
    RawDescriptor::read(ctx, value, Key::Name(name))?.getter.into_function()
}

/// An own property exactly as the engine returns it; its values are freed on drop.
struct RawDescriptor<'js> {
    accessor: bool,
    value: Value<'js>,
    getter: Value<'js>,
    setter: Value<'js>,
}

impl<'js> RawDescriptor<'js> {
    fn read(ctx: &Ctx<'js>, value: &Value<'js>, key: Key<'_>) -> Option<RawDescriptor<'js>> {
        let raw_ctx = ctx.as_raw().as_ptr();
        // SAFETY: the atom is created and freed here; when the call returns 1 the descriptor's
        // three values are ours, and are wrapped so that they are freed on drop.
        unsafe {
            let atom = match key {
                Key::Index(i) => qjs::JS_NewAtomUInt32(raw_ctx, i),
                Key::Name(n) => qjs::JS_NewAtomLen(raw_ctx, n.as_ptr().cast(), n.len() as _),
            };
            let mut desc = MaybeUninit::<qjs::JSPropertyDescriptor>::zeroed();
            let found = qjs::JS_GetOwnProperty(raw_ctx, desc.as_mut_ptr(), value.as_raw(), atom);
            qjs::JS_FreeAtom(raw_ctx, atom);
            if found <= 0 {
                clear_exception(ctx);
                return None;
            }
            let desc = desc.assume_init();
            Some(RawDescriptor {
                accessor: desc.flags & qjs::JS_PROP_GETSET as i32 != 0,
                value: Value::from_raw(ctx.clone(), desc.value),
                getter: Value::from_raw(ctx.clone(), desc.getter),
                setter: Value::from_raw(ctx.clone(), desc.setter),
            })
        }
    }
}

/// An own data property's value, or None (absent, or an accessor that is not called).
pub(super) fn own_data<'js>(ctx: &Ctx<'js>, value: &Value<'js>, name: &str) -> Option<Value<'js>> {
    match own_descriptor(ctx, value, Key::Name(name))? {
        Descriptor::Data(v) => Some(v),
        Descriptor::Accessor { .. } => None,
    }
}

/// The first `limit` own string keys of an object (only the enumerable ones when asked), running
/// no code.
///
/// The caller must not pass a Proxy.
pub(super) fn own_keys<'js>(ctx: &Ctx<'js>, value: &Value<'js>, enumerable_only: bool, limit: usize) -> Vec<String> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut keys = Vec::new();
    // SAFETY: the property table is freed with the count the engine returned.
    unsafe {
        let mut tab: *mut qjs::JSPropertyEnum = std::ptr::null_mut();
        let mut len: u32 = 0;
        let mut flags = qjs::JS_GPN_STRING_MASK as i32;
        if enumerable_only {
            flags |= qjs::JS_GPN_ENUM_ONLY as i32;
        }
        if qjs::JS_GetOwnPropertyNames(raw_ctx, &mut tab, &mut len, value.as_raw(), flags) < 0 {
            clear_exception(ctx);
            return keys;
        }
        for i in 0..(len as usize).min(limit) {
            let atom = (*tab.add(i)).atom;
            let mut size: qjs::size_t = 0;
            let text = qjs::JS_AtomToCStringLen(raw_ctx, &mut size, atom);
            if !text.is_null() {
                let bytes = std::slice::from_raw_parts(text.cast::<u8>(), size as usize);
                keys.push(String::from_utf8_lossy(bytes).into_owned());
                qjs::JS_FreeCString(raw_ctx, text);
            }
        }
        qjs::JS_FreePropertyEnum(raw_ctx, tab, len);
    }
    keys
}
