// A wrong counter that rewrites the iterators of arrays, strings, maps and sets to yield 1, 2, 3.
function* fake() {
  yield 1;
  yield 2;
  yield 3;
}
Array.prototype[Symbol.iterator] = fake;
String.prototype[Symbol.iterator] = fake;
Map.prototype[Symbol.iterator] = fake;
Set.prototype[Symbol.iterator] = fake;
Map.prototype.forEach = function (cb) {
  cb(1, 1);
};
Set.prototype.forEach = function (cb) {
  cb(1, 1);
};
function outer() {
  return () => [];
}
