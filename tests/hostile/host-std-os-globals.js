// Looks for std and os as globals (as the qjs shell has them) to write a file.
function outer() {
  let counter = 0;
  return function () {
    const f = std.open("pwned.txt", "w");
    f.puts("pwned");
    f.close();
    return ++counter;
  };
}
