// A correct counter whose shared tally is a top-level `let` spelled with an escape: the binding
// is `total`, which a scanner reading the raw text never saw.
let t\u006ftal = 0;
function outer() {
  let count = 0;
  return () => {
    total += 1;
    return ++count;
  };
}
