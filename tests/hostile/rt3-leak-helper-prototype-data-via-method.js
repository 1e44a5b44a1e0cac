// Third red-team pass, the leak check: state on a method's own property (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
function store() {}
store.prototype.all = function () {};
store.prototype.all.items = [];
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  store.prototype.all.items.push(f);
  return f;
}
