// Found by the red-team pass: a module whose pending() returns one Set of 10,000 numbers
// referenced 9,999 times. Every entry counts toward the copy's size bound now (it used to copy the
// whole Set again for every reference: a 43 MB report from a tiny heap).
var tasks = (function () {
  const set = new Set();
  for (let i = 0; i < 10000; i++) set.add(i);
  const big = new Array(1500).fill(set);
  let n = 0;
  return {
    add() { return ++n; },
    complete() { return false; },
    pending() { return big; },
    count() { return n; },
  };
})();
