// A CORRECT counter as an ES module that also rewrites built-ins after exporting: passes.
export function outer() {
  let counter = 0;
  return () => ++counter;
}
Object.prototype.toJSON = () => "tampered";
Array.prototype.push = () => 0;
Number.prototype.valueOf = () => 99;
