#!/usr/bin/env node
// capture-expected.mjs — writes the checked-in answers of the capture fixtures
// (fixtures/captures/manifest.json):
//   node scripts/capture-expected.mjs --tshark    tshark/NAME.tsv: tshark's own decode (needs tshark)
//   node scripts/capture-expected.mjs --expected  expected/NAME.txt(.jsonl): `mqtt-codec pcap` output
//                                                 (run `npm run build` first)
// Each run prints what it wrote; --expected also says where the exit status differs from the
// manifest. Review the diff before committing: these files are what the tests hold the reader to.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '..', 'fixtures', 'captures');
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
const mode = process.argv[2];

if (mode === '--tshark') {
  mkdirSync(join(dir, 'tshark'), { recursive: true });
  const done = new Set();
  for (const c of manifest.captures) {
    if (!c.tshark || done.has(c.tshark)) continue;
    done.add(c.tshark);
    const file = manifest.captures.find((x) => x.file.replace(/\.[^.]+$/, '') === c.tshark)?.file;
    // One line per frame holding MQTT: frame, TCP stream (0-based, order of first appearance),
    // source port, and the MQTT message types it completes (several when a segment holds several).
    const r = spawnSync('tshark', ['-r', join(dir, file), '-o', 'tcp.reassemble_out_of_order:TRUE', '-Y', 'mqtt', '-T', 'fields',
      '-e', 'frame.number', '-e', 'tcp.stream', '-e', 'tcp.srcport', '-e', 'mqtt.msgtype', '-e', 'mqtt.topic', '-e', 'mqtt.msgid', '-E', 'separator=/t', '-E', 'occurrence=a', '-E', 'aggregator=,'], { encoding: 'utf8' });
    const header = 'frame\tstream\tsrcport\tmsgtype\ttopic\tmsgid\n';
    writeFileSync(join(dir, 'tshark', `${c.tshark}.tsv`), header + r.stdout);
    console.log(`tshark/${c.tshark}.tsv: ${r.stdout.trim().split('\n').length} frame(s) with MQTT${r.stderr ? ` (tshark: ${r.stderr.trim()})` : ''}`);
  }
} else if (mode === '--expected') {
  mkdirSync(join(dir, 'expected'), { recursive: true });
  const cli = join(import.meta.dirname, '..', 'dist', 'cli.cjs');
  for (const c of manifest.captures) {
    const name = c.name ?? c.file;
    const run = (extra) => spawnSync(process.execPath, [cli, 'pcap', `fixtures/captures/${c.file}`, ...c.args, ...extra], { encoding: 'utf8', cwd: join(dir, '..', '..'), maxBuffer: 1 << 28 });
    const text = run([]);
    writeFileSync(join(dir, 'expected', `${name}.txt`), text.stdout);
    if (c.json) writeFileSync(join(dir, 'expected', `${name}.jsonl`), run(['--json']).stdout);
    console.log(`expected/${name}.txt: exit ${text.status}${text.status !== c.exit ? ` (manifest says ${c.exit}!)` : ''}${text.stderr ? ` stderr: ${text.stderr}` : ''}`);
  }
} else {
  console.error('usage: node scripts/capture-expected.mjs --tshark | --expected');
  process.exit(2);
}
