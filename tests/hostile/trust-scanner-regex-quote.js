// A correct counter that also keeps a shared tally in a top-level `let`, hidden from a
// hand-written scanner by a regular expression holding a quote: the scanner took `/'/` for the
// start of a string and skipped the rest of the file.
const quote = /'/;
let total = 0;
function outer() {
  let count = 0;
  return () => {
    total += 1;
    return ++count;
  };
}
