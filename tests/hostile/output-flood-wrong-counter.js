// A wrong counter (counts from 0) that floods stdout and stderr: cut with a marker, and still
// graded as the known mistake.
function outer() {
  let counter = 0;
  return function () {
    for (let i = 0; i < 5000; i++) {
      console.log("out", i);
      console.error("err", i);
    }
    return counter++;
  };
}
