// The counter returns a promise that never settles while a chain of microtasks re-queues itself
// forever (without growing memory).
function outer() {
  let counter = 0;
  return function () {
    counter++;
    const spin = () => {
      Promise.resolve().then(spin);
    };
    spin();
    return new Promise(() => {});
  };
}
