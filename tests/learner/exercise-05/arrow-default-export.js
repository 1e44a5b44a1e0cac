// Correct: a curried arrow, default export.
const makeMultiplier = (n) => (x) => n * x;
export default makeMultiplier;
