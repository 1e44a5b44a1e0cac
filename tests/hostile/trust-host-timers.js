// WRONG debounce (calls fn at once, every time) that replaces setTimeout, clearTimeout and
// queueMicrotask, hoping the timers check code sets run on its own schedule.
setTimeout = (fn) => 0;
clearTimeout = () => {};
queueMicrotask = () => {};
globalThis.setInterval = () => 0;
function logInOrder(items, gap) {
  for (let i = 0; i < items.length; i++) {
    setTimeout(() => console.log(`${i + 1}: ${items[i]}`), (i + 1) * gap);
  }
}
function debounce(fn, wait) {
  return function (...args) {
    return fn.apply(this, args);
  };
}
