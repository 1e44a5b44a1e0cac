// Returns a revoked Proxy: any question asked of it throws.
function outer() {
  let counter = 0;
  return function () {
    counter++;
    const { proxy, revoke } = Proxy.revocable([counter], {});
    revoke();
    return proxy;
  };
}
