// Throughput of mqtt-codec against mqtt-packet, with benchmark.js, on the cases of
// bench/cases.mjs (same bytes and equivalent objects for both libraries, verified before
// anything is timed).
//
//   node bench/run.mjs            full run (maxTime 1.5 s per benchmark, about 3 minutes)
//   node bench/run.mjs --quick    short run (maxTime 0.15 s per benchmark, about 30 s)
//   node bench/run.mjs --filter=publish    only cases whose name matches the regular expression
//
// Measures the built package in dist/ (run `npx tsup` first). For every case:
//   decode      mqtt-codec decode(bytes, { protocolVersion })
//               mqtt-packet: one parser per case, created once, parser.parse(bytes) with a
//               'packet' listener (its fast path; the listener just keeps the packet)
//   encode      mqtt-codec encode(packet, { protocolVersion }) → new Uint8Array
//               mqtt-packet generate(packet, { protocolVersion }) → new Buffer
//   encodeInto  mqtt-codec encodeInto(packet, preallocated, 0, { protocolVersion });
//               mqtt-packet has no equivalent, so that row is compared with its generate
//   vectored    mqtt-codec encodeVectored(packet, opts), each piece handed to a stream whose
//               write() does nothing; compared twice: with mqtt-packet writeToStream(packet,
//               the same stream, opts) (its own piecewise writer) and with its generate
//
// Reported: hz (benchmark.js's mean ops/s), the relative margin of error (rme, %, 95%
// confidence), and the median ops/s over the samples; ratio = mqtt-codec hz / mqtt-packet hz
// (> 1 means mqtt-codec is faster). The table is printed and written with machine information
// to bench/results/latest.json (a --quick run to latest-quick.json).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Benchmark from 'benchmark';
import { measure } from './measure.mjs';
import mqttPacket from 'mqtt-packet';
import { decode, encode, encodeInto, encodeVectored } from '../dist/index.js';
import { prepareCases, staleDistWarning } from './cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
for (const a of args) {
  if (a !== '--quick' && !a.startsWith('--filter=')) {
    console.error(`unknown argument ${a}\nusage: node bench/run.mjs [--quick] [--filter=REGEX]`);
    process.exit(2);
  }
}
const quick = args.includes('--quick');
const filterArg = args.find((a) => a.startsWith('--filter='));
const filter = filterArg ? new RegExp(filterArg.slice('--filter='.length)) : null;

/** benchmark.js options per benchmark. */
const OPTIONS = quick
  ? { minSamples: 5, minTime: 0.02, maxTime: 0.15, initCount: 1 }
  : { minSamples: 20, minTime: 0.05, maxTime: 1.5, initCount: 1 };
/** Calls of every function before any timing, so all of them have seen every case's shapes. */
const WARMUP_CALLS = quick ? 500 : 5000;

// ---- setup: verify the cases (throws on any mismatch) ----

