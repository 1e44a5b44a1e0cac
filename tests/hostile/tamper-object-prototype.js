// A wrong counter (always 0) that rewrites Object.prototype so that anything comparing through
// valueOf/toString/toJSON/constructor or inherited indices would see 1, 2, 3.
let fake = 0;
for (const name of ["valueOf", "toString", "toJSON", "toLocaleString", Symbol.toPrimitive]) {
  Object.defineProperty(Object.prototype, name, {
    value() {
      fake = (fake % 3) + 1;
      return fake;
    },
    writable: true,
    configurable: true,
  });
}
Object.defineProperty(Object.prototype, "0", { get: () => 1, configurable: true });
Object.defineProperty(Object.prototype, "length", { get: () => 3, configurable: true });
Object.prototype.constructor = Number;
function outer() {
  return () => 0;
}
