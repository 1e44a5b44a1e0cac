// Memory bomb: a flat string that doubles in size on every step.
function outer() {
  let s = "counter";
  return function () {
    for (;;) s = s.repeat(2);
  };
}
