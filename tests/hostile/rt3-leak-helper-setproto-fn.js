// Third red-team pass, the leak check: a helper whose own [[Prototype]] is an object holding the state (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
function store() {}
Object.setPrototypeOf(store, { all: [] });
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  store.all.push(f);
  return f;
}
