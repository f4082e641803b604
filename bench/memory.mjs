// Memory per connection: what a broker holding many idle connections pays per stream decoder.
// For each decoder — mqtt-codec's Decoder, its mqtt-packet drop-in parser (mqtt-codec/mqtt-packet)
// and mqtt-packet 9's parser — 10,000 instances are created and fed a short session (CONNECT,
// SUBSCRIBE, PUBLISH of 100-byte payloads, PINGREQ), then left idle, in three ways:
//   fresh   nothing pushed yet
//   whole   every packet in a chunk of its own
//   split   every packet cut in two chunks (TCP does this all the time), so the decoder held a
//           pending packet between them
// and after a forced collection the growth of the heap and of ArrayBuffer memory is divided by the
// number of decoders. Then one decoder per kind with a 3,000-byte packet still pending (what a
// pending packet costs), and what importing the main entry allocates (measured in a child process).
//
//   npm run bench:memory            (node --expose-gc bench/memory.mjs)
//   node --expose-gc bench/memory.mjs --quick     2,000 decoders
// Writes bench/results/memory.json (memory-quick.json for --quick).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqttPacket from 'mqtt-packet';
import { Decoder, encode } from '../dist/index.js';
import { parser as compatParser } from '../dist/mqtt-packet.js';

if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const quick = process.argv.includes('--quick');
const here = dirname(fileURLToPath(import.meta.url));
const COUNT = quick ? 2_000 : 10_000;

const session = (i) => [
  encode({ type: 'connect', protocolVersion: 4, clientId: `device-${i}`, cleanStart: true, keepAlive: 60 }),
  encode({ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: `fleet/${i}/cmd`, qos: 1 }] }, { protocolVersion: 4 }),
  encode({ type: 'publish', topic: `fleet/${i}/telemetry`, payload: new Uint8Array(100).fill(0x41), qos: 1, packetId: 2, retain: false, dup: false }),
  encode({ type: 'pingreq' }),
].map((b) => Buffer.from(b.buffer, b.byteOffset, b.length));

/** Each kind: make one decoder, feed it a chunk. */
const KINDS = {
  'mqtt-codec Decoder': {
    make: () => new Decoder(),
    feed: (d, c) => d.push(c),
  },
  'mqtt-codec/mqtt-packet parser': {
    make: () => {
      const p = compatParser();
      p.on('packet', () => {});
      return p;
    },
    feed: (p, c) => p.parse(c),
  },
  'mqtt-packet 9 parser': {
    make: () => {
      const p = mqttPacket.parser();
      p.on('packet', () => {});
      return p;
    },
    feed: (p, c) => p.parse(c),
  },
};

function usage() {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, arrayBuffers: m.arrayBuffers };
}

/** Bytes per decoder of `COUNT` decoders of `kind` after feeding them as `mode` says. */
function perDecoder(kind, mode) {
  const { make, feed } = KINDS[kind];
  const sessions = Array.from({ length: 64 }, (_, i) => session(i));
  const before = usage();
  const held = new Array(COUNT);
  for (let i = 0; i < COUNT; i++) {
    const d = make();
    if (mode !== 'fresh') {
      for (const packet of sessions[i % 64]) {
        if (mode === 'whole') feed(d, packet);
        else {
          const cut = Math.max(1, packet.length >> 1);
          feed(d, packet.subarray(0, cut));
          feed(d, packet.subarray(cut));
        }
      }
    }
    held[i] = d;
  }
  const after = usage();
  const heap = (after.heap - before.heap) / COUNT;
  const arrayBuffers = (after.arrayBuffers - before.arrayBuffers) / COUNT;
  if (held.length !== COUNT) throw new Error('unreachable');
  return { heap, arrayBuffers, total: heap + arrayBuffers };
}

/** Bytes held by one decoder of `kind` with 3,000 bytes of a 4,000-byte PUBLISH pending. */
function pending(kind) {
  const { make, feed } = KINDS[kind];
  const big = encode({ type: 'publish', topic: 't', payload: new Uint8Array(3_995), qos: 0, retain: false, dup: false });
  const part = Buffer.from(big.subarray(0, 3_000));
  const N = 200;
  const before = usage();
  const held = [];
  for (let i = 0; i < N; i++) {
    const d = make();
    feed(d, Buffer.from(part)); // a chunk of its own, as a socket would give
    held.push(d);
  }
  const after = usage();
  return (after.heap + after.arrayBuffers - before.heap - before.arrayBuffers) / N;
}

/** What importing the main entry allocates, in a fresh process. */
function importCost() {
  const script = `
    globalThis.gc(); const m0 = process.memoryUsage();
    const t0 = performance.now();
    await import(${JSON.stringify(new URL('../dist/index.js', import.meta.url).href)});
    const ms = performance.now() - t0;
    globalThis.gc(); const m1 = process.memoryUsage();
    console.log(JSON.stringify({ arrayBuffers: m1.arrayBuffers - m0.arrayBuffers, heap: m1.heapUsed - m0.heapUsed, ms }));`;
  // The least of three fresh processes: in some, the module loader's buffer of the file's source
  // (as large as dist/index.js) is still alive when the second collection runs.
  const runs = [0, 1, 2].map(() => JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' })));
  return runs.reduce((a, b) => (b.arrayBuffers < a.arrayBuffers ? b : a));
}

const rows = [];
for (const kind of Object.keys(KINDS)) {
  const row = { kind };
  for (const mode of ['fresh', 'whole', 'split']) row[mode] = perDecoder(kind, mode);
  row.pending3000 = pending(kind);
  rows.push(row);
}
const imp = importCost();

const b = (n) => `${Math.round(n).toLocaleString('en')} B`;
console.log(`memory per connection — ${cpus()[0].model}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}`);
console.log(`${COUNT.toLocaleString('en')} decoders per case, heap + ArrayBuffers after a forced collection\n`);
console.log('| decoder | fresh | idle after whole packets | idle after split packets | with 3,000 B pending |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.kind} | ${b(r.fresh.total)} | ${b(r.whole.total)} | ${b(r.split.total)} | ${b(r.pending3000)} |`);
console.log(`\nimport of the main entry: ${b(imp.arrayBuffers)} of ArrayBuffers, ${b(imp.heap)} of heap, ${imp.ms.toFixed(1)} ms`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', quick ? 'memory-quick.json' : 'memory.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0].model, node: process.version, quick, decoders: COUNT, rows, import: imp }, null, 2)}\n`,
);
