// Instructions a pass over a fleet stream (bench/fleet-stream.mjs) costs a build's Decoder, counted
// by valgrind's cachegrind: a figure that does not move with the host's speed. On this project's
// machine, timings of the same build move by up to a tenth between runs and the whole host has
// slow phases, so an effect of a few per cent shows in `bench:ab` only over many processes; an
// instruction count settles it in two runs of a build, identical runs agreeing to about 0.03 %.
// It does not see memory: a change that saves instructions but touches more cache lines can still
// be slower, so a candidate goes through `bench:ab` too.
//
//   node bench/instructions.mjs                                       this build, 5.0, 10,000 topics
//   node bench/instructions.mjs --base ../other/dist/index.js         this build and another
//   node bench/instructions.mjs --version 4 --topics 100000 --chunk 1460 --props 0
//   node bench/instructions.mjs --build /tmp/edited/index.js --base dist/index.js   a throwaway edit
//   node bench/instructions.mjs --ceilings                            the checked and the skipping ceiling too
//   node bench/instructions.mjs --functions 15                        and where each one's instructions go
//
// Each decoder runs twice under cachegrind: once decoding the stream 8 times (warm-up: the engine
// compiles the hot functions), once 8 + `--passes` times. The difference, over `--passes`, is the
// cost of one warm pass, start-up and compilation left out. V8 runs with --predictable (compiling
// on the main thread), fixed random and hash seeds, and a young generation large enough that no
// garbage collection runs in the measured passes (a collection's cost depends on when it falls).
//
// `--ceilings` counts the checked ceiling (bench/checked-ceiling.mjs) and the skipping ceiling
// (bench/streams.mjs) on the same stream. `--functions N` lists, per decoder, the N functions that
// ran the most instructions in a warm pass: the engine's and Node's own functions by name (the
// TextDecoder's binding, V8's builtins such as `Builtins_LoadIC`, its UTF-8 decoder), and all
// compiled JavaScript together as one row, `???` (cachegrind knows no names for code V8 generates
// at run time). A generic builtin such as `LoadIC` or `StoreIC` high in that list is a property
// access the compiled code could not specialise (how the TextDecoder's options were found,
// bench/FLEET-NOTES.md).
//
// Needs valgrind (`apt-get install valgrind`); each run takes about 20-40 s.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const WARM_UP = 8;
/** Decoders that are not a build's: `--child` takes these names in place of a build's path. */
const CEILINGS = { 'checked ceiling': 'checked', 'skipping ceiling': 'ceiling' };

if (args[0] === '--child') {
  // One decoder: `--child BUILD VERSION TOPICS CHUNK PROPS PASSES`, decoding WARM_UP + PASSES times.
  // BUILD is a build's dist/index.js, or `checked` or `ceiling`.
  const [, build, v, topics, chunk, props, passes] = args;
  const { buildFleetStream } = await import('./fleet-stream.mjs');
  const { chunked, codecRunner, runCeiling } = await import('./streams.mjs');
  let run;
  if (build === 'checked') run = (await import('./checked-ceiling.mjs')).runCheckedCeiling;
  else if (build === 'ceiling') run = runCeiling;
  else run = codecRunner('this process', (await import(pathToFileURL(build).href)).Decoder);
  const s = buildFleetStream(Number(v), Number(topics), 4 * 1024 * 1024, Number(props));
  const chunks = chunked(s.bytes, Number(chunk));
  for (let i = 0; i < WARM_UP + Number(passes); i++) {
    if (run(chunks, Number(v)) !== s.packets) throw new Error(`${build} decoded a different number of packets`);
  }
} else {
  const v = arg('--version', '5');
  const topics = arg('--topics', '10000');
  const chunk = arg('--chunk', '65536');
  const props = arg('--props', '0.35');
  const passes = Number(arg('--passes', '4'));
  const base = arg('--base', undefined);
  const functions = Number(arg('--functions', '0'));
  const builds = [{ name: 'this build', path: resolve(arg('--build', join(here, '..', 'dist', 'index.js'))) }];
  if (base !== undefined) builds.push({ name: 'base', path: resolve(base) });
  if (args.includes('--ceilings')) for (const [name, path] of Object.entries(CEILINGS)) builds.push({ name, path });
  const scratch = mkdtempSync(join(tmpdir(), 'instructions-'));

  /** Instructions of one run of the child decoding `WARM_UP + n` times: the total, and by function. */
  const count = (build, n) => {
    const node = [process.execPath, '--predictable', '--random-seed=42', '--hash-seed=7', '--min-semi-space-size=256', '--max-semi-space-size=256'];
    const child = [fileURLToPath(import.meta.url), '--child', build, v, topics, chunk, props, String(n)];
    const out = join(scratch, 'cachegrind.out');
    const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', `--cachegrind-out-file=${out}`, ...node, ...child], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.error !== undefined) throw new Error(`valgrind: ${r.error.message} (apt-get install valgrind)`);
    if (r.status !== 0) throw new Error(`${build}: ${r.stderr.split('\n').slice(-12).join('\n')}`);
    const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
    if (m === null) throw new Error(`no instruction count in valgrind's output:\n${r.stderr.slice(-2000)}`);
    return { total: Number(m[1].replace(/,/g, '')), byFunction: functions > 0 ? byFunction(readFileSync(out, 'utf8')) : null };
  };

  const label = v === '5' ? '5.0' : v === '3' ? '3.1' : '3.1.1';
  console.log(`MQTT ${label}, ${topics} topics, ${chunk}-byte chunks, ${Number(props) * 100} % of 5.0 PUBLISHes with properties, 4 MiB stream: instructions a warm pass (cachegrind, ${passes} passes after ${WARM_UP})`);
  const per = builds.map(({ name, path }) => {
    const [a, b] = [count(path, 0), count(path, passes)];
    const n = (b.total - a.total) / passes;
    console.log(`  ${name.padEnd(16)} ${(n / 1e6).toFixed(2)} M`);
    if (functions > 0) {
      const rows = [...b.byFunction].map(([fn, ir]) => [fn, (ir - (a.byFunction.get(fn) ?? 0)) / passes]).sort((x, y) => y[1] - x[1]);
      for (const [fn, ir] of rows.slice(0, functions)) console.log(`      ${(ir / 1e6).toFixed(2).padStart(6)} M  ${fn === '???' ? '??? (compiled JavaScript, and other code without a name)' : fn.slice(0, 100)}`);
    }
    return n;
  });
  rmSync(scratch, { recursive: true, force: true });
  if (base !== undefined) console.log(`this build ÷ base: ${(per[0] / per[1]).toFixed(4)} (below 1: this build runs fewer instructions)`);
}

/** Instructions by function name in a cachegrind output file (its first event is `Ir`). */
function byFunction(text) {
  const totals = new Map();
  let fn = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('fn=')) fn = line.slice(3);
    else if (line.charCodeAt(0) >= 0x30 && line.charCodeAt(0) <= 0x39) {
      const ir = Number(line.split(' ')[1] ?? 0);
      totals.set(fn, (totals.get(fn) ?? 0) + ir);
    }
  }
  return totals;
}
