// The same mistake, plain `let` globals hidden from the leak check's tokenizer by a regular
// expression holding a quote: the tokenizer reads `/'/` as the start of a string literal.
void /'/;
let items = [];
let nextId = 1;
void /'/;
var tasks = {
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
  pending() { return items.filter((t) => !t.done).map((t) => t.title); },
  count() { return items.length; },
};
