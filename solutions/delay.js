// delay — each call keeps its own arguments and timer in the timer callback's backpack.

function delay(fn, ms) {
  return function (...args) {
    const timer = setTimeout(() => fn(...args), ms);
    return () => clearTimeout(timer);
  };
}

module.exports = delay;
