// Memory bomb: an array that grows forever, each element a fresh 256 KB string.
function outer() {
  const block = "a".repeat(1 << 16);
  const hoard = [];
  return function () {
    for (;;) hoard.push(block.repeat(4) + hoard.length);
  };
}
