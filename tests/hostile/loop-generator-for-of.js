// The counter drives an endless generator with for..of and waits for a value that never comes.
function* naturals() {
  let n = 0;
  for (;;) yield n++;
}
function outer() {
  let counter = 0;
  return function () {
    counter++;
    for (const n of naturals()) {
      if (n < 0) return counter;
    }
  };
}
