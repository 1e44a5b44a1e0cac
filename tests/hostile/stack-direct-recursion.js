// Stack overflow: a counter that calls itself forever.
function outer() {
  let counter = 0;
  return function next() {
    counter++;
    return next() + 1;
  };
}
