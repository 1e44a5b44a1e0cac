// A wrong counter that returns a promise that never settles, after rewriting Promise.prototype.then,
// Promise.resolve and the promise constructor so that awaiting "resolves" to 1, 2, 3.
let n = 0;
const RealPromise = Promise;
Promise.prototype.then = function (onFulfilled) {
  n += 1;
  if (typeof onFulfilled === "function") onFulfilled(n);
  return this;
};
Promise.prototype.catch = function () {
  return this;
};
Promise.prototype.finally = function () {
  return this;
};
Promise.resolve = (v) => v;
function outer() {
  return () => new RealPromise(() => {});
}
