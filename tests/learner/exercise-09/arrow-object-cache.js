// Correct: an arrow and a Map keyed by the argument itself (CommonJS).
module.exports = (fn) => {
  const cache = new Map();
  return (arg) => (cache.has(arg) ? cache.get(arg) : (cache.set(arg, fn(arg)), cache.get(arg)));
};
