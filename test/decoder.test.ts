/**
 * The stream Decoder: any split of a valid stream gives the packets of decoding it whole; the
 * 5.0 short forms back to back; Maximum Packet Size checked on the header before buffering;
 * failed state after an error [MQTT-4.8.0-1]; memory bounded over 1 GiB of input.
 */
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decoder, decode, encode, MqttCodecError, type Packet, type ProtocolVersion } from '../src/index.js';
import { anyPacket } from './arbitraries.js';
import { fromHex } from './helpers/hex.js';
import { mutationRun } from './helpers/runs.js';
import { concat } from './helpers/bytes.js';


/** Splits `bytes` at the given cut points (sorted, deduplicated, inside the array). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    chunks.push(bytes.slice(prev, p));
    prev = p;
  }
  return chunks;
}

function feed(chunks: Uint8Array[], v: ProtocolVersion): Packet[] {
  const d = new Decoder({ protocolVersion: v });
  const out: Packet[] = [];
  for (const c of chunks) out.push(...d.push(c));
  d.end();
  expect(d.buffered).toBe(0);
  expect(d.reserved).toBe(0); // idle: no slab stretch, block or view kept
  return out;
}

describe.each([4, 5] as ProtocolVersion[])('MQTT-6.0.0-2 any split of a valid stream, protocol version %i', (v) => {
  const stream = fc.array(anyPacket(v), { minLength: 1, maxLength: 8 }).map((packets) => {
    const encoded = packets.map((p) => encode(p, { protocolVersion: v }));
    return { encoded, bytes: concat(encoded) };
  });
  const whole = (encoded: Uint8Array[]) => encoded.map((b) => decode(b, { protocolVersion: v }));

  it('1-byte chunks give the same packets as decoding each whole', () => {
    fc.assert(
      fc.property(stream, ({ encoded, bytes }) => {
        const chunks = Array.from(bytes, (b) => Uint8Array.of(b));
        expect(feed(chunks, v)).toEqual(whole(encoded));
      }),
      { numRuns: 100 },
    );
  });

  it('random cut points (inside fixed headers and varints too) give the same packets', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 12 }), ({ encoded, bytes }, cuts) => {
        expect(feed(splitAt(bytes, cuts), v)).toEqual(whole(encoded));
      }),
      { numRuns: 300 },
    );
  });

  it('a split right after every byte of the first header gives the same packets', () => {
    fc.assert(
      fc.property(stream, ({ encoded, bytes }) => {
        for (let cut = 1; cut <= Math.min(6, bytes.length); cut++) {
          expect(feed([bytes.slice(0, cut), bytes.slice(cut)], v)).toEqual(whole(encoded));
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('5.0 short forms back to back', () => {
  const shortForms = [
    'e000', // DISCONNECT, Remaining Length 0
    'e00104', // DISCONNECT, Remaining Length 1 (Disconnect with Will Message)
    'f000', // AUTH, Remaining Length 0
    '40020001', // PUBACK, Remaining Length 2
    '4003000210', // PUBACK, Remaining Length 3 (No matching subscribers)
    '50020003', // PUBREC 2
    '5003000480', // PUBREC 3
    '62020005', // PUBREL 2
    '6203000692', // PUBREL 3
    '70020007', // PUBCOMP 2
    '7003000892', // PUBCOMP 3
    '20030000 00', // CONNACK with empty properties
    'c000', // PINGREQ
    'd000', // PINGRESP
  ].map(fromHex);
  const bytes = concat(shortForms);
  const expected = shortForms.map((b) => decode(b, { protocolVersion: 5 }));

  it('decode from one chunk, none swallowing the next packet', () => {
    const d = new Decoder({ protocolVersion: 5 });
    expect(d.push(bytes)).toEqual(expected);
    expect(d.buffered).toBe(0);
  });

  it('decode split at every byte', () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(feed([bytes.slice(0, cut), bytes.slice(cut)], 5)).toEqual(expected);
    }
  });
});

describe('MQTT-1.5.5-1 Remaining Lengths of one and two bytes read in place, longer or not minimal ones by the full reader', () => {
  /** A QoS 0 PUBLISH on topic "a" whose Remaining Length is `rl` (at least 3). */
  const publishOf = (rl: number) => encode({ type: 'publish', topic: 'a', payload: new Uint8Array(rl - 3), qos: 0, retain: false, dup: false });

  it('every length of 2 and 3 header bytes, whole and cut right after each header byte, gives the packet decode gives', () => {
    for (const rl of [127, 128, 129, 255, 256, 1000, 8191, 16383, 16384, 20000]) {
      const bytes = concat([fromHex('c000'), publishOf(rl), fromHex('c000')]);
      const expected = [decode(fromHex('c000')), decode(publishOf(rl)), decode(fromHex('c000'))];
      expect(feed([bytes], 4)).toEqual(expected);
      // The chunk ends after the PUBLISH's first, second and third header byte (2, 3 and 4 of the stream).
      for (const cut of [3, 4, 5]) expect(feed(splitAt(bytes, [cut]), 4)).toEqual(expected);
    }
  });

  it('a two-byte length ending in 0x00 is refused as not minimal, whole or cut inside it', () => {
    for (const chunks of [[fromHex('c000 308000')], [fromHex('c000 3080'), fromHex('00')], [fromHex('c000 30'), fromHex('8000')]]) {
      const d = new Decoder({ protocolVersion: 5 });
      expect(() => chunks.forEach((c) => d.push(c))).toThrowError(expect.objectContaining({ key: 'vbiMinimal', rule: 'MQTT-1.5.5-1', offset: 3 }));
    }
  });
});

