// Correct: setInterval that checks before it logs, and a debounce keeping each call's this.
function logInOrder(items, gap) {
  if (items.length === 0) return;
  let i = 0;
  const id = setInterval(() => {
    console.log(`${i + 1}: ${items[i]}`);
    i += 1;
    if (i === items.length) clearInterval(id);
  }, gap);
}

function debounce(fn, wait) {
  let timer;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}
