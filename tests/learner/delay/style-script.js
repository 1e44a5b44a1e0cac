// delay, the reference solution's logic as a plain script.

function delay(fn, ms) {
  return function (...args) {
    const timer = setTimeout(() => fn(...args), ms);
    return () => clearTimeout(timer);
  };
}
