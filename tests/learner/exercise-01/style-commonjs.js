// exercise-01, the reference solution's logic as CommonJS (module.exports = { ... }).

function createFunction() {
  function double(num) {
    return num * 2;
  }
  // No parentheses: we return the function itself, not the result of calling it.
  return double;
}

function createPrinter(text) {
  // `text` is a parameter of createPrinter, yet the returned function can still use it
  // after createPrinter has returned: the first closure of the course.
  return function print() {
    console.log(text);
  };
}

module.exports = { createFunction, createPrinter };
