// exercise-12, the reference solution's logic as an ES module (export { ... }).

function partial(fn, ...preset) {
  // Regular function: its `this` is whatever the caller used, and we pass it on.
  return function (...later) {
    return fn.apply(this, [...preset, ...later]);
  };
}

function curry(fn) {
  const arity = fn.length;

  // Every step gets its own `args` array; nothing is ever mutated, so any
  // intermediate function can be reused as often as you like.
  function collect(args) {
    return function (...more) {
      const all = [...args, ...more];
      return all.length >= arity ? fn.apply(this, all) : collect(all);
    };
  }

  return collect([]);
}

export { partial, curry };
