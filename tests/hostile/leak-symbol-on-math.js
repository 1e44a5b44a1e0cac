// State kept under a symbol key of a built-in namespace.
Math[Symbol.for("made")] = [];
function outer() {
  let counter = 0;
  const next = function () {
    counter += 1;
    return counter;
  };
  Math[Symbol.for("made")].push(next);
  return next;
}
