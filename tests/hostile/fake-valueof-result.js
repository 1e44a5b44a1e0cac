// Returns objects whose valueOf, toString, toJSON and Symbol.toPrimitive all pretend to be the
// right number. Only a real number 1, 2, 3 passes.
function outer() {
  let counter = 0;
  return function () {
    const n = ++counter;
    return {
      valueOf: () => n,
      toString: () => String(n),
      toJSON: () => n,
      [Symbol.toPrimitive]: () => n,
    };
  };
}
