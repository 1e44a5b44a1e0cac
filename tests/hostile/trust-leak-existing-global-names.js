// The same mistake with the state in globals the fresh realm already has (the leak check only
// lists keys that are NEW on the global object): `escape` and `unescape` are overwritten.
var escape = [];
var unescape = 1;
var tasks = {
  add(title) {
    escape.push({ id: unescape, title, done: false });
    return unescape++;
  },
  complete(id) {
    const task = escape.find((t) => t.id === id && !t.done);
    if (!task) return false;
    task.done = true;
    return true;
  },
  pending() { return escape.filter((t) => !t.done).map((t) => t.title); },
  count() { return escape.length; },
};
