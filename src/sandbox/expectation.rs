//! The recorder behind a spec's `expect`: a host function the spec runtime (check code in the
//! checker realm) calls once per matcher, which copies the value under test and the expected
//! values out at that moment, as data, for the host to compare.
//!
//! Nothing of the comparison happens in JavaScript, so no submission value (a getter, a Proxy, a
//! patched prototype) can change a verdict. Beside the copies the recorder reads, without running
//! any code: the constructor names along each value's prototype chain (own data properties only,
//! stopping at a Proxy), whether the value under test is the very object expected (`toBe`), and,
//! for a pattern, whether it matches the copied text (a fresh RegExp of the checker realm, built
//! from the copied source and flags, tests the copied text).

use std::cell::RefCell;
use std::rc::Rc;

use rquickjs::function::{Rest, This};
use rquickjs::{Ctx, Exception, Function, Object, Value};

use super::bytecode::Compiled;
use super::copy_out::CopyOut;
use super::host::HostState;
use super::property::own_data;
use crate::value::JsValueSnapshot;

/// Bytes charged for a record beside its copies (its names and place).
const RECORD_OVERHEAD: usize = 128;

/// Bytes charged for the `expect(...)` text a record keeps (the spec reader cuts it at 120
/// characters).
const MAX_WRITTEN: usize = 512;

/// Most prototypes read for a value's lineage.
const MAX_LINEAGE: usize = 32;

/// One value an expectation recorded.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedValue {
    /// The copy.
    pub value: JsValueSnapshot,
    /// Constructor names along its prototype chain, nearest first (`["RangeError", "Error",
    /// "Object"]`); empty for a primitive.
    pub lineage: Vec<String>,
}

/// What one `expect(...).matcher(...)` recorded, in the words of the spec runtime.
#[derive(Debug, Clone, PartialEq)]
pub struct Recorded {
    /// The matcher's name (`toBe`).
    pub matcher: String,
    /// Under `.not`.
    pub negated: bool,
    /// `resolves`, `rejects` or empty.
    pub modifier: String,
    /// Line of the `expect` in the spec file.
    pub line: u32,
    /// Its column.
    pub column: u32,
    /// The `expect(...)` chain as the spec writes it.
    pub written: String,
    /// What the value under test is: `value`, `threw`, `returned`, `calls`, `rejected`, ...
    pub subject: String,
    /// The value under test.
    pub actual: RecordedValue,
    /// The matcher's arguments.
    pub expected: Vec<RecordedValue>,
    /// Whether the value under test is the same object as the first argument (objects only).
    pub identical: bool,
    /// For a RegExp first argument: whether it matches the text under test (a string value, or a
    /// thrown error's message).
    pub pattern_hit: Option<bool>,
    /// For a first argument that is a class other than a built-in of the checker realm (one the
    /// spec imported from the submission): whether its own `prototype` is on the value's chain,
    /// by identity. A class is then never matched by its name, which the submission chooses.
    pub inherits: Option<bool>,
}

/// What a check's expectations recorded, shared with the recorder function.
#[derive(Debug, Clone, Default)]
pub struct Recordings(Rc<RefCell<Vec<Recorded>>>);

impl Recordings {
    /// Takes what was recorded so far, in order.
    pub fn take(&self) -> Vec<Recorded> {
        std::mem::take(&mut self.0.borrow_mut())
    }
}

fn text_of(value: &Value<'_>) -> Option<String> {
    value.as_string().and_then(|s| s.to_string().ok())
}

fn is_proxy(value: &Value<'_>) -> bool {
    // SAFETY: reading the class of a live value.
    value.is_object() && unsafe { rquickjs::qjs::JS_IsProxy(value.as_raw()) }
}

/// Constructor names along the prototype chain, read from own data properties only.
fn lineage<'js>(ctx: &Ctx<'js>, value: &Value<'js>) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = value.clone();
    while names.len() < MAX_LINEAGE && current.is_object() && !is_proxy(&current) {
        let Some(proto) = current.as_object().and_then(Object::get_prototype) else { break };
        let proto = proto.into_value();
        if is_proxy(&proto) {
            break;
        }
        let name = own_data(ctx, &proto, "constructor")
            .filter(|c| c.is_function() && !is_proxy(c))
            .and_then(|c| own_data(ctx, &c, "name"))
            .and_then(|n| text_of(&n));
        names.push(name.unwrap_or_default());
        current = proto;
    }
    names
}

