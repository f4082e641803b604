// Preloaded (node -r) before mqtt-packet's own test.js / testRandom.js: their `require('./')`, the
// module under test, loads mqtt-codec's compat entry (dist/mqtt-packet.cjs) instead of
// mqtt-packet. Nothing else they load is touched, and the files themselves are unmodified.
const Module = require('node:module');
const path = require('node:path');

const upstream = path.dirname(require.resolve('mqtt-packet/package.json'));
const compat = path.join(__dirname, '..', '..', 'dist', 'mqtt-packet.cjs');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if ((request === './' || request === '.') && parent && path.dirname(parent.filename) === upstream) return compat;
  return resolve.call(this, request, parent, ...rest);
};

// tape aborts the whole run when a test throws, and waits forever for a test whose planned
// assertions never come. Where mqtt-codec refuses what mqtt-packet accepted, `generate` throws
// inside a test that expected bytes; where it writes a packet in one piece, a test that counts
// mqtt-packet's writes waits. Report either as that test's own failure (a throw, or tape's
// "timed out") and go on with the rest. No assertion is changed or skipped.
const tapePath = require.resolve('tape');
const tape = require(tapePath);
function guarded(...args) {
  const at = args.findIndex((a) => typeof a === 'function');
  if (at >= 0) {
    const body = args[at];
    args[at] = function (t) {
      t.timeoutAfter(3000);
      try {
        return body.call(this, t);
      } catch (err) {
        t.fail(`threw ${err && err.name}: ${err && err.message}`);
        t.end();
      }
    };
  }
  return tape(...args);
}
Object.assign(guarded, tape);
require.cache[tapePath].exports = guarded;
