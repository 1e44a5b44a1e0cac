// live-variables, the reference solution's logic as CommonJS (module.exports = { ... }).

function makeThermostat(start) {
  let target = start;
  const seen = [start];
  return {
    set(degrees) {
      target = degrees;
      seen.push(degrees);
    },
    // The returned arrow reads `target` each time it runs: it holds the variable, not a value.
    reader() {
      return () => target;
    },
    history() {
      return [...seen];
    },
  };
}

module.exports = { makeThermostat };
