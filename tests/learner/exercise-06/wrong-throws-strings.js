// Wrong: throws strings, not Error objects.
function createAccount(initial) {
  let balance = initial;
  function check(amount) {
    if (typeof amount !== "number" || !(amount > 0)) throw "Amount must be positive";
  }
  return {
    deposit(amount) { check(amount); balance += amount; return balance; },
    withdraw(amount) {
      check(amount);
      if (amount > balance) throw "Insufficient funds";
      balance -= amount;
      return balance;
    },
    getBalance() { return balance; },
  };
}
