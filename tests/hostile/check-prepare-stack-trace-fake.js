// A wrong counter that installs Error.prepareStackTrace to make every error look like a pass.
Error.prepareStackTrace = () => "    at passed (ok.js:1:1)";
function outer() {
  return () => {
    throw new Error("not counting");
  };
}
