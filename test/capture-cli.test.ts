/**
 * `mqtt-codec pcap` (the CLI over src/capture) on every capture fixture (fixtures/captures/manifest.json): the output is
 * the checked-in expected output, and the MQTT packets found — per connection, per direction, in
 * order, with their topics and packet ids — are the ones tshark found in the same traffic (fixtures/captures/tshark/*.tsv, written
 * by tshark when the fixtures were made). Run `npm run build` first (`npm test` does).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CaptureBuilder, CONNACK, connectPacket, publishPacket } from '../scripts/synth-capture.mjs';

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

  it('reads a file of many 64 KiB reads (past the event-loop turns every 4 MiB) as it reads the same bytes from standard input', () => {
    const cap = new CaptureBuilder();
    const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 1883);
    c.client(connectPacket('big'));
    c.server(CONNACK);
    const p = publishPacket('sensors/a/temp', 'x'.repeat(400));
    for (let i = 0; i < 20_000; i++) c.client(p); // about 10 MB: 150-odd reads, two yields
    c.close();
    const bytes = cap.bytes();
    expect(bytes.length).toBeGreaterThan(9 * 2 ** 20);
    const file = join(mkdtempSync(join(tmpdir(), 'capture-cli-')), 'big.pcap');
    writeFileSync(file, bytes);
    const fromFile = spawnSync(process.execPath, [cli, 'pcap', file, '--faults-only'], { encoding: 'utf8' });
    const fromStdin = spawnSync(process.execPath, [cli, 'pcap', '-', '--faults-only'], { input: bytes, encoding: 'utf8' });
    expect(fromFile.status).toBe(0);
    expect(fromFile.stdout).toContain('client 20001 packet(s)');
    expect(fromFile.stdout).toBe(fromStdin.stdout.replace('capture (standard input):', `capture ${file}:`));
  });

  it('usage errors exit 2: no such connection, bad port, unreadable file', () => {
    expect(spawnSync(process.execPath, [cli, 'pcap', 'fixtures/captures/v311-sll.pcap', '--connection', '9'], { cwd: root }).status).toBe(2);
    expect(spawnSync(process.execPath, [cli, 'pcap', 'x.pcap', '--port', '70000'], { cwd: root }).status).toBe(2);
    expect(spawnSync(process.execPath, [cli, 'pcap', '/nonexistent.pcap'], { cwd: root }).status).toBe(2);
    const dirRead = spawnSync(process.execPath, [cli, 'pcap', tmpdir()], { encoding: 'utf8' });
    expect(dirRead.status).toBe(2);
    expect(dirRead.stderr).toMatch(/^mqtt-codec: cannot read /);
  });
});

describe('mqtt-codec pcap: ports and live output', () => {
  /** Two brokers on non-standard ports and one HTTP server, written to a temporary file. */
  function twoPortsFile(): string {
    const cap = new CaptureBuilder();
    const a = cap.connection('10.0.0.1', 40001, '10.0.0.9', 18831);
    const b = cap.connection('10.0.0.2', 40002, '10.0.0.9', 28832);
    const web = cap.connection('10.0.0.3', 40003, '10.0.0.9', 8080);
    a.client(connectPacket('a'));
    b.client(connectPacket('b'));
    web.client(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    a.server(CONNACK);
    b.server(CONNACK);
    a.client(publishPacket('t/a', 'one'));
    b.client(publishPacket('t/b', 'two'));
    for (const c of [a, b, web]) c.close();
    const file = join(mkdtempSync(join(tmpdir(), 'capture-cli-')), 'two-ports.pcap');
    writeFileSync(file, cap.bytes());
    return file;
  }

  it('finds MQTT on two non-standard ports with no --port, and with the two given', () => {
    const file = twoPortsFile();
    for (const args of [[], ['--port', '18831', '--port', '28832']]) {
      const r = spawnSync(process.execPath, [cli, 'pcap', file, ...args], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/^#1 10\.0\.0\.1:40001 → 10\.0\.0\.9:18831 {2}MQTT 3\.1\.1 \(from CONNECT\) {2}client 2 packet/m);
      expect(r.stdout).toMatch(/^#2 10\.0\.0\.2:40002 → 10\.0\.0\.9:28832 {2}MQTT 3\.1\.1 \(from CONNECT\)/m);
      expect(r.stdout).not.toContain(':8080');
    }
    const one = spawnSync(process.execPath, [cli, 'pcap', file, '--port', '28832'], { encoding: 'utf8' });
    expect(one.stdout).toContain('1 connection(s) on port 28832');
    expect(one.stdout).not.toContain('18831  MQTT');
  });

  it('when no MQTT is found, says which TCP ports carried traffic', () => {
    const r = spawnSync(process.execPath, [cli, 'pcap', twoPortsFile(), '--port', '1883'], { encoding: 'utf8' });
    expect(r.stdout).toMatch(/no MQTT found; TCP traffic by server port: .*18831 \(\d+ frame\(s\)\).*28832 .*8080/);
    expect(r.status).toBe(0);
  });

  it('prints packets before a piped capture ends (tcpdump -U -w - | mqtt-codec pcap -)', async () => {
    const cap = new CaptureBuilder();
    const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 1883);
    c.client(connectPacket('live'));
    const first = cap.bytes().length;
    c.server(CONNACK);
    c.close();
    const bytes = Buffer.from(cap.bytes());
    const child = spawn(process.execPath, [cli, 'pcap', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const sawConnect = new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('CONNECT ')) resolve(out);
      });
    });
    child.stdin.write(bytes.subarray(0, first));
    // The capture's end is not written yet: the CONNECT line must come anyway.
    const early = await sawConnect;
    expect(early).toMatch(/^#1 \S+ C→S {2}@0 \d+ B {2}CONNECT /m);
    expect(early).not.toContain('CONNACK');
    child.stdin.end(bytes.subarray(first));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(0);
    expect(out).toMatch(/CONNACK[\s\S]*\n#1 10\.0\.0\.1:40000 → 10\.0\.0\.2:1883 {2}MQTT 3\.1\.1/);
  }, 20_000);

  it('on SIGINT, prints the summaries of what was read and exits', async () => {
    const cap = new CaptureBuilder();
    const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 1883);
    c.client(connectPacket('stopped'));
    const child = spawn(process.execPath, [cli, 'pcap', '-'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const sawConnect = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('CONNECT ')) resolve();
      });
    });
    child.stdin.write(cap.bytes());
    await sawConnect;
    child.kill('SIGINT');
    await new Promise((resolve) => child.on('close', resolve));
    expect(out).toMatch(/interrupted after \d+ frame\(s\), 1 connection\(s\)/);
    expect(out).toMatch(/^#1 10\.0\.0\.1:40000 → 10\.0\.0\.2:1883 {2}MQTT 3\.1\.1 \(from CONNECT\) {2}client 1 packet/m);
  }, 20_000);
});