/// Whether `class` is a constructor other than the checker realm's own built-in of its name, and
/// if so whether its own `prototype` is on `value`'s chain (read without running code: own data
/// properties and prototypes; a Proxy on the way means no).
fn inherits<'js>(ctx: &Ctx<'js>, value: &Value<'js>, class: &Value<'js>) -> Option<bool> {
    if !class.is_function() || is_proxy(class) {
        return None;
    }
    let name = own_data(ctx, class, "name").and_then(|n| text_of(&n));
    let builtin = name.as_deref().and_then(|n| own_data(ctx, ctx.globals().as_value(), n)).is_some_and(|g| g == *class);
    if builtin {
        // A built-in is matched by name along the chain (so the submission realm's own match),
        // and one the engine brands must also be the engine's own kind of value: a class of the
        // submission's that calls itself `Promise` makes no promise.
        let raw = value.as_raw();
        // SAFETY: reading the class of a live value.
        let branded = |is: unsafe extern "C" fn(rquickjs::qjs::JSValue) -> bool| unsafe { is(raw) };
        use rquickjs::qjs;
        return match name.as_deref() {
            Some("Promise") => Some(branded(qjs::JS_IsPromise)),
            Some("Map") => Some(branded(qjs::JS_IsMap)),
            Some("Set") => Some(branded(qjs::JS_IsSet)),
            Some("Date") => Some(branded(qjs::JS_IsDate)),
            Some("RegExp") => Some(branded(qjs::JS_IsRegExp)),
            Some("Array") => Some(branded(qjs::JS_IsArray)),
            Some(n) if n.ends_with("Error") => Some(branded(qjs::JS_IsError)),
            _ => None,
        }
        .map(|is| is && lineage(ctx, value).iter().any(|l| Some(l.as_str()) == name.as_deref()));
    }
    let Some(prototype) = own_data(ctx, class, "prototype").filter(|p| p.is_object() && !is_proxy(p)) else {
        return Some(false);
    };
    let mut current = value.clone();
    for _ in 0..MAX_LINEAGE {
        if !current.is_object() || is_proxy(&current) {
            return Some(false);
        }
        let Some(proto) = current.as_object().and_then(Object::get_prototype) else { return Some(false) };
        let proto = proto.into_value();
        if proto == prototype {
            return Some(true);
        }
        current = proto;
    }
    Some(false)
}

/// The text a pattern is tried on: a string, or a thrown error's message.
fn tried_text(subject: &str, snapshot: &JsValueSnapshot) -> Option<String> {
    match (subject, snapshot) {
        (_, JsValueSnapshot::String(s)) => Some(s.clone()),
        ("threw" | "rejected", JsValueSnapshot::Error { message, .. }) => Some(message.clone()),
        _ => None,
    }
}

/// Tests the copied `text` with a fresh RegExp of the checker realm made from the copied pattern.
fn pattern_hit<'js>(ctx: &Ctx<'js>, pattern: &JsValueSnapshot, text: &str) -> rquickjs::Result<Option<bool>> {
    let JsValueSnapshot::RegExp { source, flags } = pattern else { return Ok(None) };
    // `g` and `y` make `test` stateful: a match is a match anywhere.
    let flags: String = flags.chars().filter(|f| !matches!(f, 'g' | 'y')).collect();
    let regexp: rquickjs::Constructor = ctx.globals().get("RegExp")?;
    let fresh: Value = regexp.construct((source.as_str(), flags.as_str()))?;
    let prototype: Object = regexp.get("prototype")?;
    let test: Function = prototype.get("test")?;
    Ok(Some(test.call((This(fresh), text))?))
}

/// The spec runtime's factory (its source lives with the spec reader, in src/spec/).
static SPEC_RUNTIME: Compiled = Compiled::new("<grade spec runtime>", crate::spec::RUNTIME);

/// A spec runtime of the checker realm for one check, recording into `recordings`.
pub(super) fn spec_runtime<'js>(ctx: &Ctx<'js>, recordings: &Recordings) -> rquickjs::Result<Value<'js>> {
    let factory: Function = SPEC_RUNTIME.run(ctx)?.get()?;
    factory.call((recorder(ctx, recordings)?,))
}

