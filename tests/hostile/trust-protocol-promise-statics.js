// WRONG loader (no cache) that replaces Promise.all, Promise.resolve and Promise.prototype.then,
// which check code's `await` and `Promise.all` reach without naming them.
export function makeCachedLoader(loader) {
  return (key) => loader(key);
}
const then = Promise.prototype.then;
Promise.all = () => new Promise((resolve) => resolve(["A", "A"]));
Promise.resolve = (v) => new Promise((resolve) => resolve(v));
Promise.prototype.then = function (ok, bad) {
  return then.call(this, (v) => (ok ? ok(v) : v), bad);
};
