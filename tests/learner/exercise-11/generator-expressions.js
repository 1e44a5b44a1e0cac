// Correct: the generator as a function expression and take with for...of (CommonJS).
const fibonacci = function* () {
  for (let [a, b] = [0, 1]; ; [a, b] = [b, a + b]) yield a;
};
function take(iterable, n) {
  const out = [];
  if (n <= 0) return out;
  for (const value of iterable) {
    out.push(value);
    if (out.length >= n) break;
  }
  return out;
}
module.exports = { fibonacci, take };
