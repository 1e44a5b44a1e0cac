// WRONG iterator: its position is a public property, `index`. It hands the check's
// `Object.keys(iter).filter(...)` an empty array of its own through Array[Symbol.species], so the
// check that no state is public would find none.
function makeIterator(items) {
  const iter = {
    index: 0,
    next() {
      return iter.index < items.length ? { value: items[iter.index++], done: false } : { value: undefined, done: true };
    },
    [Symbol.iterator]() {
      return iter;
    },
  };
  return iter;
}
Object.defineProperty(Array, Symbol.species, {
  configurable: true,
  get: () => function () { return new Proxy([], { defineProperty: () => true, set: () => true }); },
});
