/**
 * The encoder never emits what the decoder rejects: for arbitrary packet objects, valid or not,
 * either encode throws MqttCodecError or decode accepts its output (and gives back the packet).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, MqttCodecError, type Packet } from '../src/index.js';
import { anyPacket, VERSIONS } from './arbitraries.js';
import { minCount } from './helpers/runs.js';

/** Values that break one rule or another when put in a field. */
const hostile = fc.oneof(
  fc.anything(),
  fc.constantFrom(
    -1, 0, 3, 256, 65535, 65536, 0xffffffff, 2 ** 32, 268435456, 1.5, NaN, Infinity,
    '', '+', '#', 'a/#/b', 'a+', '$share//x', '$share/g', '\u0000', 'a\uD800', 'x'.repeat(70000),
    true, false, null, [], {}, new Uint8Array(70000), new Uint8Array(2),
  ),
);

/** Sets `value` at a random path inside `obj` (one level or two deep), on a copy. */
function corrupt(p: Packet, pick: number, pick2: number, value: unknown): unknown {
  const copy: Record<string, unknown> = structuredClone(p) as unknown as Record<string, unknown>;
  const keys = [...Object.keys(copy), 'properties', 'will', 'packetId', 'reasonCode', 'extra'];
  const key = keys[pick % keys.length];
  const inner = copy[key];
  if (inner !== null && typeof inner === 'object' && pick2 % 2 === 0) {
    const innerKeys = [...Object.keys(inner as object), 'topicAlias', 'subscriptionIdentifier', 'userProperties', 'qos', '0'];
    (inner as Record<string, unknown>)[innerKeys[pick2 % innerKeys.length]] = value;
  } else {
    copy[key] = value;
  }
  return copy;
}

describe.each(VERSIONS)('encode is strict, protocol version %i', (v) => {
  const opts = { protocolVersion: v };
  it('a corrupted packet either throws MqttCodecError or encodes to bytes decode accepts', () => {
    let refused = 0;
    let accepted = 0;
    fc.assert(
      fc.property(anyPacket(v), fc.nat(), fc.nat(), hostile, (p, a, b, value) => {
        const candidate = corrupt(p, a, b, value) as Packet;
        let bytes: Uint8Array;
        try {
          bytes = encode(candidate, opts);
        } catch (e) {
          if (!(e instanceof MqttCodecError)) throw e;
          refused++;
          return;
        }
        accepted++;
        decode(bytes, opts); // must not throw
      }),
      { numRuns: 3000 },
    );
    // Both outcomes happen, or the test proves nothing.
    expect(refused).toBeGreaterThan(minCount(100));
    expect(accepted).toBeGreaterThan(minCount(100));
  });

  it('arbitrary values as packets throw only MqttCodecError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ type: fc.constantFrom('publish', 'connect', 'subscribe', 'auth', 'x') }, { requiredKeys: [] })), (value) => {
        try {
          const bytes = encode(value as Packet, opts);
          decode(bytes, opts);
        } catch (e) {
          if (!(e instanceof MqttCodecError)) throw e;
        }
      }),
      { numRuns: 1000 },
    );
  });
});
