// exercise-05, the reference solution's logic as a plain script.

function makeMultiplier(n) {
  // n is locked in: the arrow function keeps this call's n in its backpack.
  return (x) => x * n;
}
