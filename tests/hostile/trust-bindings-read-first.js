// WRONG counter (always 1) that reads the check's own `first` binding to answer `first + 1`: in
// one shared realm, check code's top-level `const first` was a global lexical binding any
// function of the submission could read by name.
function outer() {
  return function () {
    try {
      return typeof first === "number" ? first + 1 : 1;
    } catch (e) {
      return 1;
    }
  };
}