/// Makes the recorder function: `record(matcher, negated, modifier, line, column, written,
/// subject, actual, ...expected)`.
fn recorder<'js>(ctx: &Ctx<'js>, recordings: &Recordings) -> rquickjs::Result<Function<'js>> {
    let store = recordings.0.clone();
    Function::new(ctx.clone(), move |ctx: Ctx<'js>, args: Rest<Value<'js>>| -> rquickjs::Result<()> {
        let args = args.0;
        let Some(state) = ctx.userdata::<HostState>() else {
            return Err(Exception::throw_internal(&ctx, "the recorder has no host state"));
        };
        let text = |i: usize| args.get(i).and_then(text_of).unwrap_or_default();
        let number = |i: usize| args.get(i).and_then(Value::as_number).unwrap_or(0.0) as u32;
        let undefined = Value::new_undefined(ctx.clone());
        let actual_value = args.get(7).cloned().unwrap_or(undefined);
        let mut copier = CopyOut::new(&ctx, &state.pristine);
        let copy = |copier: &mut CopyOut<'_, 'js>, v: &Value<'js>| RecordedValue {
            value: copier.copy(v),
            lineage: lineage(&ctx, v),
        };
        let actual = copy(&mut copier, &actual_value);
        let expected: Vec<RecordedValue> = args.iter().skip(8).map(|v| copy(&mut copier, v)).collect();
        // The record itself is kept on the host too: a spec looping over a huge result is bounded.
        let cost = copier.cost() + RECORD_OVERHEAD + args.get(5).map_or(0, |_| MAX_WRITTEN);
        drop(copier);
        if !state.budget.charge(cost) {
            return Err(Exception::throw_internal(&ctx, "out of memory: recorded expectations"));
        }
        let first = args.get(8);
        let identical = first.is_some_and(|e| e.is_object() && actual_value.is_object() && *e == actual_value);
        let subject = text(6);
        let hit = match (expected.first(), tried_text(&subject, &actual.value)) {
            (Some(pattern), Some(tried)) => pattern_hit(&ctx, &pattern.value, &tried)?,
            _ => None,
        };
        let negated = args.get(1).and_then(Value::as_bool).unwrap_or(false);
        let inherits = first.and_then(|class| inherits(&ctx, &actual_value, class));
        store.borrow_mut().push(Recorded {
            matcher: text(0),
            negated,
            modifier: text(2),
            line: number(3),
            column: number(4),
            written: text(5),
            subject,
            actual,
            expected,
            identical,
            pattern_hit: hit,
            inherits,
        });
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::sandbox::{Intrinsics, Limits, SubmissionStyle, run_isolated, stack_for};

    /// Loads `source` (its export `make`), runs `code` as spec check code with the check's spec
    /// runtime as `rt`, and returns what its `expect`s recorded.
    fn recorded(source: &'static str, code: &'static str) -> Vec<Recorded> {
        let limits = Limits {
            time: Duration::from_secs(10),
            memory_bytes: 16 << 20,
            stack_bytes: 256 << 10,
            output_bytes: 1024,
            intrinsics: Intrinsics::default(),
        };
        std::thread::Builder::new()
            .stack_size(stack_for(limits.stack_bytes))
            .spawn(move || {
                run_isolated(&limits, |sb| {
                    let exports = sb.load(source, "sub.js", SubmissionStyle::Module).expect("loads");
                    let entries = sb.entries(&["make".to_string()], &exports).expect("runs").expect("defined");
                    let recordings = Recordings::default();
                    let names = ["make".to_string(), "rt".to_string()];
                    sb.start_spec_check(&names, &entries, code, &recordings).expect("the code runs");
                    recordings.take()
                })
                .expect("engine starts")
            })
            .unwrap()
            .join()
            .unwrap()
    }

    #[test]
    fn values_are_copied_when_recorded_not_when_the_test_ends() {
        let records = recorded(
            "export const make = () => [];",
            "const list = make(); list.push(1);\n\
             rt.expectAt(1, 2, 'expect(list)')(list).toEqual([1]);\n\
             list.push(2);",
        );
        let [first] = records.as_slice() else { panic!("one record: {records:?}") };
        assert_eq!(
            first.actual.value,
            JsValueSnapshot::Array(vec![crate::value::Slot::Value(JsValueSnapshot::Number(1.0))])
        );
        assert_eq!((first.line, first.column, first.written.as_str()), (1, 2, "expect(list)"));
        assert_eq!(first.actual.lineage, ["Array", "Object"]);
        assert!(!first.identical);
    }

    #[test]
    fn lineage_identity_and_patterns_are_read_without_running_submission_code() {
        let records = recorded(
            "export class Oops extends RangeError {}\n\
             export const make = () => ({ oops: new Oops('bad day'), proxy: new Proxy({}, { getPrototypeOf: () => Oops.prototype }) });\n\
             RegExp.prototype.test = () => true;",
            "const made = make();\n\
             const expect = rt.expectAt(1, 1, '');\n\
             expect(() => { throw made.oops; }).toThrow(/bad/);\n\
             expect(() => { throw made.oops; }).not.toThrow(/good/);\n\
             expect(() => { throw made.proxy; }).toThrow(/x/);\n\
             expect(made).toBe(made);",
        );
        assert_eq!(records[0].actual.lineage, ["Oops", "RangeError", "Error", "Object"]);
        assert_eq!(records[0].pattern_hit, Some(true));
        assert_eq!(
            (records[1].pattern_hit, records[1].negated, records[1].subject.as_str()),
            (Some(false), true, "threw")
        );
        // A Proxy's prototype trap is never asked.
        assert!(records[2].actual.lineage.is_empty());
        assert!(records[3].identical);
    }
}
