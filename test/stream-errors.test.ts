/**
 * `mqtt-codec stream` when a packet is bad (issue 14, item 6): each packet is inspected from its
 * own bytes only (the fixed header's Remaining Length frames it), and the bytes after it are the
 * rest of the stream, not a fault of that packet — said once, first, with where decoding stopped
 * and how many bytes were left.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = join(__dirname, '..', 'dist', 'cli.cjs');

/** 100,000 bytes: a PUBLISH header with QoS 3 (MQTT-3.3.1-4) and Remaining Length 14,720, then seeded noise. */
function hostile(): Uint8Array {
  const bytes = new Uint8Array(100_000);
  let s = 14;
  for (let i = 0; i < bytes.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    bytes[i] = s >>> 24;
  }
  bytes.set([0x36, 0x80, 0x73], 0); // 14,720 = 0x73 * 128 + 0x00: the packet is 3 + 14,720 = 14,723 bytes
  return bytes;
}

function run(args: string[], input: Uint8Array) {
  const r = spawnSync(process.execPath, [cli, ...args], { input, encoding: 'utf8' });
  return { status: r.status, lines: r.stdout.trim().split('\n') };
}

describe('stream: a bad first packet in 100 KB of noise', () => {
  it('the first error says how many bytes follow the packet; the packet\'s faults lie inside it', () => {
    const r = run(['stream', '-'], hostile());
    expect(r.status).toBe(1);
    expect(r.lines[0]).toBe('stopped: 85277 byte(s) after the end of the packet at offset 14723 were not decoded');
    const faults = r.lines.slice(1);
    expect(faults.length).toBeGreaterThan(0);
    // MQTT-3.3.1-4 (3.1.1): a PUBLISH must not have both QoS bits set.
    expect(faults[0]).toContain('[MQTT-3.3.1-4 (3.1.1)]');
    for (const line of faults) {
      expect(line).not.toContain('after the end of the packet');
      const at = /at offset (\d+)$/.exec(line);
      if (at) expect(Number(at[1])).toBeLessThan(14723);
    }
    expect(r.lines.filter((l) => l.includes('byte(s) after the end'))).toHaveLength(1);
  });

  it('--json: the same, as a "stopped" object first', () => {
    const r = run(['stream', '-', '--json'], hostile());
    expect(JSON.parse(r.lines[0])).toEqual({ stopped: { offset: 14723, bytesLeft: 85277, message: '85277 byte(s) after the end of the packet at offset 14723' } });
    expect(JSON.parse(r.lines[1]).error.rule).toBe('MQTT-3.3.1-4');
  });

  it('a bad last packet leaves no bytes: no "stopped" line', () => {
    const r = run(['stream', '-'], Uint8Array.of(0xc0, 0x00, 0x36, 0x00));
    expect(r.lines[0]).toBe('@0 2 B  PINGREQ');
    expect(r.lines[1]).toMatch(/^error 0x81 /);
    expect(r.lines.some((l) => l.startsWith('stopped'))).toBe(false);
  });
});
