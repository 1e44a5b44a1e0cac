// Returns a Proxy around a Number object, with traps that lie about everything.
function outer() {
  let counter = 0;
  return function () {
    const n = ++counter;
    return new Proxy(Object(n), {
      get: (target, key) => (key === "valueOf" || key === Symbol.toPrimitive ? () => n : Reflect.get(target, key)),
      getPrototypeOf: () => Number.prototype,
    });
  };
}
