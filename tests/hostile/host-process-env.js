// Reads process.env at top level, as a Node program would.
const home = process.env.HOME;
function outer() {
  let counter = 0;
  return () => ++counter;
}
