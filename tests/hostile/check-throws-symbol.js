// The counter throws a Symbol, which cannot be turned into a string by the usual means.
function outer() {
  return () => {
    throw Symbol("counter");
  };
}
