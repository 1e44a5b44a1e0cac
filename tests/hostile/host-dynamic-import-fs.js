// A counter that awaits a dynamic import of fs before answering.
function outer() {
  let counter = 0;
  return async function () {
    const fs = await import("fs");
    counter += fs ? 1 : 0;
    return counter;
  };
}
