// exercise-08, the reference solution's logic as a plain script.

function once(fn) {
  // A separate flag: a first result of 0, "" or undefined still counts as "already ran".
  let called = false;
  let result;

  // A regular function (not an arrow) so it receives the caller's `this`...
  return function (...args) {
    if (!called) {
      called = true;
      // ...and hands it on, together with every argument.
      result = fn.apply(this, args);
    }
    return result;
  };
}
