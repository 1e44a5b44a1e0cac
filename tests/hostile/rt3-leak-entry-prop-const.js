// Third red-team pass, the leak check: state on the entry function itself, declared with const (a list of every counter ever made).
// A helper is stateless only while it is as its declaration made it, so this fails "no global leaks".
const outer = () => {
  outer.all.push(1);
  let counter = 0;
  return function () { counter += 1; return counter; };
};
outer.all = [];
