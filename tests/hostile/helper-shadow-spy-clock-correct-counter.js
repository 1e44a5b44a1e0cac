// A CORRECT counter that declares its own top-level `spy` and `clock`, the names of the checks'
// helpers. This exercise's checks use neither, so it passes (the leak check does not count the
// helper names); a check that used them would refuse to run with a clear message.
let spy = () => "not the real spy";
const clock = { tick() {}, now: () => 42 };
function outer() {
  let counter = 0;
  return () => ++counter;
}
