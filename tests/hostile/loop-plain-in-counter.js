// Endless loop: the counter never returns.
function outer() {
  let counter = 0;
  return function () {
    while (true) {
      counter++;
    }
  };
}
