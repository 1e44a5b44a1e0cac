// The Jest peer's transform (benches/peers/jest-peer.sh copies it beside the jest it installs):
// Babel with the CommonJS modules plugin, as an ES-module Jest setup runs it, so the three
// styles a class hands in all load, as they do in grade: a script, CommonJS and an ES module.
// A script's top-level `outer` is exposed as module.exports.outer. Spec files pass through.
'use strict';
const babel = require('@babel/core');

const EXPOSE_SCRIPT_OUTER = `
;if (typeof outer === 'function' && typeof module.exports !== 'function' && !('outer' in module.exports)) {
  module.exports.outer = outer;
}
`;

module.exports = {
  process(source, filename) {
    if (filename.endsWith('.test.js')) return { code: source };
    const { code } = babel.transformSync(source, {
      filename,
      babelrc: false,
      configFile: false,
      sourceType: 'unambiguous',
      plugins: ['@babel/plugin-transform-modules-commonjs'],
    });
    return { code: code + EXPOSE_SCRIPT_OUTER };
  },
};
