// exercise-09, the reference solution's logic as a plain script.

function memoize(fn) {
  // One cache per call of memoize: each memoized function gets its own.
  // A Map keeps keys as they are (1 and "1" stay different).
  const cache = new Map();

  return function (arg) {
    // Ask whether the key is known, not whether the stored value is truthy:
    // 0 and undefined are perfectly good answers to remember.
    if (!cache.has(arg)) {
      cache.set(arg, fn(arg));
    }
    return cache.get(arg);
  };
}
