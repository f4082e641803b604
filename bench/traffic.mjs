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
//   ceiling      a minimal hand-written decoder (bench/streams.mjs): fixed header, Remaining Length,
//                Topic Name (TextDecoder, the fastest way measured here to get a flat string of
//                a 50-byte ASCII topic), Packet Identifier, payload view; 5.0 properties skipped;
//                no validation at all. No real decoder can be faster than this, so it is the ceiling.
//
//   npm run bench:traffic             full run (32 MiB streams)
//   node bench/traffic.mjs --quick    a few seconds (4 MiB streams)
//   node bench/traffic.mjs --baseline ../other/dist/index.js   also another build's Decoder, same rounds
// Prints packets/s and MB/s per decoder, the ratio to mqtt-packet and the share of the ceiling,
// and writes bench/results/traffic.json (traffic-quick.json for --quick).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Decoder } from '../dist/index.js';
import { encodeTraffic } from './fleet-stream.mjs';
import { checkAgree, chunked, codecRunner, measureStream, random, runCeiling, runMqttPacket, uuid } from './streams.mjs';

const quick = process.argv.includes('--quick');
const here = dirname(fileURLToPath(import.meta.url));
const STREAM_BYTES = (quick ? 4 : 32) * 1024 * 1024;
const DEVICES = 10_000;

/** The packets of one stream, in order, encoded with mqtt-codec into one buffer. */
function buildStream(v) {
  const rnd = random(v === 5 ? 55 : 44);
  const topics = Array.from({ length: DEVICES }, () => `devices/${uuid(rnd)}/telemetry`);
  const payloads = [16, 24, 32, 48, 64, 96, 128, 200, 256, 400, 512, 768, 1024].map((n) =>
    Uint8Array.from({ length: n }, (_, i) => 0x20 + ((i * 31) % 90)),
  );
  return encodeTraffic(v, rnd, topics, payloads, STREAM_BYTES);
}

const runCodec = codecRunner('mqtt-codec', Decoder);
/** `--baseline path/to/dist/index.js`: another build's Decoder, run in the same rounds (e.g. main's). */
const baselineAt = process.argv.indexOf('--baseline');
const runBaseline =
  baselineAt > 0 ? codecRunner('baseline', (await import(pathToFileURL(process.argv[baselineAt + 1]).href)).Decoder) : null;
const runners = [runCodec, runMqttPacket, runCeiling, ...(runBaseline ? [runBaseline] : [])];

const rounds = quick ? 9 : 25;
const rows = [];
for (const v of [4, 5]) {
  const s = buildStream(v);
  for (const size of [64 * 1024, 1460]) {
    const chunks = chunked(s.bytes, size);
    checkAgree(runners, chunks, v);
    const mb = s.bytes.length / 1e6;
    const [codec, mqttPacketTime, ceiling, baseline] = measureStream(runners, chunks, v, s.packets, rounds);
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
      ...(baseline === undefined ? {} : { baselinePacketsPerSec: s.packets / baseline, ofBaseline: baseline / t.codec }),
    });
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en');
const r0 = rows[0];
console.log(
  `real-traffic stream decoding — ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}`,
);
console.log(`${(r0.bytes / 2 ** 20).toFixed(1)} MiB per stream, ${DEVICES.toLocaleString('en')} device topics, median of ${rounds} passes\n`);
const extra = runBaseline ? ' × baseline |' : '';
console.log(`| version | chunks | packets | mqtt-codec packets/s | MB/s | mqtt-packet packets/s | MB/s | ceiling packets/s | MB/s | × mqtt-packet | % of ceiling |${extra}`);
console.log(`|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${runBaseline ? '---:|' : ''}`);
for (const r of rows) {
  console.log(
    `| ${r.protocolVersion === 5 ? '5.0' : '3.1.1'} | ${r.chunk} | ${fmt(r.packets)} | ${fmt(r.codecPacketsPerSec)} | ${fmt(r.codecMBPerSec)} | ` +
      `${fmt(r.mqttPacketPacketsPerSec)} | ${fmt(r.mqttPacketMBPerSec)} | ${fmt(r.ceilingPacketsPerSec)} | ${fmt(r.ceilingMBPerSec)} | ` +
      `${r.ratio.toFixed(1)}× | ${Math.round(r.ofCeiling * 100)} % |${r.ofBaseline === undefined ? '' : ` ${r.ofBaseline.toFixed(2)}× |`}`,
  );
}
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', quick ? 'traffic-quick.json' : 'traffic.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0].model, cores: cpus().length, node: process.version, quick, devices: DEVICES, rows }, null, 2)}\n`,
);
