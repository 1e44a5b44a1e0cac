//! Copying a JavaScript value out of the heap into a [`JsValueSnapshot`] without running any
//! code that the submission could have supplied.
//!
//! Properties are read as descriptors (a getter is recorded, never called); a Proxy is never
//! asked anything (its target is read directly); Map, Set, Date, RegExp and function text are read
//! through the engine's own native functions captured before the submission ran, so a student who
//! rewrites `Map.prototype.forEach` or `JSON` changes nothing here.

use rquickjs::function::This;
use rquickjs::{Ctx, Function, Object, Value, qjs};

pub(super) use super::property::own_data;
use super::property::{
    Descriptor, Key, Text, clear_exception, collect_entries, lossy, own_descriptor, own_getter, own_key_values,
    promise_result, read_text, string_start, string_text,
};
use crate::value::{FunctionKind, JsValueSnapshot, ObjectSnapshot, PromiseSnapshot, Slot, Truncation, cut_text};

/// Deepest nesting copied before the rest is cut.
pub const MAX_DEPTH: usize = 32;
/// Most objects, array elements and object properties copied from one value before the rest is
/// cut.
pub const MAX_PARTS: usize = 10_000;
/// Most characters of text (strings, keys and names, in UTF-16 code units) copied from one
/// value; a string that would go past it is cut to a short start, so that a huge string (or the
/// same long string in ten thousand places) never makes a huge copy, message or report.
pub const MAX_TEXT: usize = 256 * 1024;
/// Most decimal digits of a BigInt copied as text.
pub const MAX_BIGINT_DIGITS: usize = 400;
/// How much of the start of a string that was cut is kept to show.
pub const PREVIEW: usize = 200;
/// How much of a function's source is read to tell its kind.
const SOURCE_HEAD: usize = 256;
/// How much of an error's stack trace is read to find where it was thrown.
const STACK_HEAD: usize = 64 * 1024;
/// The key under which an object whose properties were cut records the cut.
const TRUNCATED_KEY: &str = "...";

/// The engine's own functions, taken from a fresh context before any submission code ran.
pub struct Pristine<'js> {
    object_prototype: Object<'js>,
    map_for_each: Function<'js>,
    set_for_each: Function<'js>,
    date_get_time: Function<'js>,
    regexp_source: Function<'js>,
    /// The native getter of each flag, with its letter: the `flags` getter itself reads them
    /// through ordinary property gets, which a submission's own accessors would answer.
    regexp_flags: Vec<(char, Function<'js>)>,
    /// Whether a BigInt has more digits than are copied as text: converting one of a million
    /// bits to decimal takes seconds, in native code no interrupt reaches.
    bigint_is_huge: Function<'js>,
    function_to_string: Function<'js>,
    string_slice: Function<'js>,
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
            regexp_flags: [
                ('d', "hasIndices"),
                ('g', "global"),
                ('i', "ignoreCase"),
                ('m', "multiline"),
                ('s', "dotAll"),
                ('u', "unicode"),
                ('v', "unicodeSets"),
                ('y', "sticky"),
            ]
            .into_iter()
            .filter_map(|(letter, name)| getter(&regexp, name).ok().map(|f| (letter, f)))
            .collect(),
            bigint_is_huge: ctx.eval(format!(
                "(() => {{ const limit = 10n ** {MAX_BIGINT_DIGITS}n; return (x) => x >= limit || x <= -limit; }})()"
            ))?,
            function_to_string: proto("Function")?.get("toString")?,
            string_slice: proto("String")?.get("slice")?,
            symbol_description: getter(&proto("Symbol")?, "description")?,
            error_stack: getter(&proto("Error")?, "stack").ok(),
        })
    }

    /// The stack trace of an error (its first [`STACK_HEAD`] characters): the engine keeps it
    /// inside genuine Error objects and shows it through a native getter; anything else may carry
    /// it as an own data property.
    pub fn error_stack(&self, ctx: &Ctx<'js>, error: &Value<'js>) -> Option<String> {
        // SAFETY: reading the class of a live value.
        if !error.is_object() || unsafe { qjs::JS_IsProxy(error.as_raw()) } {
            return None;
        }
        if let Some(v) = own_data(ctx, error, "stack") {
            return string_start(ctx, &self.string_slice, &v, STACK_HEAD);
        }
        // SAFETY: as above.
        if !unsafe { qjs::JS_IsError(error.as_raw()) } {
            return None;
        }
        let stack = self.error_stack.as_ref()?.call::<_, Value>((This(error.clone()),));
        clear_exception(ctx);
        string_start(ctx, &self.string_slice, &stack.ok()?, STACK_HEAD)
    }
}

