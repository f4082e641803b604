// mqtt-codec against every other JavaScript MQTT codec that installs from the registry, on the
// cases of bench/cases.mjs: encode, and decode where the peer decodes what the case is. mqtt-packet
// has its own, fuller benchmark (bench/run.mjs) and is one row here; the others each have an
// adapter in bench/peers/ that turns a case's mqtt-codec packet object into the peer's.
//
//   npm run bench:peers              full run (about ten minutes)
//   npm run bench:peers -- --quick   short run
//   node bench/peers.mjs --check      only the checks below, nothing timed (CI runs this)
//
// Before anything is timed, each peer's encoding of each case must be byte-identical to
// mqtt-codec's (and its decode must give the same type, topic and Packet Identifier), or the run
// stops with the difference; a case a peer cannot express (a 5.0 case for a 3.1.1-only peer, a
// peer's known bug: its adapter says which) is listed with the reason and not timed. Each pair
// is timed in five alternating rounds with benchmark.js (three with --quick); a figure is the
// median of a function's rounds (ops/s), ratio = mqtt-codec ÷ peer (above 1: mqtt-codec is
// faster). The peers check little on encode; mqtt-codec validates every field as always.
// Writes bench/results/peers.json (peers-quick.json for --quick).
//
// streamich's TypeScript `mqtt-codec` 1.0 is not on the registry (`npm view mqtt-codec`: 404),
// so it cannot be run here.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import mqttPacket from 'mqtt-packet';
import { decode, encode } from '../dist/index.js';
import { firstDifference, prepareCases, sameBytes, staleDistWarning } from './cases.mjs';
import { median, measure } from './measure.mjs';
import u8MqttPacket from './peers/u8-mqtt-packet.mjs';
import mqtts from './peers/mqtts.mjs';
import { Inexpressible } from './peers/inexpressible.mjs';

/**
 * @typedef {object} Peer
 * @property {string} name
 * @property {string} version
 * @property {(c: object) => { encode: () => Uint8Array, decode?: (bytes: Uint8Array) => object, decoded?: (d: object) => object }} prepare
 *   the peer's functions for case `c`; throws when the peer cannot express the case
 */

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
for (const a of args) {
  if (a !== '--quick' && a !== '--check') {
    console.error(`unknown argument ${a}\nusage: node bench/peers.mjs [--quick | --check]`);
    process.exit(2);
  }
}
const quick = args.includes('--quick');
const checkOnly = args.includes('--check');
const OPTIONS = quick ? { minSamples: 5, minTime: 0.02, maxTime: 0.1, initCount: 1 } : { minSamples: 10, minTime: 0.05, maxTime: 0.4, initCount: 1 };
const ROUNDS = quick ? 3 : 5;

/** mqtt-packet as a peer: `generate` and a parser, as bench/run.mjs times them. */
const mqttPacketPeer = {
  name: 'mqtt-packet',
  version: require('mqtt-packet/package.json').version,
  prepare(c) {
    const parser = mqttPacket.parser(c.opts);
    let last = null;
    parser.on('packet', (p) => {
      last = p;
    });
    return {
      encode: () => mqttPacket.generate(c.mqttPacket, c.opts),
      decode: (bytes) => {
        parser.parse(bytes);
        return last;
      },
      decoded: (d) => ({ type: d.cmd, topic: d.topic, packetId: d.messageId }),
    };
  },
};
const PEERS = [mqttPacketPeer, u8MqttPacket, mqtts];

const stale = staleDistWarning();
if (stale) console.warn(stale);
const cases = prepareCases();

/** The fields every decoder's result is checked on. */
const ourFields = (p) => ({ type: p.type, topic: p.topic, packetId: p.packetId });
const sameFields = (a, b) => a.type === b.type && (a.topic ?? undefined) === (b.topic ?? undefined) && (a.packetId ?? 0) === (b.packetId ?? 0);

let sink;

/** Median ops/s of `fns` (name → function), timed in alternating rounds. */
function timeTogether(label, fns) {
  const hz = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? Object.keys(fns) : Object.keys(fns).reverse();
    for (const k of order) hz[k].push(measure(`${label} ${k}`, fns[k], OPTIONS).hz);
  }
  return Object.fromEntries(Object.entries(hz).map(([k, xs]) => [k, median(xs)]));
}

