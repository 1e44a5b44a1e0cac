// Wrong: remembers the `this` of the first call forever.
function logInOrder(items, gap) {
  items.forEach((item, i) => setTimeout(() => console.log(`${i + 1}: ${item}`), (i + 1) * gap));
}

function debounce(fn, wait) {
  let timer;
  let self;
  return function (...args) {
    if (self === undefined) self = this;
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(self, args), wait);
  };
}
