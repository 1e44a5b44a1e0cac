// The `spy` check helper (see host.rs): made once per runtime in the checker realm, before it is
// hardened. The spy keeps its record out of reach: `calls` and `args` are read-only getters that
// hand out copies, made with the engine's own defineProperty and descriptors without a prototype,
// so neither a submission given the spy nor one that rewrote Array.prototype or Object.prototype
// can change what the checks read.
(function () {
  "use strict";
  const define = Object.defineProperty, apply = Reflect.apply;
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
})()
