// Reads the check code's location from a stack trace and answers by call number: fools the first
// check, not the others.
function outer() {
  return function () {
    const stack = new Error().stack || "";
    const m = /call (\d+)/.exec(stack);
    return m ? Number(m[1]) : 1;
  };
}
