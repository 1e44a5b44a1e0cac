// WRONG counter (always 1) that tries to replace the check's `a` and `c` with counters of its
// own through the Function constructor, which compiles at global scope.
function outer() {
  try {
    Function("a = (() => { let n = 2; return () => ++n; })(); c = (() => { let n = 0; return () => ++n; })();")();
  } catch (e) {}
  return () => 1;
}
