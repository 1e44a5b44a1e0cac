// WRONG counter that loops over async functions that never end, catching what escapes: each
// async function turns the interrupt into a rejected promise and returns. In-process.
function outer() {
  return function () {
    for (;;) {
      try {
        (async () => { for (;;) {} })();
      } catch (e) {}
    }
  };
}
