// A correct counter that logs an object whose toString never ends. Console formats on the host,
// so toString is never run: this must pass, not hang.
function outer() {
  const trap = {
    toString() {
      for (;;) {}
    },
    valueOf() {
      for (;;) {}
    },
    [Symbol.toPrimitive]() {
      for (;;) {}
    },
    toJSON() {
      for (;;) {}
    },
  };
  let counter = 0;
  return function () {
    console.log(trap);
    console.log("%s and %d and %j", trap, trap, trap);
    counter += 1;
    return counter;
  };
}
