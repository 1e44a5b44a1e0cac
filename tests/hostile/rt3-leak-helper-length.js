// Third red-team pass, the leak check: a helper's length redefined to hold a list (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
function store() {}
Object.defineProperty(store, 'length', { value: [] });
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  store.length.push(f);
  return f;
}
