/**
 * TCP reassembly and MQTT framing per direction. The property tests are the issue's promise:
 * shuffling and duplicating the segments of a recorded connection does not change what is
 * decoded, and a byte stream cut into overlapping segments, delivered in any order and any
 * number of times, comes out whole and once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { summaryText } from '../cli/pcap/format.js';
import { Analyzer } from '../src/capture/analyzer.js';
import { chunksOf, fileItems } from '../src/capture/file.js';
import { MqttDirection } from '../src/capture/mqtt-direction.js';
import { Reassembler, SEGMENT_COST } from '../src/capture/reassembly.js';
import { ip, link, tcp } from './helpers/capture.js';
import type { CaptureRecord, Frame, Stamp } from '../src/capture/types.js';

const stamp = (frame: number): Stamp => ({ frame, seconds: frame, nanos: 0, timeDigits: 6 });
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Collects what a reassembler delivers. */
function collector() {
  const got = { bytes: [] as number[], gaps: [] as [number, number][], starts: [] as number[] };
  return {
    got,
    sink: {
      data(bytes: Uint8Array, offset: number, segmentStart: boolean) {
        expect(offset).toBe(got.bytes.length + got.gaps.reduce((n, g) => n + g[1], 0));
        if (segmentStart) got.starts.push(offset);
        got.bytes.push(...bytes);
      },
      gap(offset: number, length: number) {
        got.gaps.push([offset, length]);
      },
    },
  };
}

