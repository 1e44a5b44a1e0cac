// Memory bomb: one object that gains a new key forever, each holding a fresh 256 KB string.
function outer() {
  const keys = {};
  const block = "k".repeat(1 << 16);
  let counter = 0;
  return function () {
    for (;;) keys["key" + counter] = block.repeat(4) + counter++;
  };
}
