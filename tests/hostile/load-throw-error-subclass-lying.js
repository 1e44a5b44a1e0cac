// Throws an Error whose class overrides message, name and stack with never-ending getters, and
// whose prototype chain is a Proxy.
class Sneaky extends Error {
  get message() {
    for (;;) {}
  }
  get name() {
    for (;;) {}
  }
}
Object.setPrototypeOf(Sneaky.prototype, new Proxy(Error.prototype, { get() { for (;;) {} } }));
function outer() {
  let counter = 0;
  return () => ++counter;
}
throw new Sneaky("hidden");
