// exercise-07 mistake "state at the top of the file", kept on Math.state. Math also gets 1000
// method-valued keys first (methods are allowed): own_keys_beyond stops at MAX_GLOBAL_NAMES=1000
// keys BEFORE methods are filtered out, so the state key after them is never seen.
var tasks = (function () {
  const f = function () {};
  for (let i = 0; i < 1000; i++) Math[i] = f;
  Math.state = { items: [], nextId: 1 };
  const S = () => Math.state;
  return {
    add(title) { const s = S(); s.items.push({ id: s.nextId, title, done: false }); return s.nextId++; },
    complete(id) { const t = S().items.find((t) => t.id === id && !t.done); if (!t) return false; t.done = true; return true; },
    pending() { return S().items.filter((t) => !t.done).map((t) => t.title); },
    count() { return S().items.length; },
  };
})();
