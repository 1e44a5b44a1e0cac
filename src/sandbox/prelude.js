// The host prelude: run once per context before the submission (see host.rs).
(function (now, require) {
  "use strict";
  const RealDate = globalThis.Date, construct = Reflect.construct, define = Object.defineProperty;
  const resolved = Promise.resolve(), then = Promise.prototype.then, apply = Reflect.apply;
  function Date(...args) {
    if (new.target === undefined) return apply(RealDate.prototype.toString, construct(RealDate, [now()]), []);
    return construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  }
  define(Date, "prototype", { value: RealDate.prototype });
  define(RealDate.prototype, "constructor", { value: Date, writable: true, configurable: true });
  Date.now = now; Date.UTC = RealDate.UTC; Date.parse = RealDate.parse;
  const hidden = (value) => ({ value, writable: true, configurable: true });
  // The engine's V8-style stack hooks write into the realm itself: `prepareStackTrace` would hand
  // its function the live functions on the stack (the checker realm's among them), and the
  // `stackTraceLimit` setter keeps what it is given past the realm's end. Plain data properties
  // in their place: code may still assign them, and the engine never reads them.
  define(Error, "prepareStackTrace", { value: undefined, writable: true, enumerable: false, configurable: false });
  define(Error, "stackTraceLimit", { value: 10, writable: true, enumerable: false, configurable: false });
  for (const name of ["console", "setTimeout", "setInterval", "clearTimeout", "clearInterval"]) {
    define(globalThis, name, { enumerable: false });
  }
  define(globalThis, "Date", hidden(Date));
  define(globalThis, "performance", hidden({ now }));
  define(globalThis, "require", hidden(require));
  define(globalThis, "queueMicrotask", hidden(function queueMicrotask(fn) {
    if (typeof fn !== "function") throw new TypeError("queueMicrotask needs a function");
    apply(then, resolved, [() => fn()]);
  }));
  // The spy keeps its record out of reach: `calls` and `args` are read-only getters that hand
  // out copies, made with the engine's own defineProperty and descriptors without a prototype,
  // so neither a submission given the spy nor one that rewrote Array.prototype or
  // Object.prototype can change what the checks read.
  const SpyError = TypeError;
  const copyList = (list) => {
    const out = [];
    for (let i = 0; i < list.length; i++) {
      define(out, i, { __proto__: null, value: list[i], writable: true, enumerable: true, configurable: true });
    }
    return out;
  };
  return function spy(fn) {
    if (fn === undefined) fn = function () {};
    if (typeof fn !== "function") throw new SpyError("spy(fn) needs a function");
    const record = [];
    let count = 0;
    const wrapper = function (...args) {
      define(record, count, { __proto__: null, value: copyList(args), writable: false, enumerable: true, configurable: false });
      count += 1;
      return apply(fn, this, args);
    };
    const argsCopy = () => {
      const out = [];
      for (let i = 0; i < count; i++) {
        define(out, i, { __proto__: null, value: copyList(record[i]), writable: true, enumerable: true, configurable: true });
      }
      return out;
    };
    define(wrapper, "calls", { __proto__: null, get: () => count, set: undefined, enumerable: true, configurable: false });
    define(wrapper, "args", { __proto__: null, get: argsCopy, set: undefined, enumerable: true, configurable: false });
    return wrapper;
  };
})
