// WRONG iterator (every step says done) that corrects the step object in a microtask.
function makeIterator(items) {
  let index = 0;
  return {
    next() {
      const step = { value: undefined, done: true };
      if (index < items.length) {
        const value = items[index++];
        queueMicrotask(() => Object.assign(step, { value, done: false }));
      }
      return step;
    },
    [Symbol.iterator]() {
      return this;
    },
  };
}
