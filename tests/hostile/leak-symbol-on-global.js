// State kept under a symbol key of the global object: every counter ever made, in one list.
globalThis[Symbol.for("made")] = [];
function outer() {
  let counter = 0;
  const next = function () {
    counter += 1;
    return counter;
  };
  globalThis[Symbol.for("made")].push(next);
  return next;
}
