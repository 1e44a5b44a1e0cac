// Third red-team pass, the leak check: state on what a helper's prototype inherits from (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
function store() {}
Object.setPrototypeOf(store.prototype, { all: [] });
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  store.prototype.all.push(f);
  return f;
}
