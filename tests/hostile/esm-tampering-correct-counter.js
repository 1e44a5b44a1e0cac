// A CORRECT counter as an ES module that also rewrites built-ins after exporting. Its checks all
// pass (its realm is its own); the toJSON it puts on Object.prototype, which every object of the
// realm inherits and a script reads as a bare global, is reported by the leak check.
export function outer() {
  let counter = 0;
  return () => ++counter;
}
Object.prototype.toJSON = () => "tampered";
Array.prototype.push = () => 0;
Number.prototype.valueOf = () => 99;
