// A correct counter that logs an object with 12,000 keys and an array of 12,000 elements on
// every call.
function outer() {
  const wide = {};
  for (let i = 0; i < 12000; i++) wide["k" + i] = i;
  const long = Array.from({ length: 12000 }, (_, i) => i);
  let counter = 0;
  return function () {
    console.log(wide, long);
    counter += 1;
    return counter;
  };
}
