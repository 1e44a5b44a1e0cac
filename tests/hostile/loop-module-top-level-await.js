// An ES module whose top-level await never settles.
export function outer() {
  let counter = 0;
  return () => ++counter;
}
await new Promise(() => {});
