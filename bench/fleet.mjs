// Fleet benchmark: decoding speed against the number of distinct topics. A broker in front of a
// fleet sees one topic per device; this sweeps 8, 1k, 4k, 10k, 20k, 50k and 100k distinct
// device-style Topic Names of 30–60 bytes (fleet/<region>/<site>/<device>/<metric>), every
// PUBLISH going to a device drawn uniformly at random (the worst case for any cache), QoS 0/1/2
// with their acknowledgements, payloads of 16–512 bytes, 5.0 properties on a share of them; in
// MQTT 3.1.1 and 5.0, fed in 64 KiB chunks and in 1,460-byte chunks (one TCP segment's payload).
//
// Three decoders read the same chunks (bench/streams.mjs):
//   mqtt-codec   Decoder.push (full validation, packet objects)
//   mqtt-packet  parser().parse with a 'packet' listener
//   ceiling      the hand-written minimal decoder that trusts its input
// and with --baseline path/to/dist/index.js, another build's Decoder too (e.g. main's); with
// --ceiling-props, the ceiling that reads 5.0 properties into objects too (where the plain
// ceiling skips them), for how much of the 5.0 streams' cost is their properties'; with
// --ceiling-checked, the checked ceiling too (bench/checked-ceiling.mjs: every check MQTT requires
// of these packets and mqtt-codec's objects, nothing else), for how fast a decoder that checks
// what it must can be.
//
// Each decoder runs alone, in processes of its own (two per decoder and case,
// the decoders taking turns): its figure is the median of its passes in a process, the best of
// its processes. Process k of every decoder is pinned to core k modulo the cores (bench/pin.mjs;
// Linux's taskset), so that each decoder runs as many processes on each core as the others: on
// this project's VM one core can be 1.3–2× slower than the other for minutes, and unpinned a
// decoder's figure depended on where its processes happened to run. In one process the decoders
// disturb each other (one's garbage and compiled code are the others' heap and inlining state):
// the ceiling read as little as half its own speed there in some cells. `--together` runs them in one process in the same rounds instead
// (the way of this bench before 4 December 2026).
//
//   npm run bench:fleet             full run (32 MiB streams, 7 passes a process)
//   node bench/fleet.mjs --quick    about two minutes (4 MiB streams, 5 passes a process)
//   --topics 8,100000 --chunks 1460 --versions 5   only those cases
//   --processes N                   processes per decoder and case
//   --props 0                       the share of 5.0 PUBLISHes with properties (0.35 unless told)
//   --chart bench/results/fleet.json   only the chart again, from a results file (fleet.svg beside it)
// Prints a table and writes bench/results/fleet.json and the chart bench/results/fleet.svg
// (fleet-quick.* for --quick, fleet-props-P.* for --props P, *-ceiling-props.* and *-ceiling-checked.* with those): mqtt-codec and mqtt-packet as a fraction of the ceiling against
// the topic count, one panel per version and chunk size.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Decoder } from '../dist/index.js';
import { runCheckedCeiling } from './checked-ceiling.mjs';
import { buildFleetStream } from './fleet-stream.mjs';
import { PIN_CORES, pinning, spawnNode } from './pin.mjs';
import { chunked, checkAgree, codecRunner, fingerprint, measureStream, runCeiling, runCeilingWithProperties, runMqttPacket } from './streams.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const baselineAt = process.argv.indexOf('--baseline');
const baselinePath = baselineAt > 0 ? process.argv[baselineAt + 1] : undefined;
const runBaseline = baselinePath === undefined ? null : codecRunner('baseline', (await import(pathToFileURL(baselinePath).href)).Decoder);
const ceilingProps = process.argv.includes('--ceiling-props');
const ceilingChecked = process.argv.includes('--ceiling-checked');
/** The runners measured only when asked for, and whether this run asks. */
const OPTIONAL = { 'ceiling+props': ceilingProps, 'checked ceiling': ceilingChecked };
/** Every runner by name (a child process is told its runner's name); RUNNERS are the ones this run measures. */
const ALL_RUNNERS = {
  'mqtt-codec': codecRunner('mqtt-codec', Decoder),
  'mqtt-packet': runMqttPacket,
  ceiling: runCeiling,
  ...(runBaseline ? { baseline: runBaseline } : {}),
  'ceiling+props': runCeilingWithProperties,
  'checked ceiling': runCheckedCeiling,
};
const RUNNERS = Object.fromEntries(Object.entries(ALL_RUNNERS).filter(([name]) => OPTIONAL[name] ?? true));

