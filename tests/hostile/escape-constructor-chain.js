// Reaches Function through a constructor chain and tries to read the host environment with it.
const F = (() => {}).constructor.constructor;
const env = F("return globalThis.process.env")();
function outer() {
  let counter = 0;
  return () => env.COUNTER || ++counter;
}
