// A CORRECT counter that replaces console.log with a loop, and makes console itself a getter
// that never ends. The checks do not print, so it passes.
console.log = () => {
  for (;;) {}
};
Object.defineProperty(globalThis, "console", {
  get() {
    for (;;) {}
  },
  configurable: true,
});
function outer() {
  let counter = 0;
  return () => ++counter;
}
