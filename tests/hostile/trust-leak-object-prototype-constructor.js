// exercise-07 mistake "state declared at the top of the file", state kept in: Object.prototype.constructor (an existing key of Object.prototype: every object reads the state)
var tasks = (function () {
Object.prototype.constructor = { items: [], nextId: 1 };
function S() { return ({}).constructor; }
return {
  add(title) { S().items.push({ id: S().nextId, title, done: false }); return S().nextId++; },
  complete(id) { const t = S().items.find((t) => t.id === id && !t.done); if (!t) return false; t.done = true; return true; },
  pending() { return S().items.filter((t) => !t.done).map((t) => t.title); },
  count() { return S().items.length; },
};

})();
