// A counter kept in a typed array, on an exercise that leaves the typed arrays out: every call
// throws a ReferenceError, and the learner is told which built-in is missing and which key an
// exercise uses to ask for it (rather than a bare "Uint8Array is not defined").
function outer() {
  const counter = new Uint8Array(1);
  return function () {
    counter[0] += 1;
    return counter[0];
  };
}
