// Endless loop at top level: the file never finishes loading.
function outer() {
  let counter = 0;
  return () => ++counter;
}
for (;;) {}