describe('Maximum Packet Size is checked on the header, before buffering', () => {
  it('a header claiming 268 MB with maxPacketSize 1 MiB fails on the header with buffered ≤ 5', () => {
    const d = new Decoder({ protocolVersion: 5, maxPacketSize: 1 << 20 });
    // PUBLISH, Remaining Length 268,435,455, then a few body bytes in the same chunk
    const chunk = fromHex('30 ffffff7f 0003 612f62 00');
    let err: unknown;
    try {
      d.push(chunk);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MqttCodecError);
    expect((err as MqttCodecError).reasonCode).toBe(0x95);
    expect((err as MqttCodecError).offset).toBe(0);
    expect(d.buffered).toBeLessThanOrEqual(5);
  });

  it('the same header split byte by byte fails as soon as it is complete', () => {
    const d = new Decoder({ protocolVersion: 5, maxPacketSize: 1 << 20 });
    const header = fromHex('10 ffffff7f');
    for (let i = 0; i < header.length - 1; i++) expect(d.push(header.slice(i, i + 1))).toEqual([]);
    expect(d.buffered).toBeLessThanOrEqual(5);
    expect(() => d.push(header.slice(header.length - 1))).toThrowError(expect.objectContaining({ reasonCode: 0x95 }));
  });

  it('MQTT-3.8.1-1 reserved fixed-header flags fail on the header, before the body is held', () => {
    const d = new Decoder({ protocolVersion: 4 });
    // SUBSCRIBE with flags 0000 announcing 100,000 bytes; only the header and two body bytes arrive
    expect(() => d.push(fromHex('80 a08d06 0001'))).toThrowError(expect.objectContaining({ reasonCode: 0x81, rule: 'MQTT-3.8.1-1', offset: 0 }));
    expect(d.buffered).toBe(0);
    // the same through decode: the same rule and offset
    expect(() => decode(fromHex('80 02 0001'))).toThrowError(expect.objectContaining({ rule: 'MQTT-3.8.1-1', offset: 0 }));
  });

  it('the offset of a too-large packet counts from the start of the stream', () => {
    const d = new Decoder({ protocolVersion: 4, maxPacketSize: 100 });
    expect(d.push(fromHex('c000 c000'))).toHaveLength(2);
    expect(() => d.push(fromHex('30 c801'))).toThrowError(expect.objectContaining({ reasonCode: 0x95, offset: 4 }));
  });

  it('the default accepts the largest packet the protocol allows (header only)', () => {
    const d = new Decoder({ protocolVersion: 5 });
    expect(d.push(fromHex('30 ffffff7f 0001'))).toEqual([]);
    expect(d.buffered).toBe(7);
  });
});

