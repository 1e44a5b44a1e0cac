// The counter returns objects whose valueOf loops: the check `c() - first` runs it.
function outer() {
  let counter = 0;
  return function () {
    counter++;
    return {
      valueOf() {
        for (;;) {}
      },
    };
  };
}
