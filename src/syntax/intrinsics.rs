//! The global names a fresh engine context defines (`Object`, `Array`, `JSON`, `Promise`, ...):
//! a top-level binding with one of these names shadows a builtin.

/// Every own property name of the global object of a fresh `Context::full`, sorted (a test keeps
/// this in step with the engine).
pub const GLOBAL_INTRINSICS: &[&str] = &[
    "AggregateError",
    "Array",
    "ArrayBuffer",
    "AsyncDisposableStack",
    "Atomics",
    "BigInt",
    "BigInt64Array",
    "BigUint64Array",
    "Boolean",
    "DOMException",
    "DataView",
    "Date",
    "DisposableStack",
    "Error",
    "EvalError",
    "FinalizationRegistry",
    "Float16Array",
    "Float32Array",
    "Float64Array",
    "Function",
    "Infinity",
    "Int16Array",
    "Int32Array",
    "Int8Array",
    "InternalError",
    "Iterator",
    "JSON",
    "Map",
    "Math",
    "NaN",
    "Number",
    "Object",
    "Promise",
    "Proxy",
    "RangeError",
    "ReferenceError",
    "Reflect",
    "RegExp",
    "Set",
    "SharedArrayBuffer",
    "String",
    "SuppressedError",
    "Symbol",
    "SyntaxError",
    "TypeError",
    "URIError",
    "Uint16Array",
    "Uint32Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "WeakMap",
    "WeakRef",
    "WeakSet",
    "atob",
    "btoa",
    "decodeURI",
    "decodeURIComponent",
    "encodeURI",
    "encodeURIComponent",
    "escape",
    "eval",
    "globalThis",
    "isFinite",
    "isNaN",
    "parseFloat",
    "parseInt",
    "performance",
    "queueMicrotask",
    "undefined",
    "unescape",
];

/// Whether `name` is a global intrinsic of the engine.
pub fn is_global_intrinsic(name: &str) -> bool {
    GLOBAL_INTRINSICS.binary_search(&name).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_what_a_fresh_engine_context_defines() {
        let runtime = rquickjs::Runtime::new().unwrap();
        let context = rquickjs::Context::full(&runtime).unwrap();
        let mut names: Vec<String> = context.with(|ctx| ctx.eval("Object.getOwnPropertyNames(globalThis)")).unwrap();
        names.sort();
        assert_eq!(names, GLOBAL_INTRINSICS);
    }

    #[test]
    fn intrinsics_are_found_by_exact_name() {
        assert!(is_global_intrinsic("Object") && is_global_intrinsic("JSON") && is_global_intrinsic("Promise"));
        assert!(!is_global_intrinsic("object") && !is_global_intrinsic("total"));
    }
}
