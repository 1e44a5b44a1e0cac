// A CORRECT counter that also vandalises the built-ins. Grading reads values on the host and the
// helpers were captured before the submission ran, so this passes.
Object.prototype.valueOf = () => 99;
Object.prototype.toString = () => "99";
Array.prototype.map = null;
Array.prototype[Symbol.iterator] = null;
Function.prototype.call = null;
Function.prototype.apply = null;
Function.prototype.toString = () => "function () { [native code] }";
globalThis.JSON = null;
Promise.prototype.then = null;
Object.defineProperty = null;
Object.keys = null;
Object.freeze(Object.prototype);
function outer() {
  let counter = 0;
  return function () {
    counter += 1;
    return counter;
  };
}
