// WRONG: logs every item at once, at once. It replaces console.log so that the check's own
// `console.log('--')` markers would be rearranged around its lines.
const realLog = console.log;
const held = [];
console.log = function (line) {
  if (line === "--") {
    realLog(held.length ? held.shift() : "--");
    return;
  }
  held.push(line);
};
function logInOrder(items, gap) {
  items.forEach((item, i) => console.log(`${i + 1}: ${item}`));
}
function debounce(fn, wait) {
  let timer;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}
