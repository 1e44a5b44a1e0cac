// Correct: partial and curry as normal functions (for `this`), their helpers arrows (ES module).
export function partial(fn, ...preset) {
  return function (...later) {
    return fn.call(this, ...preset, ...later);
  };
}
export function curry(fn) {
  const collect = (args) =>
    function (...more) {
      const all = args.concat(more);
      return all.length >= fn.length ? fn.apply(this, all) : collect(all);
    };
  return collect([]);
}
