// The codec's fuzz target, where coverage-guided fuzzers expect it (for example Jazzer.js:
// `npx jazzer fuzz/target.cjs fuzz/corpus`): fuzz/targets/codec.cjs, re-exported. The other
// targets (drop-in, conversation, capture) are in fuzz/targets/ too.
'use strict';
module.exports = require('./targets/codec.cjs');
