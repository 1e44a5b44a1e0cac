// Correct: arrows over a separate local variable, ES module.
export const createSecretHolder = (initial) => {
  let secret = initial;
  return {
    getSecret: () => secret,
    setSecret: (value) => {
      secret = value;
    },
  };
};
