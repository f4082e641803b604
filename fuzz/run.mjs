// A built-in mutation fuzzer for fuzz/target.cjs: no dependencies, deterministic per --seed.
//   npm run fuzz                       1,000,000 executions (the default)
//   npm run fuzz -- --runs N           N executions
//   npm run fuzz -- --seconds S        run for S seconds
//   npm run fuzz -- --seed K           another pseudo-random sequence
// Mutations: bit flips, byte sets, byte insert/delete, splicing two seeds, Variable Byte Integer
// edits of the Remaining Length (including non-minimal and 5-byte forms), and Two Byte length
// field edits. Inputs that reach a new packet type / reason code / rule join the corpus.
// On an invariant violation the input is written to fuzz/failures/ and the run exits with 1.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const { fuzzWithReport } = createRequire(import.meta.url)('./target.cjs');

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const seconds = arg('--seconds', undefined);
const runs = arg('--runs', seconds === undefined ? 1_000_000 : Infinity);
let state = arg('--seed', 1) >>> 0 || 1;

function rand(n) {
  // xorshift32
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
}

const corpus = readdirSync(join(here, 'corpus'))
  .sort()
  .map((f) => new Uint8Array(readFileSync(join(here, 'corpus', f))));
if (corpus.length === 0) throw new Error('empty corpus: run node fuzz/make-corpus.mjs');

function vbi(value, pad) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0 || pad > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  for (let i = 0; i < pad; i++) out.push(i === pad - 1 ? 0 : 0x80);
  return out;
}

function mutate(input) {
  let b = Array.from(input);
  const count = 1 + rand(4);
  for (let m = 0; m < count; m++) {
    const n = b.length;
    switch (rand(9)) {
      case 0: // bit flip
        if (n > 1) b[1 + rand(n - 1)] ^= 1 << rand(8);
        break;
      case 1: // byte set (boundary values are likelier to matter)
        if (n > 1) b[1 + rand(n - 1)] = [0, 1, 0x7f, 0x80, 0xff, rand(256)][rand(6)];
        break;
      case 2: // insert a byte
        b.splice(1 + rand(n), 0, rand(256));
        break;
      case 3: // delete a byte
        if (n > 2) b.splice(1 + rand(n - 1), 1);
        break;
      case 4: {
        // splice: this input's head with another seed's tail
        const other = corpus[rand(corpus.length)];
        b = b.slice(0, 1 + rand(n)).concat(Array.from(other.subarray(1 + rand(Math.max(1, other.length - 1)))));
        break;
      }
      case 5: {
        // rewrite the Remaining Length: exact, off by a little, huge, non-minimal or too long
        if (n < 3) break;
        let k = 2; // b[0] is the version byte, b[1] the type byte, the Remaining Length starts at 2
        while (k < n - 1 && b[k] & 0x80 && k < 5) k++;
        k++; // first byte after the Remaining Length
        const bodyLen = Math.max(0, n - k);
        const choice = rand(5);
        const value = choice === 1 ? Math.max(0, bodyLen + rand(5) - 2) : choice === 2 ? 268435455 : bodyLen;
        const enc = choice === 3 ? vbi(value, 1 + rand(2)) : choice === 4 ? [0xff, 0xff, 0xff, 0xff, 0x7f] : vbi(value, 0);
        b = [b[0], b[1]].concat(enc, b.slice(k));
        break;
      }
      case 6: {
        // a Two Byte length field somewhere: a little off, zero, or huge
        if (n < 4) break;
        const at = 1 + rand(n - 2);
        const old = (b[at] << 8) | b[at + 1];
        const value = [0, 0xffff, old + 1, Math.max(0, old - 1), rand(0x10000)][rand(5)];
        b[at] = value >> 8;
        b[at + 1] = value & 0xff;
        break;
      }
      case 7: // change the packet type / flags nibble
        if (n > 1) b[1] = rand(2) ? (rand(16) << 4) | (b[1] & 15) : (b[1] & 0xf0) | rand(16);
        break;
      default: // another protocol version
        b[0] = rand(3);
    }
  }
  return Uint8Array.from(b);
}

const seen = new Set();
const types = new Map();
const reasons = new Map();
const rules = new Map();
const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

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
  const input = execs < corpus.length ? corpus[execs] : mutate(corpus[rand(corpus.length)]);
  let result;
  try {
    result = fuzzWithReport(input);
  } catch (e) {
    const dir = join(here, 'failures');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `failure-${Date.now()}.bin`);
    writeFileSync(file, input);
    console.error(`\nINVARIANT BROKEN after ${execs} executions: ${e.message}`);
    console.error(`input (${input.length} bytes): ${Buffer.from(input).toString('hex')}\nwritten to ${file}`);
    process.exit(1);
  }
  if (result.empty) continue;
  const sig = result.type ? `v${result.version} ${result.type}` : `v${result.version} 0x${result.reasonCode.toString(16)} ${result.rule ?? '-'}`;
  if (result.type) bump(types, result.type);
  else {
    bump(reasons, `0x${result.reasonCode.toString(16)}`);
    bump(rules, result.rule ?? '(no rule id)');
  }
  if (!seen.has(sig)) {
    seen.add(sig);
    if (execs >= corpus.length) corpus.push(input);
  }
}
const elapsed = (Date.now() - start) / 1000;
const fmt = (map) => [...map.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ');
console.log(`\nmqtt-codec fuzz summary
  executions:        ${execs.toLocaleString('en')}
  time:              ${elapsed.toFixed(1)} s
  executions/s:      ${Math.round(execs / elapsed).toLocaleString('en')}
  failures:          0
  corpus:            ${corpus.length} inputs (${seen.size} distinct outcomes)
  accepted types:    ${types.size}/15 — ${fmt(types)}
  reason codes:      ${fmt(reasons)}
  rules hit:         ${rules.size} — ${fmt(rules)}`);
