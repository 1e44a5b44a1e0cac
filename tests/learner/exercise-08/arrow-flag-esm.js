// Correct: a done flag and the result, with a normal function for `this` (ES module, default).
export default function once(fn) {
  let done = false;
  let result;
  return function (...args) {
    if (done) return result;
    done = true;
    result = fn.call(this, ...args);
    return result;
  };
}
