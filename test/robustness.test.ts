/**
 * Decode never throws anything but MqttCodecError, whatever the bytes: arbitrary bytes, every
 * truncation, and single-byte mutations of valid encodings, in every version. At least 20,000
 * cases run here; `npm run fuzz` runs a million and more.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decode, encode, MqttCodecError, type ProtocolVersion } from '../src/index.js';
import { anyPacket, VERSIONS } from './arbitraries.js';
import { minCount } from './helpers/runs.js';

let cases = 0;

/** Decodes and checks that the only possible failure is an MqttCodecError with sane fields. */
function decodeOrCodecError(bytes: Uint8Array, v: ProtocolVersion): void {
  cases++;
  try {
    decode(bytes, { protocolVersion: v });
  } catch (e) {
    if (!(e instanceof MqttCodecError)) throw e;
    expect(e.reasonCode).toBeGreaterThanOrEqual(0x80);
    if (e.offset !== undefined) {
      expect(e.offset).toBeGreaterThanOrEqual(0);
      expect(e.offset).toBeLessThanOrEqual(bytes.length);
    }
  }
}

describe.each(VERSIONS)('decode robustness, protocol version %i', (v) => {
  it('arbitrary bytes throw only MqttCodecError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => decodeOrCodecError(bytes, v)),
      { numRuns: 2000 },
    );
  });

  it('arbitrary bytes behind a plausible fixed header throw only MqttCodecError', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 60 }), (first, body) => {
        const bytes = new Uint8Array(2 + body.length);
        bytes[0] = first;
        bytes[1] = body.length;
        bytes.set(body, 2);
        decodeOrCodecError(bytes, v);
      }),
      { numRuns: 2000 },
    );
  });

  it('every truncation and single-byte mutations of valid encodings throw only MqttCodecError', () => {
    fc.assert(
      fc.property(anyPacket(v), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 8, maxLength: 8 }), (p, edits) => {
        const bytes = encode(p, { protocolVersion: v });
        for (let cut = 0; cut < bytes.length; cut++) decodeOrCodecError(bytes.subarray(0, cut), v);
        for (const [at, value] of edits) {
          const mutated = bytes.slice();
          mutated[at % mutated.length] = value;
          decodeOrCodecError(mutated, v);
        }
      }),
      { numRuns: 250 },
    );
  });
});

afterAll(() => {
  // The suite's promise: at least 20,000 hostile inputs per run.
  expect(cases).toBeGreaterThanOrEqual(minCount(20_000));
});
