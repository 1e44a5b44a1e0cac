// secret-holder, the reference solution's logic as a plain script.

function createSecretHolder(secret) {
  return {
    getSecret: () => secret,
    setSecret(value) {
      secret = value; // the parameter itself, kept alive by both methods
    },
  };
}
