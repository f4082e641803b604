/**
 * inspect(): the exact diagnostics for input that is not bytes, a fixed header cut short, a packet
 * cut short, bytes after the packet and a packet over maxPacketSize; rejectDiscouragedCodePoints;
 * an options getter that throws, or that calls inspect itself (never thrown out of inspect); and
 * the keys of toJSON with and without a packet.
 */
import { describe, expect, it } from 'vitest';
import { encode, inspect, type InspectResult, type MqttCodecError } from '../src/index.js';

const u8 = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);

/** The fields of a diagnostic a caller reads, absent ones as undefined. */
function summary(e: MqttCodecError): { reasonCode: number; key: string; message: string; offset?: number } {
  return { reasonCode: e.reasonCode, key: e.key, message: e.message, offset: e.offset };
}

/** The parts of an inspection compared by these tests. */
function outline(r: InspectResult): { packet: unknown; length: number; diagnostics: ReturnType<typeof summary>[] } {
  return { packet: r.packet, length: r.length, diagnostics: r.diagnostics.map(summary) };
}

/** UNSUBACK, packet identifier 7: 4 bytes. */
const UNSUBACK = u8(0xb0, 0x02, 0x00, 0x07);

describe('inspect reports framing faults with their key, message and offset', () => {
  it.each([
    ['a string', 'abcd'],
    ['an array of byte values', [0xb0, 0x02, 0x00, 0x07]],
    ['null', null],
  ])('input that is not a Uint8Array (%s): one diagnostic "inspect needs a Uint8Array"', (_label, input) => {
    expect(outline(inspect(input as unknown as Uint8Array))).toEqual({
      packet: undefined,
      length: 0,
      diagnostics: [{ reasonCode: 0x81, key: 'invalid', message: 'Malformed Packet: inspect needs a Uint8Array', offset: undefined }],
    });
  });

  it('no bytes: packetCutShort, "no bytes to decode"', () => {
    expect(outline(inspect(u8()))).toEqual({
      packet: undefined,
      length: 0,
      diagnostics: [{ reasonCode: 0x81, key: 'packetCutShort', message: 'Malformed Packet: no bytes to decode at offset 0', offset: 0 }],
    });
  });

  it('a Remaining Length not yet complete: packetCutShort, "the fixed header is cut short"', () => {
    expect(outline(inspect(u8(0x30, 0x80)))).toEqual({
      packet: undefined,
      length: 2,
      diagnostics: [
        { reasonCode: 0x81, key: 'packetCutShort', message: 'Malformed Packet: the fixed header is cut short at offset 2', offset: 2 },
      ],
    });
  });

  it('fewer bytes than announced: packetCutShort first, then what the cut leaves unreadable', () => {
    expect(outline(inspect(UNSUBACK.subarray(0, 3)))).toEqual({
      packet: undefined,
      length: 4,
      diagnostics: [
        {
          reasonCode: 0x81,
          key: 'packetCutShort',
          message: 'Malformed Packet: packet is cut short: 4 bytes announced, 3 given at offset 3',
          offset: 3,
        },
        {
          reasonCode: 0x81,
          key: 'truncated',
          message: 'Malformed Packet: variableHeader.packetId runs past the end of the packet at offset 2',
          offset: 2,
        },
      ],
    });
  });

  it.each([
    [1, u8(0xff)],
    [2, u8(0xc0, 0x00)],
    [5, u8(1, 2, 3, 4, 5)],
  ])('%i byte(s) after the packet: bytesAfterPacket at the end of the packet, no packet', (extra, tail) => {
    const bytes = new Uint8Array([...UNSUBACK, ...tail]);
    expect(outline(inspect(bytes))).toEqual({
      packet: undefined,
      length: 4,
      diagnostics: [
        {
          reasonCode: 0x81,
          key: 'bytesAfterPacket',
          message: `Malformed Packet: ${extra} byte(s) after the end of the packet at offset 4`,
          offset: 4,
        },
      ],
    });
  });

  it('exactly the packet: the packet and no diagnostics', () => {
    expect(outline(inspect(UNSUBACK))).toEqual({ packet: { type: 'unsuback', packetId: 7 }, length: 4, diagnostics: [] });
  });

  it('a packet over maxPacketSize: packetTooLarge (0x95) at offset 0, no packet; one at the limit passes', () => {
    expect(outline(inspect(UNSUBACK, { maxPacketSize: 3 }))).toEqual({
      packet: undefined,
      length: 4,
      diagnostics: [
        {
          reasonCode: 0x95,
          key: 'packetTooLarge',
          message: 'Packet too large: packet is 4 bytes; the maximum packet size is 3 at offset 0',
          offset: 0,
        },
      ],
    });
    expect(outline(inspect(UNSUBACK, { maxPacketSize: 4 }))).toEqual({ packet: { type: 'unsuback', packetId: 7 }, length: 4, diagnostics: [] });
  });
});

