// exercise-07, the reference solution's logic as a plain script.

// whole life of the program (script style).

var tasks = (function () {
  // Private: reachable only from the functions declared in this IIFE.
  const items = [];
  let nextId = 1;

  function add(title) {
    const id = nextId++;
    items.push({ id, title, done: false });
    return id;
  }

  function complete(id) {
    const task = items.find((t) => t.id === id && !t.done);
    if (!task) return false;
    task.done = true;
    return true;
  }

  function pending() {
    // A fresh array every time, so callers can't reach the internal list.
    return items.filter((t) => !t.done).map((t) => t.title);
  }

  function count() {
    return items.length;
  }

  // The public surface. The IIFE has already returned, but these four functions keep
  // `items` and `nextId` alive in their shared backpack.
  return { add, complete, pending, count };
})();