describe('MQTT-4.8.0-1 after an error the decoder is failed', () => {
  it('every later push and end throws the same error; packets before it are on the error', () => {
    const d = new Decoder({ protocolVersion: 4 });
    let err: MqttCodecError | undefined;
    try {
      d.push(fromHex('c000 36020001')); // PINGREQ, then PUBLISH with both QoS bits set
    } catch (e) {
      err = e as MqttCodecError;
    }
    expect(err?.rule).toBe('MQTT-3.3.1-4');
    expect(err?.offset).toBe(2);
    expect(err?.packets).toEqual([{ type: 'pingreq' }]);
    expect(() => d.push(fromHex('c000'))).toThrow(err);
    expect(() => d.end()).toThrow(err);
    expect(d.error).toBe(err);
  });

  it('a lone first byte of a reserved type fails at once (type 0; type 15 before 5.0), also after packets', () => {
    expect(() => new Decoder().push(fromHex('00'))).toThrowError(expect.objectContaining({ reasonCode: 0x81, offset: 0 }));
    expect(() => new Decoder({ protocolVersion: 4 }).push(fromHex('f0'))).toThrowError(expect.objectContaining({ reasonCode: 0x81, offset: 0 }));
    const d = new Decoder({ protocolVersion: 5 });
    expect(d.push(fromHex('f0'))).toEqual([]); // AUTH exists in 5.0
    expect(d.push(fromHex('00'))).toEqual([{ type: 'auth', reasonCode: 0 }]);
    expect(() => d.push(fromHex('00'))).toThrowError(expect.objectContaining({ reasonCode: 0x81, offset: 2 }));
  });

  it('MQTT-2.1.3-1 a lone first byte with flags its type forbids fails at once, as it does with other bytes (found by the drop-in fuzz target)', () => {
    // SUBSCRIBE, then PUBCOMP with flags 0010: in one chunk or with the 0x72 on its own, the same error.
    const stream = fromHex('82090001000003612f6200 72');
    const whole = new Decoder({ protocolVersion: 5 });
    expect(() => whole.push(stream)).toThrowError(expect.objectContaining({ key: 'reservedFlags', offset: 11 }));
    const pieces = new Decoder({ protocolVersion: 5 });
    expect(pieces.push(stream.subarray(0, 11))).toHaveLength(1);
    expect(() => pieces.push(stream.subarray(11))).toThrowError(expect.objectContaining({ key: 'reservedFlags', offset: 11 }));
    expect(() => new Decoder({ protocolVersion: 4 }).push(fromHex('36'))).toThrowError(expect.objectContaining({ key: 'publishQos3', offset: 0 }));
    // A policy that turns the check off holds the byte, as with other bytes.
    const lenient = new Decoder({ protocolVersion: 5, checks: { reservedFlags: 'off' } });
    expect(lenient.push(fromHex('72'))).toEqual([]);
    expect(lenient.buffered).toBe(1);
  });

  it('MQTT-3.6.1-1 before MQTT-1.5.5-1 and the size: a header with flags its type forbids is refused for its flags first, whole or in any pieces (found by the conversation fuzz target)', () => {
    /** The error of `stream` pushed whole and cut at every point, as key@offset. */
    const errors = (stream: Uint8Array, options: ConstructorParameters<typeof Decoder>[0]): Set<string> => {
      const seen = new Set<string>();
      for (let cut = 0; cut < stream.length; cut++) {
        const d = new Decoder(options);
        try {
          if (cut > 0) d.push(stream.subarray(0, cut));
          d.push(stream.subarray(cut));
        } catch (e) {
          seen.add(`${(e as MqttCodecError).key}@${(e as MqttCodecError).offset}`);
        }
      }
      return seen;
    };
    // PINGREQ, then PUBREL with flags 1110 and its Remaining Length of 2 written in two bytes (82 00).
    expect(errors(fromHex('c000 6e820000 01'), { protocolVersion: 4 })).toEqual(new Set(['reservedFlags@2']));
    // PUBLISH with both QoS bits set, larger than the maximum packet size: its flags, not its size.
    expect(errors(fromHex('3608 0001 61 0001 7878 78'), { protocolVersion: 4, maxPacketSize: 5 })).toEqual(new Set(['publishQos3@0']));
    // A policy that relaxes the flags: then the Remaining Length's fault, in any pieces.
    expect(errors(fromHex('c000 6e820000 01'), { protocolVersion: 4, checks: { reservedFlags: 'off' } })).toEqual(new Set(['vbiMinimal@3']));
  });

  it('a failure while a packet is pending is not skipped by the short path for small pieces', () => {
    const d = new Decoder();
    expect(d.push(fromHex('3005 00'))).toEqual([]);
    expect(() => d.push('not bytes' as unknown as Uint8Array)).toThrowError(expect.objectContaining({ reasonCode: 0x81 }));
    const err = d.error;
    expect(() => d.push(fromHex('01'))).toThrow(err!);
  });

  it('end() throws Malformed while a partial packet is buffered', () => {
    const d = new Decoder();
    d.push(fromHex('3005 0003'));
    expect(d.buffered).toBe(4);
    expect(() => d.end()).toThrowError(expect.objectContaining({ reasonCode: 0x81, offset: 4 }));
  });

  it('errors inside an assembled packet report stream offsets', () => {
    const d = new Decoder({ protocolVersion: 4 });
    d.push(fromHex('c000 3005 00'));
    // topic length 3 "a+b": wildcard at stream offset 2 + 2 + 2 + 1 = 7
    expect(() => d.push(fromHex('03 612b62'))).toThrowError(expect.objectContaining({ rule: 'MQTT-3.3.2-2', offset: 7 }));
  });

  it('failedFrame says where the failing packet lies, the same for every split: its size once its fixed header passed', () => {
    // PINGREQ, then a PUBLISH whose topic has a wildcard (header valid: 7 bytes), then a reserved type.
    const cases: [string, { offset: number; size: number | undefined }][] = [
      ['c000 3005 0003 612b62', { offset: 2, size: 7 }],
      ['c000 36020001', { offset: 2, size: undefined }], // QoS 3: refused on the fixed header
      ['c000 00', { offset: 2, size: undefined }], // reserved type 0
      ['c000 30ffffffff7f', { offset: 2, size: undefined }], // Remaining Length of five bytes
    ];
    for (const [hex, where] of cases) {
      const stream = fromHex(hex);
      for (let cut = 0; cut <= stream.length; cut++) {
        const d = new Decoder({ protocolVersion: 4 });
        expect(d.failedFrame).toBeNull();
        expect(() => {
          d.push(stream.subarray(0, cut));
          d.push(stream.subarray(cut));
        }, `${hex} cut at ${cut}`).toThrow(MqttCodecError);
        expect(d.failedFrame, `${hex} cut at ${cut}`).toEqual(where);
      }
    }
  });
});

