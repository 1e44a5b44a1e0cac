// Wrong: one total for every counter, each counter subtracting where it started; right for one
// counter at a time, wrong for two live side by side. (CommonJS: no global to leak.)
let total = 0;
module.exports = function outer() {
  const start = total;
  return function () {
    total += 1;
    return total - start;
  };
};
