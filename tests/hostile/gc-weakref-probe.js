// Cross-student dependence: a WeakRef shows when the collector ran, and when it runs depends on
// how much the worker's runtime already holds, that is on who was graded before. The counter is
// right only when the probe counts past a threshold. WeakRef and FinalizationRegistry are left
// out of a realm unless the exercise asks for them (intrinsics = ["weak-refs"]), so the probe
// cannot run and the counter is graded on what it does.
function probe() {
  let target = {};
  target.self = target;
  const ref = new WeakRef(target);
  target = null;
  let n = 0;
  while (ref.deref() !== undefined && n < 200000) {
    const a = {};
    a.b = { a };
    n++;
  }
  return n;
}
const roomy = probe() > 1000;
module.exports = function outer() {
  let count = 0;
  return function () {
    count += 1;
    return roomy ? count : 1;
  };
};
