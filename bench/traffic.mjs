// Real-traffic stream benchmark: what a broker or a busy client reads. A stream of PUBLISH at
// QoS 0/1/2 from 10,000 devices whose topics have the same length and differ only in the middle
// (devices/<uuid>/telemetry), payloads of 16 B–1 KiB, 5.0 properties on a share of them (Content
// Type, Message Expiry Interval, User Properties, Topic Alias), the acknowledgements of each QoS
// flow, and PINGREQ/PINGRESP; in MQTT 3.1.1 and 5.0, fed in 64 KiB chunks and in 1,460-byte
// chunks (one TCP segment's payload).
//
// Three decoders read the same chunks in the same run:
//   mqtt-codec   Decoder.push (full validation, packet objects)
//   mqtt-packet  parser().parse with a 'packet' listener
//   ceiling      a minimal hand-written decoder in this file: fixed header, Remaining Length,
//                Topic Name (TextDecoder, the fastest way measured here to get a flat string of
//                a 50-byte ASCII topic), Packet Identifier, payload view; 5.0 properties skipped;
//                no validation at all. No real decoder can be faster than this, so it is the ceiling.
//
//   npm run bench:traffic             full run (32 MiB streams)
//   node bench/traffic.mjs --quick    a few seconds (4 MiB streams)
// Prints packets/s and MB/s per decoder, the ratio to mqtt-packet and the share of the ceiling,
// and writes bench/results/traffic.json (traffic-quick.json for --quick).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqttPacket from 'mqtt-packet';
import { Decoder, encodeInto, encodedLength } from '../dist/index.js';

const quick = process.argv.includes('--quick');
const here = dirname(fileURLToPath(import.meta.url));
const STREAM_BYTES = (quick ? 4 : 32) * 1024 * 1024;
const DEVICES = 10_000;

/** A small deterministic generator (mulberry32), so every run reads the same bytes. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uuid(rnd) {
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rnd() * 4)]}${hex(3)}-${hex(12)}`;
}

/** The packets of one stream, in order, encoded with mqtt-codec into one buffer. */
function buildStream(v) {
  const rnd = random(v === 5 ? 55 : 44);
  const topics = Array.from({ length: DEVICES }, () => `devices/${uuid(rnd)}/telemetry`);
  const payloads = [16, 24, 32, 48, 64, 96, 128, 200, 256, 400, 512, 768, 1024].map((n) =>
    Uint8Array.from({ length: n }, (_, i) => 0x20 + ((i * 31) % 90)),
  );
  const out = new Uint8Array(STREAM_BYTES + 4096);
  let at = 0;
  let packets = 0;
  let publishes = 0;
  let pid = 0;
  const put = (p) => {
    at += encodeInto(p, out, at, { protocolVersion: v });
    packets++;
  };
  while (at < STREAM_BYTES) {
    const device = Math.floor(rnd() * DEVICES);
    const r = rnd();
    const qos = r < 0.55 ? 0 : r < 0.85 ? 1 : r < 0.95 ? 2 : -1;
    if (qos < 0) {
      put({ type: 'pingreq' });
      put({ type: 'pingresp' });
      continue;
    }
    const p = {
      type: 'publish',
      topic: topics[device],
      payload: payloads[Math.floor(rnd() * payloads.length)],
      qos,
      retain: false,
      dup: false,
    };
    if (qos > 0) p.packetId = pid = (pid % 65535) + 1;
    if (v === 5 && rnd() < 0.35) {
      const props = {};
      if (rnd() < 0.7) props.contentType = 'application/json';
      if (rnd() < 0.5) props.messageExpiryInterval = 3600;
      if (rnd() < 0.4) props.userProperties = [['trace-id', device.toString(16).padStart(8, '0')]];
      if (rnd() < 0.3 || Object.keys(props).length === 0) props.topicAlias = 1 + (device % 100);
      p.properties = props;
    }
    if (at + encodedLength(p, { protocolVersion: v }) + 32 > out.length) break;
    put(p);
    publishes++;
    if (qos === 1) put({ type: 'puback', packetId: pid });
    if (qos === 2) {
      put({ type: 'pubrec', packetId: pid });
      put({ type: 'pubrel', packetId: pid });
      put({ type: 'pubcomp', packetId: pid });
    }
  }
  // A Buffer, because mqtt-packet's parser needs one; the other decoders see it as a Uint8Array.
  return { bytes: Buffer.from(out.buffer, 0, at), packets, publishes };
}

