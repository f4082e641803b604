/**
 * `mqtt-codec pcap` on every capture fixture (fixtures/captures/manifest.json): the output is
 * the checked-in expected output, and the MQTT packets found — per connection, per direction, in
 * order, with their topics and packet ids — are the ones tshark found in the same traffic (fixtures/captures/tshark/*.tsv, written
 * by tshark when the fixtures were made). Run `npm run build` first (`npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.cjs');
const dir = join(root, 'fixtures', 'captures');

interface Entry {
  file: string;
  name?: string;
  args: string[];
  exit: number;
  tshark: string | null;
  json: boolean;
}
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { captures: Entry[] };

function run(entry: Entry, extra: string[] = []) {
  const r = spawnSync(process.execPath, [cli, 'pcap', `fixtures/captures/${entry.file}`, ...entry.args, ...extra], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TYPE_NUMBERS: Record<string, number> = {
  connect: 1, connack: 2, publish: 3, puback: 4, pubrec: 5, pubrel: 6, pubcomp: 7, subscribe: 8,
  suback: 9, unsubscribe: 10, unsuback: 11, pingreq: 12, pingresp: 13, disconnect: 14, auth: 15,
};

/** What the comparison looks at, per "connection/direction": message types, topics, packet ids. */
interface Seen {
  types: number[];
  topics: string[];
  ids: number[];
}
const add = (m: Map<string, Seen>, key: string): Seen => {
  if (!m.has(key)) m.set(key, { types: [], topics: [], ids: [] });
  return m.get(key) as Seen;
};

/** Ours, from --json: PUBLISH topics and SUBSCRIBE/UNSUBSCRIBE filters in order, packet ids in order. */
function ours(stdout: string): { packets: Map<string, Seen>; skipped: Set<number> } {
  const packets = new Map<string, Seen>();
  const skipped = new Set<number>();
  for (const line of stdout.trim().split('\n')) {
    const o = JSON.parse(line);
    if (o.type === 'connection' && o.notMqtt !== null) skipped.add(o.connection);
    if (o.type !== 'packet' || o.packet === null) continue;
    const seen = add(packets, `${o.connection}/${o.direction}`);
    const p = o.packet;
    seen.types.push(TYPE_NUMBERS[p.type]);
    if (p.type === 'publish') seen.topics.push(p.topic);
    if (p.type === 'subscribe') seen.topics.push(...p.subscriptions.map((x: { topicFilter: string }) => x.topicFilter));
    if (p.type === 'unsubscribe') seen.topics.push(...p.topicFilters);
    if (p.packetId !== undefined) seen.ids.push(p.packetId);
  }
  return { packets, skipped };
}

/** tshark's: stream s is our connection s + 1; source port 1883 is the server. */
function theirs(name: string, skipped: Set<number>): Map<string, Seen> {
  const out = new Map<string, Seen>();
  const lines = readFileSync(join(dir, 'tshark', `${name}.tsv`), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [, stream, srcport, types, topics, ids] = line.split('\t');
    const connection = Number(stream) + 1;
    if (skipped.has(connection)) continue;
    const seen = add(out, `${connection}/${srcport === '1883' ? 's2c' : 'c2s'}`);
    seen.types.push(...types.split(',').map(Number));
    if (topics) seen.topics.push(...topics.split(','));
    if (ids) seen.ids.push(...ids.split(',').map(Number));
  }
  return out;
}

describe('mqtt-codec pcap on the capture fixtures', () => {
  it('is built', () => expect(existsSync(cli)).toBe(true));

  for (const entry of manifest.captures) {
    const name = entry.name ?? entry.file;
    it(`${name}: output and exit status as checked in`, () => {
      const r = run(entry);
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(readFileSync(join(dir, 'expected', `${name}.txt`), 'utf8'));
      expect(r.status).toBe(entry.exit);
      if (entry.json) expect(run(entry, ['--json']).stdout).toBe(readFileSync(join(dir, 'expected', `${name}.jsonl`), 'utf8'));
    });
    if (entry.tshark !== null) {
      it(`${name}: the same MQTT packets as tshark (types, topics, packet ids), per connection and direction`, () => {
        const { packets, skipped } = ours(run(entry, ['--json']).stdout);
        const expected = theirs(entry.tshark as string, skipped);
        expect(packets).toEqual(expected);
        expect(packets.size).toBeGreaterThan(0);
      });
    }
  }

  it('the stateful-fault capture shows the conversation checker\'s faults with their rules', () => {
    const r = run({ file: 'stateful-faults.pcap', args: [], exit: 1, tshark: null, json: false });
    // MQTT-3.1.0-2: a second CONNECT; MQTT-2.3.1-2 (3.1.1): a packet id reused in flight;
    // MQTT-3.2.2-17 (5.0): Topic Alias above the server's maximum; MQTT-3.1.0-1: PUBLISH first.
    for (const rule of ['[MQTT-3.1.0-2 (3.1.1)]', '[MQTT-2.3.1-2 (3.1.1)]', '[MQTT-3.2.2-17 (5.0)]', '[MQTT-3.1.0-1 (3.1.1)]']) {
      expect(r.stdout).toContain(rule);
    }
    expect(r.stdout).toMatch(/^#4 .* not MQTT/m);
  });

  it('reads a capture from standard input', () => {
    const bytes = readFileSync(join(dir, 'v311-sll.pcap'));
    const r = spawnSync(process.execPath, [cli, 'pcap', '-'], { input: bytes, encoding: 'utf8' });
    const expected = readFileSync(join(dir, 'expected', 'v311-sll.pcap.txt'), 'utf8');
    expect(r.stdout).toBe(expected.replace('capture fixtures/captures/v311-sll.pcap:', 'capture (standard input):'));
  });

  it('usage errors exit 2: no such connection, bad port, unreadable file', () => {
    expect(spawnSync(process.execPath, [cli, 'pcap', 'fixtures/captures/v311-sll.pcap', '--connection', '9'], { cwd: root }).status).toBe(2);
    expect(spawnSync(process.execPath, [cli, 'pcap', 'x.pcap', '--port', '70000'], { cwd: root }).status).toBe(2);
    expect(spawnSync(process.execPath, [cli, 'pcap', '/nonexistent.pcap'], { cwd: root }).status).toBe(2);
  });
});
