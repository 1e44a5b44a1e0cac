// exercise-07's known mistake "state declared at the top of the file" -- module state in
// top-level globals -- with the globals declared by a destructuring `let`: the leak check's
// tokenizer only looks at names right after `let`/`const`/`class` (or a comma) at depth 0.
let [items, nextId] = [[], 1];
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
