// exercise-03, the reference solution's logic as an ES module with a default export.

function outer() {
  let counter = 0; // born once per call of outer, kept alive by the function below

  return function incrementCounter() {
    counter += 1;
    return counter;
  };
}

export default outer;
