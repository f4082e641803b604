// Preload for a plain run of mqtt-packet 9.0.2's own test.js (scripts/mqtt-packet-testjs.mjs):
// its `require('./')` loads mqtt-codec's drop-in (dist/mqtt-packet.cjs) and nothing else changes.
// Unlike load-compat.cjs, tape is left as it is: a test that throws ends the run, and one whose
// planned assertions never come waits, exactly as `node test.js` would in mqtt-packet's own CI.
const Module = require('node:module');
const path = require('node:path');

const upstream = path.dirname(require.resolve('mqtt-packet/package.json'));
const compat = path.join(__dirname, '..', '..', 'dist', 'mqtt-packet.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if ((request === './' || request === '.') && parent && path.dirname(parent.filename) === upstream) return compat;
  return resolve.call(this, request, parent, ...rest);
};
