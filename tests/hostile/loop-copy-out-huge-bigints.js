// Found by the red-team pass: 10,000 references to one BigInt of a million bits, which copy-out
// used to turn into decimal text 10,000 times (seconds each, in native code): graded in-process,
// it hung the grader. A BigInt of more than 400 digits is named now, not converted.
var tasks = (function () {
  const big = 1n << 1048000n;
  const many = new Array(10000).fill(big);
  let n = 0;
  return {
    add() { return ++n; },
    complete() { return false; },
    pending() { return many; },
    count() { return n; },
  };
})();
