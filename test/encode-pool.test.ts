/**
 * The pooled `encode` and `encodeVectored` (issue 11). Not a protocol rule: these prove the
 * memory contract. Small results are views of a shared slab, and no byte of a slab is ever handed
 * out twice (so no result is overwritten by a later one), even when a slab is detached by a
 * transfer; large results and `standalone` results own their buffer; the vectored pieces
 * concatenate to exactly `encode`'s bytes for every packet the round-trip property tests generate
 * (the packets are MQTT 3.1, 3.1.1 and 5.0; the bytes are checked against decode in roundtrip.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, encodedLength, encodeInto, encodeVectored, type Packet } from '../src/index.js';
import { POOL_MAX_BYTES, SLAB_BYTES } from '../src/encode.js';
import { VECTOR_MIN_BYTES } from '../src/encode-plan.js';
import { packetArbitraries, VERSIONS } from './arbitraries.js';
import { concat } from './helpers/bytes.js';

/** A PUBLISH (3.1.1) of `total` bytes (at least 5; 129 or 131 for 130) whose payload bytes are all `fill`. */
function publishOfSize(total: number, fill: number): Packet {
  // fixed header 1 + VBI (1–3) + topic length 2 + "t" 1 + payload.
  const vbi = total <= 129 ? 1 : total <= 16386 ? 2 : 3;
  const payload = new Uint8Array(total - 1 - vbi - 3).fill(fill);
  return { type: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false };
}

interface Issued {
  bytes: Uint8Array;
  expected: Uint8Array;
  buffer: ArrayBufferLike;
  start: number;
  end: number;
}

describe('pooled encode', () => {
  it('hands out own arrays up to 64 bytes, slab views from 65 bytes to under 4 KiB, own arrays from 4 KiB up', () => {
    const tiny = encode(publishOfSize(64, 1));
    expect(tiny.byteOffset).toBe(0);
    expect(tiny.buffer.byteLength).toBe(64);
    let a = encode(publishOfSize(100, 1));
    let b = encode(publishOfSize(100, 2));
    // The slab is shared by every encode of the process (other test files' too): when `a` took
    // the last room of one, `b` began the next, and the next result follows `b` in it.
    if (a.buffer !== b.buffer) {
      expect(b.byteOffset).toBe(0);
      a = b;
      b = encode(publishOfSize(100, 2));
    }
    expect(a.buffer).toBe(b.buffer);
    expect(a.buffer.byteLength).toBe(SLAB_BYTES);
    expect(b.byteOffset).toBe(a.byteOffset + 100);
    const big = encode(publishOfSize(POOL_MAX_BYTES, 3));
    expect(big.length).toBe(POOL_MAX_BYTES);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(POOL_MAX_BYTES);
  });

  it('standalone: true gives an array that owns its whole ArrayBuffer', () => {
    const p = publishOfSize(400, 9);
    expect(encode(p).buffer.byteLength).toBe(SLAB_BYTES);
    const s = encode(p, { standalone: true });
    expect(s.byteOffset).toBe(0);
    expect(s.buffer.byteLength).toBe(400);
    expect(s).toEqual(encode(p));
    for (const piece of encodeVectored(p, { standalone: true })) expect(piece.buffer.byteLength).toBe(piece.length);
  });

  it('never hands out a byte twice, over random sizes, standalone calls and transfers that detach slabs', () => {
    const step = fc.oneof(
      { weight: 6, arbitrary: fc.record({ kind: fc.constant('encode' as const), size: fc.integer({ min: 5, max: 600 }), standalone: fc.boolean() }) },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant('encode' as const), size: fc.integer({ min: 3000, max: 5000 }), standalone: fc.constant(false) }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('vectored' as const), size: fc.integer({ min: 5, max: 2000 }), standalone: fc.boolean() }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), pick: fc.nat() }) },
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), (steps) => {
        const issued: Issued[] = [];
        const detached = new Set<ArrayBufferLike>();
        let fill = 0;
        for (const s of steps) {
          if (s.kind === 'transfer') {
            const live = issued.filter((x) => !detached.has(x.buffer));
            if (live.length === 0) continue;
            const victim = live[s.pick % live.length].buffer;
            structuredClone(victim, { transfer: [victim] }); // detaches it, as postMessage with a transfer list does
            expect(victim.byteLength).toBe(0);
            detached.add(victim);
            continue;
          }
          fill = (fill % 250) + 1;
          const p = publishOfSize(s.size, fill);
          const expected = new Uint8Array(encodedLength(p));
          encodeInto(p, expected);
          const pieces = s.kind === 'encode' ? [encode(p, { standalone: s.standalone })] : encodeVectored(p, { standalone: s.standalone });
          expect(concat(pieces)).toEqual(expected);
          for (const bytes of pieces) {
            if (bytes === (p as { payload: Uint8Array }).payload) continue; // by reference, not allocated
            expect(detached.has(bytes.buffer)).toBe(false); // a detached slab is never written again
            expect(bytes.length).toBeGreaterThan(0);
            issued.push({ bytes, expected: bytes.slice(), buffer: bytes.buffer, start: bytes.byteOffset, end: bytes.byteOffset + bytes.length });
          }
        }
        // No two live results share a byte, and none was overwritten after it was handed out.
        const live = issued.filter((x) => !detached.has(x.buffer));
        const byBuffer = new Map<ArrayBufferLike, Issued[]>();
        for (const x of live) byBuffer.set(x.buffer, [...(byBuffer.get(x.buffer) ?? []), x]);
        for (const group of byBuffer.values()) {
          group.sort((a, b) => a.start - b.start);
          for (let i = 1; i < group.length; i++) expect(group[i].start).toBeGreaterThanOrEqual(group[i - 1].end);
        }
        for (const x of live) expect(x.bytes).toEqual(x.expected);
      }),
      { numRuns: 300 },
    );
  });

  it('a slab detached by a MessageChannel transfer is dropped, and encoding goes on correctly', async () => {
    const first = encode(publishOfSize(100, 5));
    const at = first.byteOffset;
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<ArrayBuffer>((resolve) => {
      port2.onmessage = (e: MessageEvent<ArrayBuffer>) => resolve(e.data);
    });
    port1.postMessage(first.buffer, [first.buffer]);
    const moved = await received;
    port1.close();
    port2.close();
    expect(first.buffer.byteLength).toBe(0);
    expect(new Uint8Array(moved, at, 100).every((b, i) => i < 5 || b === 5)).toBe(true);
    const next = encode(publishOfSize(100, 6));
    expect(next.buffer.byteLength).toBe(SLAB_BYTES);
    expect(next.byteOffset).toBe(0);
    expect(decode(next)).toMatchObject({ type: 'publish', topic: 't' });
  });
});

