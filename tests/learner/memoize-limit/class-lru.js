// Correct: the cache is a small LRU class kept in the backpack (CommonJS).
class Lru {
  #map = new Map();
  constructor(limit) {
    this.limit = limit;
  }
  get size() {
    return this.#map.size;
  }
  has(key) {
    return this.#map.has(key);
  }
  touch(key) {
    const value = this.#map.get(key);
    this.#map.delete(key);
    this.#map.set(key, value);
    return value;
  }
  put(key, value) {
    this.#map.set(key, value);
    while (this.#map.size > this.limit) this.#map.delete(this.#map.keys().next().value);
    return value;
  }
}
module.exports = function memoizeLast(fn, limit) {
  const cache = new Lru(limit);
  const remembered = (arg) => (cache.has(arg) ? cache.touch(arg) : cache.put(arg, fn(arg)));
  remembered.size = () => cache.size;
  return remembered;
};
