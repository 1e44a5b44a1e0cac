// Third red-team pass, the leak check: a helper whose prototype object inherits from a Map holding the state (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
function store() {}
store.prototype = new Map();
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  store.prototype.set(f, counter);
  return f;
}
