// Correct: record is a bound method of a class instance with a #private list.
class History {
  #done = [];
  #limit;
  constructor(limit) {
    this.#limit = limit;
  }
  record(action) {
    if (action === "undo") {
      return this.#done.length ? `${this.#done.pop()} undone` : "nothing to undo";
    }
    this.#done = [...this.#done, action].slice(-this.#limit);
    return `${action} done`;
  }
}
export function makeHistory(limit) {
  const history = new History(limit);
  return history.record.bind(history);
}
