// An ES module that imports fs.
import fs from "fs";
export function outer() {
  let counter = 0;
  return () => ++counter + fs.readFileSync("/etc/hostname", "utf8").length * 0;
}
