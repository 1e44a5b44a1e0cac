// Correct: a plain script whose top-level class TaskList keeps no state of its own (the state is
// in the one instance's #private fields), which the leak check allows beside `tasks`.
class TaskList {
  #items = [];
  #nextId = 1;

  add = (title) => {
    const id = this.#nextId++;
    this.#items.push({ id, title, done: false });
    return id;
  };

  complete = (id) => {
    const task = this.#items.find((t) => t.id === id && !t.done);
    if (!task) return false;
    task.done = true;
    return true;
  };

  pending = () => this.#items.filter((t) => !t.done).map((t) => t.title);

  count = () => this.#items.length;
}

const tasks = new TaskList();
