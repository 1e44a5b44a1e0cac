//! Raw readers of the engine's data: own property descriptors, own keys, Map and Set entries,
//! promise results and the text of string values, read through the C API or the engine's own
//! natives so that no getter, Proxy trap or `toString` of the submission ever runs.

use std::cell::RefCell;
use std::mem::MaybeUninit;
use std::rc::Rc;

use rquickjs::function::This;
use rquickjs::{Ctx, Function, Promise, Value, qjs};

/// Drops a pending exception that a raw read left behind.
pub(super) fn clear_exception(ctx: &Ctx<'_>) {
    if ctx.has_exception() {
        let _ = ctx.catch();
    }
}

/// A property key: an array index, a name, or a key value as the engine returned it.
pub(super) enum Key<'a, 'js> {
    Index(u32),
    Name(&'a str),
    /// A string key read with [`own_key_values`]; looked up exactly, even when its text does not
    /// survive a trip through Rust (a lone surrogate).
    Value(&'a Value<'js>),
}

/// An own property as the engine stores it.
pub(super) enum Descriptor<'js> {
    Data(Value<'js>),
    Accessor { getter: bool, setter: bool },
}

/// Reads an own property's descriptor without calling a getter.
///
/// The caller must not pass a Proxy: for one, the engine would run its trap.
pub(super) fn own_descriptor<'js>(ctx: &Ctx<'js>, value: &Value<'js>, key: Key<'_, 'js>) -> Option<Descriptor<'js>> {
    let raw = RawDescriptor::read(ctx, value, key)?;
    if raw.is_accessor() {
        Some(Descriptor::Accessor { getter: !raw.getter.is_undefined(), setter: !raw.setter.is_undefined() })
    } else {
        Some(Descriptor::Data(raw.value))
    }
}

/// The getter function of an own accessor property, read without calling it.
pub(super) fn own_getter<'js>(ctx: &Ctx<'js>, value: &Value<'js>, name: &str) -> Option<Function<'js>> {
    RawDescriptor::read(ctx, value, Key::Name(name))?.getter.into_function()
}

/// An own property exactly as the engine returns it; its values are freed on drop.
pub(super) struct RawDescriptor<'js> {
    /// The engine's `JS_PROP_*` flags.
    pub(super) flags: i32,
    pub(super) value: Value<'js>,
    pub(super) getter: Value<'js>,
    pub(super) setter: Value<'js>,
}

impl<'js> RawDescriptor<'js> {
    /// Whether the property is a getter/setter pair rather than a value.
    pub(super) fn is_accessor(&self) -> bool {
        self.flags & qjs::JS_PROP_GETSET as i32 != 0
    }

    /// Reads an own property as the engine stores it; the caller never passes a Proxy.
    pub(super) fn read(ctx: &Ctx<'js>, value: &Value<'js>, key: Key<'_, 'js>) -> Option<RawDescriptor<'js>> {
        let raw_ctx = ctx.as_raw().as_ptr();
        // SAFETY: the atom is created and freed here (making one from a string value runs no
        // code); when the call returns 1 the descriptor's three values are ours, and are wrapped
        // so that they are freed on drop.
        unsafe {
            let atom = match key {
                Key::Index(i) => qjs::JS_NewAtomUInt32(raw_ctx, i),
                Key::Name(n) => qjs::JS_NewAtomLen(raw_ctx, n.as_ptr().cast(), n.len() as _),
                Key::Value(v) if v.is_string() => qjs::JS_ValueToAtom(raw_ctx, v.as_raw()),
                Key::Value(_) => return None,
            };
            if atom == qjs::JS_ATOM_NULL {
                clear_exception(ctx);
                return None;
            }
            let mut desc = MaybeUninit::<qjs::JSPropertyDescriptor>::zeroed();
            let found = qjs::JS_GetOwnProperty(raw_ctx, desc.as_mut_ptr(), value.as_raw(), atom);
            qjs::JS_FreeAtom(raw_ctx, atom);
            if found <= 0 {
                clear_exception(ctx);
                return None;
            }
            let desc = desc.assume_init();
            Some(RawDescriptor {
                flags: desc.flags,
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

/// The first `limit` own string keys of an object (only the enumerable ones when asked), as
/// string values, running no code.
///
/// The caller must not pass a Proxy.
pub(super) fn own_key_values<'js>(
    ctx: &Ctx<'js>,
    value: &Value<'js>,
    enumerable_only: bool,
    limit: usize,
) -> Vec<Value<'js>> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut keys = Vec::new();
    // SAFETY: the property table is freed with the count the engine returned; each key string
    // is a new reference, owned by the wrapping `Value`.
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
            let key = Value::from_raw(ctx.clone(), qjs::JS_AtomToString(raw_ctx, (*tab.add(i)).atom));
            if key.is_string() {
                keys.push(key);
            } else {
                clear_exception(ctx);
            }
        }
        qjs::JS_FreePropertyEnum(raw_ctx, tab, len);
    }
    keys
}

