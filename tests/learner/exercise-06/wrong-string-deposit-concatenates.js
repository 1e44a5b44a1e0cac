// Wrong: `'5' > 0` is true, so deposit('5') turns the balance into the string '1005'.
function createAccount(initial) {
  let balance = initial;
  function check(amount) {
    if (!(amount > 0)) throw new Error("Amount must be positive");
  }
  return {
    deposit(amount) { check(amount); balance += amount; return balance; },
    withdraw(amount) {
      check(amount);
      if (amount > balance) throw new Error("Insufficient funds");
      balance -= amount;
      return balance;
    },
    getBalance() { return balance; },
  };
}
