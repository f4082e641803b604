// A built-in mutation fuzzer for the targets of fuzz/targets/: no dependencies, deterministic per --seed.
//   npm run fuzz                       the codec target, 1,000,000 executions (the default)
//   npm run fuzz -- --target NAME      codec, drop-in, conversation or capture
//   npm run fuzz -- --runs N           N executions
//   npm run fuzz -- --seconds S        run for S seconds
//   npm run fuzz -- --seed K           another pseudo-random sequence
// Each target brings its seed corpus, its mutator and its invariants (see its header comment).
// Inputs that reach a new outcome (what the target's `record` calls a signature) join the corpus.
// On an invariant violation the input is written to fuzz/failures/ and the run exits with 1.
// A target that cannot run here (the capture entry not built) says why and exits 0.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const TARGETS = ['codec', 'drop-in', 'conversation', 'capture'];

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const name = arg('--target', 'codec');
if (!TARGETS.includes(name)) {
  console.error(`unknown target ${name}: one of ${TARGETS.join(', ')}`);
  process.exit(2);
}
const seconds = arg('--seconds', undefined) === undefined ? undefined : Number(arg('--seconds'));
const runs = Number(arg('--runs', seconds === undefined ? 1_000_000 : Infinity));
let state = Number(arg('--seed', 1)) >>> 0 || 1;

function rand(n) {
  // xorshift32
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
}

const target = require(`./targets/${name}.cjs`);
const unavailable = target.unavailable?.();
if (unavailable) {
  console.log(`fuzz target ${name} skipped: ${unavailable}`);
  process.exit(0);
}
const corpus = target.seeds();
const seedCount = corpus.length;
const stats = target.createStats();
const seen = new Set();

const start = Date.now();
const deadline = seconds === undefined ? Infinity : start + seconds * 1000;
let execs = 0;
let lastPrint = start;
for (; execs < runs; execs++) {
  if ((execs & 1023) === 0) {
    const now = Date.now();
    if (now >= deadline) break;
    if (now - lastPrint >= 10_000) {
      lastPrint = now;
      console.log(`  ${execs.toLocaleString('en')} executions, ${Math.round(execs / ((now - start) / 1000)).toLocaleString('en')}/s, corpus ${corpus.length}`);
    }
  }
  const input = execs < seedCount ? corpus[execs] : target.mutate(corpus[rand(corpus.length)], rand, corpus);
  let result;
  try {
    result = target.fuzzWithReport(input);
  } catch (e) {
    const dir = join(here, 'failures');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name === 'codec' ? '' : `${name}-`}failure-${Date.now()}.bin`);
    writeFileSync(file, input);
    console.error(`\nINVARIANT BROKEN after ${execs} executions: ${e && e.message}`);
    console.error(`input (${input.length} bytes): ${Buffer.from(input).toString('hex').slice(0, 4000)}\nwritten to ${file}`);
    process.exit(1);
  }
  if (result.empty) continue;
  const sig = target.record(stats, result);
  if (!seen.has(sig)) {
    seen.add(sig);
    if (execs >= seedCount) corpus.push(input);
  }
}
const elapsed = (Date.now() - start) / 1000;
const fmt = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ');
console.log(`\nmqtt-codec fuzz summary${name === 'codec' ? '' : ` (target ${name})`}
  executions:        ${execs.toLocaleString('en')}
  time:              ${elapsed.toFixed(1)} s
  executions/s:      ${Math.round(execs / elapsed).toLocaleString('en')}
  failures:          0
  corpus:            ${corpus.length} inputs (${seen.size} distinct outcomes)
${target.summary(stats, fmt).join('\n')}`);
