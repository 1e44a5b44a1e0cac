// after — the count of calls so far lives in the returned function's backpack (ES module).

export function after(n, fn) {
  let calls = 0;
  return function (...args) {
    calls += 1;
    return calls >= n ? fn.apply(this, args) : undefined;
  };
}
