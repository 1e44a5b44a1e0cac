// Correct: each counter is the bound method of its own class instance (CommonJS).
class Counter {
  #total = 0;
  constructor(step) {
    this.step = step;
  }
  next() {
    this.#total += this.step;
    return this.#total;
  }
}
module.exports = (step = 1) => {
  const counter = new Counter(step);
  return counter.next.bind(counter);
};
