// Memory bomb: a Map that grows forever, keyed by fresh objects, each holding a 256 KB string.
function outer() {
  const seen = new Map();
  const block = "v".repeat(1 << 16);
  let counter = 0;
  return function () {
    for (;;) seen.set({ n: counter }, block.repeat(4) + counter++);
  };
}
