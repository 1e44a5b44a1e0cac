// Correct: a class with a #private balance and arrow-function fields, so the methods keep working
// when copied off the object.
class Account {
  #balance;
  constructor(initial) {
    this.#balance = initial;
  }
  #check(amount) {
    if (typeof amount !== "number" || !(amount > 0)) throw new TypeError("Amount must be positive");
  }
  deposit = (amount) => {
    this.#check(amount);
    this.#balance += amount;
    return this.#balance;
  };
  withdraw = (amount) => {
    this.#check(amount);
    if (amount > this.#balance) throw new Error("Insufficient funds");
    this.#balance -= amount;
    return this.#balance;
  };
  getBalance = () => this.#balance;
}
export const createAccount = (initial) => new Account(initial);
