// Capture benchmark: `mqtt-codec pcap` against tshark's field output on generated captures of
// small packets, as whole commands (process start included), output thrown away.
//   npm run bench:pcap               full run (5 runs per command, the median kept)
//   node bench/pcap.mjs --quick      smaller captures, 3 runs
// Commands timed per capture:
//   ours, text          mqtt-codec pcap F                       (one line per packet)
//   ours, faults only   mqtt-codec pcap F --faults-only         (every packet checked, faults printed)
//   ours, JSON          mqtt-codec pcap F --json
//   tshark              tshark -r F -Y mqtt -T fields -e frame.number -e mqtt.msgtype -e mqtt.topic
// tshark is skipped when it is not installed. Writes bench/results/pcap.txt.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureBuilder, CONNACK, connectPacket, DISCONNECT, publishPacket } from '../scripts/synth-capture.mjs';

const quick = process.argv.includes('--quick');
const runs = quick ? 3 : 5;
const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli.cjs');

/** One connection: CONNECT, CONNACK, then `n` QoS 0 PUBLISH of 4 bytes on a 14-byte topic, each in its own segment. */
function oneConnection(n) {
  const cap = new CaptureBuilder();
  const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 1883);
  c.client(connectPacket('bench'));
  c.server(CONNACK);
  const p = publishPacket('sensors/a/temp', '21.5');
  for (let i = 0; i < n; i++) c.client(p);
  c.client(DISCONNECT);
  c.close();
  return cap.bytes();
}

/** `conns` connections one after another, each with a handshake, CONNECT/CONNACK, `n` PUBLISH, DISCONNECT and FIN. */
function manyConnections(conns, n) {
  const cap = new CaptureBuilder();
  for (let i = 0; i < conns; i++) {
    const c = cap.connection(`10.0.${(i >> 8) & 255}.${i & 255}`, 10000 + (i % 50000), '10.1.0.1', 1883);
    c.client(connectPacket(`client-${i}`));
    c.server(CONNACK);
    for (let k = 0; k < n; k++) c.client(publishPacket(`site/${i % 100}/t`, `${k}`));
    c.client(DISCONNECT);
    c.close();
  }
  return cap.bytes();
}

function hasTshark() {
  return spawnSync('tshark', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Median wall time (s) of `runs` runs of a command, its output sent to /dev/null; one warm-up run first. */
function time(cmd, args) {
  const devnull = openSync('/dev/null', 'w');
  const times = [];
  try {
    for (let i = 0; i <= runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { stdio: ['ignore', devnull, 'ignore'] });
      const s = Number(process.hrtime.bigint() - t0) / 1e9;
      if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
      if (i > 0) times.push(s);
    }
  } finally {
    closeSync(devnull);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], min: times[0], max: times.at(-1) };
}

function frameCount(file) {
  const r = spawnSync(process.execPath, [cli, 'pcap', file, '--faults-only', '--json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  return JSON.parse(r.stdout.trim().split('\n').at(-1)).frames;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-pcap-'));
const tshark = hasTshark();
const cases = [
  { name: 'one connection, small PUBLISH', bytes: oneConnection(quick ? 50_000 : 300_000) },
  { name: 'many connections (12 packets each)', bytes: manyConnections(quick ? 2_000 : 20_000, 10) },
];
const lines = [
  `# mqtt-codec pcap vs tshark (${new Date().toISOString()}, node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${quick ? 'quick' : 'full'} run)`,
  `# whole commands, output to /dev/null, median of ${runs} runs after a warm-up; the machine may be shared (figures are noisy)`,
  '',
];
const print = (s) => {
  console.log(s);
  lines.push(s);
};
try {
  for (const c of cases) {
    const file = join(dir, 'capture.pcap');
    writeFileSync(file, c.bytes);
    const frames = frameCount(file);
    print(`${c.name}: ${frames.toLocaleString('en-US')} frames, ${(c.bytes.length / 1e6).toFixed(1)} MB`);
    const rows = [
      ['ours, text', process.execPath, [cli, 'pcap', file]],
      ['ours, faults only', process.execPath, [cli, 'pcap', file, '--faults-only']],
      ['ours, JSON', process.execPath, [cli, 'pcap', file, '--json']],
    ];
    if (tshark) rows.push(['tshark -T fields', 'tshark', ['-r', file, '-Y', 'mqtt', '-T', 'fields', '-e', 'frame.number', '-e', 'mqtt.msgtype', '-e', 'mqtt.topic']]);
    const results = rows.map(([label, cmd, args]) => ({ label, ...time(cmd, args) }));
    const theirs = results.find((r) => r.label.startsWith('tshark'));
    for (const r of results) {
      const ratio = theirs && r !== theirs ? `  ${(theirs.median / r.median).toFixed(1)}× tshark` : '';
      print(`  ${r.label.padEnd(18)} ${r.median.toFixed(2).padStart(6)} s (${r.min.toFixed(2)}–${r.max.toFixed(2)})  ${Math.round(frames / r.median).toLocaleString('en-US').padStart(10)} frames/s${ratio}`);
    }
    if (!tshark) print('  tshark: not installed, skipped');
    print('');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
mkdirSync(join(here, 'results'), { recursive: true });
if (!quick) writeFileSync(join(here, 'results', 'pcap.txt'), `${lines.join('\n')}\n`);
