// A correct counter that also keeps a tally in a top-level `var tally` and `var first`: names the
// check code uses, which the leak check used to forgive.
var tally = 0;
var first = true;
function outer() {
  let count = 0;
  return () => {
    tally += 1;
    first = false;
    return ++count;
  };
}