const propsAt = process.argv.indexOf('--props');
const PROPS = propsAt > 0 ? Number(process.argv[propsAt + 1]) : 0.35;

if (process.argv[2] === '--child') {
  // One decoder alone: `--child NAME VERSION TOPICS CHUNK STREAM_BYTES PASSES [--props P] [--baseline B]`.
  const [, , , name, v, count, size, bytes, passes] = process.argv.map((a, i) => (i > 3 ? Number(a) : a));
  const s = buildFleetStream(v, count, bytes, PROPS);
  const chunks = chunked(s.bytes, size);
  const run = ALL_RUNNERS[name];
  const print = fingerprint(run, chunks, v);
  const [median] = measureStream([run], chunks, v, s.packets, passes);
  console.log(JSON.stringify({ median, print }));
  process.exit(0);
}

const chartAt = process.argv.indexOf('--chart');
if (chartAt > 0) {
  // Only the chart again, from a results file: `--chart bench/results/fleet.json` writes fleet.svg beside it.
  const file = process.argv[chartAt + 1];
  writeFileSync(file.replace(/\.json$/, '.svg'), chart(JSON.parse(readFileSync(file, 'utf8')).rows));
  process.exit(0);
}

const quick = process.argv.includes('--quick');
const together = process.argv.includes('--together');
const STREAM_BYTES = (quick ? 4 : 32) * 1024 * 1024;
const ROUNDS = quick ? 5 : 7;
const PROCESSES = Number(process.argv[process.argv.indexOf('--processes') + 1] || 0) || 2;
/** `--topics 8,100000` and `--chunks 1460` narrow the sweep (for a quick look at one case). */
const listArg = (name, all) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1].split(',').map(Number) : all;
};
const TOPIC_COUNTS = listArg('--topics', [8, 1_000, 4_000, 10_000, 20_000, 50_000, 100_000]);
const CHUNKS = listArg('--chunks', [64 * 1024, 1460]);
const VERSIONS = listArg('--versions', [4, 5]);

const runners = Object.values(RUNNERS);

/**
 * Seconds per pass of each runner on one case, each alone in `PROCESSES` processes of its own
 * (the runners taking turns, their order turned each time): the best of a runner's process
 * medians. Throws unless every process decoded the same packets.
 */
