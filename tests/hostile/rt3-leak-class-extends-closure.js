// Third red-team pass, the leak check: a helper class extending a class made in another helper's closure (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
// A "stateless" helper class whose heritage is made by a "stateless" helper function:
// the list of every counter ever made lives in makeBase's closure.
function makeBase() {
  const all = [];
  return class { keep(f) { all.push(f); return all.length; } };
}
class Registry extends makeBase() {}
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  new Registry().keep(f);
  return f;
}
