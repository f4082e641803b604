// Stream decoding benchmark: mqtt-codec's Decoder vs mqtt-packet's parser() on the same bytes,
// in the same run. Two streams (a mix of small 3.1.1 packets; PUBLISH with 64 KiB payloads), each
// fed in 64 KiB chunks and in 1,460-byte chunks (one TCP segment's payload).
//   npm run bench:stream            full run
//   node bench/stream.mjs --quick   a few seconds
// Prints packets/s and MB/s and writes bench/results/stream.json.
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqttPacket from 'mqtt-packet';
import { Decoder, encode } from '../dist/index.js';

const quick = process.argv.includes('--quick');
const here = dirname(fileURLToPath(import.meta.url));

function concat(parts) {
  const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A mix like a broker sees: small publishes at QoS 0/1/2, their acknowledgements, pings. */
function smallStream(count) {
  const payload = new Uint8Array(32).fill(0x61);
  const kinds = [
    (i) => encode({ type: 'publish', topic: 'test', payload: new Uint8Array([0x74, 0x65, 0x73, 0x74]), qos: 0, retain: false, dup: false }),
    (i) => encode({ type: 'publish', topic: 'sensors/building-1/floor-2/room-3/temp', payload, qos: 1, retain: false, dup: false, packetId: 1 + (i % 65535) }),
    (i) => encode({ type: 'puback', packetId: 1 + (i % 65535) }),
    (i) => encode({ type: 'publish', topic: 'a/b/c', payload, qos: 2, retain: false, dup: false, packetId: 1 + (i % 65535) }),
    (i) => encode({ type: 'pubrec', packetId: 1 + (i % 65535) }),
    (i) => encode({ type: 'pubrel', packetId: 1 + (i % 65535) }),
    (i) => encode({ type: 'pubcomp', packetId: 1 + (i % 65535) }),
    () => encode({ type: 'pingreq' }),
  ];
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(kinds[i % kinds.length](i));
  return { bytes: concat(parts), packets: count };
}

function bigStream(count) {
  const payload = new Uint8Array(64 * 1024).fill(0x42);
  const parts = [];
  for (let i = 0; i < count; i++) parts.push(encode({ type: 'publish', topic: 'files/chunk', payload, qos: 1, retain: false, dup: false, packetId: 1 + i }));
  return { bytes: concat(parts), packets: count };
}

function chunked(bytes, size) {
  const chunks = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
  return chunks;
}

function runCodec(chunks) {
  const d = new Decoder({ protocolVersion: 4 });
  let n = 0;
  for (let i = 0; i < chunks.length; i++) n += d.push(chunks[i]).length;
  d.end();
  return n;
}

function runMqttPacket(chunks) {
  const parser = mqttPacket.parser({ protocolVersion: 4 });
  let n = 0;
  parser.on('packet', () => n++);
  parser.on('error', (e) => {
    throw e;
  });
  for (let i = 0; i < chunks.length; i++) parser.parse(chunks[i]);
  return n;
}

/** Median seconds per pass over `rounds` timed passes (after warm-up). */
function measure(fn, chunks, expected, rounds) {
  for (let i = 0; i < 3; i++) if (fn(chunks) !== expected) throw new Error(`${fn.name} decoded a different number of packets`);
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    fn(chunks);
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const rounds = quick ? 5 : 21;
const streams = [
  { name: 'small mixed packets', ...smallStream(quick ? 100_000 : 400_000) },
  { name: 'PUBLISH 64 KiB payloads', ...bigStream(quick ? 200 : 800) },
];
const rows = [];
for (const s of streams) {
  for (const size of [64 * 1024, 1460]) {
    const chunks = chunked(s.bytes, size);
    const codec = measure(runCodec, chunks, s.packets, rounds);
    const other = measure(runMqttPacket, chunks, s.packets, rounds);
    const mb = s.bytes.length / 1e6;
    rows.push({
      stream: s.name,
      chunk: size === 1460 ? '1,460 B' : '64 KiB',
      bytes: s.bytes.length,
      packets: s.packets,
      codecPacketsPerSec: s.packets / codec,
      codecMBPerSec: mb / codec,
      mqttPacketPacketsPerSec: s.packets / other,
      mqttPacketMBPerSec: mb / other,
      ratio: other / codec,
    });
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en');
console.log(`stream decoding — ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}\n`);
console.log('| stream | chunks | mqtt-codec packets/s | mqtt-codec MB/s | mqtt-packet packets/s | mqtt-packet MB/s | ratio |');
console.log('|---|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.stream} | ${r.chunk} | ${fmt(r.codecPacketsPerSec)} | ${fmt(r.codecMBPerSec)} | ${fmt(r.mqttPacketPacketsPerSec)} | ${fmt(r.mqttPacketMBPerSec)} | ${r.ratio.toFixed(1)}× |`);
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', quick ? 'stream-quick.json' : 'stream.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0].model, cores: cpus().length, node: process.version, quick, rows }, null, 2)}\n`,
);