const utf8 = new TextDecoder();
const TYPES = [null, 'connect', 'connack', 'publish', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'subscribe', 'suback', 'unsubscribe', 'unsuback', 'pingreq', 'pingresp', 'disconnect', 'auth'];

/** The ceiling: a minimal decoder that trusts its input (see the header comment). */
class CeilingDecoder {
  constructor(v) {
    this.v = v;
    this.rest = null;
  }

  push(chunk) {
    let buf = chunk;
    if (this.rest !== null) {
      buf = new Uint8Array(this.rest.length + chunk.length);
      buf.set(this.rest, 0);
      buf.set(chunk, this.rest.length);
      this.rest = null;
    }
    const out = [];
    const end = buf.length;
    let pos = 0;
    while (pos < end) {
      const h = buf[pos];
      let i = pos + 1;
      let rl = 0;
      let mul = 1;
      let b = 0x80;
      while (b & 0x80) {
        if (i >= end) break;
        b = buf[i++];
        rl += (b & 0x7f) * mul;
        mul *= 128;
      }
      if (b & 0x80 || i + rl > end) break;
      const stop = i + rl;
      const type = h >> 4;
      if (type === 3) {
        const qos = (h >> 1) & 3;
        const tl = (buf[i] << 8) | buf[i + 1];
        const topic = utf8.decode(buf.subarray(i + 2, i + 2 + tl));
        let j = i + 2 + tl;
        let packetId = 0;
        if (qos > 0) {
          packetId = (buf[j] << 8) | buf[j + 1];
          j += 2;
        }
        if (this.v === 5) {
          let pl = 0;
          let m = 1;
          let c;
          do {
            c = buf[j++];
            pl += (c & 0x7f) * m;
            m *= 128;
          } while (c & 0x80);
          j += pl;
        }
        out.push({ type: 'publish', topic, qos, packetId, payload: buf.subarray(j, stop) });
      } else if (type >= 4 && type <= 7) {
        out.push({ type: TYPES[type], packetId: (buf[i] << 8) | buf[i + 1] });
      } else {
        out.push({ type: TYPES[type] });
      }
      pos = stop;
    }
    if (pos < end) this.rest = buf.subarray(pos);
    return out;
  }
}

let sink;

function runCodec(chunks, v) {
  const d = new Decoder({ protocolVersion: v });
  let n = 0;
  for (let i = 0; i < chunks.length; i++) {
    const packets = d.push(chunks[i]);
    n += packets.length;
    if (packets.length > 0) sink = packets[packets.length - 1];
  }
  d.end();
  return n;
}

function runMqttPacket(chunks, v) {
  const parser = mqttPacket.parser({ protocolVersion: v });
  let n = 0;
  parser.on('packet', (p) => {
    sink = p;
    n++;
  });
  parser.on('error', (e) => {
    throw e;
  });
  for (let i = 0; i < chunks.length; i++) parser.parse(chunks[i]);
  return n;
}

function runCeiling(chunks, v) {
  const d = new CeilingDecoder(v);
  let n = 0;
  for (let i = 0; i < chunks.length; i++) {
    const packets = d.push(chunks[i]);
    n += packets.length;
    if (packets.length > 0) sink = packets[packets.length - 1];
  }
  if (d.rest !== null) throw new Error('ceiling decoder left bytes over');
  return n;
}

