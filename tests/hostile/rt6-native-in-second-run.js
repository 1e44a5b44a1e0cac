// Found by the red-team pass: only in the second run (the one that reads backpack values,
// where `__grade$seen` exists) does it start native work that outlasts the watchdog.
function outer() {
  let counter = 0;
  return function () {
    if (typeof __grade$seen === "function" && counter === 2) Array.prototype.join.call({ length: 2 ** 32 - 1 });
    return counter++;
  };
}
