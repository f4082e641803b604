/**
 * MQTT data types (5.0 section 1.5; 3.1.1 section 1.5): Variable Byte Integers, Two and Four
 * Byte Integers, UTF-8 Encoded Strings, Binary Data and UTF-8 String Pairs, through the
 * standalone primitive functions of the public API.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  MqttCodecError,
  VARIABLE_BYTE_INTEGER_MAX,
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
  encodeUtf8String,
  encodeVariableByteInteger,
  variableByteIntegerLength,
} from '../src/index.js';
import { codecErrorOf, expectCodecError } from './helpers/errors.js';

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------


const u8 = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);

/** A UTF-8 Encoded String on the wire: Two Byte Integer length, then the bytes given. */
function str(...bytes: number[]): Uint8Array {
  return u8(bytes.length >> 8, bytes.length & 0xff, ...bytes);
}

/** Node's UTF-8 encoder, as an independent reference. */
function utf8(s: string): number[] {
  return Array.from(Buffer.from(s, 'utf8'));
}

/** Reference Variable Byte Integer encoder: the algorithm of 5.0 section 1.5.5, verbatim. */
function refVbi(x: number): number[] {
  const out: number[] = [];
  do {
    let encodedByte = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) encodedByte = encodedByte | 128;
    out.push(encodedByte);
  } while (x > 0);
  return out;
}

/** Strings of any Unicode scalar values except U+0000 (no lone surrogates: 'binary' excludes them). */
const mqttString = fc.string({ unit: 'binary', maxLength: 64 }).filter((s) => !s.includes('\u0000'));

// ---------------------------------------------------------------------------------------------
// Variable Byte Integer (1.5.5)
// ---------------------------------------------------------------------------------------------

