// Hardening the checker realm (see checker.rs), once per runtime, after the host installed its
// globals and the check helpers, before any submission exists. After it, everything reachable
// from the checker realm's global object and its hidden intrinsics is frozen, and no function of
// this realm can make new functions from text.
(function () {
  "use strict";
  const { freeze, getOwnPropertyDescriptors, getPrototypeOf, defineProperty } = Object;
  const ownKeys = Reflect.ownKeys;
  // Every kind of function's `.constructor` would compile code at this realm's global scope,
  // where a submission holding any checker function could then declare global bindings.
  function refuse() {
    throw new TypeError("functions cannot be made from text here");
  }
  const kinds = [function () {}, function* () {}, async function () {}, async function* () {}];
  for (const kind of kinds) {
    defineProperty(getPrototypeOf(kind), "constructor", { value: refuse, writable: false, enumerable: false, configurable: false });
  }
  // Intrinsics that no global names, reached by walking from values of each kind.
  const hidden = [
    ...kinds.map(getPrototypeOf),
    getPrototypeOf(kinds[1].prototype),
    getPrototypeOf(kinds[3].prototype),
    getPrototypeOf(getPrototypeOf(kinds[3].prototype)),
    getPrototypeOf([][Symbol.iterator]()),
    getPrototypeOf(new Map()[Symbol.iterator]()),
    getPrototypeOf(new Set()[Symbol.iterator]()),
    getPrototypeOf(""[Symbol.iterator]()),
    getPrototypeOf("a".matchAll(/a/g)),
    typeof Int8Array === "function" ? getPrototypeOf(Int8Array) : null,
    // Iterator helpers: their results' prototypes are named by no global.
    typeof Iterator === "function" ? getPrototypeOf([].values().map((x) => x)) : null,
    typeof Iterator === "function" ? getPrototypeOf(Iterator.from({ next: () => ({ done: true }) })) : null,
    typeof Iterator === "function" && typeof Iterator.concat === "function" ? getPrototypeOf(Iterator.concat([])) : null,
    typeof Iterator === "function" && typeof Iterator.zip === "function" ? getPrototypeOf(Iterator.zip([[1]])) : null,
  ];
  const todo = [globalThis, ...hidden];
  const seen = new Set();
  while (todo.length > 0) {
    const value = todo.pop();
    if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) continue;
    seen.add(value);
    freeze(value);
    todo.push(getPrototypeOf(value));
    const descriptors = getOwnPropertyDescriptors(value);
    for (const key of ownKeys(descriptors)) {
      const d = descriptors[key];
      if ("value" in d) todo.push(d.value);
      else todo.push(d.get, d.set);
    }
  }
  return seen.size;
})()
