/**
 * The encode plan (src/encode-plan.ts): every field of the packet is read once, in the size phase,
 * and nothing passes between the phases outside the plan. So an encode called from a getter of the
 * packet being encoded works, and a getter that answers differently on a second read cannot make
 * the bytes disagree with the lengths written before them: every result decodes to one
 * consistent packet, or the call throws MqttCodecError.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, encodedLength, encodeInto, encodeVectored, MqttCodecError, type Packet } from '../src/index.js';
import { anyPacket, VERSIONS } from './arbitraries.js';
import { concat } from './helpers/bytes.js';

/** `p` behind a Proxy that counts each read of each field (nested objects counted by their path). */
function counted(p: object, reads: Map<string, number>, path = ''): object {
  return new Proxy(p, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return value;
      const at = path === '' ? key : `${path}.${key}`;
      reads.set(at, (reads.get(at) ?? 0) + 1);
      return value !== null && typeof value === 'object' && !(value instanceof Uint8Array) ? counted(value, reads, at) : value;
    },
  });
}

/** `p` behind a Proxy whose fields answer from `second` from their second read on. */
function fickle(p: object, second: object): object {
  const seen = new Set<PropertyKey>();
  return new Proxy(p, {
    get(target, key, receiver) {
      const from = seen.has(key) ? second : target;
      seen.add(key);
      return Reflect.get(from, key, receiver);
    },
  });
}

describe('encode plan', () => {
  it.each(VERSIONS)('reads every field of the packet once (fields of nested objects too), protocol version %i', (v) => {
    fc.assert(
      fc.property(anyPacket(v), (p) => {
        const reads = new Map<string, number>();
        encode(counted(p, reads) as Packet, { protocolVersion: v });
        for (const [path, n] of reads) expect(n, path).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('a getter that answers differently on its second read: the bytes are the first answer, whole', () => {
    const first: Packet = { type: 'publish', topic: 't', payload: new Uint8Array([7, 7]), qos: 0, retain: false, dup: false };
    const second = { ...first, topic: 'another/topic', payload: new Uint8Array(10).fill(9) };
    const bytes = encode(fickle(first, second) as Packet);
    expect([...bytes]).toEqual([0x30, 0x05, 0x00, 0x01, 0x74, 0x07, 0x07]);
    expect(decode(bytes)).toEqual(first);
  });

  it('encode from inside a getter of the packet being encoded (re-entrant) works, and so does the outer call', () => {
    let inner: Uint8Array | undefined;
    const p = {
      type: 'publish',
      get topic() {
        inner = encode({ type: 'puback', packetId: 9 });
        return 'outer';
      },
      payload: 'x',
      qos: 1,
      retain: false,
      dup: false,
      packetId: 3,
    } as Packet;
    const outer = encode(p);
    expect([...inner!]).toEqual([0x40, 0x02, 0x00, 0x09]);
    expect(decode(outer)).toEqual({ type: 'publish', topic: 'outer', payload: new TextEncoder().encode('x'), qos: 1, retain: false, dup: false, packetId: 3 });
  });

  it('any re-entrant encode from getters, at any depth, and getters changing between reads: one consistent packet or MqttCodecError', () => {
    fc.assert(
      fc.property(anyPacket(5), anyPacket(5), fc.nat(3), (a, b, fn) => {
        let depth = 0;
        const nested = new Proxy(a, {
          get(target, key, receiver) {
            if (depth < 3) {
              depth++;
              try {
                encodedLength(b, { protocolVersion: 5 });
              } catch (e) {
                expect(e).toBeInstanceOf(MqttCodecError);
              } finally {
                depth--;
              }
            }
            return Reflect.get(target, key, receiver);
          },
        });
        const input = fickle(nested, b) as Packet;
        try {
          const bytes =
            fn === 0
              ? encode(input, { protocolVersion: 5 })
              : fn === 1
                ? concat(encodeVectored(input, { protocolVersion: 5 }))
                : intoBuffer(input);
          const back = decode(bytes, { protocolVersion: 5 });
          expect(back.type).toBe(a.type);
          expect(encode(back, { protocolVersion: 5 })).toEqual(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(MqttCodecError);
        }
      }),
      { numRuns: 500 },
    );
  });
});

function intoBuffer(p: Packet): Uint8Array {
  const target = new Uint8Array(1 << 17);
  const n = encodeInto(p, target, 3, { protocolVersion: 5 });
  return target.subarray(3, 3 + n);
}

describe('the plan lets go of what it held', () => {
  it('truncate and clear drop the values of the operations they forget (a plan kept between encodes pins no string)', async () => {
    const { EncodePlan } = await import('../src/encode-plan.js');
    const plan = new EncodePlan();
    plan.start(5, 0, null);
    plan.u8(1);
    plan.string('kept', 4);
    plan.string('dropped', 7);
    const refs = Reflect.get(plan, 'refs') as unknown[];
    expect(refs.slice(0, 3)).toEqual([undefined, 'kept', 'dropped']);
    plan.truncate(2, 7);
    expect(refs.slice(0, 3)).toEqual([undefined, 'kept', undefined]);
    expect([plan.count, plan.bytes]).toEqual([2, 7]);
    plan.clear();
    expect(refs.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    expect(plan.count).toBe(0);
  });
});
