//! The host's own JavaScript, compiled once per process and loaded as bytecode in each context.
//!
//! Parsing is the largest cost a fresh context pays after its creation; the prelude is the same
//! for every check, so it is parsed once and every context reads the compiled form.

use std::sync::OnceLock;

use rquickjs::{Context, Ctx, Runtime, Value, qjs};

/// A script compiled on first use.
pub struct Compiled {
    source: &'static str,
    name: &'static str,
    bytes: OnceLock<Vec<u8>>,
}

impl Compiled {
    /// A script that will be compiled on first use.
    pub const fn new(name: &'static str, source: &'static str) -> Compiled {
        Compiled { source, name, bytes: OnceLock::new() }
    }

    fn bytes(&self) -> &[u8] {
        self.bytes.get_or_init(|| compile(self.name, self.source))
    }

    /// Runs the script in `ctx` and returns its completion value.
    pub fn run<'js>(&self, ctx: &Ctx<'js>) -> rquickjs::Result<Value<'js>> {
        let bytes = self.bytes();
        let raw_ctx = ctx.as_raw().as_ptr();
        // SAFETY: the bytes were written by JS_WriteObject of this engine build; JS_EvalFunction
        // takes ownership of the function object read back.
        unsafe {
            let function =
                qjs::JS_ReadObject(raw_ctx, bytes.as_ptr(), bytes.len() as _, qjs::JS_READ_OBJ_BYTECODE as i32);
            if qjs::JS_IsException(function) {
                return Err(rquickjs::Error::Exception);
            }
            let value = qjs::JS_EvalFunction(raw_ctx, function);
            if qjs::JS_IsException(value) {
                return Err(rquickjs::Error::Exception);
            }
            Ok(Value::from_raw(ctx.clone(), value))
        }
    }
}

fn compile(name: &str, source: &str) -> Vec<u8> {
    let runtime = Runtime::new().expect("a runtime for compiling the prelude");
    let context = Context::full(&runtime).expect("a context for compiling the prelude");
    context.with(|ctx| {
        let raw_ctx = ctx.as_raw().as_ptr();
        let code = std::ffi::CString::new(source).expect("the prelude has no NUL");
        let file = std::ffi::CString::new(name).expect("the name has no NUL");
        // SAFETY: plain C API use; every value and buffer made here is freed here.
        unsafe {
            let flags = (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
            let function = qjs::JS_Eval(raw_ctx, code.as_ptr(), source.len() as _, file.as_ptr(), flags);
            assert!(!qjs::JS_IsException(function), "the host prelude {name} compiles");
            let mut size: qjs::size_t = 0;
            let buf = qjs::JS_WriteObject(raw_ctx, &mut size, function, qjs::JS_WRITE_OBJ_BYTECODE as i32);
            assert!(!buf.is_null(), "the host prelude {name} serialises");
            let bytes = std::slice::from_raw_parts(buf, size as usize).to_vec();
            qjs::js_free(raw_ctx, buf.cast());
            qjs::JS_FreeValue(raw_ctx, function);
            bytes
        }
    })
}

/// The last submission script compiled on this thread: its name, its text and its bytecode.
struct CompiledScript {
    name: String,
    code: String,
    bytes: Vec<u8>,
}

thread_local! {
    /// A submission's checks run one after another on one thread, so one entry is enough.
    static LAST_SCRIPT: std::cell::RefCell<Option<CompiledScript>> = const { std::cell::RefCell::new(None) };
}

/// Evaluates `code` as a sloppy-mode global script named `name` in `ctx`, as `Ctx::eval` would:
/// parsed once for the same text on this thread, then read back as bytecode in each later realm
/// (reading bytecode costs a fraction of parsing). What it throws stays pending in `ctx`.
pub fn eval_script<'js>(ctx: &Ctx<'js>, code: &str, name: &str) -> rquickjs::Result<Value<'js>> {
    let raw_ctx = ctx.as_raw().as_ptr();
    let cached = LAST_SCRIPT.with(|last| {
        let last = last.borrow();
        let hit = last.as_ref().filter(|c| c.name == name && c.code == code)?;
        // SAFETY: bytes this engine build wrote with JS_WriteObject; the function read back is
        // owned by JS_EvalFunction.
        Some(unsafe {
            let function =
                qjs::JS_ReadObject(raw_ctx, hit.bytes.as_ptr(), hit.bytes.len() as _, qjs::JS_READ_OBJ_BYTECODE as i32);
            if qjs::JS_IsException(function) { function } else { qjs::JS_EvalFunction(raw_ctx, function) }
        })
    });
    let value = match cached {
        Some(value) => value,
        None => {
            let (Ok(source), Ok(file)) = (std::ffi::CString::new(code), std::ffi::CString::new(name)) else {
                let mut options = rquickjs::context::EvalOptions::default();
                options.filename = Some(name.to_string());
                options.strict = false;
                return ctx.eval_with_options(code, options);
            };
            // SAFETY: plain C API use; the compiled function is written out, then evaluated (which
            // takes it), and the buffer is freed here.
            unsafe {
                let flags = (qjs::JS_EVAL_TYPE_GLOBAL | qjs::JS_EVAL_FLAG_COMPILE_ONLY) as i32;
                let function = qjs::JS_Eval(raw_ctx, source.as_ptr(), code.len() as _, file.as_ptr(), flags);
                if qjs::JS_IsException(function) {
                    return Err(rquickjs::Error::Exception);
                }
                let mut size: qjs::size_t = 0;
                let buf = qjs::JS_WriteObject(raw_ctx, &mut size, function, qjs::JS_WRITE_OBJ_BYTECODE as i32);
                if !buf.is_null() {
                    let bytes = std::slice::from_raw_parts(buf, size as usize).to_vec();
                    qjs::js_free(raw_ctx, buf.cast());
                    let entry = CompiledScript { name: name.to_string(), code: code.to_string(), bytes };
                    LAST_SCRIPT.with(|last| *last.borrow_mut() = Some(entry));
                }
                qjs::JS_EvalFunction(raw_ctx, function)
            }
        }
    };
    // SAFETY: a value this context just returned, owned from here on.
    unsafe {
        if qjs::JS_IsException(value) {
            return Err(rquickjs::Error::Exception);
        }
        Ok(Value::from_raw(ctx.clone(), value))
    }
}
