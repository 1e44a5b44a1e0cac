// A wrong counter that rewrites Function.prototype.call, apply and bind to return 1, 2, 3...
let n = 0;
Function.prototype.call = function () {
  return ++n;
};
Function.prototype.apply = function () {
  return ++n;
};
Function.prototype.bind = function () {
  return () => ++n;
};
function outer() {
  return function () {
    return undefined;
  };
}
