// Third red-team pass, the leak check: state under a symbol key of a helper (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
function store() {}
store[Symbol.for('all')] = [];
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  store[Symbol.for('all')].push(f);
  return f;
}