const stale = staleDistWarning();
if (stale) console.warn(stale);
let cases;
try {
  cases = prepareCases();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
if (filter) cases = cases.filter((c) => filter.test(c.name));
if (cases.length === 0) {
  console.error('no case matches the filter');
  process.exit(2);
}

// Results go to a module-level sink so no call can be optimized away.
let sink;

/** The functions to time for one case: [op, library, fn]. */
function tasks(c) {
  const { bytes, opts, codec: packet, mqttPacket: mpPacket } = c;
  const parser = mqttPacket.parser(opts);
  let parsed = 0;
  parser.on('packet', (p) => {
    sink = p;
    parsed++;
  });
  parser.on('error', (e) => {
    throw new Error(`mqtt-packet parser error on ${c.name}: ${e.message}`);
  });
  const target = new Uint8Array(bytes.length);
  // A stream that takes every write and does nothing (no cork: mqtt-packet then writes directly).
  const nullStream = {
    written: 0,
    write(chunk) {
      this.written += chunk.length;
      return true;
    },
  };
  return {
    parsedCount: () => parsed,
    list: [
      ['decode', 'mqtt-codec', () => { sink = decode(bytes, opts); }],
      ['decode', 'mqtt-packet', () => { parser.parse(bytes); }],
      ['encode', 'mqtt-codec', () => { sink = encode(packet, opts); }],
      ['encode', 'mqtt-packet', () => { sink = mqttPacket.generate(mpPacket, opts); }],
      ['encodeInto', 'mqtt-codec', () => { sink = encodeInto(packet, target, 0, opts); }],
      ['vectored', 'mqtt-codec', () => {
        const pieces = encodeVectored(packet, opts);
        for (let i = 0; i < pieces.length; i++) sink = nullStream.write(pieces[i]);
      }],
      ['writeToStream', 'mqtt-packet', () => { sink = mqttPacket.writeToStream(mpPacket, nullStream, opts); }],
    ],
  };
}

const perCase = cases.map((c) => ({ c, t: tasks(c) }));

// ---- warm-up: every function on every case, interleaved ----
for (let round = 0; round < WARMUP_CALLS; round++) {
  for (const { t } of perCase) for (const [, , fn] of t.list) fn();
}



// ---- measure ----
const started = Date.now();
const rows = [];
for (const { c, t } of perCase) {
  const results = {};
  for (const [op, lib, fn] of t.list) {
    const before = t.parsedCount();
    const r = measure(`${c.name} ${op} ${lib}`, fn, OPTIONS);
    if (op === 'decode' && lib === 'mqtt-packet' && t.parsedCount() === before) {
      throw new Error(`mqtt-packet emitted no packet while benchmarking ${c.name}`);
    }
    results[`${op}/${lib}`] = r;
    process.stderr.write(`  ${c.name.padEnd(17)} ${op.padEnd(10)} ${lib.padEnd(11)} ${fmtHz(r.hz).padStart(12)} ops/s ±${r.rme.toFixed(1)}%\n`);
  }
  // [our op, mqtt-packet op it is compared with, mqtt-packet's name for that op]
  const pairs = [
    ['decode', 'decode', 'parser.parse'],
    ['encode', 'encode', 'generate'],
    ['encodeInto', 'encode', 'generate'],
    ['vectored', 'writeToStream', 'writeToStream'],
    ['vectored', 'encode', 'generate'],
  ];
  for (const [op, theirsOp, theirsName] of pairs) {
    const ours = results[`${op}/mqtt-codec`];
    const theirs = results[`${theirsOp}/mqtt-packet`];
    rows.push({
      case: c.name,
      title: c.title,
      bytes: c.bytes.length,
      protocolVersion: c.v,
      op,
      mqttCodec: ours,
      mqttPacket: theirs,
      mqttPacketOp: theirsName,
      ratio: ours.hz / theirs.hz,
      ratioMedian: ours.medianHz / theirs.medianHz,
    });
  }
}
const seconds = (Date.now() - started) / 1000;

// ---- report ----
function fmtHz(hz) {
  return Math.round(hz).toLocaleString('en-US');
}

function table(rows) {
  const header = ['case', 'B', 'op', 'mqtt-codec ops/s', '±%', 'mqtt-packet ops/s', '±%', 'ratio'];
  const body = rows.map((r) => [
    r.case,
    String(r.bytes),
    r.op,
    fmtHz(r.mqttCodec.hz),
    r.mqttCodec.rme.toFixed(1),
    (r.op === 'encodeInto' || r.op === 'vectored' ? `(${r.mqttPacketOp}) ` : '') + fmtHz(r.mqttPacket.hz),
    r.mqttPacket.rme.toFixed(1),
    `${r.ratio.toFixed(2)}×`,
  ]);
  const right = [false, true, false, true, true, true, true, true];
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((s, i) => (right[i] ? s.padStart(widths[i]) : s.padEnd(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function gitRevision() {
  try {
    const rev = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { cwd: here, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${rev}+uncommitted src changes` : rev;
  } catch {
    return null;
  }
}

const readVersion = (p) => JSON.parse(readFileSync(p, 'utf8')).version;
const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? 'unknown',
  cores: cpus.length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  node: process.version,
  v8: process.versions.v8,
  date: new Date().toISOString(),
};
const versions = {
  mqttCodec: readVersion(join(here, '..', 'package.json')),
  mqttCodecRevision: gitRevision(),
  mqttPacket: readVersion(join(here, '..', 'node_modules', 'mqtt-packet', 'package.json')),
  benchmark: Benchmark.version,
};

console.log(
  `\nmqtt-codec ${versions.mqttCodec} (${versions.mqttCodecRevision ?? 'no git'}) vs mqtt-packet ${versions.mqttPacket}, ` +
    `${quick ? 'quick' : 'full'} run, benchmark.js ${versions.benchmark}`,
);
console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.platform}, Node ${machine.node}, ${machine.date}\n`);
console.log(table(rows));
console.log(
  '\nops/s = benchmark.js hz (mean); ±% = relative margin of error; ratio = mqtt-codec / mqtt-packet (> 1: mqtt-codec faster).' +
    '\nmqtt-packet decode = parser.parse on a parser created once; encodeInto rows compare with mqtt-packet generate;' +
    '\nvectored = encodeVectored + write() of each piece to a no-op stream, compared with writeToStream to that stream and with generate.',
);
console.log(`${rows.length / 5} cases, ${seconds.toFixed(1)} s of benchmarking.`);

const outDir = join(here, 'results');
mkdirSync(outDir, { recursive: true });
const out = {
  mode: quick ? 'quick' : 'full',
  options: { ...OPTIONS, warmupCalls: WARMUP_CALLS },
  filter: filter ? filter.source : null,
  machine,
  versions,
  seconds,
  results: rows,
};
// A quick run (CI's smoke test) must not replace the full run's figures.
const outName = out.mode === 'full' ? 'latest.json' : `latest-${out.mode}.json`;
writeFileSync(join(outDir, outName), `${JSON.stringify(out, null, 2)}\n`);
console.log(`written to ${join('bench', 'results', outName)}`);
