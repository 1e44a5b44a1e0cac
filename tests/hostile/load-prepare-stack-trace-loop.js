// Error.prepareStackTrace that never ends, then a top-level throw: building the stack trace used
// to run the submission's own code. The engine's V8-style hooks are plain data properties now,
// which the engine never calls, so the throw is reported as it is.
Error.prepareStackTrace = () => {
  for (;;) {}
};
function outer() {
  let counter = 0;
  return () => ++counter;
}
throw new Error("boom");
