// A plain script with a stateless top-level helper: correct.
function double(n) {
  return n * 2;
}

function createFunction() {
  return double;
}

function createPrinter(text) {
  return () => console.log(text);
}
