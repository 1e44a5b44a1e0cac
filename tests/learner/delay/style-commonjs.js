// delay, the reference solution's logic as CommonJS (module.exports = { ... }).

function delay(fn, ms) {
  return function (...args) {
    const timer = setTimeout(() => fn(...args), ms);
    return () => clearTimeout(timer);
  };
}

module.exports = { delay };