/// Copies values out of one context.
pub struct CopyOut<'a, 'js> {
    ctx: &'a Ctx<'js>,
    pristine: &'a Pristine<'js>,
    /// The current submission realm's `Object.prototype`.
    submission_object_prototype: Option<Object<'js>>,
    ancestors: Vec<Value<'js>>,
    parts: usize,
    /// Most parts copied (see [`MAX_PARTS`]).
    max_parts: usize,
    /// Characters of text that may still be copied.
    text_left: usize,
}

impl<'a, 'js> CopyOut<'a, 'js> {
    /// A copier with fresh depth and size budgets.
    pub fn new(ctx: &'a Ctx<'js>, pristine: &'a Pristine<'js>) -> Self {
        let submission_object_prototype = ctx
            .userdata::<super::host::HostState>()
            .and_then(|state| state.submission_object_prototype.borrow().clone());
        CopyOut {
            ctx,
            pristine,
            submission_object_prototype,
            ancestors: Vec::new(),
            parts: 0,
            max_parts: MAX_PARTS,
            text_left: MAX_TEXT,
        }
    }

    /// This copier, copying at most `parts` parts (fewer than [`MAX_PARTS`]): for a glimpse of a
    /// value that is shown, never compared.
    pub fn at_most(self, parts: usize) -> Self {
        CopyOut { max_parts: parts.min(MAX_PARTS), ..self }
    }

    /// What the copies made so far hold on the host, roughly: charged to the check's memory.
    pub fn cost(&self) -> usize {
        self.parts.saturating_add(1) * std::mem::size_of::<JsValueSnapshot>() * 2 + (MAX_TEXT - self.text_left) * 2
    }

