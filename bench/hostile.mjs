// Hostile-input benchmark: decode, inspect and the stream Decoder must work in time linear in the
// input. For each hostile shape, time per byte at growing sizes (flat = linear), next to the time
// per byte of an ordinary packet of the same kind.
//   node bench/hostile.mjs [--quick]     (npm run bench:hostile)
import { cpus } from 'node:os';
import { Decoder, decode, encode, inspect } from '../dist/index.js';

const quick = process.argv.includes('--quick');
const V5 = { protocolVersion: 5 };

/** Median nanoseconds per byte of `fn` over `bytes` (enough repetitions for ~50 ms a sample). */
function nsPerByte(fn, bytes) {
  // Warm up until the JIT has settled (about 0.3 s), then size the samples.
  const warmUntil = process.hrtime.bigint() + BigInt(quick ? 100e6 : 300e6);
  let calls = 0;
  const w0 = process.hrtime.bigint();
  while (process.hrtime.bigint() < warmUntil) {
    fn();
    calls++;
  }
  const once = Math.max(1, Number(process.hrtime.bigint() - w0) / calls);
  const reps = Math.max(1, Math.round((quick ? 10e6 : 50e6) / once));
  const samples = [];
  for (let s = 0; s < (quick ? 3 : 7); s++) {
    const t = process.hrtime.bigint();
    for (let r = 0; r < reps; r++) fn();
    samples.push(Number(process.hrtime.bigint() - t) / reps / bytes);
  }
  samples.sort((a, b) => a - b);
  return samples[samples.length >> 1];
}

const ordinaryPublish = encode({
  type: 'publish', topic: 'sensor/building-1/floor-2/room-3/temperature', payload: new Uint8Array(64), qos: 1, retain: false, dup: false, packetId: 10,
  properties: { payloadFormatIndicator: 1, messageExpiryInterval: 3600, contentType: 'application/json', responseTopic: 'reply/client-1', correlationData: new Uint8Array(16), userProperties: [['a', '1'], ['b', '2'], ['c', '3']] },
}, V5);
const ordinarySubscribe = encode({
  type: 'subscribe', packetId: 7,
  subscriptions: ['sensors/+/temperature', 'sensors/+/humidity', 'alerts/#', 'clients/client-42/cmd', '$SYS/broker/uptime'].map((f) => ({ topicFilter: f, qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0 })),
}, V5);

const tinyProperties = (n) => encode({ type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false, properties: { userProperties: Array.from({ length: n }, () => ['', '']) } }, V5);
const manySubscriptions = (n) => encode({ type: 'subscribe', packetId: 1, subscriptions: Array.from({ length: n }, (_, i) => ({ topicFilter: `f${i % 10}`, qos: 1, noLocal: false, retainAsPublished: false, retainHandling: 0 })) }, V5);

function streamOf(packets, total) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < total; i++) {
    const p = packets[i % packets.length];
    parts.push(p);
    size += p.length;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
const ordinaryStream = streamOf([ordinaryPublish, ordinarySubscribe, encode({ type: 'puback', packetId: 3, reasonCode: 0 }, V5), encode({ type: 'pingreq' }, V5)], 1 << 20);
const splitInto = (bytes, size) => {
  const chunks = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
  return chunks;
};
const feed = (chunks) => () => {
  const d = new Decoder(V5);
  for (const c of chunks) d.push(c);
  d.end();
};

const rows = [];
const row = (shape, size, op, ns, ordinary) => rows.push({ shape, size, op, ns, ratio: ordinary === undefined ? undefined : ns / ordinary });

for (const op of ['decode', 'inspect']) {
  const run = op === 'decode' ? (b) => () => decode(b, V5) : (b) => () => inspect(b, V5);
  const ordPub = nsPerByte(run(ordinaryPublish), ordinaryPublish.length);
  row('ordinary 5.0 PUBLISH with 8 properties', ordinaryPublish.length, op, ordPub);
  for (const n of quick ? [100, 10_000] : [100, 1_000, 10_000, 100_000]) {
    const b = tinyProperties(n);
    row(`PUBLISH with ${n.toLocaleString('en')} empty User Properties`, b.length, op, nsPerByte(run(b), b.length), ordPub);
  }
  const ordSub = nsPerByte(run(ordinarySubscribe), ordinarySubscribe.length);
  row('ordinary 5.0 SUBSCRIBE with 5 filters', ordinarySubscribe.length, op, ordSub);
  for (const n of quick ? [100, 10_000] : [100, 1_000, 10_000, 100_000]) {
    const b = manySubscriptions(n);
    row(`SUBSCRIBE with ${n.toLocaleString('en')} subscriptions`, b.length, op, nsPerByte(run(b), b.length), ordSub);
  }
}
const whole = nsPerByte(feed(splitInto(ordinaryStream, 64 * 1024)), ordinaryStream.length);
row('ordinary stream, 64 KiB chunks', ordinaryStream.length, 'Decoder', whole);
for (const size of [1460, 64, 16, 4, 1]) {
  const chunks = splitInto(ordinaryStream, size);
  row(`same stream, ${size.toLocaleString('en')}-byte chunks`, ordinaryStream.length, 'Decoder', nsPerByte(feed(chunks), ordinaryStream.length), whole);
}
for (const n of quick ? [64 * 1024] : [64 * 1024, 1024 * 1024]) {
  const one = encode({ type: 'publish', topic: 't', payload: new Uint8Array(n), qos: 0, retain: false, dup: false }, V5);
  row(`one ${n / 1024} KiB PUBLISH in 1-byte chunks`, one.length, 'Decoder', nsPerByte(feed(splitInto(one, 1)), one.length), whole);
}

console.log(`hostile inputs — ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}\n`);
console.log('| input | bytes | op | ns/byte | × ordinary |');
console.log('|---|---:|---|---:|---:|');
for (const r of rows) console.log(`| ${r.shape} | ${r.size.toLocaleString('en')} | ${r.op} | ${r.ns.toFixed(2)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} |`);
