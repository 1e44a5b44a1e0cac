// delay, the reference solution's logic as an ES module with a default export.

function delay(fn, ms) {
  return function (...args) {
    const timer = setTimeout(() => fn(...args), ms);
    return () => clearTimeout(timer);
  };
}

export default delay;
