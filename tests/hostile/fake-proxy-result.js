// Returns a Proxy whose every trap answers as if it were the number.
function outer() {
  let counter = 0;
  return function () {
    const n = ++counter;
    const handler = {
      get: (t, key) => (key === Symbol.toPrimitive ? () => n : n),
      getPrototypeOf: () => Number.prototype,
      ownKeys: () => [],
      getOwnPropertyDescriptor: () => undefined,
      has: () => true,
    };
    return new Proxy({}, handler);
  };
}
