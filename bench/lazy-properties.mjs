// Would 5.0 property blocks built lazily (on first read of `packet.properties`) make decoding
// faster? A lazy block must still be checked during the decode (every fault is reported there), so
// laziness can save at most the building of the objects, and it costs an accessor on every packet
// that carries a block: `properties` must stay an own, enumerable property (spread, JSON,
// structuredClone and deep-equality helpers read only those), so it cannot live on a prototype.
// This measures both sides on this machine:
//
//   - what a property block costs mqtt-codec's `decode` today (checked and built): PUBLISHes of
//     the fleet benchmark's property mix, against the same PUBLISHes without properties;
//   - what installing a lazy own accessor costs on a packet-shaped object, two ways
//     (Object.defineProperty with one shared descriptor; an object literal with get/set), against
//     the same literal holding a prebuilt properties object.
//
//   npm run -s build && node bench/lazy-properties.mjs
//
// Each figure is the median of 9 rounds of 200,000 operations, after 3 warm-up rounds; ns per
// operation.
import { decode, encode } from '../dist/index.js';
import { deviceProperties } from './fleet-stream.mjs';
import { median } from './measure.mjs';
import { random } from './streams.mjs';

const ROUNDS = 9;
const OPS = 200_000;
let sink;

/** Median ns per call of `f(i)` over the rounds. */
function time(f) {
  const per = [];
  for (let r = 0; r < ROUNDS + 3; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < OPS; i++) sink = f(i);
    if (r >= 3) per.push(Number(process.hrtime.bigint() - t0) / OPS);
  }
  return median(per);
}

// The fleet benchmark's 5.0 property mix (bench/fleet-stream.mjs), one block per PUBLISH.
const rnd = random(19);
const COUNT = 4096;
const withProps = [];
const without = [];
for (let d = 0; d < COUNT; d++) {
  const p = { type: 'publish', topic: `fleet/eu-west/site-${d % 37}/dev-${d.toString(16).padStart(6, '0')}/temperature`, payload: new Uint8Array(64), qos: 1, packetId: 1 + d, retain: false, dup: false };
  withProps.push(encode({ ...p, properties: deviceProperties(rnd, d) }, { protocolVersion: 5 }));
  without.push(encode(p, { protocolVersion: 5 }));
}
const options = { protocolVersion: 5 };
const decodeWith = time((i) => decode(withProps[i & (COUNT - 1)], options));
const decodeWithout = time((i) => decode(without[i & (COUNT - 1)], options));

// Packet-shaped objects: a prebuilt block held as data, and the two ways of a lazy own accessor.
const payload = new Uint8Array(64);
const block = { contentType: 'application/json', messageExpiryInterval: 3600 };
const build = () => ({ contentType: 'application/json', messageExpiryInterval: 3600 });
const shared = {
  get() {
    return (this.__block ??= build());
  },
  enumerable: true,
  configurable: true,
};
const asData = time((i) => ({ type: 'publish', topic: 't', payload, qos: 1, packetId: i & 0xffff, retain: false, dup: false, properties: block }));
const defined = time((i) => {
  const p = { type: 'publish', topic: 't', payload, qos: 1, packetId: i & 0xffff, retain: false, dup: false };
  Object.defineProperty(p, 'properties', shared);
  return p;
});
const literal = time((i) => {
  let held;
  return {
    type: 'publish',
    topic: 't',
    payload,
    qos: 1,
    packetId: i & 0xffff,
    retain: false,
    dup: false,
    get properties() {
      return (held ??= build());
    },
    set properties(v) {
      held = v;
    },
  };
});

const f = (n) => n.toFixed(1).padStart(7);
console.log(`lazy property blocks — Node ${process.version}, median of ${ROUNDS} rounds of ${OPS.toLocaleString('en')}, ns per operation\n`);
console.log('| what | ns |');
console.log('|---|---:|');
console.log(`| decode, 5.0 PUBLISH with a block (fleet mix) | ${f(decodeWith)} |`);
console.log(`| decode, the same PUBLISH without | ${f(decodeWithout)} |`);
console.log(`| → a block, checked and built | ${f(decodeWith - decodeWithout)} |`);
console.log(`| packet literal holding a prebuilt block | ${f(asData)} |`);
console.log(`| the literal, then Object.defineProperty (shared descriptor) | ${f(defined)} |`);
console.log(`| → a lazy accessor by defineProperty | ${f(defined - asData)} |`);
console.log(`| literal with get/set properties | ${f(literal)} |`);
console.log(`| → a lazy accessor by literal | ${f(literal - asData)} |`);
if (sink === undefined) throw new Error('nothing decoded');
