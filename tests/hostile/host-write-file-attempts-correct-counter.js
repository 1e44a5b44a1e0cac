// A CORRECT counter that first tries every way it knows to write a file, catching each failure.
// Nothing is written (the test checks), and the counter passes.
(() => {
  const attempts = [
    () => require("fs").writeFileSync("pwned.txt", "pwned"),
    () => std.open("pwned.txt", "w").puts("pwned"),
    () => os.open("pwned.txt", os.O_WRONLY | os.O_CREAT),
    () => Deno.writeTextFileSync("pwned.txt", "pwned"),
    () => Bun.write("pwned.txt", "pwned"),
    () => import("fs").then((fs) => fs.writeFileSync("pwned.txt", "pwned")).catch(() => {}),
  ];
  for (const attempt of attempts) {
    try {
      attempt();
    } catch (e) {
      // expected: no host access
    }
  }
})();
function outer() {
  let counter = 0;
  return () => ++counter;
}
