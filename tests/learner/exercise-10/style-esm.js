// exercise-10, the reference solution's logic as an ES module (export { ... }).

function makeIterator(items) {
  let index = 0; // the iterator's place, private to this iterator

  function next() {
    if (index >= items.length) {
      return { value: undefined, done: true };
    }
    return { value: items[index++], done: false };
  }

  return {
    next, // uses the closure, not `this`, so it still works when detached
    [Symbol.iterator]() {
      return this; // lets for...of and spread use the iterator directly
    },
  };
}

export { makeIterator };