describe('Reassembler (one direction, RFC 9293 sequence numbers)', () => {
  it('in order after a SYN: offsets count from the byte after the SYN', () => {
    const { got, sink } = collector();
    const r = new Reassembler(sink, 1000);
    r.add(100, new Uint8Array(0), true, false, stamp(1));
    r.add(101, Uint8Array.of(1, 2), false, false, stamp(2));
    r.add(103, Uint8Array.of(3), false, true, stamp(3));
    expect(got.bytes).toEqual([1, 2, 3]);
    expect(got.starts).toEqual([0, 2]);
    expect(r.finOffset).toBe(3);
  });

  it('out of order, retransmitted and overlapping segments give each byte once', () => {
    const { got, sink } = collector();
    const r = new Reassembler(sink, 1000);
    r.add(0, new Uint8Array(0), true, false, stamp(1));
    r.add(4, Uint8Array.of(4, 5, 6), false, false, stamp(2)); // early
    r.add(4, Uint8Array.of(4, 5, 6), false, false, stamp(3)); // early, twice
    r.add(1, Uint8Array.of(1, 2), false, false, stamp(4));
    expect(got.bytes).toEqual([1, 2]);
    r.add(2, Uint8Array.of(2, 3, 4), false, false, stamp(5)); // overlaps both sides
    expect(got.bytes).toEqual([1, 2, 3, 4, 5, 6]);
    r.add(1, Uint8Array.of(1, 2, 3), false, false, stamp(6)); // old retransmission
    expect(got.bytes).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.stats).toMatchObject({ outOfOrder: 2, duplicateBytes: 3 + 1 + 1 + 3 });
  });

  it('sequence numbers wrap at 2^32', () => {
    const { got, sink } = collector();
    const r = new Reassembler(sink, 1000);
    r.add(0xfffffffe, new Uint8Array(0), true, false, stamp(1));
    r.add(0xffffffff, Uint8Array.of(1, 2), false, false, stamp(2));
    r.add(1, Uint8Array.of(3), false, false, stamp(3));
    expect(got.bytes).toEqual([1, 2, 3]);
  });

  it('stream offsets go on past 4 GiB: a sequence number maps to the offset nearest the next one, above 2^32 as below', () => {
    const offsets: number[] = [];
    const sink = { data: (_b: Uint8Array, offset: number) => offsets.push(offset), gap: () => undefined };
    const r = new Reassembler(sink, 1 << 20);
    const block = new Uint8Array(1 << 26); // 64 MiB, one view given 64 times: 4 GiB of stream
    r.add(1000, new Uint8Array(0), true, false, stamp(1));
    let seq = 1001;
    for (let i = 0; i < 64; i++) {
      r.add(seq, block, false, false, stamp(2 + i));
      seq = (seq + block.length) >>> 0;
    }
    // The sequence numbers have come round to 1001 again, at stream offset 2^32.
    expect(seq).toBe(1001);
    r.add(seq, Uint8Array.of(1, 2, 3), false, false, stamp(70));
    r.add((seq + 3) >>> 0, Uint8Array.of(4), false, false, stamp(71));
    expect(offsets.slice(-3)).toEqual([2 ** 32 - 2 ** 26, 2 ** 32, 2 ** 32 + 3]);
    // A retransmission from just before the wrap is old data, not data 4 GiB ahead.
    r.add((seq - 10) >>> 0, Uint8Array.of(9), false, false, stamp(72));
    expect(offsets).toHaveLength(66);
    expect(r.stats.duplicateBytes).toBe(1);
  });

  it('a hole is a gap at the end of the capture, or as soon as the held bytes pass the limit', () => {
    const end = collector();
    const r = new Reassembler(end.sink, 1000);
    r.add(10, Uint8Array.of(1), false, false, stamp(1)); // mid-connection: offset 0 is seq 10
    r.add(15, Uint8Array.of(6), false, false, stamp(2));
    expect(end.got.gaps).toEqual([]);
    r.finish();
    expect(end.got.gaps).toEqual([[1, 4]]);
    expect(end.got.bytes).toEqual([1, 6]);

    const limited = collector();
    const l = new Reassembler(limited.sink, 3 + 2 * SEGMENT_COST); // each waiting segment counts its overhead too
    l.add(0, Uint8Array.of(0), false, false, stamp(1));
    l.add(5, Uint8Array.of(5, 6), false, false, stamp(2));
    expect(limited.got.gaps).toEqual([]);
    l.add(7, Uint8Array.of(7, 8), false, false, stamp(3)); // 4 bytes and two segments held > the limit
    expect(limited.got.gaps).toEqual([[1, 4]]);
    expect(limited.got.bytes).toEqual([0, 5, 6, 7, 8]);
  });

  it('property: any cut into overlapping segments, any order, any repeats: the stream once, whole', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 40 })), { minLength: 1, maxLength: 40 }),
        fc.array(fc.nat(), { maxLength: 80 }),
        fc.nat(),
        (stream, extra, order, isn) => {
          // Segments that cover the stream (consecutive cuts) plus random extra overlapping ones.
          const segs: [number, number][] = [];
          for (let p = 0, i = 0; p < stream.length; i++) {
            const len = 1 + ((extra[i % extra.length][1] + i) % 37);
            segs.push([p, Math.min(stream.length, p + len)]);
            p += len;
          }
          for (const [at, len] of extra) {
            const s = at % stream.length;
            segs.push([s, Math.min(stream.length, s + len + 1)]);
          }
          const keyed = segs.map((s, i) => ({ s, k: order[i % Math.max(1, order.length)] ?? i, i }));
          keyed.sort((a, b) => a.k - b.k || a.i - b.i);
          const { got, sink } = collector();
          const r = new Reassembler(sink, 1 << 20);
          r.add(isn >>> 0, new Uint8Array(0), true, false, stamp(0));
          for (const { s } of keyed) r.add((isn + 1 + s[0]) >>> 0, stream.subarray(s[0], s[1]), false, false, stamp(1));
          r.finish();
          expect(got.gaps).toEqual([]);
          expect(Uint8Array.from(got.bytes)).toEqual(stream);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('MqttDirection (framing after reassembly)', () => {
  function direction(limit = 1 << 20) {
    const packets: [number, string][] = [];
    const notes: string[] = [];
    const m = new MqttDirection('client', {
      packet: (offset, _bytes, result) => packets.push([offset, result.packet?.type ?? 'fault']),
      note: (_o, msg) => notes.push(msg),
      gap: (offset, length) => notes.push(`${length} byte(s) missing at offset ${offset}`),
    }, limit);
    m.version = 4;
    return { m, packets, notes };
  }
  const pingreq = [0xc0, 0x00];
  const publish = [0x30, 0x07, 0x00, 0x03, 0x61, 0x2f, 0x62, 0x68, 0x69]; // MQTT-3.3 PUBLISH "a/b" "hi"

  it('packets split across pushes and several in one push', () => {
    const { m, packets } = direction();
    m.data(Uint8Array.from([...pingreq, 0x30]), 0, true, stamp(1));
    m.data(Uint8Array.from(publish.slice(1)), 3, true, stamp(2));
    expect(packets).toEqual([[0, 'pingreq'], [2, 'publish']]);
  });

  it('a gap inside a packet whose length is known: the next packet starts where the length says', () => {
    const { m, packets, notes } = direction();
    m.data(Uint8Array.from(publish.slice(0, 4)), 0, true, stamp(1));
    m.gap(4, 3, stamp(2));
    m.data(Uint8Array.from([...publish.slice(7), ...pingreq]), 7, true, stamp(3));
    expect(packets).toEqual([[9, 'pingreq']]);
    expect(notes[1]).toContain('its length says the next packet starts at offset 9');
  });

  it('a gap that swallows a header: only a segment of whole valid packets is trusted again', () => {
    const { m, packets, notes } = direction();
    m.data(Uint8Array.from(pingreq), 0, true, stamp(1));
    m.gap(2, 5, stamp(2));
    m.data(Uint8Array.from(publish.slice(5)), 7, true, stamp(3)); // the rest of a lost packet
    m.data(Uint8Array.from([...pingreq, 0x30]), 11, true, stamp(4)); // ends inside a packet: not trusted
    m.data(Uint8Array.from(publish), 14, true, stamp(5)); // whole: trusted
    expect(packets).toEqual([[0, 'pingreq'], [14, 'publish']]);
    expect(notes.some((n) => n.startsWith('decoding resumes at offset 14'))).toBe(true);
  });

  it('a Remaining Length that runs past four bytes stops the direction; the end says once how many bytes were left', () => {
    const { m, packets, notes } = direction();
    m.data(Uint8Array.from([...pingreq, 0x30, 0xff, 0xff, 0xff, 0xff, 0x01, 9]), 0, true, stamp(1));
    m.data(Uint8Array.of(1, 2, 3), 9, true, stamp(2));
    m.finish(stamp(3));
    expect(packets).toEqual([[0, 'pingreq']]);
    expect(notes.at(-1)).toBe('decoding stopped at offset 2: the packet at offset 2 cannot be framed (the Remaining Length runs past four bytes); 10 byte(s) after it were not decoded');
  });

  it('a packet larger than the buffer limit is skipped by its length, not held', () => {
    const { m, packets, notes } = direction(8);
    m.data(Uint8Array.from(publish.slice(0, 5)), 0, true, stamp(1));
    m.data(Uint8Array.from([...publish.slice(5), ...pingreq]), 5, true, stamp(2));
    expect(packets).toEqual([[9, 'pingreq']]);
    expect(notes[0]).toContain('claims 9 bytes, more than the buffer limit of 8');
  });
});

/** Frames of a fixture, and which belong to its n-th TCP connection (by first appearance). */
function fixtureFrames(name: string): Frame[] {
  const bytes = readFileSync(join(__dirname, '..', 'fixtures', 'captures', name));
  const out: Frame[] = [];
  for (const item of fileItems(chunksOf(bytes, 4096))) if (item.kind === 'frame') out.push(item);
  return out;
}

function tcpOf(f: Frame) {
  const l = link(f.linkType, f.data.subarray(f.start, f.end));
  if ('skip' in l) return undefined;
  const i = ip(l.bytes, 4);
  if (!('payload' in i) || i.payload === undefined) return undefined;
  const t = tcp(i.payload);
  return typeof t === 'string' ? undefined : t;
}

/** Decoded packets per connection and direction, as hex, plus gap notes. */
function decodeFrames(frames: Frame[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const analyzer = new Analyzer({ ports: [1883], bufferLimit: 16 << 20, maxConnections: 1000, keepConnections: true }, (e: CaptureRecord) => {
    if (e.kind === 'packet') (out[`${e.connection.client.port}/${e.direction}`] ??= []).push(hex(e.bytes));
    if (e.kind === 'note' && e.fault) (out[`${e.connection.client.port}/faults`] ??= []).push(e.message);
    if (e.kind === 'gap') (out[`${e.connection.client.port}/faults`] ??= []).push(`gap ${e.offset} ${e.length}`);
  });
  frames.forEach((f, i) => analyzer.frame({ ...f, number: i + 1 }));
  analyzer.finish();
  return out;
}

describe('property: shuffled and duplicated segments of recorded connections decode the same', () => {
  for (const [file, port] of [['v311-loopback.pcap', 43204], ['v5-sll2-nano.pcap', 33934], ['v5-sll2-nano.pcap', 33922]] as const) {
    it(`${file}, the connection from port ${port}`, () => {
      const frames = fixtureFrames(file);
      const baseline = decodeFrames(frames);
      expect(baseline[`${port}/c2s`].length).toBeGreaterThan(2);
      // The connection's frames after its handshake (SYN, SYN-ACK) may move among their places.
      const places = frames.map((f, i) => ({ f, i, t: tcpOf(f) })).filter((x) => x.t && (x.t.srcPort === port || x.t.dstPort === port) && !x.t.syn);
      fc.assert(
        fc.property(
          fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: places.length, maxLength: places.length }),
          fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 8 }),
          (keys, dups) => {
            const moved = places.map((p, k) => ({ p, key: keys[k] })).sort((a, b) => a.key - b.key).map((x) => x.p.f);
            const out = frames.slice();
            places.forEach((p, k) => (out[p.i] = moved[k]));
            for (const [which, at] of dups) {
              const copy = places[which % places.length].f;
              out.splice(places[at % places.length].i + 1, 0, copy);
            }
            expect(decodeFrames(out)).toEqual(baseline);
          },
        ),
        { numRuns: 60 },
      );
    });
  }
});

