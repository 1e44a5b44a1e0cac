// exercise-13, the reference solution's logic as CommonJS (module.exports = { ... }).

function logInOrder(items, gap) {
  // `let` creates a new `i` for every turn of the loop, so each callback
  // remembers its own index. With `var` they would all share one `i`.
  for (let i = 0; i < items.length; i++) {
    setTimeout(() => {
      console.log(`${i + 1}: ${items[i]}`);
    }, (i + 1) * gap);
  }
}

function debounce(fn, wait) {
  let timer; // one pending timer per debounced function

  return function (...args) {
    clearTimeout(timer); // cancel the previous plan...
    // ...and make a new one. The arrow keeps this call's `this` and args.
    timer = setTimeout(() => {
      timer = undefined;
      fn.apply(this, args);
    }, wait);
  };
}

module.exports = { logInOrder, debounce };
