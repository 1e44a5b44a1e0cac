// `s += s` forever: the engine builds ropes, so this ends at the engine's maximum string length
// (an error the submission threw) rather than at the memory limit.
function outer() {
  let s = "counter";
  return function () {
    for (;;) s += s;
  };
}
