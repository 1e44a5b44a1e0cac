// A wrong counter that replaces JSON so that any JSON-based comparison sees the expected text.
globalThis.JSON = {
  stringify: () => "[1,2,3]",
  parse: () => [1, 2, 3],
  [Symbol.toStringTag]: "JSON",
};
function outer() {
  return () => ({ not: "a number" });
}