describe('Variable Byte Integer', () => {
  // The table of 5.0 section 1.5.5 (Table 1-1 Size of Variable Byte Integer).
  const boundaries: [number, number[]][] = [
    [0, [0x00]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [16383, [0xff, 0x7f]],
    [16384, [0x80, 0x80, 0x01]],
    [2097151, [0xff, 0xff, 0x7f]],
    [2097152, [0x80, 0x80, 0x80, 0x01]],
    [268435455, [0xff, 0xff, 0xff, 0x7f]],
  ];

  for (const [value, bytes] of boundaries) {
    it(`encodes ${value} as ${bytes.length} byte(s) ${bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')} and decodes it back`, () => {
      expect(Array.from(encodeVariableByteInteger(value))).toEqual(bytes);
      expect(variableByteIntegerLength(value)).toBe(bytes.length);
      expect(decodeVariableByteInteger(u8(...bytes))).toEqual({ value, length: bytes.length });
    });
  }

  it('VARIABLE_BYTE_INTEGER_MAX is 268,435,455', () => {
    expect(VARIABLE_BYTE_INTEGER_MAX).toBe(268435455);
  });

  for (const bad of [268435456, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32]) {
    it(`refuses to encode ${String(bad)}`, () => {
      expectCodecError(() => encodeVariableByteInteger(bad), { reasonCode: 0x81 });
      expectCodecError(() => variableByteIntegerLength(bad), { reasonCode: 0x81 });
    });
  }

  it('refuses to encode a non-number', () => {
    expectCodecError(() => encodeVariableByteInteger('5' as unknown as number), { reasonCode: 0x81 });
  });

  const nonMinimal: number[][] = [
    [0x80, 0x00], // 0 in 2 bytes
    [0xff, 0x00], // 127 in 2 bytes
    [0x81, 0x80, 0x00], // 1 in 3 bytes
    [0xff, 0x80, 0x00], // 127 in 3 bytes
    [0x80, 0x80, 0x00], // 0 in 3 bytes
    [0xff, 0xff, 0x00], // 16383 in 3 bytes
    [0x80, 0x80, 0x80, 0x00], // 0 in 4 bytes
    [0xff, 0xff, 0xff, 0x00], // 2097151 in 4 bytes
    [0x80, 0x81, 0x80, 0x00], // 128 in 4 bytes
  ];
  for (const bytes of nonMinimal) {
    const hex = bytes.map((b) => `0x${b.toString(16).padStart(2, '0')}`).join(' ');
    it(`MQTT-1.5.5-1 rejects non-minimal ${hex} with 0x81`, () => {
      expectCodecError(() => decodeVariableByteInteger(u8(...bytes)), { reasonCode: 0x81, rule: 'MQTT-1.5.5-1', offset: 0 });
    });
  }

  it('MQTT-1.5.5-1 reports the offset of a non-minimal integer read at an offset', () => {
    expectCodecError(() => decodeVariableByteInteger(u8(0x7f, 0x7f, 0x80, 0x00, 0x01), 2), {
      reasonCode: 0x81,
      rule: 'MQTT-1.5.5-1',
      offset: 2,
    });
  });

  it('MQTT-1.5.5-1 rejects every non-shortest 2..4 byte encoding of every value (property)', () => {
    // A non-shortest encoding is a minimal one with zero-valued continuation groups appended:
    // the last byte is then 0x00 after at least one continuation byte.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2097151 }), fc.integer({ min: 1, max: 3 }), (value, extra) => {
        const minimal = refVbi(value);
        if (minimal.length + extra > 4) return;
        const padded = minimal.slice();
        padded[padded.length - 1] |= 0x80;
        for (let i = 1; i < extra; i++) padded.push(0x80);
        padded.push(0x00);
        expectCodecError(() => decodeVariableByteInteger(u8(...padded)), { reasonCode: 0x81, rule: 'MQTT-1.5.5-1', offset: 0 });
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects encodings longer than 4 bytes with 0x81', () => {
    expectCodecError(() => decodeVariableByteInteger(u8(0x80, 0x80, 0x80, 0x80, 0x01)), { reasonCode: 0x81, offset: 0 });
    expectCodecError(() => decodeVariableByteInteger(u8(0xff, 0xff, 0xff, 0xff, 0x7f)), { reasonCode: 0x81, offset: 0 });
    // Four continuation bytes already prove it is too long: no fifth byte is needed to know.
    expectCodecError(() => decodeVariableByteInteger(u8(0xff, 0xff, 0xff, 0xff)), { reasonCode: 0x81, offset: 0 });
    expectCodecError(() => decodeVariableByteInteger(u8(0x00, 0x80, 0x80, 0x80, 0x80, 0x01), 1), { reasonCode: 0x81, offset: 1 });
  });

  it('returns undefined when the bytes end before the integer does', () => {
    expect(decodeVariableByteInteger(u8())).toBeUndefined();
    expect(decodeVariableByteInteger(u8(0x80))).toBeUndefined();
    expect(decodeVariableByteInteger(u8(0xff, 0xff))).toBeUndefined();
    expect(decodeVariableByteInteger(u8(0xff, 0xff, 0xff))).toBeUndefined();
    expect(decodeVariableByteInteger(u8(0x05, 0x80), 1)).toBeUndefined();
    expect(decodeVariableByteInteger(u8(0x05), 1)).toBeUndefined();
  });

  it('decodes at an offset and reports the bytes consumed, ignoring what follows', () => {
    expect(decodeVariableByteInteger(u8(0xaa, 0x80, 0x01, 0xff, 0xff), 1)).toEqual({ value: 128, length: 2 });
  });

  it('round-trips every value 0..268,435,455 in its shortest form (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 268435455 }), (value) => {
        const bytes = encodeVariableByteInteger(value);
        expect(Array.from(bytes)).toEqual(refVbi(value));
        expect(variableByteIntegerLength(value)).toBe(bytes.length);
        expect(decodeVariableByteInteger(bytes)).toEqual({ value, length: bytes.length });
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts exactly the canonical encodings among arbitrary byte strings (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 6 }), (bytes) => {
        let result: ReturnType<typeof decodeVariableByteInteger>;
        try {
          result = decodeVariableByteInteger(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(MqttCodecError);
          expect((e as MqttCodecError).reasonCode).toBe(0x81);
          return;
        }
        if (result === undefined) {
          // Every byte present is a continuation byte and there are fewer than 4 of them.
          expect(bytes.length).toBeLessThan(4);
          expect(Array.from(bytes).every((b) => b >= 0x80)).toBe(true);
          return;
        }
        expect(Array.from(bytes.subarray(0, result.length))).toEqual(refVbi(result.value));
      }),
      { numRuns: 5000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Two Byte Integer and Four Byte Integer (1.5.2, 1.5.3)
// ---------------------------------------------------------------------------------------------

describe('Two Byte Integer', () => {
  it('is big-endian', () => {
    expect(Array.from(encodeTwoByteInteger(0x1234))).toEqual([0x12, 0x34]);
    expect(Array.from(encodeTwoByteInteger(0))).toEqual([0x00, 0x00]);
    expect(Array.from(encodeTwoByteInteger(65535))).toEqual([0xff, 0xff]);
    expect(decodeTwoByteInteger(u8(0x12, 0x34))).toBe(0x1234);
    expect(decodeTwoByteInteger(u8(0xff, 0xff))).toBe(65535);
    expect(decodeTwoByteInteger(u8(0x00, 0x01, 0x02), 1)).toBe(0x0102);
  });

  for (const bad of [65536, -1, 1.5, Number.NaN]) {
    it(`refuses to encode ${String(bad)}`, () => {
      expectCodecError(() => encodeTwoByteInteger(bad), { reasonCode: 0x81 });
    });
  }

  it('throws 0x81 when fewer than 2 bytes remain', () => {
    expectCodecError(() => decodeTwoByteInteger(u8(0x12)), { reasonCode: 0x81, offset: 0 });
    expectCodecError(() => decodeTwoByteInteger(u8(0x12, 0x34), 1), { reasonCode: 0x81, offset: 1 });
  });

  it('round-trips 0..65535 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff }), (v) => {
        const bytes = encodeTwoByteInteger(v);
        expect(Array.from(bytes)).toEqual([v >> 8, v & 0xff]);
        expect(decodeTwoByteInteger(bytes)).toBe(v);
      }),
    );
  });
});

