// Wrong: logs before checking, so an empty list prints "1: undefined".
function logInOrder(items, gap) {
  let i = 0;
  const id = setInterval(() => {
    console.log(`${i + 1}: ${items[i]}`);
    i++;
    if (i >= items.length) clearInterval(id);
  }, gap);
}

function debounce(fn, wait) {
  let timer;
  return function (...args) {
    clearTimeout(timer);
    timer = setTimeout(() => fn.apply(this, args), wait);
  };
}
