// The same mistake with the state kept on a builtin object (Math) and on a function stored on
// Object.prototype: neither is a new global key nor non-function state on Object.prototype.
Math.items = [];
Object.prototype.__taskState = function () {};
Object.prototype.__taskState.nextId = 1;
var tasks = {
  add(title) {
    Math.items.push({ id: ({}).__taskState.nextId, title, done: false });
    return ({}).__taskState.nextId++;
  },
  complete(id) {
    const task = Math.items.find((t) => t.id === id && !t.done);
    if (!task) return false;
    task.done = true;
    return true;
  },
  pending() { return Math.items.filter((t) => !t.done).map((t) => t.title); },
  count() { return Math.items.length; },
};
