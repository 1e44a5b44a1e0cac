// 6,000 timers of 65,000 arguments each: what the host keeps for them (1.5 GB) counts against
// the check's memory limit, while loading.
const args = new Array(65000).fill(0);
for (let i = 0; i < 6000; i++) setTimeout(() => {}, 1000000, ...args);
function outer() {
  let count = 0;
  return () => ++count;
}
