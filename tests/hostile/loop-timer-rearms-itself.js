// The counter's promise waits on a timer that re-arms itself forever on the virtual clock.
function outer() {
  let counter = 0;
  return function () {
    counter++;
    return new Promise(() => {
      const again = () => setTimeout(again, 0);
      again();
    });
  };
}
