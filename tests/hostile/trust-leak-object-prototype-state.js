// A correct counter that keeps shared state on Object.prototype (every object of its realm can
// reach it), which the leak check used to miss.
Object.prototype.__calls = 0;
function outer() {
  let count = 0;
  return () => {
    Object.prototype.__calls += 1;
    return ++count;
  };
}
