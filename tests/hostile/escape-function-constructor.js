// Builds code with the Function constructor and indirect eval to find a host object: the global
// object is all there is, and it has no process, require that works, std or os.
const g = Function("return this")();
const found = (0, eval)("[typeof process, typeof std, typeof os, typeof Deno, typeof Bun]").join();
function outer() {
  return () => g.process.env.HOME.length + found;
}
