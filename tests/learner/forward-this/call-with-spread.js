// Correct: fn.call(this, ...args) in a function expression (CommonJS).
module.exports = function logged(fn) {
  return function wrapper(...args) {
    console.log("calling with " + args.join(", "));
    return fn.call(this, ...args);
  };
};