const rows = [];
const skipped = [];
for (const c of cases) {
  const ours = decode(c.bytes, c.opts);
  for (const peer of PEERS) {
    let fns;
    try {
      fns = peer.prepare(c);
      const bytes = fns.encode();
      if (!sameBytes(bytes, c.bytes)) throw new Error(`encodes differently (${bytes.length} bytes against ${c.bytes.length}, first difference at byte ${firstDifference(bytes, c.bytes)})`);
      if (fns.decode !== undefined) {
        const d = fns.decode(c.bytes);
        if (d == null || !sameFields(fns.decoded(d), ourFields(ours))) throw new Error(`decodes differently: ${JSON.stringify(d == null ? d : fns.decoded(d))}`);
      }
    } catch (e) {
      if (!(e instanceof Inexpressible)) {
        console.error(`${c.name}, ${peer.name}: ${e.message}`);
        process.exit(1);
      }
      skipped.push({ case: c.name, peer: peer.name, why: e.message });
      continue;
    }
    if (checkOnly) {
      rows.push({ case: c.name, peer: peer.name });
      continue;
    }
    const packet = c.codec;
    const opts = c.opts;
    const enc = timeTogether(`${c.name} encode`, {
      'mqtt-codec': () => {
        sink = encode(packet, opts);
      },
      [peer.name]: () => {
        sink = fns.encode();
      },
    });
    rows.push({ case: c.name, title: c.title, op: 'encode', peer: peer.name, codecHz: enc['mqtt-codec'], peerHz: enc[peer.name], ratio: enc['mqtt-codec'] / enc[peer.name] });
    if (fns.decode !== undefined) {
      const bytes = c.bytes;
      const dec = timeTogether(`${c.name} decode`, {
        'mqtt-codec': () => {
          sink = decode(bytes, opts);
        },
        [peer.name]: () => {
          sink = fns.decode(bytes);
        },
      });
      rows.push({ case: c.name, title: c.title, op: 'decode', peer: peer.name, codecHz: dec['mqtt-codec'], peerHz: dec[peer.name], ratio: dec['mqtt-codec'] / dec[peer.name] });
    }
    process.stderr.write(`  ${c.name} ${peer.name}: done\n`);
  }
}
if (checkOnly) {
  console.log(`bench:peers check: ${rows.length} (case, peer) pairs encode byte for byte as mqtt-codec does and decode alike; ${skipped.length} cannot be expressed by the peer`);
  process.exit(0);
}
if (sink === undefined) throw new Error('nothing ran');

const fmt = (hz) => Math.round(hz).toLocaleString('en');
const peers = PEERS.map((p) => `${p.name} ${p.version}`).join(', ');
console.log(`mqtt-codec (dist/) against ${peers} — ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}`);
console.log(`median of ${ROUNDS} alternating benchmark.js rounds; ratio = mqtt-codec ÷ peer (above 1: mqtt-codec is faster)\n`);
console.log('| case | op | peer | mqtt-codec ops/s | peer ops/s | ratio |');
console.log('|---|---|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.title} | ${r.op} | ${r.peer} | ${fmt(r.codecHz)} | ${fmt(r.peerHz)} | ${r.ratio.toFixed(2)} |`);
if (skipped.length > 0) {
  console.log('\nnot timed (the peer cannot express the case):');
  for (const s of skipped) console.log(`- ${s.case}, ${s.peer}: ${s.why}`);
}
const behind = rows.filter((r) => r.ratio < 1);
console.log(behind.length === 0 ? `\nmqtt-codec leads on all ${rows.length} rows` : `\nmqtt-codec trails on ${behind.length} of ${rows.length} rows: ${behind.map((r) => `${r.case} ${r.op} against ${r.peer}`).join('; ')}`);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', quick ? 'peers-quick.json' : 'peers.json'),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: os.cpus()[0].model, cores: os.cpus().length, node: process.version, peers: PEERS.map((p) => ({ name: p.name, version: p.version })), quick, rows, skipped }, null, 2)}\n`,
);
