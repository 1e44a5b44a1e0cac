// An endless loop whose try/catch/finally tries to swallow the interrupt and loop again.
function outer() {
  let counter = 0;
  return function () {
    for (;;) {
      try {
        for (;;) {}
      } catch (e) {
        counter++;
      } finally {
        for (;;) {}
      }
    }
  };
}
