// Renders the benchmark results (bench/results/latest.json, stream.json, traffic.json) as the Markdown
// tables shown in README.md. Prints to stdout; nothing is measured here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'bench', 'results');
const run = JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8'));
const fmt = (n) => Math.round(n).toLocaleString('en');
const m = run.machine;
console.log(`Measured ${m.date.slice(0, 10)} on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), ${m.platform}, Node ${m.node}; mqtt-packet 9.0.2; \`npm run bench\` (${run.mode}), medians of benchmark.js samples.\n`);
console.log('| case | bytes | decode ops/s | × mqtt-packet | encode ops/s | × | encodeInto ops/s | × | encodeVectored ops/s | × writeToStream | × generate |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
const byCase = new Map();
for (const r of run.results) {
  if (!byCase.has(r.case)) byCase.set(r.case, { title: r.title, bytes: r.bytes });
  byCase.get(r.case)[r.op === 'vectored' ? `vectored/${r.mqttPacketOp}` : r.op] = r;
}
for (const c of byCase.values()) {
  const cell = (r) => (r ? `${fmt(r.mqttCodec.medianHz)} | ${r.ratioMedian.toFixed(1)}×` : ' | ');
  const vs = c['vectored/generate'];
  const vectored = c['vectored/writeToStream'] ? `${cell(c['vectored/writeToStream'])} | ${vs ? `${vs.ratioMedian.toFixed(1)}×` : ''}` : ' | | ';
  console.log(`| ${c.title} | ${c.bytes} | ${cell(c.decode)} | ${cell(c.encode)} | ${cell(c.encodeInto)} | ${vectored} |`);
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
try {
  const t = JSON.parse(readFileSync(join(dir, 'traffic.json'), 'utf8'));
  console.log(`\nReal-traffic stream (\`npm run bench:traffic\`, ${t.date.slice(0, 10)}, ${t.cpu}, Node ${t.node}; ${t.devices.toLocaleString('en')} device topics):\n`);
  console.log('| version | chunks | mqtt-codec packets/s | MB/s | mqtt-packet packets/s | MB/s | ceiling packets/s | MB/s | × mqtt-packet | % of ceiling |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of t.rows) {
    console.log(
      `| ${r.protocolVersion === 5 ? '5.0' : '3.1.1'} | ${r.chunk} | ${fmt(r.codecPacketsPerSec)} | ${fmt(r.codecMBPerSec)} | ${fmt(r.mqttPacketPacketsPerSec)} | ` +
        `${fmt(r.mqttPacketMBPerSec)} | ${fmt(r.ceilingPacketsPerSec)} | ${fmt(r.ceilingMBPerSec)} | ${r.ratio.toFixed(1)}× | ${Math.round(r.ofCeiling * 100)} % |`,
    );
  }
} catch {
  // no real-traffic results yet
}
