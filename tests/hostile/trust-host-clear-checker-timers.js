// A CORRECT loader that clears every timer id from 0 to 999 whenever it loads a key (found by the
// second red-team pass): the timers check code set in the checker realm used to share one queue
// and one id counter with the submission's, so the check's own loader promises never settled.
// Each realm numbers and clears only its own timers now: it passes.
export function makeCachedLoader(loader) {
  const cache = new Map();
  return function load(key) {
    if (!cache.has(key)) {
      const p = loader(key);
      for (let id = 0; id < 1000; id++) clearTimeout(id);
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return cache.get(key);
  };
}
