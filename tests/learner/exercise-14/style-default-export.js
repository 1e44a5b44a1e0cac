// exercise-14, the reference solution's logic as an ES module with a default export.

function makeCachedLoader(loader) {
  const cache = new Map(); // key -> promise, private to this loader

  return function load(key) {
    if (!cache.has(key)) {
      // `new Promise(...)` also turns a loader that throws synchronously into a rejection.
      const promise = new Promise((resolve) => resolve(loader(key)));
      // Cache the promise immediately, before it settles: a second call that arrives
      // while the first request is still running gets the very same promise.
      cache.set(key, promise);
      // Forget failures so the next call can retry. This handler only cleans up;
      // callers still see the rejection through `promise`.
      promise.catch(() => {
        if (cache.get(key) === promise) cache.delete(key);
      });
    }
    return cache.get(key);
  };
}

export default makeCachedLoader;
