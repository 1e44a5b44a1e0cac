function partial(fn, ...fixed) {
  return function (...rest) {
    return fn.apply(this, [fixed[0], ...rest]);
  };
}

function curry(fn) {
  return function curried(...args) {
    if (args.length >= fn.length) return fn.apply(this, args);
    return (...more) => curried.apply(this, [...args, ...more]);
  };
}