/** `p` with every Binary Data field and Uint8Array payload of odd length made at least {@link VECTOR_MIN_BYTES} long. */
function enlarge<T>(value: T): T {
  if (value instanceof Uint8Array) {
    if (value.length % 2 === 0) return value;
    const n = VECTOR_MIN_BYTES + value.length * 37;
    return Uint8Array.from({ length: n }, (_, i) => (i * 7 + value.length) & 0xff) as T;
  }
  if (Array.isArray(value)) return value.map(enlarge) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = enlarge(v);
    return out as T;
  }
  return value;
}

/** The Uint8Arrays reachable from `value`. */
function binaries(value: unknown, out: Uint8Array[] = []): Uint8Array[] {
  if (value instanceof Uint8Array) out.push(value);
  else if (Array.isArray(value)) for (const v of value) binaries(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) binaries(v, out);
  return out;
}

describe.each(VERSIONS)('encodeVectored, protocol version %i', (v) => {
  const opts = { protocolVersion: v };
  for (const [type, arb] of Object.entries(packetArbitraries(v))) {
    it(`${type}: the pieces concatenate to encode's bytes, large binary fields by reference`, () => {
      fc.assert(
        fc.property(arb, fc.boolean(), (generated: Packet, grow) => {
          const p = grow ? enlarge(generated) : generated;
          const whole = encode(p, opts);
          const pieces = encodeVectored(p, opts);
          expect(concat(pieces)).toEqual(whole);
          const large = binaries(p).filter((b) => b.length >= VECTOR_MIN_BYTES);
          // Each large field is one piece, the very array; the rest are at most one piece between two.
          for (const b of large) expect(pieces.filter((x) => x === b).length).toBeGreaterThanOrEqual(1);
          expect(pieces.length).toBeLessThanOrEqual(2 * large.length + 1);
          for (const x of pieces) expect(x.length).toBeGreaterThan(0);
        }),
        { numRuns: 150 },
      );
    });
  }
});

describe('encodeVectored of a large PUBLISH', () => {
  it('returns the header and the 64 KiB payload itself (3.1.1 and 5.0)', () => {
    const payload = new Uint8Array(65536).fill(0xab);
    for (const protocolVersion of [4, 5] as const) {
      const p: Packet = { type: 'publish', topic: 'a/b', payload, qos: 1, packetId: 7, retain: false, dup: false };
      const pieces = encodeVectored(p, { protocolVersion });
      expect(pieces.length).toBe(2);
      expect(pieces[1]).toBe(payload);
      expect(concat(pieces)).toEqual(encode(p, { protocolVersion }));
    }
  });

  it('copies a string payload and a payload under 256 bytes into the one piece', () => {
    const s: Packet = { type: 'publish', topic: 'a', payload: 'x'.repeat(1000), qos: 0, retain: false, dup: false };
    expect(encodeVectored(s).length).toBe(1);
    const small: Packet = { type: 'publish', topic: 'a', payload: new Uint8Array(VECTOR_MIN_BYTES - 1), qos: 0, retain: false, dup: false };
    expect(encodeVectored(small).length).toBe(1);
  });
});
