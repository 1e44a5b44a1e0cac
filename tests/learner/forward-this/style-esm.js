// forward-this, the reference solution's logic as an ES module (export { ... }).

function logged(fn) {
  // A normal function, so it receives the `this` of each call (box.grow(2): this === box).
  return function (...args) {
    console.log(`calling with ${args.join(", ")}`);
    return fn.apply(this, args);
  };
}

export { logged };
