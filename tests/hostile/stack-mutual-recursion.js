// Stack overflow: two functions that call each other forever.
function ping(n) {
  return pong(n + 1) + 1;
}
function pong(n) {
  return ping(n + 1) + 1;
}
function outer() {
  let counter = 0;
  return () => ping(++counter);
}
