// exercise-11, the reference solution's logic as an ES module (export { ... }).

function* fibonacci() {
  // Local to each call: every generator object has its own paused a and b.
  let a = 0;
  let b = 1;
  while (true) {
    yield a; // pauses here until the next next()
    [a, b] = [b, a + b];
  }
}

function take(iterable, n) {
  const it = iterable[Symbol.iterator]();
  const out = [];
  // Ask for a value only while we still need one: never pulls more than n.
  while (out.length < n) {
    const step = it.next();
    if (step.done) break;
    out.push(step.value);
  }
  return out;
}

export { fibonacci, take };