describe('Four Byte Integer', () => {
  it('is big-endian and unsigned', () => {
    expect(Array.from(encodeFourByteInteger(0x12345678))).toEqual([0x12, 0x34, 0x56, 0x78]);
    expect(Array.from(encodeFourByteInteger(0xffffffff))).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(decodeFourByteInteger(u8(0x12, 0x34, 0x56, 0x78))).toBe(0x12345678);
    expect(decodeFourByteInteger(u8(0xff, 0xff, 0xff, 0xff))).toBe(4294967295);
    expect(decodeFourByteInteger(u8(0x80, 0x00, 0x00, 0x00))).toBe(2147483648);
    expect(decodeFourByteInteger(u8(0x00, 0x80, 0x00, 0x00, 0x01), 1)).toBe(0x80000001);
  });

  for (const bad of [2 ** 32, -1, 0.5, Number.NaN]) {
    it(`refuses to encode ${String(bad)}`, () => {
      expectCodecError(() => encodeFourByteInteger(bad), { reasonCode: 0x81 });
    });
  }

  it('throws 0x81 when fewer than 4 bytes remain', () => {
    expectCodecError(() => decodeFourByteInteger(u8(0xff, 0xff, 0xff)), { reasonCode: 0x81, offset: 0 });
  });

  it('round-trips 0..4294967295 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (v) => {
        const bytes = encodeFourByteInteger(v);
        expect(Buffer.from(bytes).readUInt32BE(0)).toBe(v);
        expect(decodeFourByteInteger(bytes)).toBe(v);
      }),
    );
  });
});

// ---------------------------------------------------------------------------------------------
// UTF-8 Encoded String (1.5.4)
// ---------------------------------------------------------------------------------------------

