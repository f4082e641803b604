// Before and after: this build (dist/) against another build of mqtt-codec, on the cases of
// bench/cases.mjs, in one process. On a shared or noisy machine, runs of `npm run bench` taken a
// few minutes apart differ by ±30 % on single rows; two builds timed in turns within one process
// see the same noise, so the ratio of their times is far steadier.
//
//   npm run bench:compare -- ../other/dist/index.js            full run
//   npm run bench:compare -- ../other/dist/index.js --quick    about a quarter of the time
//   ... --filter=publish                                       only cases whose name matches
//
// For each case and operation (decode, encode), after both builds were warmed on every case (so
// their call sites have seen every packet type, as in a real client or broker), the two run in
// alternate bursts of about 3 MB of input or output; the order within each pair of bursts
// alternates too. The build loaded first measured a few per cent faster in runs of a build
// against a copy of itself, so the whole comparison runs twice, in two processes, each build
// loaded first in one of them; the ratio reported is the geometric mean of the two medians of
// the per-pair ratios (this build's speed ÷ the other's: above 1 is faster), each shown too.
// A last row times every case in turn (a mixed workload).
// Writes bench/results/compare.json (compare-quick.json for --quick).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './measure.mjs';

const dir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filter = args.find((a) => a.startsWith('--filter='))?.slice('--filter='.length);
const otherPath = args.find((a) => !a.startsWith('--'));
if (otherPath === undefined) {
  console.error('usage: node bench/compare.mjs path/to/other/dist/index.js [--quick] [--filter=REGEX]');
  process.exit(2);
}
const PAIRS = quick ? 12 : 40;
const orderArg = args.find((a) => a.startsWith('--order='))?.slice('--order='.length);

if (orderArg === undefined) {
  // The parent: one child per load order, then the table.
  const run = (order) => JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args, `--order=${order}`], { maxBuffer: 1 << 26 }).toString());
  const first = run('this-first');
  const second = run('other-first');
  const rows = first.map((a, i) => {
    const b = second[i];
    return { case: a.case, op: a.op, thisOpsPerSec: Math.sqrt(a.thisOpsPerSec * b.thisOpsPerSec), otherOpsPerSec: Math.sqrt(a.otherOpsPerSec * b.otherOpsPerSec), ratio: Math.sqrt(a.ratio * b.ratio), thisFirst: a, otherFirst: b };
  });
  const fmt = (hz) => Math.round(hz).toLocaleString('en');
  console.log(`this build (dist/) against ${otherPath} — ${os.cpus()[0].model}, ${os.cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}`);
  console.log(`${PAIRS} alternating pairs of bursts per row and load order; ratio = this build's speed ÷ the other's (geometric mean of the two orders' medians)\n`);
  console.log('| case | op | this build ops/s | other ops/s | ratio | this build loaded first: median (IQR) | other loaded first: median (IQR) |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  const cell = (r) => `${r.ratio.toFixed(3)} (${r.iqr[0].toFixed(2)}–${r.iqr[1].toFixed(2)})`;
  for (const r of rows) console.log(`| ${r.case} | ${r.op} | ${fmt(r.thisOpsPerSec)} | ${fmt(r.otherOpsPerSec)} | ${r.ratio.toFixed(3)} | ${cell(r.thisFirst)} | ${cell(r.otherFirst)} |`);
  mkdirSync(join(dir, 'results'), { recursive: true });
  writeFileSync(
    join(dir, 'results', quick ? 'compare-quick.json' : 'compare.json'),
    `${JSON.stringify({ date: new Date().toISOString(), cpu: os.cpus()[0].model, cores: os.cpus().length, node: process.version, other: otherPath, quick, pairs: PAIRS, rows }, null, 2)}\n`,
  );
  process.exit(0);
}

// A child: load the builds in the order asked, measure, print the rows as JSON.
const loadOther = () => import(pathToFileURL(resolve(otherPath)).href);
const loadHere = () => import('../dist/index.js');
const [here, other] = orderArg === 'this-first' ? [await loadHere(), await loadOther()] : await loadOther().then(async (o) => [await loadHere(), o]);
const { CASES } = await import('./cases.mjs');

const cases = CASES.filter((c) => filter === undefined || new RegExp(filter).test(c.name)).map((c) => {
  const options = { protocolVersion: c.v };
  const bytes = new Uint8Array(here.encode(c.codec, options));
  const theirs = other.encode(c.codec, options);
  if (theirs.length !== bytes.length || theirs.some((b, i) => b !== bytes[i])) throw new Error(`${c.name}: the two builds encode different bytes`);
  return { name: c.name, packet: c.codec, options, bytes };
});

/** Keeps each result alive, so no call can be optimised away. */
let sink;
const loops = {
  decode: (lib, c, n) => {
    for (let i = 0; i < n; i++) sink = lib.decode(c.bytes, c.options);
  },
  encode: (lib, c, n) => {
    for (let i = 0; i < n; i++) sink = lib.encode(c.packet, c.options);
  },
};

function burst(run, lib, c, n) {
  const t0 = process.hrtime.bigint();
  run(lib, c, n);
  return Number(process.hrtime.bigint() - t0);
}

const quartiles = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return [s[Math.floor(s.length / 4)], s[Math.floor((3 * s.length) / 4)]];
};

/** Times `run` for both builds in `PAIRS` alternating pairs of bursts of `n` calls. */
function compare(run, c, n) {
  const mine = [];
  const theirs = [];
  const ratios = [];
  for (let k = 0; k < PAIRS; k++) {
    let a;
    let b;
    if (k % 2 === 0) {
      a = burst(run, here, c, n);
      b = burst(run, other, c, n);
    } else {
      b = burst(run, other, c, n);
      a = burst(run, here, c, n);
    }
    mine.push(a);
    theirs.push(b);
    ratios.push(b / a);
  }
  return { mine: (n / median(mine)) * 1e9, theirs: (n / median(theirs)) * 1e9, ratio: median(ratios), iqr: quartiles(ratios) };
}

// Warm-up: every case through both builds, so that the timed loops run on code that has seen
// every packet type.
for (let w = 0; w < (quick ? 2 : 4); w++) {
  for (const c of cases) for (const run of Object.values(loops)) for (const lib of [here, other]) run(lib, c, 5000);
}

const rows = [];
for (const c of cases) {
  for (const [op, run] of Object.entries(loops)) {
    const n = Math.max(200, Math.min(50_000, Math.floor((quick ? 1e6 : 3e6) / c.bytes.length)));
    const r = compare(run, c, n);
    rows.push({ case: c.name, op, thisOpsPerSec: r.mine, otherOpsPerSec: r.theirs, ratio: r.ratio, iqr: r.iqr });
  }
}
// Every case in turn, as a client or broker mixes them.
for (const [op, run] of Object.entries(loops)) {
  const all = (lib, _c, n) => {
    for (let i = 0; i < n; i++) for (const c of cases) run(lib, c, 1);
  };
  const r = compare(all, null, quick ? 2000 : 5000);
  rows.push({ case: 'every case in turn', op, thisOpsPerSec: r.mine * cases.length, otherOpsPerSec: r.theirs * cases.length, ratio: r.ratio, iqr: r.iqr });
}
console.log(JSON.stringify(rows));
