// after, the reference solution's logic as an ES module with a default export.

function after(n, fn) {
  let calls = 0;
  return function (...args) {
    calls += 1;
    return calls >= n ? fn.apply(this, args) : undefined;
  };
}

export default after;
