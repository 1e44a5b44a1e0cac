// Third red-team pass, the leak check: state on a helper's prototype.constructor (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
function store() {}
store.prototype.constructor = { all: [] };
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  store.prototype.constructor.all.push(f);
  return f;
}
