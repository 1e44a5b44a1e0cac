// exercise-02, the reference solution's logic as CommonJS (module.exports = { ... }).

function countCalls(task) {
  let count = 0;

  // tick has no `count` of its own: lexical scope makes it find countCalls's variable.
  function tick(step = 1) {
    count += step;
    return count;
  }

  task(tick);
  // By now every tick() the task made has updated `count` in this very call.
  return count;
}

module.exports = { countCalls };
