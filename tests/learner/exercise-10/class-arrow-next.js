// Correct: a class whose `next` is an arrow field over a #private position (ES module).
class ListIterator {
  #items;
  #index = 0;
  constructor(items) {
    this.#items = items;
  }
  next = () =>
    this.#index < this.#items.length
      ? { value: this.#items[this.#index++], done: false }
      : { value: undefined, done: true };
  [Symbol.iterator]() {
    return this;
  }
}
export const makeIterator = (items) => new ListIterator(items);
