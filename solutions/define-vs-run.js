// define-vs-run — the answers, each with why.

const predictions = [
  // 1. printX was written at the top level, so it sees the top-level x, whoever calls it.
  "outside",
  // 2. a was called three times and b twice: each call of makeCounter made its own count.
  [3, 2],
  // 3. inner sees outer's `secret` (nearer than the global), as it is when inner runs: 4.
  40,
  // 4. say keeps the variable greeting, not the value it held when say was made.
  ["goodbye", "goodbye"],
  // 5. one `var i` for the whole loop; by the time the functions run it is 3.
  [3, 3, 3],
];
