// A correct counter that prints 100 MB on every call: the output is cut at the limit with a
// marker, the grading ends quickly and the verdict is the normal one (pass).
function outer() {
  let counter = 0;
  const chunk = "spam ".repeat(200 * 1024); // 1 MB
  return function () {
    for (let i = 0; i < 100; i++) console.log(chunk);
    counter += 1;
    return counter;
  };
}
