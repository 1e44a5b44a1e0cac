// Correct: arrows throughout, ES module.
export const delay = (fn, ms) => (...args) => {
  const id = setTimeout(fn, ms, ...args);
  return () => clearTimeout(id);
};
