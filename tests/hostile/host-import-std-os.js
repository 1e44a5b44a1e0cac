// An ES module that imports QuickJS's own std and os modules.
import * as std from "std";
import * as os from "os";
export function outer() {
  let counter = 0;
  return () => ++counter + std.getenv("HOME").length * 0 + os.getpid() * 0;
}
