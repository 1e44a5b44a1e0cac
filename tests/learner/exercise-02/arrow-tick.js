// Correct: an arrow tick with a default parameter (CommonJS).
module.exports = function countCalls(task) {
  let count = 0;
  const tick = (step = 1) => (count += step);
  task(tick);
  return count;
};
