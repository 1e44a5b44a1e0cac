// A CORRECT counter that declares its own top-level `spy` and `clock`, the names of the checks'
// helpers. The helpers live in the checker realm, so the checks are unaffected and all pass; the
// two names are top-level bindings like any other, which the leak check reports.
let spy = () => "not the real spy";
const clock = { tick() {}, now: () => 42 };
function outer() {
  let counter = 0;
  return () => ++counter;
}
