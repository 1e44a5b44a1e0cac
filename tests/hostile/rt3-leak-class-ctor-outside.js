// Third red-team pass, the leak check: a static list added to a helper class from outside its body (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
class Registry { keep(f) { return f; } }
new Registry().constructor.all = [];
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  new Registry().constructor.all.push(f);
  return f;
}
