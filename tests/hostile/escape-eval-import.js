// Builds a dynamic import with eval inside the counter and returns its promise.
function outer() {
  let counter = 0;
  return function () {
    counter++;
    return eval("import('node:fs')").then((fs) => fs.readFileSync("/etc/passwd", "utf8").length);
  };
}
