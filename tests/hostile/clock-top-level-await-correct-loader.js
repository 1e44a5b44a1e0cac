// A CORRECT loader as an ES module that waits 5 ms on a timer at top level before exporting:
// every check's virtual clock still starts at 0 (it used to read 5 ms ahead, failing the check
// that measures elapsed time).
await new Promise((resolve) => setTimeout(resolve, 5));

export function makeCachedLoader(loader) {
  const cache = new Map();
  return function load(key) {
    if (!cache.has(key)) {
      const promise = new Promise((resolve) => resolve(loader(key)));
      cache.set(key, promise);
      promise.catch(() => {
        if (cache.get(key) === promise) cache.delete(key);
      });
    }
    return cache.get(key);
  };
}
