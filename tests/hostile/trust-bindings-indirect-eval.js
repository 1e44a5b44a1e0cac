// WRONG counter (always 1) that looks up the check's counters by name with an indirect eval and
// answers one more than they last did.
const seen = new Map();
function outer() {
  return function () {
    for (const name of ["tally", "c", "a", "b"]) {
      try {
        const other = (0, eval)(name);
        if (typeof other === "function" && other !== this) {
          seen.set(name, (seen.get(name) || 0) + 1);
          return seen.get(name);
        }
      } catch (e) {}
    }
    return 1;
  };
}