/// The atoms of an object's own keys, strings and symbols: what a realm's key set is compared by,
/// without making text of each key. Atoms are the runtime's and stay valid while anything uses
/// the name.
///
/// The caller must not pass a Proxy.
pub(super) fn own_key_atoms(ctx: &Ctx<'_>, value: &Value<'_>) -> Vec<qjs::JSAtom> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut atoms = Vec::new();
    // SAFETY: the property table is freed with the count the engine returned; the atoms are only
    // compared, never freed here (the table's free releases its references).
    unsafe {
        let mut tab: *mut qjs::JSPropertyEnum = std::ptr::null_mut();
        let mut len: u32 = 0;
        let mask = (qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_SYMBOL_MASK) as i32;
        if qjs::JS_GetOwnPropertyNames(raw_ctx, &mut tab, &mut len, value.as_raw(), mask) < 0 {
            clear_exception(ctx);
            return atoms;
        }
        atoms.extend((0..len as usize).map(|i| (*tab.add(i)).atom));
        qjs::JS_FreePropertyEnum(raw_ctx, tab, len);
    }
    atoms
}

/// The text of every own string key of an object.
///
/// The caller must not pass a Proxy.
pub(super) fn own_key_names(ctx: &Ctx<'_>, value: &Value<'_>) -> Vec<String> {
    keys_beyond(ctx, value, &super::realm::AtomSet::default(), usize::MAX, false)
}

/// The text of the own keys of an object whose atoms are not in `known`, at most `limit`: string
/// keys as they are, symbol keys as `Symbol(description)` (state can hide under either).
///
/// The caller must not pass a Proxy.
pub(super) fn own_keys_beyond(
    ctx: &Ctx<'_>,
    value: &Value<'_>,
    known: &super::realm::AtomSet,
    limit: usize,
) -> Vec<String> {
    keys_beyond(ctx, value, known, limit, true)
}

fn keys_beyond(
    ctx: &Ctx<'_>,
    value: &Value<'_>,
    known: &super::realm::AtomSet,
    limit: usize,
    symbols: bool,
) -> Vec<String> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let mut keys = Vec::new();
    // SAFETY: as in own_key_atoms; each key string made is a new reference owned by its Value.
    unsafe {
        let mut tab: *mut qjs::JSPropertyEnum = std::ptr::null_mut();
        let mut len: u32 = 0;
        let mask = if symbols { qjs::JS_GPN_STRING_MASK | qjs::JS_GPN_SYMBOL_MASK } else { qjs::JS_GPN_STRING_MASK };
        if qjs::JS_GetOwnPropertyNames(raw_ctx, &mut tab, &mut len, value.as_raw(), mask as i32) < 0 {
            clear_exception(ctx);
            return keys;
        }
        for i in 0..len as usize {
            if keys.len() >= limit {
                break;
            }
            let atom = (*tab.add(i)).atom;
            if known.contains(&atom) {
                continue;
            }
            let is_symbol = Value::from_raw(ctx.clone(), qjs::JS_AtomToValue(raw_ctx, atom)).is_symbol();
            let key = Value::from_raw(ctx.clone(), qjs::JS_AtomToString(raw_ctx, atom));
            match string_text(ctx, &key) {
                Some(text) if is_symbol => keys.push(format!("Symbol({})", lossy(text))),
                Some(text) => keys.push(lossy(text)),
                None => clear_exception(ctx),
            }
        }
        qjs::JS_FreePropertyEnum(raw_ctx, tab, len);
    }
    keys
}

/// Calls a pristine `forEach` (of Map or Set) on `target` with a host callback; returns
/// `[value, key, value, key, ...]`, with one more item at the end when there were more than
/// `limit` entries (the walk stops there instead of visiting every entry).
pub(super) fn collect_entries<'js>(
    ctx: &Ctx<'js>,
    for_each: &Function<'js>,
    target: &Value<'js>,
    limit: usize,
) -> Vec<Value<'js>> {
    let items: Rc<RefCell<Vec<Value<'js>>>> = Rc::default();
    let sink = items.clone();
    let callback = Function::new(ctx.clone(), move |ctx: Ctx<'js>, v: Value<'js>, k: Value<'js>| {
        let mut sink = sink.borrow_mut();
        if sink.len() >= 2 * limit {
            // Leave a marker (an odd length) that the copy was cut.
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
    clear_exception(ctx);
    items.take()
}

/// A settled promise's value or reason.
pub(super) fn promise_result<'js>(ctx: &Ctx<'js>, promise: &Promise<'js>) -> Value<'js> {
    // SAFETY: reading a settled promise's result runs no code.
    unsafe { Value::from_raw(ctx.clone(), qjs::JS_PromiseResult(ctx.as_raw().as_ptr(), promise.as_raw())) }
}

/// The length of a string value in UTF-16 code units, read without running code (the engine
/// answers `length` of a primitive string itself).
pub(super) fn string_length<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> usize {
    if !value.is_string() {
        return 0;
    }
    let mut length: i64 = 0;
    // SAFETY: `value` is a live primitive string, whose `length` the engine reads from its header.
    let status = unsafe { qjs::JS_GetLength(ctx.as_raw().as_ptr(), value.as_raw(), &mut length) };
    if status < 0 {
        clear_exception(ctx);
        return 0;
    }
    usize::try_from(length).unwrap_or(0)
}

/// The whole text of a string (or other primitive) value: `Ok` when it is well-formed UTF-16,
/// `Err` with its code units when it holds a lone surrogate, None when the engine could not
/// convert it (out of memory).
pub(super) fn string_text<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Option<Result<String, Vec<u16>>> {
    let raw_ctx = ctx.as_raw().as_ptr();
    // SAFETY: converting a primitive to text runs no user code; the engine keeps a lone
    // surrogate as its generalized UTF-8 (WTF-8) bytes. The C string is freed here.
    unsafe {
        let mut size: qjs::size_t = 0;
        let text = qjs::JS_ToCStringLen2(raw_ctx, &mut size, value.as_raw(), false);
        if text.is_null() {
            clear_exception(ctx);
            return None;
        }
        let bytes = std::slice::from_raw_parts(text.cast::<u8>(), size as usize);
        let out = match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(_) => Err(wtf8_to_utf16(bytes)),
        };
        qjs::JS_FreeCString(raw_ctx, text);
        Some(out)
    }
}

