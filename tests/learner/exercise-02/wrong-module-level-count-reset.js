// Wrong: one count for the whole module, reset at each call; a countCalls run inside a task
// resets the outer one. (A module, so the leak check does not see the shared count.)
let count = 0;
export function countCalls(task) {
  count = 0;
  function tick(step = 1) {
    count += step;
    return count;
  }
  task(tick);
  return count;
}
