// The compat entry (`mqtt-codec/mqtt-packet`) against mqtt-packet itself, on the cases of
// bench/cases.mjs, and its cost over mqtt-codec's native API.
//
//   node bench/compat.mjs            full run (maxTime 1 s per benchmark)
//   node bench/compat.mjs --quick    short run (maxTime 0.2 s per benchmark)
//
// For every case, with the same bytes and the same mqtt-packet object for both libraries:
//   parse     compat parser().parse(bytes)       vs mqtt-packet parser().parse(bytes)
//             (one parser per case, created once, a 'packet' listener keeping the packet)
//   generate  compat generate(object, opts)      vs mqtt-packet generate(object, opts)
//   native    mqtt-codec decode / encode on the same bytes / the equivalent native packet,
//             to show what the translation to mqtt-packet's objects costs
// Setup checks that the compat generate gives mqtt-packet's bytes and the compat parser emits
// an object that generates them again. Written to bench/results/compat.json (--quick:
// compat-quick.json).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measure } from './measure.mjs';
import mqttPacket from 'mqtt-packet';
import { decode, encode } from '../dist/index.js';
import compat from '../dist/mqtt-packet.js';
import { prepareCases, staleDistWarning } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const OPTIONS = quick
  ? { minSamples: 5, minTime: 0.02, maxTime: 0.2, initCount: 1 }
  : { minSamples: 20, minTime: 0.05, maxTime: 1, initCount: 1 };
const WARMUP_CALLS = quick ? 500 : 5000;

const stale = staleDistWarning();
if (stale) console.warn(stale);
const cases = prepareCases();

let sink;

/** A parser created once, keeping what it emits; fails loudly on an error. */
function parserFor(lib, c) {
  const p = lib.parser(c.opts);
  p.on('packet', (x) => {
    sink = x;
  });
  p.on('error', (e) => {
    throw new Error(`${lib === compat ? 'compat' : 'mqtt-packet'} parser error on ${c.name}: ${e.message}`);
  });
  return p;
}

// Setup checks: the compat entry writes mqtt-packet's bytes and reads them back to an object
// that writes them again.
for (const c of cases) {
  const out = Buffer.from(compat.generate(c.mqttPacket, c.opts));
  if (!out.equals(c.bytes)) throw new Error(`${c.name}: compat generate differs from mqtt-packet generate`);
  let parsed;
  const p = compat.parser(c.opts);
  p.on('packet', (x) => {
    parsed = x;
  });
  if (p.parse(c.bytes) !== 0 || !parsed) throw new Error(`${c.name}: compat parser emitted no packet`);
  if (!Buffer.from(compat.generate(parsed, c.opts)).equals(c.bytes)) throw new Error(`${c.name}: compat parse → generate differs`);
}

function tasks(c) {
  const ours = parserFor(compat, c);
  const theirs = parserFor(mqttPacket, c);
  const { bytes, opts } = c;
  return [
    ['parse', 'compat', () => ours.parse(bytes)],
    ['parse', 'mqtt-packet', () => theirs.parse(bytes)],
    ['parse', 'native decode', () => { sink = decode(bytes, opts); }],
    ['generate', 'compat', () => { sink = compat.generate(c.mqttPacket, opts); }],
    ['generate', 'mqtt-packet', () => { sink = mqttPacket.generate(c.mqttPacket, opts); }],
    ['generate', 'native encode', () => { sink = encode(c.codec, opts); }],
  ];
}

const perCase = cases.map((c) => ({ c, list: tasks(c) }));
for (let i = 0; i < WARMUP_CALLS; i++) for (const { list } of perCase) for (const [, , fn] of list) fn();



const started = Date.now();
const rows = [];
for (const { c, list } of perCase) {
  const r = {};
  for (const [op, lib, fn] of list) {
    r[`${op}/${lib}`] = measure(`${c.name} ${op} ${lib}`, fn, OPTIONS);
    process.stderr.write(`  ${c.name.padEnd(17)} ${op.padEnd(9)} ${lib.padEnd(14)} ${Math.round(r[`${op}/${lib}`].hz).toLocaleString('en-US').padStart(12)} ops/s\n`);
  }
  for (const op of ['parse', 'generate']) {
    const native = op === 'parse' ? 'native decode' : 'native encode';
    rows.push({
      case: c.name,
      title: c.title,
      bytes: c.bytes.length,
      op,
      compat: r[`${op}/compat`],
      mqttPacket: r[`${op}/mqtt-packet`],
      native: r[`${op}/${native}`],
      ratio: r[`${op}/compat`].hz / r[`${op}/mqtt-packet`].hz,
      // What the translation costs: native's speed over the compat entry's.
      overNative: r[`${op}/${native}`].hz / r[`${op}/compat`].hz,
    });
  }
}
const seconds = (Date.now() - started) / 1000;

const fmt = (hz) => Math.round(hz).toLocaleString('en-US');
const header = ['case', 'B', 'op', 'compat ops/s', 'mqtt-packet ops/s', 'compat ×', 'native ops/s', 'native / compat'];
const body = rows.map((r) => [r.case, String(r.bytes), r.op, fmt(r.compat.hz), fmt(r.mqttPacket.hz), `${r.ratio.toFixed(2)}×`, fmt(r.native.hz), `${r.overNative.toFixed(2)}×`]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => cells.map((s, i) => (i < 3 && i !== 1 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');
console.log(`\nmqtt-codec/mqtt-packet vs mqtt-packet, ${quick ? 'quick' : 'full'} run, Node ${process.version}, ${os.cpus()[0]?.model ?? ''}`);
console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n'));
console.log('\ncompat × = compat / mqtt-packet (> 1: the compat entry is faster); native / compat = what the translation to mqtt-packet objects costs.');
console.log(`${cases.length} cases, ${seconds.toFixed(1)} s of benchmarking.`);
const minParse = Math.min(...rows.filter((r) => r.op === 'parse').map((r) => r.ratio));
const minGenerate = Math.min(...rows.filter((r) => r.op === 'generate').map((r) => r.ratio));
console.log(`lowest: parse ${minParse.toFixed(2)}× (target ≥ 5×), generate ${minGenerate.toFixed(2)}× (target ≥ 3×)`);

const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
const outName = quick ? 'compat-quick.json' : 'compat.json';
writeFileSync(
  join(outDir, outName),
  `${JSON.stringify({ mode: quick ? 'quick' : 'full', options: OPTIONS, node: process.version, cpu: os.cpus()[0]?.model, date: new Date().toISOString(), seconds, results: rows }, null, 2)}\n`,
);
console.log(`written to ${join('bench', 'results', outName)}`);
