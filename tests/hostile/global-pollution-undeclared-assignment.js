// A counter that counts right but also assigns to an undeclared name, which (as in Node) makes a
// global: the counting checks pass and the leak check names it.
function outer() {
  let counter = 0;
  return function () {
    counter += 1;
    lastCount = counter;
    return counter;
  };
}
