// WRONG loader (no cache: the loader runs on every call) that makes every object a thenable,
// hoping the array an async check returns is awaited through its `then` and comes out as the
// expected [values, 1].
export function makeCachedLoader(loader) {
  return (key) => loader(key);
}
Object.defineProperty(Object.prototype, "then", {
  configurable: true,
  get() {
    if (Array.isArray(this) && this.length === 2 && Array.isArray(this[0]) && typeof this[1] === "number") {
      const values = this[0];
      return (resolve) => resolve([values, 1]);
    }
    return undefined;
  },
});
