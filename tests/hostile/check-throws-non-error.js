// The counter throws plain values (a number, a string, an object), never an Error.
function outer() {
  let counter = 0;
  return function () {
    counter++;
    if (counter === 1) throw 42;
    if (counter === 2) throw "two";
    throw { counter };
  };
}
