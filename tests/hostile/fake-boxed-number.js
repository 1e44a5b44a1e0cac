// Returns Number objects (new Number(1)) instead of numbers.
function outer() {
  let counter = 0;
  return function () {
    return new Number(++counter);
  };
}
