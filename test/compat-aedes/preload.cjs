// Preload (`node --require`, or NODE_OPTIONS so that `node --test`'s child processes get it too)
// that makes every `require('mqtt-packet')` and every `import 'mqtt-packet'` in the process load
// mqtt-codec's drop-in instead: dist/mqtt-packet.cjs for require, dist/mqtt-packet.js for import
// (what the package's "./mqtt-packet" export map gives each). Nothing else is redirected and no
// file is modified. Used by the Aedes suite runner (run.mjs) and the bridge end-to-end test.
// MQTT_CODEC_DIST may point at another dist/ directory (default: this repository's).
const Module = require('node:module');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = process.env.MQTT_CODEC_DIST || path.join(__dirname, '..', '..', 'dist');
const cjs = path.join(dist, 'mqtt-packet.cjs');
const esm = path.join(dist, 'mqtt-packet.js');

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'mqtt-packet') return cjs;
  return resolve.call(this, request, ...rest);
};

Module.register(pathToFileURL(path.join(__dirname, 'hooks.mjs')), {
  data: { url: pathToFileURL(esm).href },
});
