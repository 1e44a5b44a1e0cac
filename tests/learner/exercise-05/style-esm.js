// exercise-05, the reference solution's logic as an ES module (export { ... }).

function makeMultiplier(n) {
  // n is locked in: the arrow function keeps this call's n in its backpack.
  return (x) => x * n;
}

export { makeMultiplier };
