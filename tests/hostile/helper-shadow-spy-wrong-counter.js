// A WRONG counter (always 1) that also takes the helper names spy and clock as non-configurable
// globals and tampers with them as getters.
Object.defineProperty(globalThis, "spy", { get: () => () => 1, configurable: false });
Object.defineProperty(globalThis, "clock", { value: { tick: () => 0, now: () => 0 }, writable: false, configurable: false });
function outer() {
  return () => 1;
}
