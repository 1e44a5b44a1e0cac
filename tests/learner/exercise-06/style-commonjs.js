// exercise-06, the reference solution's logic as CommonJS (module.exports = { ... }).

function createAccount(initial) {
  let balance = initial; // not a property: nobody outside can read or write it directly

  // A private helper: it lives in the same closure and is not exposed either.
  function requirePositive(amount) {
    if (typeof amount !== "number" || !(amount > 0)) {
      throw new Error("Amount must be positive");
    }
  }

  // The methods use `balance` from the closure, never `this`, so they keep working
  // when they are copied off the object.
  return {
    deposit(amount) {
      requirePositive(amount);
      balance += amount;
      return balance;
    },
    withdraw(amount) {
      requirePositive(amount);
      // Check before changing anything, so a refused withdrawal leaves no trace.
      if (amount > balance) {
        throw new Error("Insufficient funds");
      }
      balance -= amount;
      return balance;
    },
    getBalance() {
      return balance;
    },
  };
}

module.exports = { createAccount };
