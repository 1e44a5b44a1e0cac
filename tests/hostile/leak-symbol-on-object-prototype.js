// State kept under a symbol key of Object.prototype, reachable from every object.
Object.prototype[Symbol.for("made")] = [];
function outer() {
  let counter = 0;
  const next = function () {
    counter += 1;
    return counter;
  };
  ({})[Symbol.for("made")].push(next);
  return next;
}
