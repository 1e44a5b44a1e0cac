// A correct counter that keeps shared state in a non-enumerable global, which the leak check
// (reading only enumerable names) used to miss.
Object.defineProperty(globalThis, "hits", { value: { n: 0 }, writable: true, enumerable: false, configurable: true });
function outer() {
  let count = 0;
  return () => {
    globalThis.hits.n += 1;
    return ++count;
  };
}
