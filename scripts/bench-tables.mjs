// Renders the benchmark results (bench/results/latest.json and stream.json) as the Markdown
// tables shown in README.md. Prints to stdout; nothing is measured here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'results');
const run = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8'));
const fmt = (n) => Math.round(n).toLocaleString('en');
const m = run.machine;
console.log(`Measured ${m.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), ${m.platform}, Node ${m.node}; mqtt-packet 9.0.2; \`npm run bench\` (${run.mode}), medians of benchmark.js samples.\n`);
console.log('| case | bytes | decode ops/s | × mqtt-packet | encode ops/s | × | encodeInto ops/s | × |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
const byCase = new Map();
for (const r of run.results) {
  if (!byCase.has(r.case)) byCase.set(r.case, { title: r.title, bytes: r.bytes });
  byCase.get(r.case)[r.op] = r;
}
for (const c of byCase.values()) {
  const cell = (r) => (r ? `${fmt(r.mqttCodec.medianHz)} | ${r.ratioMedian.toFixed(1)}×` : ' | ');
  console.log(`| ${c.title} | ${c.bytes} | ${cell(c.decode)} | ${cell(c.encode)} | ${cell(c.encodeInto)} |`);
}
try {
  const s = JSON.parse(readFileSync(join(dir, 'stream.json'), 'utf8'));
  console.log(`\nStream decoding (\`npm run bench:stream\`, ${s.date.slice(0, 10)}, ${s.cpu}, Node ${s.node}):\n`);
  console.log('| stream | chunks | mqtt-codec packets/s | MB/s | mqtt-packet packets/s | MB/s | × |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const r of s.rows) {
    console.log(`| ${r.stream} | ${r.chunk} | ${fmt(r.codecPacketsPerSec)} | ${fmt(r.codecMBPerSec)} | ${fmt(r.mqttPacketPacketsPerSec)} | ${fmt(r.mqttPacketMBPerSec)} | ${r.ratio.toFixed(1)}× |`);
  }
} catch {
  // no stream results yet
}
