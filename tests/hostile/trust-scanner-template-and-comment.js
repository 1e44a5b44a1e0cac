// A correct counter with a top-level `class` after a template literal holding a backtick-free
// `/*` and a regex holding `//`, both of which a scanner took for comments.
const banner = `/* not a comment`;
const slashes = /\/\//;
class Tally {
  static n = 0;
}
function outer() {
  let count = 0;
  return () => {
    Tally.n += 1;
    return ++count;
  };
}
