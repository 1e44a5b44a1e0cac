// A correct counter, plus an interval at load that would fire forever if the clock ever ran free.
setInterval(() => {
  for (let i = 0; i < 1e6; i++) {}
}, 0);
function outer() {
  let counter = 0;
  return () => ++counter;
}
