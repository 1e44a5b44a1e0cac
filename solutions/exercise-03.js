// Exercise 03 — a counter that remembers between calls (script style).

function outer() {
  let counter = 0; // born once per call of outer, kept alive by the function below

  return function incrementCounter() {
    counter += 1;
    return counter;
  };
}
