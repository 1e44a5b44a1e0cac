// secret-holder, the reference solution's logic as an ES module with a default export.

function createSecretHolder(secret) {
  return {
    getSecret: () => secret,
    setSecret(value) {
      secret = value; // the parameter itself, kept alive by both methods
    },
  };
}

export default createSecretHolder;
