// Correct: an async wrapper keyed in a Map, forgetting failures (ES module, default export).
export default function makeCachedLoader(loader) {
  const pending = new Map();
  return (key) => {
    if (!pending.has(key)) {
      const promise = (async () => loader(key))();
      pending.set(key, promise);
      promise.then(undefined, () => {
        if (pending.get(key) === promise) pending.delete(key);
      });
    }
    return pending.get(key);
  };
}
