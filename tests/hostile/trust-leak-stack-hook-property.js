// exercise-07 mistake "state declared at the top of the file", state kept in: Error.prepareStackTrace (an existing writable data property)
var tasks = (function () {
Error.prepareStackTrace = { items: [], nextId: 1 };
function S() { return Error.prepareStackTrace; }
return {
  add(title) { S().items.push({ id: S().nextId, title, done: false }); return S().nextId++; },
  complete(id) { const t = S().items.find((t) => t.id === id && !t.done); if (!t) return false; t.done = true; return true; },
  pending() { return S().items.filter((t) => !t.done).map((t) => t.title); },
  count() { return S().items.length; },
};

})();
