// memoize-limit — a bounded cache: the backpack keeps at most `limit` answers alive (ES module).

export function memoizeLast(fn, limit) {
  const cache = new Map(); // insertion order = least recently used first

  function remembered(arg) {
    if (cache.has(arg)) {
      const value = cache.get(arg);
      cache.delete(arg); // move to the end: the most recently used
      cache.set(arg, value);
      return value;
    }
    const value = fn(arg);
    cache.set(arg, value);
    if (cache.size > limit) {
      cache.delete(cache.keys().next().value); // forget the least recently used
    }
    return value;
  }

  remembered.size = () => cache.size;
  return remembered;
}
