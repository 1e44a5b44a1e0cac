// Pollutes the global object with non-configurable names the checks declare (tally, c, a, b,
// first), hoping a check's `const tally = outer()` binds to a fake. Check code declares them in
// a function of the checker realm, which never sees this global object: the wrong counter fails.
const fake = () => 1;
for (const name of ["tally", "c", "a", "b", "first", "counter"]) {
  Object.defineProperty(globalThis, name, { value: fake, writable: false, configurable: false });
}
function outer() {
  return () => 0;
}
