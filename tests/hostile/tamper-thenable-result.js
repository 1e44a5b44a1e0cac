// A wrong counter that returns thenables which "resolve" to the right numbers: only real promises
// are awaited, so these are compared as the plain objects they are.
function outer() {
  let counter = 0;
  return function () {
    const n = ++counter;
    return {
      then(resolve) {
        resolve(n);
      },
    };
  };
}