function measureAlone(v, count, size) {
  const names = Object.keys(RUNNERS);
  const best = names.map(() => Infinity);
  const prints = new Set();
  for (let p = 0; p < PROCESSES; p++) {
    const order = p % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const args = [fileURLToPath(import.meta.url), '--child', name, v, count, size, STREAM_BYTES, ROUNDS, '--props', PROPS];
      if (baselinePath !== undefined) args.push('--baseline', baselinePath);
      // Process p of every runner on the same core (bench/pin.mjs): each runs once on each core.
      const r = spawnNode(p, args.map(String), { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (r.status !== 0) throw new Error(`${name}: ${r.stderr}`);
      const { median, print } = JSON.parse(r.stdout.trim().split('\n').at(-1));
      const k = names.indexOf(name);
      best[k] = Math.min(best[k], median);
      prints.add(print);
    }
  }
  if (prints.size !== 1) throw new Error(`decoders disagree on the stream: ${[...prints].join(' | ')}`);
  return best;
}

const rows = [];
const fmt = (n) => Math.round(n).toLocaleString('en');
console.log(
  `fleet sweep — ${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}${quick ? ' (quick)' : ''}`,
);
if (PROPS !== 0.35) console.log(`5.0 PUBLISHes with properties: ${PROPS * 100} % (0.35 unless told)`);
console.log(
  together
    ? `${STREAM_BYTES / 2 ** 20} MiB per stream, median of ${ROUNDS} passes, decoders interleaved in one process\n`
    : `${STREAM_BYTES / 2 ** 20} MiB per stream, each decoder alone: median of ${ROUNDS} passes a process, best of ${PROCESSES} process(es), ${pinning()}\n`,
);
console.log(
  `| version | chunks | topics | mqtt-codec MB/s | mqtt-packet MB/s | ceiling MB/s | × mqtt-packet | of ceiling |${runBaseline ? ' × baseline |' : ''}${ceilingProps ? ' ceiling+props MB/s | of ceiling+props |' : ''}${ceilingChecked ? ' checked ceiling MB/s | it of ceiling | of checked ceiling |' : ''}`,
);
console.log(`|---|---|---:|---:|---:|---:|---:|---:|${runBaseline ? '---:|' : ''}${ceilingProps ? '---:|---:|' : ''}${ceilingChecked ? '---:|---:|---:|' : ''}`);
for (const v of VERSIONS) {
  for (const count of TOPIC_COUNTS) {
    const s = buildFleetStream(v, count, STREAM_BYTES, PROPS);
    const mb = s.bytes.length / 1e6;
    for (const size of CHUNKS) {
      let times;
      if (together) {
        const chunks = chunked(s.bytes, size);
        checkAgree(runners, chunks, v);
        times = measureStream(runners, chunks, v, s.packets, ROUNDS);
      } else {
        times = measureAlone(v, count, size);
      }
      const named = Object.fromEntries(Object.keys(RUNNERS).map((k, i) => [k, times[i]]));
      const { 'mqtt-codec': codec, 'mqtt-packet': mp, ceiling, baseline, 'ceiling+props': withProps, 'checked ceiling': checked } = named;
      const row = {
        protocolVersion: v,
        chunk: size === 1460 ? '1,460 B' : '64 KiB',
        topics: count,
        bytes: s.bytes.length,
        packets: s.packets,
        codecMBPerSec: mb / codec,
        mqttPacketMBPerSec: mb / mp,
        ceilingMBPerSec: mb / ceiling,
        ratio: mp / codec,
        ofCeiling: ceiling / codec,
        mqttPacketOfCeiling: ceiling / mp,
        ...(baseline === undefined ? {} : { baselineMBPerSec: mb / baseline, ofBaseline: baseline / codec, baselineOfCeiling: ceiling / baseline }),
        ...(withProps === undefined ? {} : { ceilingPropsMBPerSec: mb / withProps, ofCeilingProps: withProps / codec }),
        ...(checked === undefined ? {} : { checkedCeilingMBPerSec: mb / checked, checkedOfCeiling: ceiling / checked, ofCheckedCeiling: checked / codec }),
      };
      rows.push(row);
      console.log(
        `| ${v === 5 ? '5.0' : '3.1.1'} | ${row.chunk} | ${fmt(count)} | ${fmt(row.codecMBPerSec)} | ${fmt(row.mqttPacketMBPerSec)} | ` +
          `${fmt(row.ceilingMBPerSec)} | ${row.ratio.toFixed(1)}× | ${row.ofCeiling.toFixed(2)} |${row.ofBaseline === undefined ? '' : ` ${row.ofBaseline.toFixed(2)}× |`}` +
          `${row.ofCeilingProps === undefined ? '' : ` ${fmt(row.ceilingPropsMBPerSec)} | ${row.ofCeilingProps.toFixed(2)} |`}` +
          `${row.ofCheckedCeiling === undefined ? '' : ` ${fmt(row.checkedCeilingMBPerSec)} | ${row.checkedOfCeiling.toFixed(2)} | ${row.ofCheckedCeiling.toFixed(2)} |`}`,
      );
    }
  }
}

/** The sweep as an SVG line chart: one panel per version and chunk size, log x axis. */
function chart(rows) {
  const W = 360;
  const H = 240;
  const M = { l: 44, r: 12, t: 28, b: 36 };
  const series = [
    { key: 'ofCeiling', label: 'mqtt-codec', color: '#1f77b4' },
    { key: 'mqttPacketOfCeiling', label: 'mqtt-packet', color: '#ff7f0e' },
    ...(rows[0].baselineOfCeiling === undefined ? [] : [{ key: 'baselineOfCeiling', label: 'baseline', color: '#888', dash: '4 3' }]),
    ...(rows[0].checkedOfCeiling === undefined ? [] : [{ key: 'checkedOfCeiling', label: 'checked ceiling', color: '#2ca02c', dash: '2 2' }]),
  ];
  const yMax = Math.max(1.2, Math.ceil(Math.max(...rows.map((r) => r.ofCeiling)) * 5) / 5);
  const counts = [...new Set(rows.map((r) => r.topics))].sort((a, b) => a - b);
  const lx = (n) => Math.log10(n);
  const x0 = lx(counts[0]);
  const x1 = lx(counts[counts.length - 1]);
  const px = (n) => M.l + ((lx(n) - x0) / (x1 - x0)) * (W - M.l - M.r);
  const py = (y) => M.t + (1 - y / yMax) * (H - M.t - M.b);
  const panels = [];
  let k = 0;
  for (const v of [4, 5]) {
    for (const chunk of ['64 KiB', '1,460 B']) {
      const rs = rows.filter((r) => r.protocolVersion === v && r.chunk === chunk);
      if (rs.length === 0) continue;
      const ox = (k % 2) * W;
      const oy = Math.floor(k / 2) * H + 30;
      k++;
      let g = `<g transform="translate(${ox},${oy})">`;
      g += `<text x="${W / 2}" y="16" text-anchor="middle" font-weight="bold">MQTT ${v === 5 ? '5.0' : '3.1.1'}, ${chunk} chunks</text>`;
      for (let y = 0; y <= yMax + 1e-9; y += 0.2) {
        g += `<line x1="${M.l}" x2="${W - M.r}" y1="${py(y)}" y2="${py(y)}" stroke="${Math.abs(y - 1) < 1e-9 ? '#999' : '#e5e5e5'}"/>`;
        g += `<text x="${M.l - 4}" y="${py(y) + 4}" text-anchor="end">${y.toFixed(1)}</text>`;
      }
      // Issue 19's target for mqtt-codec: 0.7 of the ceiling at every topic count.
      g += `<line x1="${M.l}" x2="${W - M.r}" y1="${py(0.7)}" y2="${py(0.7)}" stroke="#d62728" stroke-dasharray="5 4"/>`;
      g += `<text x="${M.l + 4}" y="${py(0.7) + 12}" fill="#d62728">target 0.7</text>`;
      for (const n of counts) {
        g += `<line x1="${px(n)}" x2="${px(n)}" y1="${py(0)}" y2="${py(0) + 4}" stroke="#666"/>`;
        g += `<text x="${px(n)}" y="${py(0) + 16}" text-anchor="middle">${n >= 1000 ? `${n / 1000}k` : n}</text>`;
      }
      for (const s of series) {
        const pts = rs.map((r) => `${px(r.topics).toFixed(1)},${py(r[s.key]).toFixed(1)}`).join(' ');
        g += `<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`;
        for (const r of rs) g += `<circle cx="${px(r.topics).toFixed(1)}" cy="${py(r[s.key]).toFixed(1)}" r="2.5" fill="${s.color}"/>`;
      }
      panels.push(`${g}</g>`);
    }
  }
  const legend = series
    .map((s, i) => `<rect x="${10 + i * 130}" y="8" width="14" height="4" fill="${s.color}"/><text x="${28 + i * 130}" y="14">${s.label}</text>`)
    .join('');
  const title = `<text x="${2 * W - 10}" y="14" text-anchor="end">fraction of the ceiling decoder's speed, by distinct topics (log)</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${2 * H + 40}" viewBox="0 0 ${2 * W} ${2 * H + 40}" ` +
    `font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="#fff"/>${legend}${title}${panels.join('')}</svg>\n`
  );
}

const name = `${quick ? 'fleet-quick' : 'fleet'}${PROPS === 0.35 ? '' : `-props-${PROPS}`}${ceilingProps ? '-ceiling-props' : ''}${ceilingChecked ? '-ceiling-checked' : ''}`;
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(
  join(here, 'results', `${name}.json`),
  `${JSON.stringify({ date: new Date().toISOString(), cpu: cpus()[0].model, cores: cpus().length, node: process.version, quick, mode: together ? 'together' : 'alone', pinned: together ? 0 : PIN_CORES, propsShare: PROPS, rounds: ROUNDS, processes: together ? 1 : PROCESSES, rows }, null, 2)}\n`,
);
writeFileSync(join(here, 'results', `${name}.svg`), chart(rows));
