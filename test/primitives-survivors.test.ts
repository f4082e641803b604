/**
 * The standalone data-type functions (5.0 section 1.5) on invalid input: the exact
 * MqttCodecError (reason code, key, message, offset, path) for a non-Uint8Array, an offset outside
 * the bytes, a value out of range, a value of the wrong type and bytes that end too early — and
 * the UTF-16 walk of `discouragedCodePoints` over U+FFFF and surrogate pairs.
 */
import { describe, expect, it } from 'vitest';
import {
  decodeBinaryData,
  decodeFourByteInteger,
  decodeStringPair,
  decodeTwoByteInteger,
  decodeUtf8String,
  decodeVariableByteInteger,
  discouragedCodePoints,
  encodeBinaryData,
  encodeFourByteInteger,
  encodeStringPair,
  encodeTwoByteInteger,
  encodeVariableByteInteger,
  variableByteIntegerLength,
} from '../src/index.js';
import { codecErrorOf } from './helpers/errors.js';

const u8 = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);

/** The fields of an MqttCodecError a caller reads, absent ones as undefined. */
function errorOf(fn: () => unknown): { reasonCode: number; key: string; message: string; offset?: number; path?: string } {
  const e = codecErrorOf(fn);
  return { reasonCode: e.reasonCode, key: e.key, message: e.message, offset: e.offset, path: e.path };
}

/** Every decoder, called at `offset` of `bytes`. */
const DECODERS: [string, (bytes: Uint8Array, offset: number) => unknown][] = [
  ['decodeVariableByteInteger', decodeVariableByteInteger],
  ['decodeTwoByteInteger', decodeTwoByteInteger],
  ['decodeFourByteInteger', decodeFourByteInteger],
  ['decodeUtf8String', decodeUtf8String],
  ['decodeBinaryData', decodeBinaryData],
  ['decodeStringPair', decodeStringPair],
];

describe('decoders refuse what is not a Uint8Array', () => {
  const notBytes: [string, unknown][] = [
    ['an array of byte values', [0, 1, 0x61, 0, 1, 0x62]],
    ['a string', '\u0000\u0001a'],
    ['null', null],
    ['an ArrayBuffer', new ArrayBuffer(6)],
  ];
  for (const [name, decodeAt] of DECODERS) {
    it.each(notBytes)(`${name} of %s throws 0x81 "expected a Uint8Array"`, (_label, input) => {
      expect(errorOf(() => decodeAt(input as Uint8Array, 0))).toEqual({
        reasonCode: 0x81,
        key: 'invalid',
        message: 'Malformed Packet: expected a Uint8Array',
        offset: undefined,
        path: undefined,
      });
    });
  }
});

describe('decoders refuse an offset that is not an index from 0 to the length of the bytes', () => {
  const bytes = u8(0, 1, 0x61, 0, 1, 0x62);
  const outside: [string, number, string][] = [
    ['negative', -1, '-1'],
    ['fractional', 1.5, '1.5'],
    ['NaN', Number.NaN, 'NaN'],
    ['infinite', Number.POSITIVE_INFINITY, 'Infinity'],
    ['one past the end', 7, '7'],
    ['far past the end', 1000, '1000'],
  ];
  for (const [name, decodeAt] of DECODERS) {
    it.each(outside)(`${name} at a %s offset throws 0x81 naming the offset and the length`, (_label, offset, shown) => {
      expect(errorOf(() => decodeAt(bytes, offset))).toEqual({
        reasonCode: 0x81,
        key: 'invalid',
        message: `Malformed Packet: offset ${shown} is outside the 6 bytes given`,
        offset: undefined,
        path: undefined,
      });
    });
  }

  it('an offset equal to the length is inside: a Variable Byte Integer there needs more bytes', () => {
    expect(decodeVariableByteInteger(bytes, 6)).toBeUndefined();
  });

  it('an offset equal to the length is inside: the other decoders find their value cut short there', () => {
    expect(errorOf(() => decodeTwoByteInteger(bytes, 6))).toEqual({
      reasonCode: 0x81,
      key: 'truncated',
      message: 'Malformed Packet: Two Byte Integer runs past the end of the packet at offset 6',
      offset: 6,
      path: 'Two Byte Integer',
    });
  });

  it('the last valid offsets decode the value that starts there', () => {
    expect(decodeUtf8String(bytes, 3)).toEqual({ value: 'b', length: 3 });
    expect(decodeTwoByteInteger(bytes, 4)).toBe(0x0162);
    expect(decodeVariableByteInteger(bytes, 5)).toEqual({ value: 0x62, length: 1 });
  });
});

