// Does not parse: a missing closing brace.
function outer() {
  let counter = 0;
  return function () {
    return ++counter;
  ;
}
