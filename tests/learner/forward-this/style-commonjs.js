// forward-this, the reference solution's logic as CommonJS (module.exports = { ... }).

function logged(fn) {
  // A normal function, so it receives the `this` of each call (box.grow(2): this === box).
  return function (...args) {
    console.log(`calling with ${args.join(", ")}`);
    return fn.apply(this, args);
  };
}

module.exports = { logged };