describe('Analyzer: connections by SYN, released when both FINs are in', () => {
  /** A raw-IP (LINKTYPE_RAW) frame: IPv4 127.0.0.1 ⇄ 127.0.0.2, TCP with the given flags. */
  function segment(n: number, fromClient: boolean, seq: number, flags: number, payload: number[] = []): Frame {
    const total = 40 + payload.length;
    const ip = [0x45, 0, total >> 8, total & 255, 0, 0, 0x40, 0, 64, 6, 0, 0, 127, 0, 0, fromClient ? 1 : 2, 127, 0, 0, fromClient ? 2 : 1];
    const ports = fromClient ? [0xc3, 0x50, 0x07, 0x5b] : [0x07, 0x5b, 0xc3, 0x50];
    const tcp = [...ports, seq >>> 24, (seq >>> 16) & 255, (seq >>> 8) & 255, seq & 255, 0, 0, 0, 0, 0x50, flags, 0, 0, 0, 0, 0, 0];
    const data = Uint8Array.from([...ip, ...tcp, ...payload]);
    return { kind: 'frame', number: n, seconds: 0, nanos: n * 1000, timeDigits: 6, linkType: 101, interfaceId: 0, data, start: 0, end: data.length, originalLength: total };
  }
  const SYN = 0x02, ACK = 0x10, PSH = 0x18, FIN = 0x11;
  const connect = [0x10, 0x0f, 0, 4, 0x4d, 0x51, 0x54, 0x54, 4, 2, 0, 60, 0, 3, 0x61, 0x62, 0x63];
  const subscribe = [0x82, 0x06, 0, 1, 0, 1, 0x61, 0]; // MQTT-3.8.4-1: a SUBSCRIBE the server never answers
  const connack = [0x20, 0x02, 0, 0];

  it('a closed connection reports its end when it closes; later frames of it are not a new connection', () => {
    const events: string[] = [];
    const analyzer = new Analyzer({ ports: [1883], bufferLimit: 1 << 20, maxConnections: 1000, keepConnections: true }, (e) => {
      if (e.kind === 'packet') events.push(`${e.connection.id} ${e.result.packet?.type}`);
      else if (e.kind === 'note') events.push(`${e.connection.id} ${e.diagnostic?.rule ? `[${e.diagnostic.rule} (${e.diagnostic.specVersion})]` : e.message}`);
      else if (e.kind === 'problem') events.push(`- ${e.message}`);
    });
    const frames = [
      segment(1, true, 100, SYN),
      segment(2, false, 500, SYN | ACK),
      segment(3, true, 101, PSH, connect),
      segment(4, false, 501, PSH, connack),
      segment(5, true, 101 + connect.length, PSH, subscribe),
      segment(6, true, 101 + connect.length + subscribe.length, FIN),
      segment(7, false, 505, FIN),
      segment(8, true, 102 + connect.length + subscribe.length, ACK), // the last ACK, after release
      segment(9, true, 9000, SYN), // the port used again: a new connection
    ];
    for (const f of frames) analyzer.frame(f);
    analyzer.finish();
    expect(analyzer.connections.map((c) => c.id)).toEqual([1, 2]);
    expect(events.slice(0, 3)).toEqual(['1 connect', '1 connack', '1 subscribe']);
    expect(events[3]).toMatch(/^1 .*\[MQTT-3\.8\.4-1 \(3\.1\.1\)\]$/);
    expect(events).toHaveLength(4); // the second connection carries no data: nothing to say yet
    expect(analyzer.skipped.get('after the connection closed')).toBe(1);
    expect(analyzer.connections[0]).toMatchObject({ faults: 1, version: 4, versionSource: 'CONNECT', closed: true });
    expect(summaryText(analyzer.connections[1])).toBe('#2 127.0.0.1:50000 → 127.0.0.2:1883  no data  client 0 packet(s), server 0 packet(s), 0 fault(s)');
    // A bridge's CONNECT (protocol level 0x80 | version) names the connection a bridge in its summary.
    expect(summaryText({ ...analyzer.connections[0], bridge: true })).toMatch(/^#1 \S+ → \S+ {2}MQTT 3\.1\.1 \(bridge\) \(from CONNECT\) {2}/);
  });
});
