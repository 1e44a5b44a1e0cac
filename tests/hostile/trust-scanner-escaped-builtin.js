// A correct counter that shadows a built-in with an escaped name (`\u004Fbject` is `Object`) and
// keeps shared state in it.
let \u004Fbject = { calls: 0, keys: () => [] };
function outer() {
  let count = 0;
  return () => {
    Object.calls += 1;
    return ++count;
  };
}
