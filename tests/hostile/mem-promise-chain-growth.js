// An endless chain of promises in which every link waits for the next and carries a payload that
// holds the previous one: both endless and growing, it ends at the memory limit.
function outer() {
  let counter = 0;
  const block = "p".repeat(1 << 16);
  return function () {
    counter++;
    const spin = (held) => Promise.resolve(held).then(() => spin([held, block.repeat(4)]));
    return spin([counter]);
  };
}
