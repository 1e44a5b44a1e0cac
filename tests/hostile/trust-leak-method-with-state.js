// exercise-07 mistake "state declared at the top of the file", state kept in: a method added to Math, state on the method
var tasks = (function () {
Math.helper = function () {}; Math.helper.items = []; Math.helper.nextId = 1;
function S() { return Math.helper; }
return {
  add(title) { S().items.push({ id: S().nextId, title, done: false }); return S().nextId++; },
  complete(id) { const t = S().items.find((t) => t.id === id && !t.done); if (!t) return false; t.done = true; return true; },
  pending() { return S().items.filter((t) => !t.done).map((t) => t.title); },
  count() { return S().items.length; },
};

})();
