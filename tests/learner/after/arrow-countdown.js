// Correct: counting down instead of up, arrow functions.
const after = (n, fn) => {
  let left = n;
  return (...args) => (--left <= 0 ? fn(...args) : undefined);
};
module.exports = after;
