// exercise-04, the reference solution's logic as an ES module (export { ... }).

function makeCounter(step = 1) {
  // `total` and `step` belong to this particular call of makeCounter; a second call
  // creates a second, unrelated pair.
  let total = 0;
  return function counter() {
    total += step;
    return total;
  };
}

export { makeCounter };
