// Correct: a class with #private fields and ordinary methods (on the prototype).
class TaskList {
  #items = [];
  #nextId = 1;

  add(title) {
    const id = this.#nextId++;
    this.#items.push({ id, title, done: false });
    return id;
  }

  complete(id) {
    const task = this.#items.find((t) => t.id === id && !t.done);
    if (!task) return false;
    task.done = true;
    return true;
  }

  pending() {
    return this.#items.filter((t) => !t.done).map((t) => t.title);
  }

  count() {
    return this.#items.length;
  }
}

export const tasks = new TaskList();
