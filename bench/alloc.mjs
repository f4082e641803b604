// Bytes allocated per operation, mqtt-codec next to mqtt-packet, on the cases of bench/cases.mjs.
//
//   node --expose-gc bench/alloc.mjs          small PUBLISH and the 5.0 PUBLISH with properties
//   node --expose-gc bench/alloc.mjs --all    every case
//   node --expose-gc bench/alloc.mjs --ops=N  N operations per measurement (default 200000)
//
// Method (Node 20 has no allocation counter such as a "total allocated bytes" statistic, and a
// heap snapshot would measure what survives rather than what is allocated):
//   - every function is first run 20,000 times so that it is optimized, as in a long-running
//     process; results go to a module-level sink so that escape analysis cannot remove them;
//   - then, in rounds of ROUND (2,000) calls: global.gc() (full collection, new space empty), read
//     process.memoryUsage(), run the ROUND calls, read process.memoryUsage() again. With no
//     collection in between, nothing is freed, so the growth of `heapUsed` is exactly the bytes
//     allocated on the V8 heap (objects, strings, small typed arrays stored on-heap) and the growth
//     of `arrayBuffers` the bytes of ArrayBuffer backing stores allocated outside it (typed arrays
//     over 64 bytes, Node's 8 KiB Buffer pool slabs, amortized over the Buffers cut from them);
//   - a round during which V8 collected anyway is detected with v8.GCProfiler and thrown away
//     (and the rounds made smaller if that keeps happening);
//   - the same rounds with an empty function give the measuring overhead (the memoryUsage()
//     result object, ...), which is subtracted;
//   - the figure is the median over rounds of (growth / calls in the round): the occasional
//     round that also pays for something unrelated (an optimized-code installation, an inline
//     cache transition) does not move it. It is allocation per call in the steady state, not
//     memory retained.
import v8 from 'node:v8';
import mqttPacket from 'mqtt-packet';
import { decode, encode, encodeInto } from '../dist/index.js';
import { prepareCases, staleDistWarning } from './cases.mjs';

if (typeof globalThis.gc !== 'function') {
  console.error('run with --expose-gc: node --expose-gc bench/alloc.mjs');
  process.exit(2);
}
const gc = globalThis.gc;
// ArrayBuffer backing stores that a collection found dead are otherwise freed by a background
// thread, possibly during the next measured round, which would lower its `arrayBuffers` growth.
v8.setFlagsFromString('--no-concurrent-array-buffer-sweeping');

const args = process.argv.slice(2);
const all = args.includes('--all');
const opsArg = args.find((a) => a.startsWith('--ops='));
const OPS = opsArg ? Number(opsArg.slice('--ops='.length)) : 200_000;
const ROUND = 2000;
const MAX_ROUNDS = 200;
const WARMUP = 20_000;

