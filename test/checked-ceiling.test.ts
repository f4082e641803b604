/**
 * The fleet benchmark's checked ceiling (bench/checked-ceiling.mjs) is only a fair measure if it
 * refuses what mqtt-codec refuses on the benchmark's packet types and returns what mqtt-codec
 * returns: both held here, so that it cannot drift into a faster decoder that checks less.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckedCeiling } from '../bench/checked-ceiling.mjs';
import { buildFleetStream } from '../bench/fleet-stream.mjs';
import { chunked } from '../bench/streams.mjs';
import { decode, Decoder, encode, type Packet, type ProtocolVersion } from '../src/index.js';
import { packetArbitraries } from './arbitraries.js';
import { fromHex, toHex } from './helpers/hex.js';

/**
 * Every packet of `chunks` through one decoder, as JSON with byte arrays as their kind and hex, and
 * each object's keys in their order (a deep equality of a megabyte of packets took minutes).
 */
function all(push: (c: Uint8Array) => readonly object[], chunks: Uint8Array[]): string[] {
  const out: string[] = [];
  // The holder's own value (a Buffer's toJSON has already turned `value` into an object), with its
  // kind: both return views of the kind of the chunks, as `subarray` would make them.
  const json = function (this: Record<string, unknown>, key: string, value: unknown) {
    const own = this[key];
    return own instanceof Uint8Array ? `${Object.getPrototypeOf(own).constructor.name} ${toHex(own)}` : value;
  };
  for (const c of chunks) for (const p of push(c)) out.push(JSON.stringify(p, json));
  return out;
}

describe('the checked ceiling returns what mqtt-codec returns', () => {
  for (const v of [4, 5] as const) {
    for (const size of [1460, 65536]) {
      it(`on a fleet stream (${v === 5 ? '5.0' : '3.1.1'}, 1,000 topics, every PUBLISH with properties in 5.0, ${size}-byte chunks)`, () => {
        const s = buildFleetStream(v, 1000, 1 << 20, 1);
        const chunks = chunked(s.bytes, size);
        const ceiling = new CheckedCeiling(v);
        const codec = new Decoder({ protocolVersion: v });
        const expected = all((c) => codec.push(c), chunks);
        expect(expected).toHaveLength(s.packets);
        expect(all((c) => ceiling.push(c), chunks)).toEqual(expected);
        expect(ceiling.rest).toBeNull();
      });
    }
  }

  for (const v of [4, 5] as ProtocolVersion[]) {
    const arbs = packetArbitraries(v);
    const kinds = fc.oneof(arbs.publish, arbs.puback, arbs.pubrec, arbs.pubrel, arbs.pubcomp, arbs.pingreq, arbs.pingresp);
    it(`on any PUBLISH, acknowledgement and ping mqtt-codec encodes (${v === 5 ? '5.0' : '3.1.1'}; all properties, reason codes, empty Topic Names with an alias)`, () => {
      fc.assert(
        fc.property(kinds, (p: Packet) => {
          const bytes = encode(p, { protocolVersion: v });
          expect(new CheckedCeiling(v).push(bytes)).toEqual([decode(bytes, { protocolVersion: v })]);
        }),
        { numRuns: 500 },
      );
    });
  }
});

/**
 * Faults in the benchmark's packet types, as whole packets: mqtt-codec must refuse each (else
 * the row is wrong), and so must the checked ceiling. 5.0 unless the row says 3.1.1.
 */
const FAULTS: [string, string, ProtocolVersion?][] = [
  ['PUBLISH with QoS 3 (MQTT-3.3.1-4)', '36 08 0003 612f62 0001 00'],
  ['PUBLISH with DUP and QoS 0 (MQTT-3.3.1-2)', '38 06 0003 612f62 00'],
  ['Topic Name with + (MQTT-3.3.2-2)', '30 06 0003 612f2b 00'],
  ['Topic Name with # (MQTT-3.3.2-2)', '30 06 0003 612f23 00'],
  ['short Topic Name with U+0000 (MQTT-1.5.4-2)', '30 06 0003 610062 00'],
  ['long Topic Name with U+0000 (MQTT-1.5.4-2)', '30 11 000e 6162636465006768696a6b6c6d6e 00'],
  ['short Topic Name not UTF-8 (MQTT-1.5.4-1)', '30 06 0003 61ff62 00'],
  ['long Topic Name not UTF-8 (MQTT-1.5.4-1)', '30 11 000e 6162636465ff6768696a6b6c6d6e 00'],
  ['Topic Name with an encoded surrogate (MQTT-1.5.4-1)', '30 06 0003 eda080 00'],
  ['empty Topic Name without a Topic Alias (MQTT-3.3.2-1)', '30 03 0000 00'],
  ['empty Topic Name (3.1.1, MQTT-4.7.3-1)', '30 02 0000', 4],
  ['Topic Name past the packet', '30 04 0005 612f'],
  ['PUBLISH Packet Identifier 0 (MQTT-2.2.1-3)', '32 08 0003 612f62 0000 00'],
  ['PUBACK Packet Identifier 0 (MQTT-2.2.1-3)', '40 02 0000'],
  ['PUBACK with reserved flags (MQTT-2.1.3-1)', '41 02 0001'],
  ['PUBREL without its flag bit (MQTT-2.1.3-1)', '60 02 0001'],
  ['PINGREQ with reserved flags (MQTT-2.1.3-1)', 'c1 00'],
  ['PINGREQ with a byte of body', 'c0 01 00'],
  ['Remaining Length not in its shortest form (MQTT-1.5.5-1)', 'c0 80 00'],
  ['Remaining Length of 5 bytes', '30 ff ff ff ff 01'],
  ['PUBACK of 3 bytes (3.1.1)', '40 03 0001 00', 4],
  ['PUBACK Reason Code not allowed (MQTT-3.4.2-1)', '40 03 0001 01'],
  ['PUBACK with a Content Type', '40 07 0001 00 03 030000'],
  ['PUBLISH with Session Expiry Interval', '30 0b 0003 612f62 05 1100000001'],
  ['PUBLISH with an unknown property', '30 08 0003 612f62 02 7f00'],
  ['Content Type twice', '30 0e 0003 612f62 08 03000161 03000161'],
  ['Topic Alias 0 (MQTT-3.3.2-8)', '30 09 0003 612f62 03 230000'],
  ['Payload Format Indicator 2', '30 08 0003 612f62 02 0102'],
  ['Response Topic with a wildcard (MQTT-3.3.2-14)', '30 0a 0003 612f62 04 08000123'],
  ['empty Response Topic', '30 09 0003 612f62 03 080000'],
  ['Subscription Identifier 0', '30 08 0003 612f62 02 0b00'],
  ['Property Length past the packet', '30 07 0003 612f62 05 01'],
  ['Property Length not in its shortest form', '30 07 0003 612f62 8000'],
  ['User Property value with U+0000 (MQTT-1.5.4-2)', '30 0d 0003 612f62 07 2600016b000100'],
];

describe('the checked ceiling refuses what mqtt-codec refuses', () => {
  for (const [name, hex, v = 5] of FAULTS) {
    it(name, () => {
      const bytes = fromHex(hex.replace(/ /g, ''));
      expect(() => decode(bytes, { protocolVersion: v })).toThrow();
      expect(() => new CheckedCeiling(v).push(bytes)).toThrow(/checked ceiling/);
    });
  }
});
