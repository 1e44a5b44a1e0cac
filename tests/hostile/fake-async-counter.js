// An async counter: each call returns a promise of the next number. Results are awaited, so the
// calls compare equal, but `c() - first` subtracts two promises and gives NaN.
function outer() {
  let counter = 0;
  return async function () {
    counter += 1;
    return counter;
  };
}
