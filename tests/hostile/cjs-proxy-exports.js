// CommonJS that exports a Proxy around a correct counter factory, with traps that never end.
// The grader does not ask a Proxy anything, so it does not bind it as `outer`.
module.exports = new Proxy(
  function outer() {
    let counter = 0;
    return () => ++counter;
  },
  {
    get() {
      for (;;) {}
    },
    getOwnPropertyDescriptor() {
      for (;;) {}
    },
    ownKeys() {
      for (;;) {}
    },
  },
);