describe('UTF-8 Encoded String: encoding and round trip', () => {
  it("encodes 'A𪛔' as 00 05 41 F0 AA 9B 94 (the example of 5.0 section 1.5.4)", () => {
    const bytes = encodeUtf8String('A\u{2A6D4}');
    expect(Array.from(bytes)).toEqual([0x00, 0x05, 0x41, 0xf0, 0xaa, 0x9b, 0x94]);
    expect(decodeUtf8String(bytes)).toEqual({ value: 'A\u{2A6D4}', length: 7 });
  });

  const examples: [string, number[]][] = [
    ['', []],
    ['MQTT', [0x4d, 0x51, 0x54, 0x54]],
    ['é', [0xc3, 0xa9]],
    ['€', [0xe2, 0x82, 0xac]],
    ['\u0080', [0xc2, 0x80]],
    ['\u07ff', [0xdf, 0xbf]],
    ['\u0800', [0xe0, 0xa0, 0x80]],
    ['\ud7ff', [0xed, 0x9f, 0xbf]],
    ['\ue000', [0xee, 0x80, 0x80]],
    ['\uffff', [0xef, 0xbf, 0xbf]],
    ['\u{10000}', [0xf0, 0x90, 0x80, 0x80]],
    ['😀', [0xf0, 0x9f, 0x98, 0x80]],
    ['\u{10FFFF}', [0xf4, 0x8f, 0xbf, 0xbf]],
    ['a€😀', [0x61, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]],
  ];
  for (const [s, bytes] of examples) {
    it(`encodes ${JSON.stringify(s)} to its exact UTF-8 bytes and back`, () => {
      const encoded = encodeUtf8String(s);
      expect(Array.from(encoded)).toEqual([bytes.length >> 8, bytes.length & 0xff, ...bytes]);
      expect(decodeUtf8String(encoded)).toEqual({ value: s, length: 2 + bytes.length });
    });
  }

  it('round-trips strings of any Unicode scalar values except U+0000 (property)', () => {
    fc.assert(
      fc.property(mqttString, (s) => {
        const encoded = encodeUtf8String(s);
        const expected = utf8(s);
        expect(Array.from(encoded)).toEqual([expected.length >> 8, expected.length & 0xff, ...expected]);
        expect(decodeUtf8String(encoded)).toEqual({ value: s, length: encoded.length });
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips printable grapheme strings, long ones through the non-ASCII slow path (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => {
        const encoded = encodeUtf8String(s);
        expect(decodeUtf8String(encoded).value).toBe(s);
      }),
      { numRuns: 500 },
    );
  });

  it('decodes at an offset and reports the bytes consumed', () => {
    const bytes = u8(0xff, 0xff, 0x00, 0x02, 0xc3, 0xa9, 0xff);
    expect(decodeUtf8String(bytes, 2)).toEqual({ value: 'é', length: 4 });
  });

  it('accepts exactly 65,535 bytes', () => {
    const s = 'a'.repeat(65535);
    const bytes = encodeUtf8String(s);
    expect(bytes.length).toBe(65537);
    expect(bytes[0]).toBe(0xff);
    expect(bytes[1]).toBe(0xff);
    expect(decodeUtf8String(bytes).value).toBe(s);
    const euros = '€'.repeat(21845); // 65,535 bytes
    expect(encodeUtf8String(euros).length).toBe(65537);
  });

  it('refuses strings over 65,535 bytes instead of truncating them', () => {
    expectCodecError(() => encodeUtf8String('a'.repeat(65536)), { reasonCode: 0x81 });
    // 21,846 × '€' is 21,846 UTF-16 units but 65,538 bytes.
    expectCodecError(() => encodeUtf8String('€'.repeat(21846)), { reasonCode: 0x81 });
    expectCodecError(() => encodeUtf8String('😀'.repeat(16384)), { reasonCode: 0x81 }); // 65,536 bytes
  });

  it('MQTT-1.5.4-1 refuses to encode lone surrogates', () => {
    for (const s of ['\ud800', '\udfff', 'a\ud800b', '\udc00\ud800', 'x\ud83d']) {
      expectCodecError(() => encodeUtf8String(s), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1' });
    }
  });

  it('MQTT-1.5.4-2 refuses to encode U+0000', () => {
    for (const s of ['\u0000', 'a\u0000', '\u0000b', '€\u0000']) {
      expectCodecError(() => encodeUtf8String(s), { reasonCode: 0x81, rule: 'MQTT-1.5.4-2' });
    }
  });

  it('refuses a non-string', () => {
    expectCodecError(() => encodeUtf8String(42 as unknown as string), { reasonCode: 0x81 });
  });
});

describe('UTF-8 Encoded String: decoding ill-formed data', () => {
  // Each case: the string's bytes (after the 2-byte length) and the index, among them, of the
  // first byte of the offending sequence. Offsets reported include the 2-byte length prefix.
  const illFormed: [string, number[], number][] = [
    ['a lone continuation byte', [0x80], 0],
    ['a lone continuation byte after ASCII', [0x41, 0xbf], 1],
    ['a continuation byte after a complete sequence', [0xc3, 0xa9, 0xa9], 2],
    ['a 2-byte sequence cut short by the string end', [0x41, 0xc3], 1],
    ['a 3-byte sequence cut short by the string end', [0xe2, 0x82], 0],
    ['a 4-byte sequence cut short by the string end', [0xf0, 0x9f, 0x98], 0],
    ['a 3-byte sequence interrupted by ASCII', [0xe2, 0x41, 0xac], 0],
    ['a 4-byte sequence interrupted by a lead byte', [0xf0, 0x9f, 0xc3, 0xa9], 0],
    ['overlong C0 80 (U+0000)', [0xc0, 0x80], 0],
    ['overlong C1 BF', [0xc1, 0xbf], 0],
    ['overlong E0 80 80', [0xe0, 0x80, 0x80], 0],
    ['overlong E0 9F BF (U+07FF in 3 bytes)', [0xe0, 0x9f, 0xbf], 0],
    ['overlong F0 80 80 80', [0xf0, 0x80, 0x80, 0x80], 0],
    ['overlong F0 8F BF BF (U+FFFF in 4 bytes)', [0xf0, 0x8f, 0xbf, 0xbf], 0],
    ['encoded surrogate ED A0 80 (U+D800)', [0xed, 0xa0, 0x80], 0],
    ['encoded surrogate ED BF BF (U+DFFF)', [0xed, 0xbf, 0xbf], 0],
    ['an encoded surrogate pair', [0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80], 0],
    ['a code point above U+10FFFF: F4 90 80 80', [0xf4, 0x90, 0x80, 0x80], 0],
    ['lead byte F5', [0xf5, 0x80, 0x80, 0x80], 0],
    ['lead byte F7', [0xf7, 0xbf, 0xbf, 0xbf], 0],
    ['lead byte F8 (5-byte form)', [0xf8, 0x88, 0x80, 0x80, 0x80], 0],
    ['lead byte FC (6-byte form)', [0xfc, 0x84, 0x80, 0x80, 0x80, 0x80], 0],
    ['byte FE', [0x41, 0xfe], 1],
    ['byte FF', [0xff], 0],
  ];
  for (const [what, bytes, at] of illFormed) {
    it(`MQTT-1.5.4-1 rejects ${what} with 0x81 at offset ${2 + at}`, () => {
      expectCodecError(() => decodeUtf8String(str(...bytes)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1', offset: 2 + at });
    });
  }

  it('MQTT-1.5.4-1 rejects every lead byte F5..FF with 0x81', () => {
    for (let b = 0xf5; b <= 0xff; b++) {
      expectCodecError(() => decodeUtf8String(str(0x61, b, 0x80, 0x80, 0x80)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1', offset: 3 });
    }
  });

  it('MQTT-1.5.4-1 rejects every encoded surrogate U+D800..U+DFFF with 0x81', () => {
    for (let cp = 0xd800; cp <= 0xdfff; cp++) {
      const bytes = [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)];
      expectCodecError(() => decodeUtf8String(str(...bytes)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1', offset: 2 });
    }
  });

  it('MQTT-1.5.4-1 reports the offset in the whole input when decoding at an offset', () => {
    const bytes = u8(0x00, 0x00, 0x00, 0x00, 0x03, 0x41, 0x42, 0x80);
    expectCodecError(() => decodeUtf8String(bytes, 3), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1', offset: 7 });
  });

  it('MQTT-1.5.4-1 judges a sequence cut by the string length even when the input goes on', () => {
    // The length says 2 bytes, but '€' needs 3: the third byte is outside the string.
    expectCodecError(() => decodeUtf8String(u8(0x00, 0x02, 0xe2, 0x82, 0xac)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1', offset: 2 });
  });

  it('MQTT-1.5.4-1 rejects ill-formed bytes deep inside a long string (slow path)', () => {
    const bytes = [...utf8('x'.repeat(40)), 0xc3, 0x28, ...utf8('y'.repeat(10))];
    expectCodecError(() => decodeUtf8String(str(...bytes)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1', offset: 42 });
  });

  const nulls: [string, number[], number][] = [
    ['U+0000 alone', [0x00], 0],
    ['U+0000 after ASCII', [0x41, 0x42, 0x00], 2],
    ['U+0000 before ASCII', [0x00, 0x41], 0],
    ['U+0000 after a multi-byte character', [0xe2, 0x82, 0xac, 0x00], 3],
    ['U+0000 in a long string', [...utf8('z'.repeat(30)), 0x00], 30],
  ];
  for (const [what, bytes, at] of nulls) {
    it(`MQTT-1.5.4-2 rejects ${what} with 0x81 at offset ${2 + at}`, () => {
      expectCodecError(() => decodeUtf8String(str(...bytes)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-2', offset: 2 + at });
    });
  }

  it('throws 0x81 when the string runs past the end of the input', () => {
    expectCodecError(() => decodeUtf8String(u8(0x00, 0x05, 0x41)), { reasonCode: 0x81, offset: 0 });
    expectCodecError(() => decodeUtf8String(u8(0x00)), { reasonCode: 0x81, offset: 0 });
    expectCodecError(() => decodeUtf8String(u8()), { reasonCode: 0x81, offset: 0 });
  });

  it('rejects arbitrary bytes exactly when they are not well-formed UTF-8 without U+0000 (property)', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let reference: string | undefined;
        try {
          reference = fatal.decode(bytes);
        } catch {
          reference = undefined;
        }
        const input = str(...bytes);
        if (reference !== undefined && !reference.includes('\u0000')) {
          expect(decodeUtf8String(input)).toEqual({ value: reference, length: input.length });
        } else {
          const err = codecErrorOf(() => decodeUtf8String(input));
          expect(err.reasonCode).toBe(0x81);
          expect(['MQTT-1.5.4-1', 'MQTT-1.5.4-2']).toContain(err.rule);
          expect(err.offset).toBeGreaterThanOrEqual(2);
          expect(err.offset).toBeLessThan(input.length);
        }
      }),
      { numRuns: 5000 },
    );
  });
});

describe('UTF-8 Encoded String: U+FEFF and discouraged code points', () => {
  it('MQTT-1.5.4-3 keeps a leading U+FEFF (EF BB BF) and does not strip it', () => {
    const decoded = decodeUtf8String(str(0xef, 0xbb, 0xbf, 0x41));
    expect(decoded).toEqual({ value: '\ufeffA', length: 6 });
    expect(decoded.value.length).toBe(2);
    expect(decoded.value.charCodeAt(0)).toBe(0xfeff);
  });

  it('MQTT-1.5.4-3 keeps a leading U+FEFF in a long string and one that is alone', () => {
    expect(decodeUtf8String(str(0xef, 0xbb, 0xbf)).value).toBe('\ufeff');
    const long = [0xef, 0xbb, 0xbf, ...utf8('b'.repeat(40))];
    expect(decodeUtf8String(str(...long)).value).toBe(`\ufeff${'b'.repeat(40)}`);
    expect(decodeUtf8String(str(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf)).value).toBe('\ufeff\ufeff');
  });

  it('MQTT-1.5.4-3 writes a leading U+FEFF as EF BB BF', () => {
    expect(Array.from(encodeUtf8String('\ufeffA'))).toEqual([0x00, 0x04, 0xef, 0xbb, 0xbf, 0x41]);
  });

  // Code points the specification says SHOULD NOT be included: controls and noncharacters.
  const discouraged: [string, number][] = [
    ['U+0001', 0x0001],
    ['U+001F', 0x001f],
    ['U+007F', 0x007f],
    ['U+0080', 0x0080],
    ['U+009F', 0x009f],
    ['U+FDD0', 0xfdd0],
    ['U+FDEF', 0xfdef],
    ['U+FFFE', 0xfffe],
    ['U+FFFF', 0xffff],
    ['U+1FFFE', 0x1fffe],
    ['U+1FFFF', 0x1ffff],
    ['U+10FFFF', 0x10ffff],
  ];
  for (const [name, cp] of discouraged) {
    const ch = String.fromCodePoint(cp);
    it(`accepts the discouraged ${name} by default, rejects it with rejectDiscouragedCodePoints (0x81 at its offset)`, () => {
      const input = str(0x41, ...utf8(ch), 0x42);
      expect(decodeUtf8String(input).value).toBe(`A${ch}B`);
      expect(decodeUtf8String(input, 0, { rejectDiscouragedCodePoints: false }).value).toBe(`A${ch}B`);
      expectCodecError(() => decodeUtf8String(input, 0, { rejectDiscouragedCodePoints: true }), { reasonCode: 0x81, offset: 3 });
      expect(discouragedCodePoints(`A${ch}B`)).toEqual([{ index: 1, codePoint: cp }]);
      // The encoder does not refuse them (SHOULD NOT, not MUST NOT).
      expect(Array.from(encodeUtf8String(ch))).toEqual([0, utf8(ch).length, ...utf8(ch)]);
    });
  }

  const fine: [string, number][] = [
    ['U+0020', 0x20],
    ['U+007E', 0x7e],
    ['U+00A0', 0xa0],
    ['U+FDCF', 0xfdcf],
    ['U+FDF0', 0xfdf0],
    ['U+FEFF', 0xfeff],
    ['U+FFFD', 0xfffd],
    ['U+10000', 0x10000],
    ['U+1FFFD', 0x1fffd],
    ['U+10FFFD', 0x10fffd],
  ];
  for (const [name, cp] of fine) {
    it(`accepts ${name} even with rejectDiscouragedCodePoints`, () => {
      const ch = String.fromCodePoint(cp);
      expect(decodeUtf8String(str(...utf8(ch)), 0, { rejectDiscouragedCodePoints: true }).value).toBe(ch);
      expect(discouragedCodePoints(ch)).toEqual([]);
    });
  }

  it('rejectDiscouragedCodePoints applies to short ASCII strings too (no fast path bypass)', () => {
    expectCodecError(() => decodeUtf8String(str(0x61, 0x09), 0, { rejectDiscouragedCodePoints: true }), { reasonCode: 0x81, offset: 3 });
    expect(decodeUtf8String(str(0x61, 0x09)).value).toBe('a\t');
  });

  it('rejectDiscouragedCodePoints still reports U+0000 as MQTT-1.5.4-2', () => {
    expectCodecError(() => decodeUtf8String(str(0x61, 0x00), 0, { rejectDiscouragedCodePoints: true }), {
      reasonCode: 0x81,
      rule: 'MQTT-1.5.4-2',
      offset: 3,
    });
  });

  it('discouragedCodePoints reports every one with its UTF-16 index', () => {
    expect(discouragedCodePoints('')).toEqual([]);
    expect(discouragedCodePoints('plain text é €')).toEqual([]);
    expect(discouragedCodePoints('\u0001a\u{1FFFF}b\u007f')).toEqual([
      { index: 0, codePoint: 0x01 },
      { index: 2, codePoint: 0x1ffff },
      { index: 5, codePoint: 0x7f },
    ]);
  });

  it('discouragedCodePoints agrees with decoding under rejectDiscouragedCodePoints (property)', () => {
    fc.assert(
      fc.property(mqttString, (s) => {
        const found = discouragedCodePoints(s);
        const input = encodeUtf8String(s);
        if (found.length === 0) {
          expect(decodeUtf8String(input, 0, { rejectDiscouragedCodePoints: true }).value).toBe(s);
        } else {
          const err = codecErrorOf(() => decodeUtf8String(input, 0, { rejectDiscouragedCodePoints: true }));
          expect(err.reasonCode).toBe(0x81);
          // The offset is that of the first one: 2 + the UTF-8 length of what precedes it.
          expect(err.offset).toBe(2 + utf8(s.slice(0, found[0].index)).length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Binary Data (1.5.6)
// ---------------------------------------------------------------------------------------------

describe('Binary Data', () => {
  it('encodes a Two Byte Integer length, then the bytes', () => {
    expect(Array.from(encodeBinaryData(u8(1, 2, 3)))).toEqual([0x00, 0x03, 1, 2, 3]);
    expect(Array.from(encodeBinaryData(u8()))).toEqual([0x00, 0x00]);
  });

  it('round-trips arbitrary bytes (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        const encoded = encodeBinaryData(data);
        const decoded = decodeBinaryData(encoded);
        expect(decoded.length).toBe(2 + data.length);
        expect(Array.from(decoded.value)).toEqual(Array.from(data));
      }),
    );
  });

  it('accepts 65,535 bytes and refuses 65,536', () => {
    const max = new Uint8Array(65535).fill(7);
    const encoded = encodeBinaryData(max);
    expect(encoded.length).toBe(65537);
    expect(encoded[0]).toBe(0xff);
    expect(encoded[1]).toBe(0xff);
    expect(decodeBinaryData(encoded).value.length).toBe(65535);
    expectCodecError(() => encodeBinaryData(new Uint8Array(65536)), { reasonCode: 0x81 });
  });

  it('refuses anything but a Uint8Array', () => {
    expectCodecError(() => encodeBinaryData([1, 2] as unknown as Uint8Array), { reasonCode: 0x81 });
    expectCodecError(() => encodeBinaryData('ab' as unknown as Uint8Array), { reasonCode: 0x81 });
  });

  it('decodes to a view that shares the input buffer', () => {
    const input = u8(0x99, 0x00, 0x03, 0x0a, 0x0b, 0x0c, 0x99);
    const { value, length } = decodeBinaryData(input, 1);
    expect(length).toBe(5);
    expect(Array.from(value)).toEqual([0x0a, 0x0b, 0x0c]);
    expect(value.buffer).toBe(input.buffer);
    expect(value.byteOffset).toBe(3);
    input[4] = 0xee;
    expect(value[1]).toBe(0xee);
  });

  it('throws 0x81 when the data runs past the end of the input', () => {
    expectCodecError(() => decodeBinaryData(u8(0x00, 0x04, 1, 2, 3)), { reasonCode: 0x81, offset: 0 });
    expectCodecError(() => decodeBinaryData(u8(0x00)), { reasonCode: 0x81, offset: 0 });
  });

  it('does not validate the bytes as UTF-8', () => {
    expect(Array.from(decodeBinaryData(u8(0x00, 0x02, 0x00, 0xff)).value)).toEqual([0x00, 0xff]);
  });
});

// ---------------------------------------------------------------------------------------------
// UTF-8 String Pair (1.5.7)
// ---------------------------------------------------------------------------------------------

describe('UTF-8 String Pair', () => {
  it('encodes the name, then the value, each a UTF-8 Encoded String', () => {
    expect(Array.from(encodeStringPair(['k', 'vé']))).toEqual([0x00, 0x01, 0x6b, 0x00, 0x03, 0x76, 0xc3, 0xa9]);
    expect(decodeStringPair(encodeStringPair(['', '']))).toEqual({ value: ['', ''], length: 4 });
  });

  it('round-trips pairs of arbitrary strings (property)', () => {
    fc.assert(
      fc.property(mqttString, mqttString, (name, value) => {
        const encoded = encodeStringPair([name, value]);
        expect(Array.from(encoded)).toEqual([...Array.from(encodeUtf8String(name)), ...Array.from(encodeUtf8String(value))]);
        expect(decodeStringPair(encoded)).toEqual({ value: [name, value], length: encoded.length });
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes at an offset', () => {
    expect(decodeStringPair(u8(0xff, 0x00, 0x01, 0x61, 0x00, 0x01, 0x62), 1)).toEqual({ value: ['a', 'b'], length: 6 });
  });

  it('MQTT-1.5.7-1 refuses to encode a pair whose name or value is not a valid UTF-8 string', () => {
    expectCodecError(() => encodeStringPair(['\ud800', 'v']), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1' });
    expectCodecError(() => encodeStringPair(['n', '\udfff']), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1' });
    expectCodecError(() => encodeStringPair(['a\u0000', 'v']), { reasonCode: 0x81, rule: 'MQTT-1.5.4-2' });
    expectCodecError(() => encodeStringPair(['n', '\u0000']), { reasonCode: 0x81, rule: 'MQTT-1.5.4-2' });
    expectCodecError(() => encodeStringPair(['n', 'a'.repeat(65536)]), { reasonCode: 0x81 });
    expectCodecError(() => encodeStringPair(['a'.repeat(65536), 'v']), { reasonCode: 0x81 });
  });

  it('refuses anything but a [name, value] pair', () => {
    expectCodecError(() => encodeStringPair(['only'] as unknown as [string, string]), { reasonCode: 0x81 });
    expectCodecError(() => encodeStringPair(['a', 'b', 'c'] as unknown as [string, string]), { reasonCode: 0x81 });
    expectCodecError(() => encodeStringPair('ab' as unknown as [string, string]), { reasonCode: 0x81 });
    expectCodecError(() => encodeStringPair(['a', 1] as unknown as [string, string]), { reasonCode: 0x81 });
  });

  it('MQTT-1.5.7-1 validates the name as a UTF-8 Encoded String on decode', () => {
    expectCodecError(() => decodeStringPair(u8(0x00, 0x02, 0x61, 0x80, 0x00, 0x01, 0x62)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1', offset: 3 });
    expectCodecError(() => decodeStringPair(u8(0x00, 0x01, 0x00, 0x00, 0x01, 0x62)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-2', offset: 2 });
  });

  it('MQTT-1.5.7-1 validates the value as a UTF-8 Encoded String on decode', () => {
    expectCodecError(() => decodeStringPair(u8(0x00, 0x01, 0x61, 0x00, 0x03, 0xed, 0xa0, 0x80)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-1', offset: 5 });
    expectCodecError(() => decodeStringPair(u8(0x00, 0x01, 0x61, 0x00, 0x02, 0x62, 0x00)), { reasonCode: 0x81, rule: 'MQTT-1.5.4-2', offset: 6 });
  });

  it('MQTT-1.5.7-1 applies rejectDiscouragedCodePoints to both halves', () => {
    const nameBad = u8(0x00, 0x01, 0x07, 0x00, 0x01, 0x62);
    const valueBad = u8(0x00, 0x01, 0x61, 0x00, 0x01, 0x07);
    expect(decodeStringPair(nameBad).value).toEqual(['\u0007', 'b']);
    expect(decodeStringPair(valueBad).value).toEqual(['a', '\u0007']);
    expectCodecError(() => decodeStringPair(nameBad, 0, { rejectDiscouragedCodePoints: true }), { reasonCode: 0x81, offset: 2 });
    expectCodecError(() => decodeStringPair(valueBad, 0, { rejectDiscouragedCodePoints: true }), { reasonCode: 0x81, offset: 5 });
  });

  it('throws 0x81 when the value is missing or cut short', () => {
    expectCodecError(() => decodeStringPair(u8(0x00, 0x01, 0x61)), { reasonCode: 0x81, offset: 3 });
    expectCodecError(() => decodeStringPair(u8(0x00, 0x01, 0x61, 0x00, 0x02, 0x62)), { reasonCode: 0x81, offset: 3 });
  });
});
