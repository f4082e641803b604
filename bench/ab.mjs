// Two builds' Decoder on one fleet stream (bench/fleet-stream.mjs), each in processes of its own,
// the two alternating: for effects of a few per cent that one process with both builds loaded
// cannot show. There, the build loaded first read 1.01–1.08× its own copy loaded second
// (`bench:fleet --baseline` with the same build), and a loop that calls both builds' `push` is
// polymorphic where a real caller's is not, so V8 inlines differently. Each process decodes the
// stream in warm-up passes and then `--passes` timed passes and reports its best and median pass;
// a process's best is the steadiest figure on a shared machine (other work only slows a pass).
//
//   npm run bench:ab -- --base ../other/dist/index.js                 3.1.1, 100,000 topics, 1,460-byte chunks
//   node bench/ab.mjs --base B --version 5 --topics 20000 --chunk 65536 --processes 6 --passes 30
//   node bench/ab.mjs --base dist/index.js                            this build against itself: the noise
//
// The two builds' processes of round k run on core k modulo the cores (bench/pin.mjs), one after
// the other. Prints each process's figures, then per build the median of the processes' best
// passes and the ratio (this build ÷ base; above 1: this build is faster), and the median of the
// rounds' own ratios, which leaves out how fast each core was.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pinning, spawnNode } from './pin.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};

if (args[0] === '--child') {
  // One build, one stream: `--child BUILD VERSION TOPICS CHUNK PASSES`.
  const [, build, v, topics, chunk, passes] = args;
  const { buildFleetStream } = await import('./fleet-stream.mjs');
  const { chunked, codecRunner } = await import('./streams.mjs');
  const { Decoder } = await import(pathToFileURL(build).href);
  const s = buildFleetStream(Number(v), Number(topics), 32 * 1024 * 1024);
  const chunks = chunked(s.bytes, Number(chunk));
  // The fleet bench's own runner: one Decoder a pass, every chunk pushed, end() at the end.
  const run = codecRunner('this process', Decoder);
  const pass = () => run(chunks, Number(v));
  for (let i = 0; i < 3; i++) if (pass() !== s.packets) throw new Error(`${build} decoded a different number of packets`);
  const times = [];
  for (let i = 0; i < Number(passes); i++) {
    const t0 = process.hrtime.bigint();
    pass();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  const mb = s.bytes.length / 1e6;
  console.log(JSON.stringify({ best: mb / times[0], median: mb / times[times.length >> 1] }));
} else {
  const base = arg('--base', undefined);
  if (base === undefined) throw new Error('give --base path/to/other/dist/index.js');
  const builds = [
    { name: 'this build', path: join(here, '..', 'dist', 'index.js'), bests: [] },
    { name: 'base', path: resolve(base), bests: [] },
  ];
  const v = arg('--version', '4');
  const topics = arg('--topics', '100000');
  const chunk = arg('--chunk', '1460');
  const processes = Number(arg('--processes', '4'));
  const passes = arg('--passes', '30');
  console.log(`MQTT ${v === '5' ? '5.0' : v === '3' ? '3.1' : '3.1.1'}, ${topics} topics, ${chunk}-byte chunks, ${processes} processes a build, best and median of ${passes} passes each (MB/s), ${pinning()}`);
  for (let p = 0; p < processes; p++) {
    // Alternate which build goes first, so a drift in the machine's speed hurts both alike.
    for (const b of p % 2 === 0 ? builds : [...builds].reverse()) {
      // Both builds' process p on the same core (bench/pin.mjs).
      const r = spawnNode(p, [fileURLToPath(import.meta.url), '--child', b.path, v, topics, chunk, passes], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`${b.name}: ${r.stderr}`);
      const { best, median } = JSON.parse(r.stdout.trim().split('\n').at(-1));
      b.bests.push(best);
      console.log(`  ${b.name.padEnd(10)} best ${best.toFixed(0).padStart(5)}  median ${median.toFixed(0).padStart(5)}`);
    }
  }
  const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const [mine, theirs] = builds.map((b) => mid(b.bests));
  console.log(`median of bests: this build ${mine.toFixed(0)}, base ${theirs.toFixed(0)} MB/s; this build ÷ base ${(mine / theirs).toFixed(3)}`);
  // The two builds' processes of one round ran one after the other on the same core: their ratio
  // leaves out which core it was.
  const paired = builds[0].bests.map((b, i) => b / builds[1].bests[i]);
  console.log(`median of the rounds' ratios (this build ÷ base, same core): ${mid(paired).toFixed(3)}`);
}