describe('integer encoders name the data type in their range error', () => {
  it('variableByteIntegerLength and encodeVariableByteInteger: 0 to 268435455', () => {
    const expected = {
      reasonCode: 0x81,
      key: 'invalidValue',
      message: 'Malformed Packet: Variable Byte Integer must be an integer from 0 to 268435455, not -1',
      offset: undefined,
      path: undefined,
    };
    expect(errorOf(() => variableByteIntegerLength(-1))).toEqual(expected);
    expect(errorOf(() => encodeVariableByteInteger(-1))).toEqual(expected);
    expect(errorOf(() => encodeVariableByteInteger(268435456)).message).toBe(
      'Malformed Packet: Variable Byte Integer must be an integer from 0 to 268435455, not 268435456',
    );
  });

  it('encodeTwoByteInteger: 0 to 65535', () => {
    expect(errorOf(() => encodeTwoByteInteger(65536))).toEqual({
      reasonCode: 0x81,
      key: 'invalidValue',
      message: 'Malformed Packet: Two Byte Integer must be an integer from 0 to 65535, not 65536',
      offset: undefined,
      path: undefined,
    });
    expect(errorOf(() => encodeTwoByteInteger('7' as unknown as number)).message).toBe(
      'Malformed Packet: Two Byte Integer must be an integer from 0 to 65535, not "7"',
    );
  });

  it('encodeFourByteInteger: 0 to 4294967295', () => {
    expect(errorOf(() => encodeFourByteInteger(4294967296))).toEqual({
      reasonCode: 0x81,
      key: 'invalidValue',
      message: 'Malformed Packet: Four Byte Integer must be an integer from 0 to 4294967295, not 4294967296',
      offset: undefined,
      path: undefined,
    });
    expect(errorOf(() => encodeFourByteInteger(0.5)).message).toBe(
      'Malformed Packet: Four Byte Integer must be an integer from 0 to 4294967295, not 0.5',
    );
  });
});

describe('decoders name the data type (as path and in the message) when the bytes end inside it', () => {
  const cases: [string, () => unknown, string, number][] = [
    ['decodeTwoByteInteger', () => decodeTwoByteInteger(u8(9, 0x01), 1), 'Two Byte Integer', 1],
    ['decodeFourByteInteger', () => decodeFourByteInteger(u8(0, 0, 0)), 'Four Byte Integer', 0],
    ['decodeUtf8String', () => decodeUtf8String(u8(0, 2, 0x61)), 'string', 0],
    ['decodeBinaryData', () => decodeBinaryData(u8(9, 0, 3, 1, 2), 1), 'Binary Data', 1],
    ['decodeStringPair (name cut short)', () => decodeStringPair(u8(0, 3, 0x61)), 'String Pair name', 0],
    ['decodeStringPair (value cut short)', () => decodeStringPair(u8(0, 1, 0x61, 0, 2, 0x62)), 'String Pair value', 3],
    ['decodeStringPair (no value)', () => decodeStringPair(u8(0, 1, 0x61)), 'String Pair value', 3],
  ];
  it.each(cases)('%s', (_label, fn, what, offset) => {
    expect(errorOf(fn)).toEqual({
      reasonCode: 0x81,
      key: 'truncated',
      message: `Malformed Packet: ${what} runs past the end of the packet at offset ${offset}`,
      offset,
      path: what,
    });
  });
});

describe('encodeBinaryData and encodeStringPair refuse values of the wrong type', () => {
  it('encodeBinaryData of a string: "Binary Data must be a Uint8Array"', () => {
    expect(errorOf(() => encodeBinaryData('ab' as unknown as Uint8Array))).toEqual({
      reasonCode: 0x81,
      key: 'invalidValue',
      message: 'Malformed Packet: Binary Data must be a Uint8Array',
      offset: undefined,
      path: undefined,
    });
  });

  it.each([
    ['one string', ['a']],
    ['three strings', ['a', 'b', 'c']],
    ['an object', { 0: 'a', 1: 'b', length: 2 }],
    ['a string', 'ab'],
  ])('encodeStringPair of %s: "a String Pair is [name, value]"', (_label, pair) => {
    expect(errorOf(() => encodeStringPair(pair as unknown as [string, string]))).toEqual({
      reasonCode: 0x81,
      key: 'invalid',
      message: 'Malformed Packet: a String Pair is [name, value]',
      offset: undefined,
      path: undefined,
    });
  });

  it('encodeStringPair names the member that is not a string', () => {
    const name = errorOf(() => encodeStringPair([1, 'b'] as unknown as [string, string]));
    expect(name).toEqual({
      reasonCode: 0x81,
      key: 'invalidValue',
      message: 'Malformed Packet: String Pair name must be a string',
      offset: undefined,
      path: undefined,
    });
    const value = errorOf(() => encodeStringPair(['a', null] as unknown as [string, string]));
    expect(value).toEqual({
      reasonCode: 0x81,
      key: 'invalidValue',
      message: 'Malformed Packet: String Pair value must be a string',
      offset: undefined,
      path: undefined,
    });
  });
});

describe('discouragedCodePoints walks UTF-16 code units, skipping only the low half of a pair', () => {
  it('U+FFFF is one code unit: the character after it is still examined', () => {
    expect(discouragedCodePoints('\uffff\u0001')).toEqual([
      { index: 0, codePoint: 0xffff },
      { index: 1, codePoint: 0x01 },
    ]);
  });

  it('a pair is two code units: indices after it count both', () => {
    expect(discouragedCodePoints('\u{1fffe}\u007f\u{10000}\u{10ffff}')).toEqual([
      { index: 0, codePoint: 0x1fffe },
      { index: 2, codePoint: 0x7f },
      { index: 5, codePoint: 0x10ffff },
    ]);
  });
});
