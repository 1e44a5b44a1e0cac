// Correct: arrow functions throughout, ES module.
export const outer = () => {
  let counter = 0;
  return () => ++counter;
};
