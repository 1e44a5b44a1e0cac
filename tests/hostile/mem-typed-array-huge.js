// Memory bomb: one typed array far bigger than the limit.
function outer() {
  let counter = 0;
  return function () {
    const big = new Uint8Array(200 * 1024 * 1024);
    big[0] = ++counter;
    return big[0];
  };
}
