//! The constructors along a value's prototype chain, read without running any of its code: for
//! `throws = { class = ... }` and `expect_instance_of`.

use rquickjs::{Ctx, Value, qjs};

use super::property::{Descriptor, Key, own_descriptor, string_text};
use crate::value::ClassChain;

/// Most prototypes followed (a longer chain is cut there, as known so far).
const MAX_LINKS: usize = 32;

fn is_proxy(value: &Value<'_>) -> bool {
    // SAFETY: reading the class of a live value.
    value.is_object() && unsafe { qjs::JS_IsProxy(value.as_raw()) }
}

/// The constructor names along `value`'s prototype chain, nearest first, from own data
/// properties (`constructor`, then its `name`) only; a Proxy or an accessor on the way makes the
/// chain [`ClassChain::Unknown`] (learning more would mean running the submission's code).
pub(super) fn read<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> ClassChain {
    if !value.is_object() {
        return ClassChain::Primitive;
    }
    let mut names: Vec<String> = Vec::new();
    let unknown = |names: Vec<String>, reason: &str| ClassChain::Unknown { read: names, reason: reason.to_string() };
    let mut current = value.clone();
    for _ in 0..MAX_LINKS {
        if is_proxy(&current) {
            return unknown(names, "a Proxy stands in its prototype chain");
        }
        let Some(proto) = current.as_object().and_then(|o| o.get_prototype()) else {
            return ClassChain::Known(names);
        };
        let proto = proto.into_value();
        if is_proxy(&proto) {
            return unknown(names, "a Proxy stands in its prototype chain");
        }
        match own_descriptor(ctx, &proto, Key::Name("constructor")) {
            // A class's name counts only from a constructor that is a function whose own
            // `prototype` is this very object: a plain `{ name: "RangeError" }` in `constructor`,
            // or another class's put there, names nothing.
            Some(Descriptor::Data(constructor))
                if constructor.is_function()
                    && !is_proxy(&constructor)
                    && !matches!(own_descriptor(ctx, &constructor, Key::Name("prototype")), Some(Descriptor::Data(p)) if p == proto) =>
                {}
            Some(Descriptor::Data(constructor)) if constructor.is_function() && !is_proxy(&constructor) => {
                match own_descriptor(ctx, &constructor, Key::Name("name")) {
                    Some(Descriptor::Data(name)) => {
                        if let Some(Ok(text)) = string_text(ctx, &name).filter(|_| name.is_string())
                            && !text.is_empty()
                        {
                            names.push(text);
                        }
                    }
                    Some(Descriptor::Accessor { .. }) => {
                        return unknown(names, "a constructor's `name` is an accessor");
                    }
                    None => {}
                }
            }
            Some(Descriptor::Data(constructor)) if is_proxy(&constructor) => {
                return unknown(names, "a constructor is a Proxy");
            }
            Some(Descriptor::Accessor { .. }) => return unknown(names, "a `constructor` is an accessor"),
            _ => {}
        }
        current = proto;
    }
    ClassChain::Known(names)
}
