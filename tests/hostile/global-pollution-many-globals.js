// A correct counter that also litters the global object with 50,000 globals. Listing and
// comparing them used to take the grader minutes; the leak check names a few and stops.
for (let i = 0; i < 50000; i++) globalThis["g" + i] = i;
function outer() {
  let counter = 0;
  return () => ++counter;
}