    /// Whether objects with this prototype are plain objects: either realm's `Object.prototype`.
    fn is_plain_prototype(&self, proto: &Object<'js>) -> bool {
        *proto == self.pristine.object_prototype
            || self.submission_object_prototype.as_ref().is_some_and(|p| p == proto)
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
        if value.is_string() {
            return match self.text(value) {
                Text::Whole(Ok(s)) => JsValueSnapshot::String(s),
                Text::Whole(Err(units)) => JsValueSnapshot::IllFormedString(units),
                Text::Cut { prefix, length } => {
                    JsValueSnapshot::LongString { prefix, length, cut: Truncation::Text(MAX_TEXT) }
                }
                Text::Unreadable => JsValueSnapshot::Opaque("a string that could not be copied".into()),
            };
        }
        if value.is_symbol() {
            let desc = self.pristine.symbol_description.call::<_, Value>((This(value.clone()),));
            clear_exception(self.ctx);
            return JsValueSnapshot::Symbol(desc.ok().and_then(|d| self.name_text(&d)));
        }
        if value.is_big_int() {
            let huge = self.pristine.bigint_is_huge.call::<_, bool>((value.clone(),));
            clear_exception(self.ctx);
            if huge.unwrap_or(true) {
                return JsValueSnapshot::Opaque(format!("a BigInt of more than {MAX_BIGINT_DIGITS} digits"));
            }
            return JsValueSnapshot::BigInt(string_text(self.ctx, value).map_or_else(|| "?".into(), lossy));
        }
        if !value.is_object() {
            return JsValueSnapshot::Opaque("unknown value".into());
        }
        if self.parts >= self.max_parts {
            return JsValueSnapshot::Truncated(Truncation::Size(self.max_parts));
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
                    name: self.inherited_text(value, "name").unwrap_or_else(|| "Error".into()),
                    message: self.inherited_text(value, "message").unwrap_or_default(),
                };
            }
            if qjs::JS_IsDate(raw) {
                let time = self.pristine.date_get_time.call((This(value.clone()),));
                return JsValueSnapshot::Date(time.unwrap_or(f64::NAN));
            }
            // Every entry counts toward the size bound, primitives too: one Set of ten thousand
            // numbers held in ten thousand places is ten thousand copies, not one.
            if qjs::JS_IsMap(raw) {
                let room = self.max_parts.saturating_sub(self.parts);
                let entries = collect_entries(self.ctx, &self.pristine.map_for_each, value, room);
                self.parts += entries.len() / 2;
                let cut = JsValueSnapshot::Truncated(Truncation::Size(self.max_parts));
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
                let room = self.max_parts.saturating_sub(self.parts);
                let values = collect_entries(self.ctx, &self.pristine.set_for_each, value, room);
                self.parts += values.len() / 2;
                let mut copied: Vec<JsValueSnapshot> = values.iter().step_by(2).map(|v| self.copy(v)).collect();
                if values.len() % 2 == 1 {
                    // The last item read is the marker of the cut, not a value.
                    copied.pop();
                    copied.push(JsValueSnapshot::Truncated(Truncation::Size(self.max_parts)));
                }
                return JsValueSnapshot::Set(copied);
            }
            if qjs::JS_IsRegExp(raw) {
                let pristine = self.pristine;
                let mut text = |f: &Function<'js>| {
                    let part = f.call::<_, Value>((This(value.clone()),));
                    clear_exception(self.ctx);
                    part.ok().and_then(|p| self.name_text(&p)).unwrap_or_default()
                };
                let source = text(&pristine.regexp_source);
                let flags = pristine
                    .regexp_flags
                    .iter()
                    .filter(|(_, getter)| {
                        let on = getter.call::<_, bool>((This(value.clone()),));
                        clear_exception(self.ctx);
                        on.unwrap_or(false)
                    })
                    .map(|(letter, _)| *letter)
                    .collect();
                return JsValueSnapshot::RegExp { source, flags };
            }
            if qjs::JS_IsPromise(raw) {
                let Some(promise) = value.as_promise().cloned() else {
                    return JsValueSnapshot::Opaque("Promise".into());
                };
                return JsValueSnapshot::Promise(match promise.state() {
                    rquickjs::promise::PromiseState::Pending => PromiseSnapshot::Pending,
                    rquickjs::promise::PromiseState::Resolved => {
                        let v = promise_result(self.ctx, &promise);
                        PromiseSnapshot::Fulfilled(Box::new(self.copy(&v)))
                    }
                    rquickjs::promise::PromiseState::Rejected => {
                        let v = promise_result(self.ctx, &promise);
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

    fn copy_plain(&mut self, value: &Value<'js>) -> JsValueSnapshot {
        let object = value.as_object().expect("checked to be an object");
        let (class, null_prototype) = match object.get_prototype() {
            None => (None, true),
            Some(proto) if self.is_plain_prototype(&proto) => (None, false),
            Some(proto) => (self.constructor_name(proto.as_value()), false),
        };
        // Every property counts toward the size bound, so an object with a million keys (or a
        // String object with a million indices) costs no more to copy than a small one; every
        // key's text counts toward the text bound.
        let keys = own_key_values(self.ctx, value, true, self.max_parts.saturating_sub(self.parts) + 1);
        let mut properties = Vec::with_capacity(keys.len());
        let cut = |bound| (TRUNCATED_KEY.to_string(), Slot::Value(JsValueSnapshot::Truncated(bound)));
        for key in keys {
            if self.parts >= self.max_parts {
                properties.push(cut(Truncation::Size(self.max_parts)));
                break;
            }
            self.parts += 1;
            let name = match self.text(&key) {
                Text::Whole(name) => lossy(name),
                Text::Cut { .. } | Text::Unreadable => {
                    properties.push(cut(Truncation::Text(MAX_TEXT)));
                    break;
                }
            };
            if let Some(slot) = self.own_slot(value, Key::Value(&key)) {
                properties.push((name, slot));
            }
        }
        JsValueSnapshot::Object(ObjectSnapshot { class, null_prototype, properties })
    }

    fn copy_array(&mut self, value: &Value<'js>) -> JsValueSnapshot {
        let length = match own_data(self.ctx, value, "length") {
            Some(len) => len.as_number().unwrap_or(0.0) as usize,
            None => 0,
        };
        let mut slots = Vec::with_capacity(length.min(self.max_parts));
        for index in 0..length {
            if self.parts >= self.max_parts {
                slots.push(Slot::Value(JsValueSnapshot::Truncated(Truncation::Size(self.max_parts))));
                break;
            }
            self.parts += 1;
            let slot = match own_descriptor(self.ctx, value, Key::Index(index as u32)) {
                None => Slot::Hole,
                Some(Descriptor::Data(v)) => Slot::Value(self.copy(&v)),
                Some(Descriptor::Accessor { getter, setter }) => Slot::Accessor { getter, setter },
            };
            slots.push(slot);
        }
        JsValueSnapshot::Array(slots)
    }

    fn copy_function(&mut self, value: &Value<'js>) -> JsValueSnapshot {
        let name = own_data(self.ctx, value, "name").and_then(|n| self.name_text(&n)).unwrap_or_default();
        let source = self.pristine.function_to_string.call::<_, Value>((This(value.clone()),));
        clear_exception(self.ctx);
        let head = source.ok().and_then(|s| string_start(self.ctx, &self.pristine.string_slice, &s, SOURCE_HEAD));
        let kind = FunctionKind::from_source(&head.unwrap_or_default());
        JsValueSnapshot::Function { name, kind }
    }

    /// A string found as a data property on the object or its prototype chain (never a getter).
    fn inherited_text(&mut self, value: &Value<'js>, name: &str) -> Option<String> {
        let mut current = value.clone();
        for _ in 0..16 {
            match own_descriptor(self.ctx, &current, Key::Name(name)) {
                Some(Descriptor::Data(v)) => return self.name_text(&v),
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

    fn class_name(&mut self, value: &Value<'js>) -> Option<String> {
        let proto = value.as_object()?.get_prototype()?;
        self.constructor_name(proto.as_value())
    }

    fn constructor_name(&mut self, proto: &Value<'js>) -> Option<String> {
        // SAFETY: reading the class of a live value.
        if unsafe { qjs::JS_IsProxy(proto.as_raw()) } {
            return Some("Proxy".into());
        }
        let constructor = own_data(self.ctx, proto, "constructor")?;
        // SAFETY: as above.
        if !constructor.is_object() || unsafe { qjs::JS_IsProxy(constructor.as_raw()) } {
            return None;
        }
        let name = own_data(self.ctx, &constructor, "name")?;
        self.name_text(&name).filter(|n| !n.is_empty())
    }

    fn own_slot(&mut self, value: &Value<'js>, key: Key<'_, 'js>) -> Option<Slot> {
        Some(match own_descriptor(self.ctx, value, key)? {
            Descriptor::Data(v) => Slot::Value(self.copy(&v)),
            Descriptor::Accessor { getter, setter } => Slot::Accessor { getter, setter },
        })
    }

    /// The text of a string value, charged to the text bound.
    fn text(&mut self, string: &Value<'js>) -> Text {
        read_text(self.ctx, &self.pristine.string_slice, string, &mut self.text_left, PREVIEW)
    }

    /// A name, description or message as display text; one too long to copy whole is cut and
    /// says so (and then never compares equal). None when `value` is not a string.
    fn name_text(&mut self, value: &Value<'js>) -> Option<String> {
        if !value.is_string() {
            return None;
        }
        match self.text(value) {
            Text::Whole(text) => Some(lossy(text)),
            Text::Cut { prefix, length } => Some(cut_text(&prefix, length)),
            Text::Unreadable => None,
        }
    }
}
