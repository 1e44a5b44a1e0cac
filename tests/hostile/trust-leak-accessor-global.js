// A correct counter whose shared state hides behind a non-enumerable accessor on the global
// object.
let hidden = 0;
Object.defineProperty(globalThis, "total", { get: () => hidden, set: (v) => { hidden = v; }, enumerable: false });
function outer() {
  let count = 0;
  return () => {
    globalThis.total += 1;
    return ++count;
  };
}
