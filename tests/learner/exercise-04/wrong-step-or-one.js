// Wrong: `step || 1` turns a step of 0 into 1.
function makeCounter(step) {
  step = step || 1;
  let total = 0;
  return () => (total += step);
}
module.exports = makeCounter;