describe('inspect with rejectDiscouragedCodePoints', () => {
  // PUBLISH to "a\u0001b": U+0001 is a control character, which a string SHOULD NOT contain.
  const publish = encode({ type: 'publish', topic: 'a\u0001b', payload: new Uint8Array(0), qos: 0, retain: false, dup: false });
  const decoded = { type: 'publish', topic: 'a\u0001b', payload: new Uint8Array(0), qos: 0, retain: false, dup: false };

  it('true: the code point is a diagnostic (discouragedCodePoint, at its byte) and there is no packet', () => {
    expect(outline(inspect(publish, { rejectDiscouragedCodePoints: true }))).toEqual({
      packet: undefined,
      length: 7,
      diagnostics: [
        {
          reasonCode: 0x81,
          key: 'discouragedCodePoint',
          message: 'Malformed Packet: variableHeader.topicName contains a code point that SHOULD NOT be used at offset 5',
          offset: 5,
        },
      ],
    });
  });

  it.each([
    ['false', { rejectDiscouragedCodePoints: false }],
    ['absent', {}],
    ['not a boolean (1)', { rejectDiscouragedCodePoints: 1 as unknown as boolean }],
  ])('%s: the string is accepted', (_label, options) => {
    expect(outline(inspect(publish, options))).toEqual({ packet: decoded, length: 7, diagnostics: [] });
  });

  it('the option does not outlive its call: the next call without it accepts the string', () => {
    inspect(publish, { rejectDiscouragedCodePoints: true });
    expect(inspect(publish).packet).toEqual(decoded);
  });
});

describe('inspect never throws out of an options getter', () => {
  it('a getter that throws an Error: one 0x83 diagnostic "internal error: Error: …"', () => {
    const options = {
      get protocolVersion(): 4 {
        throw new Error('boom');
      },
    };
    expect(outline(inspect(UNSUBACK, options))).toEqual({
      packet: undefined,
      length: 0,
      diagnostics: [
        { reasonCode: 0x83, key: 'invalid', message: 'Implementation specific error: internal error: Error: boom', offset: undefined },
      ],
    });
  });

  it('a getter that throws a string: the string is in the message', () => {
    const options = {
      get maxPacketSize(): number {
        throw 'no size';
      },
    };
    expect(inspect(UNSUBACK, options).diagnostics.map(summary)).toEqual([
      { reasonCode: 0x83, key: 'invalid', message: 'Implementation specific error: internal error: no size', offset: undefined },
    ]);
  });

  it('a getter that calls inspect: both calls succeed, each with its own packet and fields', () => {
    let inner: InspectResult | undefined;
    const options = {
      get protocolVersion(): 4 {
        inner = inspect(u8(0xc0, 0x00));
        return 4;
      },
    };
    const outer = inspect(UNSUBACK, options);
    expect(outline(outer)).toEqual({ packet: { type: 'unsuback', packetId: 7 }, length: 4, diagnostics: [] });
    expect(inner === undefined ? undefined : outline(inner)).toEqual({ packet: { type: 'pingreq' }, length: 2, diagnostics: [] });
    expect(inner!.fields.map((f) => f.path)).toEqual(['header.type', 'header.flags', 'header.remainingLength']);
    expect(outer.fields.map((f) => f.path)).toEqual(['header.type', 'header.flags', 'header.remainingLength', 'variableHeader.packetId']);
    // And the reader is handed back: a later call works as before.
    expect(inspect(UNSUBACK).packet).toEqual({ type: 'unsuback', packetId: 7 });
  });
});

describe('toJSON of an inspection', () => {
  const toJSON = (r: InspectResult): Record<string, unknown> => (r as unknown as { toJSON(): Record<string, unknown> }).toJSON();

  it('with a packet: packet, length, fields, diagnostics, warnings', () => {
    const json = toJSON(inspect(u8(0xc0, 0x00)));
    expect(Object.keys(json)).toEqual(['packet', 'length', 'fields', 'diagnostics', 'warnings']);
    expect(json.packet).toEqual({ type: 'pingreq' });
  });

  it('without a packet: no packet key at all (not one holding undefined)', () => {
    const json = toJSON(inspect(UNSUBACK.subarray(0, 3)));
    expect(Object.keys(json)).toEqual(['length', 'fields', 'diagnostics', 'warnings']);
    expect('packet' in json).toBe(false);
  });
});
