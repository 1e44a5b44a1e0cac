// `outer` is a getter on the global object that loops forever when the checks read it.
Object.defineProperty(globalThis, "outer", {
  get() {
    for (;;) {}
  },
  configurable: true,
});
