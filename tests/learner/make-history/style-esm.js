// make-history, the reference solution's logic as an ES module (export { ... }).

function makeHistory(limit) {
  const done = [];
  return function record(action) {
    if (action === "undo") {
      return done.length > 0 ? `${done.pop()} undone` : "nothing to undo";
    }
    done.push(action);
    if (done.length > limit) {
      done.shift(); // forget the oldest
    }
    return `${action} done`;
  };
}

export { makeHistory };
