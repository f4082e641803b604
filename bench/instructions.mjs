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
//
// Each build runs twice under cachegrind: once decoding the stream 8 times (warm-up: the engine
// compiles the hot functions), once 8 + `--passes` times. The difference, over `--passes`, is the
// cost of one warm pass, start-up and compilation left out. V8 runs with --predictable (compiling
// on the main thread), fixed random and hash seeds, and a young generation large enough that no
// garbage collection runs in the measured passes (a collection's cost depends on when it falls).
// Needs valgrind (`apt-get install valgrind`); each run takes about 20-40 s.
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const WARM_UP = 8;

if (args[0] === '--child') {
  // One build: `--child BUILD VERSION TOPICS CHUNK PROPS PASSES`, decoding WARM_UP + PASSES times.
  const [, build, v, topics, chunk, props, passes] = args;
  const { buildFleetStream } = await import('./fleet-stream.mjs');
  const { chunked, codecRunner } = await import('./streams.mjs');
  const { Decoder } = await import(pathToFileURL(build).href);
  const s = buildFleetStream(Number(v), Number(topics), 4 * 1024 * 1024, Number(props));
  const chunks = chunked(s.bytes, Number(chunk));
  const run = codecRunner('this process', Decoder);
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
  const builds = [{ name: 'this build', path: resolve(arg('--build', join(here, '..', 'dist', 'index.js'))) }];
  if (base !== undefined) builds.push({ name: 'base', path: resolve(base) });

  /** Instructions of one run of the child decoding `WARM_UP + n` times. */
  const count = (build, n) => {
    const node = [process.execPath, '--predictable', '--random-seed=42', '--hash-seed=7', '--min-semi-space-size=256', '--max-semi-space-size=256'];
    const child = [fileURLToPath(import.meta.url), '--child', build, v, topics, chunk, props, String(n)];
    const r = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', ...node, ...child], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.error !== undefined) throw new Error(`valgrind: ${r.error.message} (apt-get install valgrind)`);
    if (r.status !== 0) throw new Error(`${build}: ${r.stderr.split('\n').slice(-12).join('\n')}`);
    const m = /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
    if (m === null) throw new Error(`no instruction count in valgrind's output:\n${r.stderr.slice(-2000)}`);
    return Number(m[1].replace(/,/g, ''));
  };

  const label = v === '5' ? '5.0' : v === '3' ? '3.1' : '3.1.1';
  console.log(`MQTT ${label}, ${topics} topics, ${chunk}-byte chunks, ${Number(props) * 100} % of 5.0 PUBLISHes with properties, 4 MiB stream: instructions a warm pass (cachegrind, ${passes} passes after ${WARM_UP})`);
  const per = builds.map(({ name, path }) => {
    const n = (count(path, passes) - count(path, 0)) / passes;
    console.log(`  ${name.padEnd(10)} ${(n / 1e6).toFixed(2)} M`);
    return n;
  });
  if (per.length === 2) console.log(`this build ÷ base: ${(per[0] / per[1]).toFixed(4)} (below 1: this build runs fewer instructions)`);
}
