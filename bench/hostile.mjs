// Hostile-input benchmark: decode, inspect and the stream Decoder must work in time linear in the
// input. For each hostile shape, time per byte at growing sizes (flat = linear), next to the time
// per byte of an ordinary packet of the same kind. Each case runs in processes of its own (the
// median of three), so that no case inherits another's JIT state or heap, and one unlucky process
// on a shared machine does not make the figure.
//   node bench/hostile.mjs [--quick]     (npm run bench:hostile)
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
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

const OPS = {
  decode: (b) => () => decode(b, V5),
  // inspect records spans; its Field objects are built when `fields` is first read.
  inspect: (b) => () => inspect(b, V5),
  'inspect + fields': (b) => () => inspect(b, V5).fields,
};
// What the caller's own loop costs before any decoder runs: one read of each chunk. With 1-byte
// chunks that is a million separate Uint8Arrays, each a trip to memory.
const loopOnly = (chunks) => () => {
  let x = 0;
  for (const c of chunks) x ^= c[0];
  return x;
};

/** Every case: what it is, and how to make its function and byte count (in the child). `base` marks the ordinary case of a group. */
const cases = [];
const add = (group, shape, op, make, base = false) => cases.push({ group, shape, op, make, base });
const counts = quick ? [100, 10_000] : [100, 1_000, 10_000, 100_000];
for (const [op, run] of Object.entries(OPS)) {
  add(`${op} publish`, 'ordinary 5.0 PUBLISH with 8 properties', op, () => [run(ordinaryPublish), ordinaryPublish.length], true);
  for (const n of counts) {
    add(`${op} publish`, `PUBLISH with ${n.toLocaleString('en')} empty User Properties`, op, () => {
      const b = tinyProperties(n);
      return [run(b), b.length];
    });
  }
  add(`${op} subscribe`, 'ordinary 5.0 SUBSCRIBE with 5 filters', op, () => [run(ordinarySubscribe), ordinarySubscribe.length], true);
  for (const n of counts) {
    add(`${op} subscribe`, `SUBSCRIBE with ${n.toLocaleString('en')} subscriptions`, op, () => {
      const b = manySubscriptions(n);
      return [run(b), b.length];
    });
  }
}
add('stream', 'ordinary stream, 64 KiB chunks', 'Decoder', () => [feed(splitInto(ordinaryStream, 64 * 1024)), ordinaryStream.length], true);
// Tiny chunks: the child also times the caller's own loop over the same chunk objects, in the same
// process, so that the Decoder's own share can be told apart.
const split = (bytes, size) => () => {
  const chunks = splitInto(bytes, size);
  return [feed(chunks), bytes.length, loopOnly(chunks)];
};
for (const size of [1460, 64, 16, 4, 1]) {
  add('stream', `same stream, ${size.toLocaleString('en')}-byte chunks`, 'Decoder', size <= 4 ? split(ordinaryStream, size) : () => [feed(splitInto(ordinaryStream, size)), ordinaryStream.length]);
}
for (const n of quick ? [64 * 1024] : [64 * 1024, 1024 * 1024]) {
  const one = encode({ type: 'publish', topic: 't', payload: new Uint8Array(n), qos: 0, retain: false, dup: false }, V5);
  add('stream', `one ${n / 1024} KiB PUBLISH in 1-byte chunks`, 'Decoder', split(one, 1));
}

const caseAt = process.argv.indexOf('--case');
if (caseAt >= 0) {
  // Child: measure one case, print its ns/byte (and that of the caller's loop, when it has one).
  const [fn, bytes, loop] = cases[Number(process.argv[caseAt + 1])].make();
  const ns = nsPerByte(fn, bytes);
  process.stdout.write(loop === undefined ? `${ns}\n` : `${ns} ${nsPerByte(loop, bytes)}\n`);
  process.exit(0);
}

const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
const rows = [];
let ordinary;
for (let i = 0; i < cases.length; i++) {
  const c = cases[i];
  const runs = [];
  for (let k = 0; k < (quick ? 1 : 3); k++) {
    const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--case', String(i), ...(quick ? ['--quick'] : [])], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`case ${i} (${c.shape}, ${c.op}) failed:\n${child.stderr}`);
    runs.push(child.stdout.trim().split(' ').map(Number));
  }
  const ns = median(runs.map((r) => r[0]));
  const size = c.make()[1];
  if (c.base) ordinary = ns;
  rows.push({ shape: c.shape, size, op: c.op, ns, ratio: c.base ? undefined : ns / ordinary });
  if (runs[0].length > 1) {
    const loop = median(runs.map((r) => r[1]));
    const own = median(runs.map((r) => r[0] - r[1]));
    rows.push({ shape: '… the caller\'s loop alone over those chunks (reads each, no decoder)', size, op: 'loop', ns: loop, ratio: loop / ordinary });
    rows.push({ shape: '… the Decoder\'s own time (the two above, subtracted)', size, op: 'Decoder', ns: own, ratio: own / ordinary });
  }
}

console.log(`hostile inputs — ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}\n`);
console.log('| input | bytes | op | ns/byte | × ordinary |');
console.log('|---|---:|---|---:|---:|');
for (const r of rows) console.log(`| ${r.shape} | ${r.size.toLocaleString('en')} | ${r.op} | ${r.ns.toFixed(2)} | ${r.ratio === undefined ? '' : `${r.ratio.toFixed(2)}×`} |`);
