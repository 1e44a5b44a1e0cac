// WRONG counter whose counting runs Promise executors that never end, in a loop: the executor
// turns the engine's interrupt into a rejection and the loop goes on. Graded in-process
// (--no-isolation), where no watchdog would end it.
function outer() {
  return function () {
    for (;;) new Promise(() => { for (;;) {} });
  };
}
