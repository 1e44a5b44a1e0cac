// Tries to load the fs module with require at top level.
const fs = require("fs");
function outer() {
  let counter = 0;
  return () => ++counter + fs.readFileSync("/etc/hostname", "utf8").length * 0;
}
