// Correct: the returned object is frozen, so nobody can even add a property to it.
function createAccount(initial) {
  let balance = initial;
  const positive = (amount) => {
    if (typeof amount !== "number" || !(amount > 0)) throw new RangeError("Amount must be positive");
  };
  return Object.freeze({
    deposit(amount) { positive(amount); balance += amount; return balance; },
    withdraw(amount) {
      positive(amount);
      if (amount > balance) throw new Error("Insufficient funds");
      balance -= amount;
      return balance;
    },
    getBalance: () => balance,
  });
}
