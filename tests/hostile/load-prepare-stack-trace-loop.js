// Error.prepareStackTrace that never ends, then a top-level throw: building the stack trace runs
// the submission's own code.
Error.prepareStackTrace = () => {
  for (;;) {}
};
function outer() {
  let counter = 0;
  return () => ++counter;
}
throw new Error("boom");
