// Counts with BigInts: 1n is not the number 1.
function outer() {
  let counter = 0n;
  return () => ++counter;
}
