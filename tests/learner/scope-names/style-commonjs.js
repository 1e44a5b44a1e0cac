// scope-names, the reference solution's logic as CommonJS (module.exports = { ... }).

const predictions = [
  // 1. The [[scope]] link is set when the function object is created.
  "defined",
  // 2. tick's code refers to `ticks` and `label`; `started` and `unused` are never named in it.
  ["label", "ticks"],
  // 3. Persistent: the data outlives the call of makeTimer.
  "persistent",
  // 4. One call of pair, one `n`, shared by inc and get.
  2,
];

module.exports = { predictions };
