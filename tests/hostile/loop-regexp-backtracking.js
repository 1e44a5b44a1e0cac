// Catastrophic regular-expression backtracking inside the counter.
function outer() {
  let counter = 0;
  return function () {
    counter++;
    return /^(a+)+$/.test("a".repeat(40) + "b") ? -1 : counter;
  };
}
