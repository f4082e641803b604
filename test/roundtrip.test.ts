/**
 * Property-based round trips for every packet type in every version: decode(encode(p)) equals p,
 * encodedLength(p) === encode(p).length, encodeInto writes the same bytes, and re-encoding the
 * decoded packet gives the same bytes (the encoder's output is canonical).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, encodedLength, encodeInto, type Packet } from '../src/index.js';
import { packetArbitraries, VERSIONS } from './arbitraries.js';

const RUNS = 250;

describe.each(VERSIONS)('round trip, protocol version %i', (v) => {
  const opts = { protocolVersion: v };
  for (const [type, arb] of Object.entries(packetArbitraries(v))) {
    it(`${type}: decode(encode(p)) equals p, sizes and encodeInto agree`, () => {
      fc.assert(
        fc.property(arb, fc.nat(8), (p: Packet, offset) => {
          const bytes = encode(p, opts);
          expect(encodedLength(p, opts)).toBe(bytes.length);
          const target = new Uint8Array(bytes.length + offset + 3).fill(0xee);
          expect(encodeInto(p, target, offset, opts)).toBe(bytes.length);
          expect(target.subarray(offset, offset + bytes.length)).toEqual(bytes);
          expect(target[offset + bytes.length]).toBe(0xee); // nothing written past the packet
          const back = decode(bytes, opts);
          expect(back).toEqual(p);
          expect(encode(back, opts)).toEqual(bytes);
        }),
        { numRuns: RUNS },
      );
    });
  }
});

describe('Remaining Length at the Variable Byte Integer boundaries [MQTT-1.5.5-1]', () => {
  // PUBLISH QoS 0 with topic "t": Remaining Length = 3 + payload length.
  for (const rl of [0x7f, 0x80, 0x3fff, 0x4000, 0x1fffff, 0x200000]) {
    it(`Remaining Length ${rl} encodes in ${rl < 0x80 ? 1 : rl < 0x4000 ? 2 : rl < 0x200000 ? 3 : 4} byte(s) and round-trips`, () => {
      const p: Packet = { type: 'publish', topic: 't', payload: new Uint8Array(rl - 3).fill(7), qos: 0, retain: false, dup: false };
      const bytes = encode(p);
      const hl = rl < 0x80 ? 2 : rl < 0x4000 ? 3 : rl < 0x200000 ? 4 : 5;
      expect(bytes.length).toBe(hl + rl);
      const back = decode(bytes);
      expect(back.type === 'publish' && Buffer.compare(back.payload as Uint8Array, p.payload as Uint8Array)).toBe(0);
      expect({ ...back, payload: null }).toEqual({ ...p, payload: null });
    });
  }

  it('the largest Remaining Length (268,435,455) is sized, one more is refused with 0x95', () => {
    const payload = new Uint8Array(268_435_455 - 3);
    const p: Packet = { type: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false };
    expect(encodedLength(p)).toBe(268_435_460);
    const over: Packet = { ...p, topic: 'tt' };
    expect(() => encodedLength(over)).toThrowError(expect.objectContaining({ reasonCode: 0x95 }));
  });
});

describe('encode options', () => {
  it('maxPacketSize: encode throws 0x95 rather than emit a larger packet', () => {
    const p: Packet = { type: 'publish', topic: 'a/b', payload: new Uint8Array(100), qos: 0, retain: false, dup: false };
    const size = encode(p).length;
    expect(encode(p, { maxPacketSize: size }).length).toBe(size);
    expect(() => encode(p, { maxPacketSize: size - 1 })).toThrowError(expect.objectContaining({ reasonCode: 0x95 }));
  });

  it('a string payload is written as UTF-8 (U+0000 allowed in payload text)', () => {
    const p = { type: 'publish', topic: 'x', payload: 'hé\u0000𝄞', qos: 0, retain: false, dup: false } as const;
    const out = decode(encode(p));
    expect(out.type === 'publish' && new TextDecoder().decode(out.payload as Uint8Array)).toBe('hé\u0000𝄞');
  });

  it('encodeInto refuses a target that is too small, writing nothing', () => {
    const target = new Uint8Array(1);
    expect(() => encodeInto({ type: 'pingreq' }, target)).toThrowError(expect.objectContaining({ reasonCode: 0x95 }));
    expect(target[0]).toBe(0);
  });
});
