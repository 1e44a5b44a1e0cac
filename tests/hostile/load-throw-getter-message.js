// Throws, at top level, an object whose message and name are getters that never end: the grader
// must report it without calling them.
function outer() {
  let counter = 0;
  return () => ++counter;
}
throw {
  get message() {
    for (;;) {}
  },
  get name() {
    for (;;) {}
  },
  get stack() {
    for (;;) {}
  },
};