describe('how pieces are held: the 4 KiB slab stretches, staging blocks and views', () => {
  it.skipIf(mutationRun)('MQTT-6.0.0-2 packets on either side of the 4 KiB slab limit, split anywhere, decode as whole', () => {
    const sizes = [0, 4085, 4086, 4087, 4088, 20_000];
    const encoded = sizes.map((n, i) => encode({ type: 'publish', topic: 'size', payload: new Uint8Array(n).fill(i + 1), qos: 0, retain: false, dup: false }));
    expect(encoded.map((b) => b.length).slice(1, 5)).toEqual([4094, 4095, 4096, 4097]);
    const bytes = concat([...encoded, ...encoded]);
    const expected = [...encoded, ...encoded].map((b) => decode(b));
    fc.assert(
      fc.property(fc.array(fc.nat(bytes.length), { maxLength: 40 }), (cuts) => {
        expect(feed(splitAt(bytes, cuts), 4)).toEqual(expected);
      }),
      { numRuns: 100 },
    );
    // Chunk sizes around the 1 KiB small-piece limit and the slab size.
    for (const size of [1, 7, 1023, 1024, 1025, 4096, 16_384]) {
      const chunks: Uint8Array[] = [];
      for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.slice(at, at + size));
      expect(feed(chunks, 4)).toEqual(expected);
    }
  });

  it('an error in a straddling packet that follows others in the slab reports its stream offset', () => {
    const ok = encode({ type: 'publish', topic: 'ok', payload: new Uint8Array(30), qos: 0, retain: false, dup: false });
    const d = new Decoder({ protocolVersion: 4 });
    let n = 0;
    for (let i = 0; i < 5; i++) for (let k = 0; k < ok.length; k++) n += d.push(ok.slice(k, k + 1)).length;
    expect(n).toBe(5);
    const base = 5 * ok.length;
    d.push(fromHex('3005 00'));
    // topic length 3 "a+b": the wildcard is 2 + 2 + 1 bytes into the packet
    expect(() => d.push(fromHex('03 612b62'))).toThrowError(expect.objectContaining({ rule: 'MQTT-3.3.2-2', offset: base + 5 }));
  });
});

