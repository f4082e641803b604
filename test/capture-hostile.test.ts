/**
 * The capture reader on crafted captures (issue 21, bounded capture reading): a flood of
 * connections stays within the connection limit (the longest idle closed early, summarised and
 * said so); segments in reverse order or overlapping in tiny pieces come out as the stream, once;
 * a packet claiming more than the buffer limit is skipped by its length.
 */
import { describe, expect, it } from 'vitest';
import { CaptureReader, type CaptureRecord } from '../src/capture/index.js';
import { CaptureBuilder, CONNACK, connectPacket, publishPacket } from '../scripts/synth-capture.mjs';

function read(bytes: Uint8Array, options: ConstructorParameters<typeof CaptureReader>[0] = {}) {
  const records: CaptureRecord[] = [];
  let mostOpen = 0;
  const reader = new CaptureReader({ ...options, onRecord: (r) => records.push(r) });
  for (let p = 0; p < bytes.length; p += 65536) {
    reader.push(bytes.subarray(p, p + 65536));
    mostOpen = Math.max(mostOpen, reader.openConnections);
  }
  reader.end();
  return { reader, records, mostOpen };
}

/** The packets decoded, as "direction type" lines. */
const packets = (records: CaptureRecord[]) => records.flatMap((r) => (r.kind === 'packet' ? [`${r.direction} ${r.result.packet?.type ?? 'fault'} ${r.bytes.length}`] : []));

describe('hostile captures', () => {
  it('a flood of connections that open and send two bytes: at most --max-connections open, the rest closed early and said so', () => {
    const cap = new CaptureBuilder();
    for (let i = 0; i < 3000; i++) cap.connection(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, 20000 + (i % 40000), '10.255.0.1', 1883).client(Buffer.from([0x10, 0x7f]));
    const { reader, records, mostOpen } = read(cap.bytes(), { maxConnections: 200 });
    expect(mostOpen).toBeLessThanOrEqual(200);
    expect(reader.connections).toHaveLength(3000);
    const evicted = reader.connections.filter((c) => c.ended === 'evicted');
    expect(evicted.length).toBeGreaterThan(2500);
    expect(records.filter((r) => r.kind === 'note' && r.message.startsWith('closed early')).length).toBe(evicted.length);
    expect(reader.connections.every((c) => c.ended !== undefined)).toBe(true);
  });

  it('one connection whose one-byte segments arrive in reverse order decodes as in order', () => {
    const stream = Buffer.concat([connectPacket('rev'), publishPacket('r/t', Buffer.alloc(3000, 0x61)), publishPacket('r/u', 'x')]);
    const build = (order: number[]) => {
      const cap = new CaptureBuilder();
      cap.segment('10.0.0.1', 40000, '10.0.0.2', 1883, 999, 0, 0x02);
      cap.segment('10.0.0.2', 1883, '10.0.0.1', 40000, 4999, 1000, 0x12);
      for (const i of order) cap.segment('10.0.0.1', 40000, '10.0.0.2', 1883, 1000 + i, 5000, 0x18, stream.subarray(i, i + 1));
      return cap.bytes();
    };
    const inOrder = [...stream.keys()];
    const expected = packets(read(build(inOrder)).records);
    expect(expected).toEqual(['c2s connect 17', 'c2s publish 3008', 'c2s publish 8']);
    const reversed = read(build(inOrder.slice().reverse()));
    expect(packets(reversed.records)).toEqual(expected);
    expect(reversed.reader.connections[0].c2s.reassembly).toMatchObject({ segments: stream.length, outOfOrder: stream.length - 1, gapBytes: 0 });
  });

  it('overlapping tiny segments, shuffled and repeated: the stream once, whole', () => {
    const stream = Buffer.concat([connectPacket('ovl'), ...Array.from({ length: 50 }, (_, i) => publishPacket('o/t', `${i}`))]);
    const cap = new CaptureBuilder();
    cap.segment('10.0.0.1', 40000, '10.0.0.2', 1883, 999, 0, 0x02);
    // Three-byte segments starting at every byte, in a fixed scrambled order, each sent twice.
    const starts = [...stream.keys()].sort((a, b) => ((a * 7919) % 1009) - ((b * 7919) % 1009));
    for (const i of [...starts, ...starts]) cap.segment('10.0.0.1', 40000, '10.0.0.2', 1883, 1000 + i, 0, 0x18, stream.subarray(i, i + 3));
    const { records, reader } = read(cap.bytes());
    expect(packets(records)).toHaveLength(51);
    expect(records.some((r) => r.kind === 'gap')).toBe(false);
    expect(reader.connections[0].faults).toBe(0);
  });

  it('a packet claiming far more than the buffer limit is skipped by its length; the packets after it decode', () => {
    const cap = new CaptureBuilder();
    const c = cap.connection('10.0.0.1', 40000, '10.0.0.2', 1883);
    c.client(connectPacket('big'));
    c.server(CONNACK);
    c.client(Buffer.from([0x30, 0xff, 0xff, 0x7f, 0, 1, 0x61])); // PUBLISH claiming 2 MiB, 3 bytes of it present
    const { records } = read(cap.bytes(), { bufferLimit: 1 << 16 });
    expect(records.some((r) => r.kind === 'note' && r.fault && /claims \d+ bytes, more than the buffer limit/.test(r.message))).toBe(true);
  });

  it('a long start that never frames as MQTT, mid-connection on an unnamed port, is left out (looked at again only as the bytes double)', () => {
    const cap = new CaptureBuilder();
    let seq = 1000;
    cap.segment('10.0.0.1', 40000, '10.0.0.2', 5555, seq, 0, 0x18, Buffer.from([0x30, 0xff, 0xff, 0xff, 0x03])); // claims 8 MB
    seq += 5;
    for (let i = 0; i < 3000; i++, seq += 1460) cap.segment('10.0.0.1', 40000, '10.0.0.2', 5555, seq, 0, 0x18, Buffer.alloc(1460, 0x41));
    const { reader, records } = read(cap.bytes());
    expect(reader.connectionCount).toBe(0);
    expect(records.filter((r) => r.kind !== 'info')).toEqual([]);
    expect(reader.tcpPorts.get(5555)).toBe(3001);
  });
});
