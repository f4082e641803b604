/**
 * The built `mqtt-codec` command on fixture streams (run `npm run build` first; `npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const cli = join(root, 'dist', 'cli.cjs');
const sessions = join(root, 'fixtures', 'sessions');

function run(args: string[], input?: Uint8Array) {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines: r.stdout.trim().split('\n').filter(Boolean) };
}

describe('mqtt-codec CLI', () => {
  it('is built', () => expect(existsSync(cli)).toBe(true));

  const metas = readdirSync(sessions).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(sessions, f), 'utf8')));
  for (const meta of metas) {
    it(`stream ${meta.name}: one line per packet, exit 0, readable and as JSON lines`, () => {
      for (const side of ['client', 'server']) {
        const file = join(sessions, meta[side]);
        const readable = run(['stream', file, '--protocol-version', String(meta.protocolVersion)]);
        expect(readable.status).toBe(0);
        expect(readable.lines.map((l) => l.split('  ')[1].split(' ')[0].toLowerCase())).toEqual(meta.packets[side]);
        const json = run(['stream', file, '--json', '--protocol-version', String(meta.protocolVersion)]);
        expect(json.lines.map((l) => JSON.parse(l).packet.type)).toEqual(meta.packets[side]);
      }
    });
  }

  it('stream --trace prints one annotated line per leaf field, like tshark -x -V', () => {
    const r = run(['stream', join(sessions, 'v5-sub.server.bin'), '--trace', '-V', '5']);
    expect(r.status).toBe(0);
    expect(r.lines[0]).toBe('@0 CONNACK (11 bytes)');
    expect(r.lines[1]).toMatch(/^ {2}000000 {2}20 +header\.type = 2 \(bits 11110000\)$/);
    expect(r.stdout).toContain('properties.subscriptionIdentifiers[0] = 42');
  });

  it('reads a stream from standard input', () => {
    const r = run(['stream', '-'], readFileSync(join(sessions, 'v311-sub.client.bin')));
    expect(r.status).toBe(0);
    expect(r.lines[0]).toMatch(/^@0 \d+ B {2}CONNECT /);
  });

  it('invalid input: packets before it, then every diagnostic with rule and offset, exit 1', () => {
    // PINGREQ, then a 5.0 PUBLISH with three faults
    const bytes = Uint8Array.from(Buffer.from('c000380d0003612b6206230000230005 00'.replace(/ /g, ''), 'hex'));
    const r = run(['stream', '-', '-V', '5'], bytes);
    expect(r.status).toBe(1);
    expect(r.lines[0]).toBe('@0 2 B  PINGREQ');
    expect(r.lines.slice(1)).toEqual([
      'error 0x82 Protocol Error: PUBLISH has DUP set with QoS 0 [MQTT-3.3.1-2 (5.0)] at offset 2',
      'error 0x82 Protocol Error: Topic Alias must not be 0 [MQTT-3.3.2-8 (5.0)] at offset 11',
      'error 0x82 Protocol Error: Topic Alias appears more than once at offset 13',
      'error 0x82 Protocol Error: PUBLISH Topic Name contains the wildcard "+" [MQTT-3.3.2-2 (5.0)] at offset 7',
    ]);
  });

  it('decode <hex> prints one packet; --json gives binary as hex', () => {
    expect(run(['decode', '30070003612f626869']).lines).toEqual(['@0 9 B  PUBLISH topic="a/b" payload="hi" qos=0 retain=false dup=false']);
    expect(JSON.parse(run(['decode', '30 07 0003 612f62 6869', '--json']).lines[0]).packet.payload).toBe('6869');
    const truncated = run(['decode', '3007']);
    expect(truncated.status).toBe(1);
    expect(truncated.lines[0]).toContain('cut short');
  });

  it('--preset and --check set the policy: a relaxed check prints a warning line with its key and rule, and exit 0', () => {
    // PUBLISH QoS 1 to "a+", packet identifier 0.
    const hex = '3206 0002612b 0000';
    const strict = run(['decode', hex]);
    expect(strict.status).toBe(1);
    expect(strict.lines[0]).toMatch(/^error 0x82 .*Packet Identifier 0 \[MQTT-2\.3\.1-1 \(3\.1\.1\)\] at offset 6$/);
    const relaxed = run(['decode', hex, '--preset', 'mqtt-packet', '--check', 'packetIdNonZero=warn']);
    expect(relaxed.status).toBe(0);
    expect(relaxed.lines[0]).toMatch(/^@0 8 B {2}PUBLISH topic="a\+"/);
    expect(relaxed.lines[1]).toMatch(/^warning \(packetIdNonZero\) 0x82 .*\[MQTT-2\.3\.1-1 \(3\.1\.1\)\] at offset 6$/);
    const json = run(['decode', hex, '--check', 'packetIdNonZero=warn', '--check', 'topicNameWildcard=warn', '--json']);
    expect(json.lines.slice(1).map((l) => JSON.parse(l).warning.key)).toEqual(['packetIdNonZero', 'topicNameWildcard']);
    expect(run(['decode', hex, '--check', 'noSuchCheck=off']).status).toBe(2);
    expect(run(['decode', hex, '--preset', 'lax']).status).toBe(2);
  });

  it('usage errors exit 2', () => {
    expect(run([]).status).toBe(2);
    expect(run(['decode', 'zz']).status).toBe(2);
    expect(run(['stream', '/nonexistent/file']).status).toBe(2);
  });
});
