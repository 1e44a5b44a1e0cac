// WRONG take (returns an empty array) that fills the array in a microtask, after the check's
// expression has finished but before the grader used to copy the result out.
export function* fibonacci() {
  let [a, b] = [0, 1];
  while (true) {
    yield a;
    [a, b] = [b, a + b];
  }
}
export function take(iterable, n) {
  const out = [];
  const it = iterable[Symbol.iterator]();
  queueMicrotask(() => {
    while (out.length < n) {
      const step = it.next();
      if (step.done) break;
      out.push(step.value);
    }
  });
  return out;
}
