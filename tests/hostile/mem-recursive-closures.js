// Memory bomb: recursion that builds a closure per level and keeps every one alive, each next to
// a fresh 256 KB string; each level returns before recursing again, so the stack stays shallow
// while the heap grows.
function outer() {
  let counter = 0;
  const block = "c".repeat(1 << 16);
  function build(level, keep) {
    const step = () => level + keep.length;
    keep.push(step, block.repeat(4) + level);
    return () => build(level + 1, keep);
  }
  return function () {
    counter++;
    let next = build(0, []);
    for (;;) next = next();
  };
}
