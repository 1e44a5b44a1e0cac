// Exercise 04 — every call of the factory makes a new, independent backpack (CommonJS).

function makeCounter(step = 1) {
  // `total` and `step` belong to this particular call of makeCounter; a second call
  // creates a second, unrelated pair.
  let total = 0;
  return function counter() {
    total += step;
    return total;
  };
}

module.exports = makeCounter;
