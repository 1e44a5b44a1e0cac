// Stack overflow while loading.
function outer() {
  let counter = 0;
  return () => ++counter;
}
(function dive() {
  dive();
})();
