// exercise-07 mistake: state on a built-in (Math.state). The built-ins are searched only after a
// submission's FIRST check; that check calls only add(), so add keeps its own list until another
// method runs, and from then on the state lives on Math: unseen in every later check.
var tasks = (function () {
  let early = { items: [], nextId: 1 };
  const S = () => early || Math.state;
  const move = () => { if (early) { Math.state = early; early = null; } return Math.state; };
  return {
    add(title) { const s = S(); s.items.push({ id: s.nextId, title, done: false }); return s.nextId++; },
    complete(id) { const t = move().items.find((t) => t.id === id && !t.done); if (!t) return false; t.done = true; return true; },
    pending() { return move().items.filter((t) => !t.done).map((t) => t.title); },
    count() { return move().items.length; },
  };
})();
