/**
 * The encode-side checks of src/wire/writer.ts, through `encode`: every refusal of a value that
 * cannot be written (wrong type, out of range, too long, lone surrogate, U+0000) is an
 * MqttCodecError with its exact wording, key and rule, and the offending value is described
 * (strings quoted and cut at 40 characters, byte arrays and arrays by length, null, objects).
 */
import { describe, expect, it } from 'vitest';
import { encode, encodeUtf8String, MqttCodecError } from '../src/index.js';
import { writeBinary } from '../src/wire/writer.js';

/** The error encoding `packet` throws (the test fails when it encodes). */
function refusal(packet: unknown, protocolVersion = 4): MqttCodecError {
  try {
    encode(packet as Parameters<typeof encode>[0], { protocolVersion: protocolVersion as 4 });
  } catch (e) {
    expect(e).toBeInstanceOf(MqttCodecError);
    return e as MqttCodecError;
  }
  throw new Error('expected an MqttCodecError');
}

const connect = { type: 'connect', clientId: 'a', protocolVersion: 4, cleanStart: true, keepAlive: 0 };
const publish = { type: 'publish', topic: 'a', payload: '', qos: 0, retain: false, dup: false };

describe('UTF-8 strings (1.5.4)', () => {
  it('a non-string is refused (invalidValue)', () => {
    const e = refusal({ ...publish, topic: 5 });
    expect([e.message, e.key, e.reasonCode]).toEqual(['Malformed Packet: PUBLISH topic must be a string', 'invalidValue', 0x81]);
  });

  it('over 65,535 bytes is refused, with the default key invalidValue where the caller names none', () => {
    const e = refusal({ ...publish, properties: { contentType: 'a'.repeat(70000) } }, 5);
    expect([e.message, e.key]).toEqual(['Malformed Packet: Content Type is 70000 bytes; a UTF-8 string holds at most 65,535', 'invalidValue']);
  });

  it('encodeUtf8String refuses over 65,535 bytes as invalidValue (no topic rule)', () => {
    let e: unknown;
    try {
      encodeUtf8String('b'.repeat(65536));
    } catch (x) {
      e = x;
    }
    expect(e).toBeInstanceOf(MqttCodecError);
    expect([(e as MqttCodecError).message, (e as MqttCodecError).key]).toEqual(['Malformed Packet: string is 65536 bytes; a UTF-8 string holds at most 65,535', 'invalidValue']);
  });

  it('an unpaired surrogate breaks MQTT-1.5.3-1 (utf8WellFormed)', () => {
    const e = refusal({ ...connect, clientId: 'a\ud800' });
    expect([e.message, e.key]).toEqual(['Malformed Packet: CONNECT clientId has an unpaired surrogate [MQTT-1.5.3-1]', 'utf8WellFormed']);
  });

  it('U+0000 breaks MQTT-1.5.3-2 (utf8NoNull)', () => {
    const e = refusal({ ...connect, clientId: 'a\u0000' });
    expect([e.message, e.key]).toEqual(['Malformed Packet: CONNECT clientId contains U+0000 [MQTT-1.5.3-2]', 'utf8NoNull']);
  });
});

describe('Binary Data (1.5.6)', () => {
  it('anything but a Uint8Array is refused (invalidValue)', () => {
    const e = refusal({ ...connect, username: 'u', password: 'x' });
    expect([e.message, e.key]).toEqual(['Malformed Packet: CONNECT password must be a Uint8Array', 'invalidValue']);
  });

  it('over 65,535 bytes is refused (invalidValue)', () => {
    const e = refusal({ ...connect, username: 'u', password: new Uint8Array(70000) });
    expect([e.message, e.key]).toEqual(['Malformed Packet: CONNECT password is 70000 bytes; Binary Data holds at most 65,535', 'invalidValue']);
  });
});

describe('integers and booleans, and how the refused value is described', () => {
  const packetId = (value: unknown) => refusal({ type: 'puback', packetId: value });
  const cases: [string, unknown, string][] = [
    ['a short string, quoted', 'x', '"x"'],
    ['a string of over 40 characters, cut', 'y'.repeat(41), `"${'y'.repeat(40)}…"`],
    ['a string of 40 characters, whole', 'z'.repeat(40), `"${'z'.repeat(40)}"`],
    ['a Uint8Array, by length', new Uint8Array(3), 'Uint8Array(3)'],
    ['an array, by length', [1, 2], 'array(2)'],
    ['null', null, 'null'],
    ['an object', {}, 'object'],
    ['a non-integer', 1.5, '1.5'],
    ['an out-of-range integer', 65536, '65536'],
  ];
  for (const [name, value, shown] of cases) {
    it(`an integer field refuses ${name}, described as ${shown}`, () => {
      const e = packetId(value);
      expect([e.message, e.key]).toEqual([`Malformed Packet: PUBACK packetId must be an integer from 1 to 65535, not ${shown}`, 'invalidValue']);
    });
  }

  it('an integer field refuses undefined, described as undefined', () => {
    const e = refusal({ ...connect, keepAlive: undefined });
    expect(e.message).toBe('Malformed Packet: CONNECT keepAlive must be an integer from 0 to 65535, not undefined');
  });

  it('a boolean field refuses a non-boolean (invalidValue)', () => {
    const e = refusal({ ...publish, retain: 'no' });
    expect([e.message, e.key]).toEqual(['Malformed Packet: PUBLISH retain must be a boolean, not "no"', 'invalidValue']);
    expect(refusal({ ...publish, retain: 0 }).message).toBe('Malformed Packet: PUBLISH retain must be a boolean, not 0');
  });
});

describe('writeBinary (1.5.6)', () => {
  it('writes the Two Byte Integer length and the bytes, and returns the position after them', () => {
    const out = new Uint8Array(8).fill(0xee);
    expect(writeBinary(out, 1, Uint8Array.of(1, 2, 3))).toBe(6);
    expect([...out]).toEqual([0xee, 0x00, 0x03, 1, 2, 3, 0xee, 0xee]);
  });
});