describe('versions and zero-copy', () => {
  it('on the server side a decoded CONNECT sets the version of the packets after it', () => {
    const d = new Decoder();
    const connect = encode({ type: 'connect', protocolVersion: 5, clientId: 'c', cleanStart: true, keepAlive: 0 });
    const puback5 = encode({ type: 'puback', packetId: 1, reasonCode: 0x10 }, { protocolVersion: 5 });
    const out = d.push(concat([connect, puback5]));
    expect(out[1]).toEqual({ type: 'puback', packetId: 1, reasonCode: 0x10 });
    expect(d.protocolVersion).toBe(5);
  });

  it('the protocolVersion setter (a CONNECT seen by the other direction) applies to the next packet, one partly received included', () => {
    const puback5 = fromHex('40 03 0001 10'); // PUBACK with a Reason Code: 5.0 only
    expect(() => new Decoder({ protocolVersion: 4 }).push(puback5)).toThrowError(MqttCodecError);
    const d = new Decoder({ protocolVersion: 4 });
    d.protocolVersion = 5;
    expect(d.protocolVersion).toBe(5);
    expect(d.push(puback5)).toEqual([{ type: 'puback', packetId: 1, reasonCode: 0x10 }]);
    const later = new Decoder({ protocolVersion: 4 });
    expect(later.push(puback5.subarray(0, 2))).toEqual([]);
    later.protocolVersion = 5;
    expect(later.push(puback5.subarray(2))).toEqual([{ type: 'puback', packetId: 1, reasonCode: 0x10 }]);
  });

  it('the protocolVersion setter refuses anything but 3, 4 or 5 with MqttCodecError 0x84 and keeps the version', () => {
    const d = new Decoder({ protocolVersion: 5 });
    for (const bad of [2, 6, 0, '5', undefined, null, 4.5]) {
      let err: unknown;
      try {
        d.protocolVersion = bad as unknown as ProtocolVersion;
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MqttCodecError);
      expect((err as MqttCodecError).reasonCode).toBe(0x84);
      expect(d.protocolVersion).toBe(5);
    }
    d.protocolVersion = 3;
    expect(d.protocolVersion).toBe(3);
  });

  it('a packet inside one chunk has its payload as a view of that chunk', () => {
    const chunk = encode({ type: 'publish', topic: 't', payload: new Uint8Array([1, 2, 3]), qos: 0, retain: false, dup: false });
    const [p] = new Decoder().push(chunk);
    expect(p.type === 'publish' && (p.payload as Uint8Array).buffer).toBe(chunk.buffer);
  });

  it('a packet that straddles chunks is assembled in a buffer of the decoder, not of either chunk', () => {
    const bytes = encode({ type: 'publish', topic: 't', payload: new Uint8Array([1, 2, 3]), qos: 0, retain: false, dup: false });
    const a = bytes.slice(0, 4);
    const b = bytes.slice(4);
    const d = new Decoder();
    expect(d.push(a)).toEqual([]);
    const [p] = d.push(b);
    const buf = p.type === 'publish' && (p.payload as Uint8Array).buffer;
    expect(buf).not.toBe(a.buffer);
    expect(buf).not.toBe(b.buffer);
  });

  it('small straddling packets share a slab without sharing bytes: writing one payload leaves the others', () => {
    const packets = [1, 2, 3, 4].map((k) => encode({ type: 'publish', topic: 't', payload: new Uint8Array(100).fill(k), qos: 0, retain: false, dup: false }));
    const bytes = concat(packets);
    const d = new Decoder();
    const out: Packet[] = [];
    for (const c of splitAt(bytes, [50, 160, 250, 333, 401])) out.push(...d.push(c));
    const payloads = out.map((p) => (p.type === 'publish' ? (p.payload as Uint8Array) : new Uint8Array(0)));
    expect(payloads.map((x) => x[0])).toEqual([1, 2, 3, 4]);
    expect(payloads[1].buffer).toBe(payloads[2].buffer);
    payloads[1].fill(9);
    expect(payloads.map((x) => x.every((b) => b === x[0]) && x[0])).toEqual([1, 9, 3, 4]);
  });

  it('a push that completes no packet returns one frozen empty array', () => {
    const d = new Decoder();
    const none = d.push(fromHex('30'));
    expect(none).toEqual([]);
    expect(Object.isFrozen(none)).toBe(true);
    expect(d.push(fromHex('03'))).toBe(none);
    expect(d.push(fromHex('0001'))).toBe(none);
    expect(d.push(fromHex('61'))).toEqual([{ type: 'publish', topic: 'a', payload: new Uint8Array(0), qos: 0, retain: false, dup: false }]);
  });
});

