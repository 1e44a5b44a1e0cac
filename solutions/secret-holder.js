// secret-holder — the parameter is the private state (CommonJS).

function createSecretHolder(secret) {
  return {
    getSecret: () => secret,
    setSecret(value) {
      secret = value; // the parameter itself, kept alive by both methods
    },
  };
}

module.exports = createSecretHolder;
