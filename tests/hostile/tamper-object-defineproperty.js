// A wrong counter that replaces Object.defineProperty, Reflect and the property helpers the grader
// might use to read results.
Object.defineProperty = (o) => o;
Object.getOwnPropertyDescriptor = () => ({ value: 1, writable: true, enumerable: true, configurable: true });
Object.getOwnPropertyNames = () => [];
Object.keys = () => [];
Object.entries = () => [];
globalThis.Reflect = { apply: () => 1, ownKeys: () => [], get: () => 1, getOwnPropertyDescriptor: () => undefined };
function outer() {
  return () => "1";
}
