// Returns an array-like whose index getters and length getter pretend to be [1] and whose
// Symbol.toStringTag says Number.
function outer() {
  let counter = 0;
  return function () {
    const n = ++counter;
    const fake = [];
    Object.defineProperty(fake, "0", { get: () => n, enumerable: true });
    Object.defineProperty(fake, Symbol.toStringTag, { get: () => "Number" });
    return fake[0] === n ? Object.defineProperty({}, "value", { get: () => n, enumerable: true }) : fake;
  };
}