describe('memory', () => {
  it('an idle decoder holds no buffer after whole or split packets; a pending one holds about its packet', () => {
    const packets = [3, 100, 4000, 5000, 20].map((n, k) =>
      encode({ type: 'publish', topic: `t/${k}`, payload: new Uint8Array(n).fill(k), qos: 0, retain: false, dup: false }),
    );
    const d = new Decoder();
    expect(d.reserved).toBe(0);
    for (const p of packets) {
      expect(d.push(p)).toHaveLength(1);
      expect(d.reserved).toBe(0);
      const cut = p.length >> 1;
      expect(d.push(p.subarray(0, cut))).toHaveLength(0);
      expect(d.reserved).toBeGreaterThanOrEqual(p.length <= 4096 ? p.length : cut);
      expect(d.reserved).toBeLessThanOrEqual(Math.max(p.length, 4096));
      expect(d.push(p.subarray(cut))).toHaveLength(1);
      expect(d.reserved).toBe(0);
    }
  });

  it('decoders share slabs without sharing bytes: a later split packet of another decoder leaves earlier payloads intact', () => {
    const make = (k: number) => encode({ type: 'publish', topic: 't', payload: new Uint8Array(200).fill(k), qos: 0, retain: false, dup: false });
    const decoders = [new Decoder(), new Decoder(), new Decoder()];
    const payloads: Uint8Array[] = [];
    for (let k = 0; k < 120; k++) {
      const bytes = make(k);
      const d = decoders[k % 3];
      d.push(bytes.subarray(0, 7));
      const [p] = d.push(bytes.subarray(7));
      payloads.push(p.type === 'publish' ? (p.payload as Uint8Array) : new Uint8Array(0));
    }
    payloads.forEach((x, k) => expect(x.every((b) => b === k)).toBe(true));
    expect(payloads[0].buffer).toBe(payloads[1].buffer); // two decoders, one slab
  });

  it('a packet dribbled in 1-byte chunks holds memory in proportion to its bytes, not one view per chunk', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const size = 512 * 1024;
    const packet = encode({ type: 'publish', topic: 't', payload: new Uint8Array(size).fill(7), qos: 0, retain: false, dup: false });
    const d = new Decoder();
    gc();
    const before = process.memoryUsage();
    // All but the last byte, one at a time (each a fresh 1-byte chunk, as a slow peer would send).
    let early = 0;
    for (let i = 0; i < packet.length - 1; i++) early += d.push(packet.slice(i, i + 1)).length;
    expect(early).toBe(0);
    gc();
    const held = process.memoryUsage();
    const grown = held.heapUsed - before.heapUsed + (held.arrayBuffers - before.arrayBuffers);
    expect(d.buffered).toBe(packet.length - 1);
    // One view per byte would be ~100 bytes per byte held; staging keeps it near 1.
    expect(grown).toBeLessThan(4 * packet.length);
    const [out] = d.push(packet.slice(packet.length - 1));
    expect(out.type === 'publish' && (out.payload as Uint8Array).length).toBe(size);
  }, 120_000);

  it.skipIf(mutationRun)('pushing 1 GiB of a valid stream in 64 KiB chunks keeps heap and arrayBuffers bounded', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // 40,000-byte packets do not line up with 64 KiB chunks, so most packets straddle two.
    const packet = encode({ type: 'publish', topic: 'bench/stream', payload: new Uint8Array(40_000 - 20).fill(0x5a), qos: 1, retain: false, dup: false, packetId: 9 });
    expect(packet.length).toBe(40_000);
    const CHUNK = 64 * 1024;
    const pattern = new Uint8Array(CHUNK + packet.length * 2);
    for (let at = 0; at < pattern.length; at += packet.length) pattern.set(packet.subarray(0, Math.min(packet.length, pattern.length - at)), at);
    const d = new Decoder({ protocolVersion: 4 });
    gc();
    const before = process.memoryUsage();
    let peakHeap = 0;
    let peakBuffers = 0;
    let packets = 0;
    let total = 0;
    const GiB = 1024 ** 3;
    for (let k = 0; total < GiB; k++) {
      const off = (k * CHUNK) % packet.length;
      const chunk = pattern.slice(off, off + CHUNK); // a fresh chunk each time, as a socket gives
      packets += d.push(chunk).length;
      total += CHUNK;
      if (k % 2048 === 0) {
        const m = process.memoryUsage();
        peakHeap = Math.max(peakHeap, m.heapUsed - before.heapUsed);
        peakBuffers = Math.max(peakBuffers, m.arrayBuffers - before.arrayBuffers);
      }
      expect(d.buffered).toBeLessThan(packet.length);
    }
    for (let i = 0; i < 3; i++) gc();
    const after = process.memoryUsage();
    expect(packets).toBe(Math.floor(total / packet.length));
    // Held memory is at most a packet and a chunk; allow for garbage not yet collected.
    expect(peakBuffers).toBeLessThan(256 * 1024 * 1024);
    expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(32 * 1024 * 1024); // a leak would be ~1 GiB
    expect(after.heapUsed - before.heapUsed).toBeLessThan(16 * 1024 * 1024);
    expect(peakHeap).toBeLessThan(64 * 1024 * 1024);
  }, 60_000);
});
