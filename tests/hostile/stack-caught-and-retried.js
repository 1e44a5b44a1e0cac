// Recursion that catches its own stack overflow and dives again, forever.
function outer() {
  function dive() {
    try {
      dive();
    } catch (e) {
      dive();
    }
  }
  return () => dive();
}
