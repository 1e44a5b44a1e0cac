// Memory bomb: many typed arrays of 1 MB each, all kept alive.
function outer() {
  const kept = [];
  return function () {
    for (;;) kept.push(new Uint8Array(1024 * 1024));
  };
}
