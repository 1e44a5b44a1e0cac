// Floods the output with 4-byte characters, so the cut falls inside a character.
function outer() {
  let counter = 0;
  return function () {
    console.log("a" + "\u{1F600}".repeat(100000));
    counter += 1;
    return counter;
  };
}
