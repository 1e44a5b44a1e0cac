// Returns the digits as strings: '1' is not 1.
function outer() {
  let counter = 0;
  return () => String(++counter);
}
