// A correct counter whose first call prints 10 MB as 20,000 lines of 500 bytes: cut with a
// marker, normal verdict (pass), and quickly.
function outer() {
  let counter = 0;
  const line = "noise ".repeat(83);
  return function () {
    if (counter === 0) {
      for (let i = 0; i < 20000; i++) console.log(i, line);
    }
    counter += 1;
    return counter;
  };
}
