// WRONG module (pending() returns an empty list) that fills the returned list in a promise job
// queued by the call.
const tasks = (function () {
  const items = [];
  let nextId = 1;
  return {
    add(title) {
      items.push({ id: nextId, title, done: false });
      return nextId++;
    },
    complete(id) {
      const task = items.find((t) => t.id === id && !t.done);
      if (!task) return false;
      task.done = true;
      return true;
    },
    pending() {
      const out = [];
      Promise.resolve().then(() => out.push(...items.filter((t) => !t.done).map((t) => t.title)));
      return out;
    },
    count() {
      return items.length;
    },
  };
})();
module.exports = { tasks };
