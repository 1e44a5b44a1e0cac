// A CORRECT counter that hides its state in an enumerable-free way but also adds many harmless
// globals: the leak check names them.
function outer() {
  let counter = 0;
  return () => ++counter;
}
globalThis.helper1 = 1;
globalThis.helper2 = 2;
