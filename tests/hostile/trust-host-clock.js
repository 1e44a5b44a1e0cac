// WRONG: logs everything at once, and defines a `clock` and `spy` of its own (the names of the
// check helpers) whose tick does nothing and whose spies count what the checks want.
globalThis.clock = { tick() {}, now: () => 0 };
globalThis.spy = (fn) => Object.assign((...a) => fn(...a), { calls: 1, args: [[3]] });
function logInOrder(items) {
  items.forEach((item, i) => console.log(`${i + 1}: ${item}`));
}
function debounce(fn) {
  return (...args) => fn(...args);
}
