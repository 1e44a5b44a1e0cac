// A correct counter that first tries a huge allocation and swallows the error. The limit was still
// exceeded, and the grader says so rather than pretending nothing happened.
function outer() {
  let counter = 0;
  return function () {
    try {
      new ArrayBuffer(1024 * 1024 * 1024);
    } catch (e) {
      // ignored
    }
    counter += 1;
    return counter;
  };
}