const stale = staleDistWarning();
if (stale) console.warn(stale);
let cases;
try {
  cases = prepareCases();
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
if (!all) cases = cases.filter((c) => c.name === 'publish-qos0-v4' || c.name === 'publish-qos1-v4' || c.name === 'publish-props-v5');

let sink;

function tasks(c) {
  const { bytes, opts, codec: packet, mqttPacket: mpPacket } = c;
  const parser = mqttPacket.parser(opts);
  parser.on('packet', (p) => {
    sink = p;
  });
  parser.on('error', (e) => {
    throw new Error(`mqtt-packet parser error on ${c.name}: ${e.message}`);
  });
  const target = new Uint8Array(bytes.length);
  return {
    'decode/mqtt-codec': () => { sink = decode(bytes, opts); },
    'decode/mqtt-packet': () => { parser.parse(bytes); },
    'encode/mqtt-codec': () => { sink = encode(packet, opts); },
    'encode/mqtt-packet': () => { sink = mqttPacket.generate(mpPacket, opts); },
    'encodeInto/mqtt-codec': () => { sink = encodeInto(packet, target, 0, opts); },
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Allocation per call of `fn`: { heap, external, calls, discarded }. A round must fit in the
 * young generation: when collections keep interrupting, the round is made smaller (and at most
 * MAX_ROUNDS rounds are run, so very allocation-heavy functions are measured on fewer calls).
 */
function allocationPerCall(fn) {
  for (let i = 0; i < WARMUP; i++) fn();
  let round = ROUND;
  const heap = [];
  const external = [];
  let calls = 0;
  let rounds = 0;
  let discarded = 0;
  let interruptedInARow = 0;
  while (calls < OPS && rounds < MAX_ROUNDS) {
    gc();
    const profiler = new v8.GCProfiler();
    profiler.start();
    const m0 = process.memoryUsage();
    for (let i = 0; i < round; i++) fn();
    const m1 = process.memoryUsage();
    if (profiler.stop().statistics.length > 0) {
      discarded++;
      if (++interruptedInARow >= 2) {
        if (round === 10) throw new Error('rounds of 10 calls are still interrupted by garbage collections');
        round = Math.max(10, round >> 1);
        interruptedInARow = 0;
      }
      continue;
    }
    interruptedInARow = 0;
    heap.push((m1.heapUsed - m0.heapUsed) / round);
    external.push((m1.arrayBuffers - m0.arrayBuffers) / round);
    calls += round;
    rounds++;
  }
  return { heap: median(heap), external: median(external), meanHeap: mean(heap), calls, discarded };
}

// Measuring overhead, and a calibration object of known size (40 bytes on 64-bit V8 without
// pointer compression: map, properties, elements, two in-object fields).
const overhead = allocationPerCall(() => { sink = 0; });
const calibration = allocationPerCall(() => { sink = { a: sink, b: 1 }; });
const net = (m) => ({ ...m, heap: m.heap - overhead.heap, external: m.external - overhead.external });

const rows = [];
for (const c of cases) {
  const t = tasks(c);
  const m = {};
  for (const [key, fn] of Object.entries(t)) m[key] = net(allocationPerCall(fn));
  for (const op of ['decode', 'encode', 'encodeInto']) {
    rows.push({ c, op, ours: m[`${op}/mqtt-codec`], theirs: m[`${op === 'encodeInto' ? 'encode' : op}/mqtt-packet`] });
  }
}

const fmt = (x) => (Math.abs(x) < 0.5 ? '0' : x.toFixed(0));
const header = ['case', 'B', 'op', 'mqtt-codec heap', 'ext', 'total', 'mqtt-packet heap', 'ext', 'total'];
const body = rows.map(({ c, op, ours, theirs }) => [
  c.name,
  String(c.bytes.length),
  op,
  fmt(ours.heap),
  fmt(ours.external),
  fmt(ours.heap + ours.external),
  (op === 'encodeInto' ? '(generate) ' : '') + fmt(theirs.heap),
  fmt(theirs.external),
  fmt(theirs.heap + theirs.external),
]);
const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
const line = (cells) => cells.map((s, i) => (i === 0 || i === 2 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');

console.log(`\nBytes allocated per call (steady state), up to ${OPS} calls each (rounds of ≤ ${ROUND}), Node ${process.version}`);
console.log(`calibration: {a, b} literal = ${fmt(calibration.heap - overhead.heap)} B/call (expected 40); measuring overhead ${overhead.heap.toFixed(2)} B/call subtracted\n`);
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const b of body) console.log(line(b));
const discarded = rows.reduce((n, r) => n + r.ours.discarded + r.theirs.discarded, 0);
const fewest = Math.min(...rows.flatMap((r) => [r.ours.calls, r.theirs.calls]));
console.log(
  '\nheap = V8 heap bytes (heapUsed growth), ext = ArrayBuffer backing stores outside the heap (arrayBuffers growth), per call.' +
    '\nencodeInto rows compare with mqtt-packet generate.' +
    (discarded ? `\n${discarded} round(s) interrupted by a GC were discarded and re-run.` : '') +
    (fewest < OPS ? `\nAllocation-heavy functions were measured on fewer calls (at least ${fewest}).` : ''),
);
