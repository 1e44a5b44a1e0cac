// Stack overflow through getters: a getter that reads itself.
function outer() {
  const state = {
    get count() {
      return this.count + 1;
    },
  };
  return () => state.count;
}