/// The text of a string value, as far as a bound allows.
pub(super) enum Text {
    /// All of it: `Err` with its code units when it holds a lone surrogate.
    Whole(Result<String, Vec<u16>>),
    /// Too long: its start and its whole length.
    Cut { prefix: String, length: usize },
    /// The engine could not convert it (out of memory).
    Unreadable,
}

/// Reads a string value, charging its length to `budget`: all of it while the budget allows,
/// else its first `preview` characters (fewer when the budget is nearly spent), cut with `slice`
/// (the engine's own `String.prototype.slice`), so a huge string is never converted whole.
pub(super) fn read_text<'js>(
    ctx: &Ctx<'js>,
    slice: &Function<'js>,
    string: &Value<'js>,
    budget: &mut usize,
    preview: usize,
) -> Text {
    let length = string_length(ctx, string);
    if length <= *budget {
        *budget -= length;
        return string_text(ctx, string).map_or(Text::Unreadable, Text::Whole);
    }
    let keep = preview.min(*budget);
    *budget -= keep;
    Text::Cut { prefix: string_start(ctx, slice, string, keep).unwrap_or_default(), length }
}

/// The first `units` UTF-16 code units of a string value, as display text.
pub(super) fn string_start<'js>(
    ctx: &Ctx<'js>,
    slice: &Function<'js>,
    string: &Value<'js>,
    units: usize,
) -> Option<String> {
    if !string.is_string() {
        return None;
    }
    let start = slice.call::<_, Value>((This(string.clone()), 0, units as f64));
    clear_exception(ctx);
    string_text(ctx, &start.ok()?).map(lossy)
}

/// Text for display: a lone surrogate becomes U+FFFD.
pub(super) fn lossy(text: Result<String, Vec<u16>>) -> String {
    text.unwrap_or_else(|units| String::from_utf16_lossy(&units))
}

/// Decodes generalized UTF-8 (surrogate code points allowed) to UTF-16 code units.
fn wtf8_to_utf16(bytes: &[u8]) -> Vec<u16> {
    let mut units = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let lead = bytes[i];
        let (width, initial) = match lead {
            0x00..=0x7f => (1, u32::from(lead)),
            0xc0..=0xdf => (2, u32::from(lead & 0x1f)),
            0xe0..=0xef => (3, u32::from(lead & 0x0f)),
            0xf0..=0xf7 => (4, u32::from(lead & 0x07)),
            _ => (0, 0),
        };
        let tail = bytes.get(i + 1..i + width.max(1)).filter(|t| t.iter().all(|b| b & 0xc0 == 0x80));
        let code = match tail {
            Some(tail) if width > 0 => tail.iter().fold(initial, |c, b| (c << 6) | u32::from(b & 0x3f)),
            _ => {
                units.push(0xfffd);
                i += 1;
                continue;
            }
        };
        i += width;
        if code >= 0x1_0000 {
            let c = code - 0x1_0000;
            units.push(0xd800 | (c >> 10) as u16);
            units.push(0xdc00 | (c & 0x3ff) as u16);
        } else {
            units.push(code as u16);
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wtf8_keeps_lone_surrogates_as_units() {
        assert_eq!(wtf8_to_utf16("aé😀".as_bytes()), "aé😀".encode_utf16().collect::<Vec<_>>());
        assert_eq!(wtf8_to_utf16(&[b'a', 0xed, 0xa0, 0x80, b'b']), vec![0x61, 0xd800, 0x62]);
        assert_eq!(wtf8_to_utf16(&[0xed, 0xb0, 0x80]), vec![0xdc00]);
        assert_eq!(wtf8_to_utf16(&[0xff, 0xe0, b'x']), vec![0xfffd, 0xfffd, 0x78]);
        assert_eq!(lossy(Err(vec![0x61, 0xd800])), "a\u{fffd}");
    }
}
