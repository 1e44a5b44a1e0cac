// Throws null at top level.
function outer() {
  let counter = 0;
  return () => ++counter;
}
throw null;
