// Third red-team pass, the leak check: a list added to a helper class's prototype from outside (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
class Registry {}
function outer() {
  let counter = 0;
  const f = function () { counter += 1; return counter; };
  Object.getPrototypeOf(new Registry()).items = (Object.getPrototypeOf(new Registry()).items || 0) + 1;
  return f;
}