/** The topics and payload sizes of every PUBLISH a decoder returns, to check all three agree. */
function fingerprint(run, chunks, v) {
  let topics = 0;
  let payload = 0;
  let count = 0;
  const collect = (p) => {
    count++;
    if (p.type === 'publish' || p.cmd === 'publish') {
      topics = (topics + p.topic.length * 31 + p.topic.charCodeAt(20)) % 1e9;
      payload += p.payload.length;
    }
  };
  if (run === runMqttPacket) {
    const parser = mqttPacket.parser({ protocolVersion: v });
    parser.on('packet', collect);
    for (const c of chunks) parser.parse(c);
  } else {
    const d = run === runCodec ? new Decoder({ protocolVersion: v }) : new CeilingDecoder(v);
    for (const c of chunks) for (const p of d.push(c)) collect(p);
  }
  return `${count}/${topics}/${payload}`;
}

function chunked(bytes, size) {
  const chunks = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
  return chunks;
}

/**
 * Median seconds per pass of each decoder over `rounds` rounds, after warm-up passes; within a
 * round the decoders take turns, so a noisy neighbour on a shared machine hurts them alike.
 */
function measure(fns, chunks, v, expected, rounds) {
  for (const fn of fns) for (let i = 0; i < 3; i++) if (fn(chunks, v) !== expected) throw new Error(`${fn.name} decoded a different number of packets`);
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      const t0 = process.hrtime.bigint();
      fn(chunks, v);
      times[k].push(Number(process.hrtime.bigint() - t0) / 1e9);
    });
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]);
}

const rounds = quick ? 9 : 25;
const rows = [];
for (const v of [4, 5]) {
  const s = buildStream(v);
  for (const size of [64 * 1024, 1460]) {
    const chunks = chunked(s.bytes, size);
    const prints = [runCodec, runMqttPacket, runCeiling].map((fn) => fingerprint(fn, chunks, v));
    if (new Set(prints).size !== 1) throw new Error(`decoders disagree on the stream: ${prints.join(' | ')}`);
    const mb = s.bytes.length / 1e6;
    const [codec, mqttPacketTime, ceiling] = measure([runCodec, runMqttPacket, runCeiling], chunks, v, s.packets, rounds);
    const t = { codec, mqttPacket: mqttPacketTime, ceiling };
    rows.push({
      protocolVersion: v,
      chunk: size === 1460 ? '1,460 B' : '64 KiB',
      bytes: s.bytes.length,
      packets: s.packets,
      publishes: s.publishes,
      codecPacketsPerSec: s.packets / t.codec,
      codecMBPerSec: mb / t.codec,
      mqttPacketPacketsPerSec: s.packets / t.mqttPacket,
      mqttPacketMBPerSec: mb / t.mqttPacket,
      ceilingPacketsPerSec: s.packets / t.ceiling,
      ceilingMBPerSec: mb / t.ceiling,
      ratio: t.mqttPacket / t.codec,
      ofCeiling: t.ceiling / t.codec,
    });
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en');
const r0 = rows[0];
console.log(
  `real-traffic stream decoding — ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}`,
);
console.log(`${(r0.bytes / 2 ** 20).toFixed(1)} MiB per stream, ${DEVICES.toLocaleString('en')} device topics, median of ${rounds} passes\n`);
console.log('| version | chunks | packets | mqtt-codec packets/s | MB/s | mqtt-packet packets/s | MB/s | ceiling packets/s | MB/s | × mqtt-packet | % of ceiling |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.protocolVersion === 5 ? '5.0' : '3.1.1'} | ${r.chunk} | ${fmt(r.packets)} | ${fmt(r.codecPacketsPerSec)} | ${fmt(r.codecMBPerSec)} | ` +
      `${fmt(r.mqttPacketPacketsPerSec)} | ${fmt(r.mqttPacketMBPerSec)} | ${fmt(r.ceilingPacketsPerSec)} | ${fmt(r.ceilingMBPerSec)} | ` +
      `${r.ratio.toFixed(1)}× | ${Math.round(r.ofCeiling * 100)} % |`,
  );
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', quick ? 'traffic-quick.json' : 'traffic.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0].model, cores: cpus().length, node: process.version, quick, devices: DEVICES, rows }, null, 2)}\n`,
);
