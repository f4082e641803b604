/**
 * The UTF-8 layer (src/wire/utf8.ts) on the edge cases the codec's round trips rarely reach:
 * surrogates in the wrong order when measuring a JS string, bytes that can never start a UTF-8
 * sequence, where the SHOULD-NOT code points begin and end, which fault a bad sequence is, and
 * building ASCII strings of every length.
 */
import { describe, expect, it } from 'vitest';
import { decodeUtf8String, discouragedCodePoints } from '../src/index.js';
import { asciiString, checkUtf8, isDiscouragedCodePoint, LONE_SURROGATE, utf8FaultAt, Utf8Fault, utf8Length } from '../src/wire/utf8.js';
import { codecErrorOf } from './helpers/errors.js';

const u8 = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);

describe('utf8Length: UTF-16 surrogates [MQTT-1.5.4-1]', () => {
  it('counts a high surrogate followed by a low one as one 4-byte code point', () => {
    expect(utf8Length('\ud83d\ude00')).toBe(4);
    expect(utf8Length('a\udbff\udfffb')).toBe(6);
  });

  it('refuses a low surrogate that comes first, even when another low surrogate follows it', () => {
    for (const s of ['\udc00\udc00', '\udfff\udfff', 'a\ude00\udc00b', '\udc00\ud800', '\udc00']) expect(utf8Length(s)).toBe(LONE_SURROGATE);
  });

  it('refuses a high surrogate followed by anything but a low surrogate, or by nothing', () => {
    for (const s of ['\ud800\ue000', '\udbff\uffff', '\ud800\ud800', '\ud800a', 'a\ud800']) expect(utf8Length(s)).toBe(LONE_SURROGATE);
  });
});

describe('checkUtf8: well-formed UTF-8 [MQTT-1.5.4-1]', () => {
  it('refuses, at its own offset, every byte that can never start a sequence (continuation bytes, C0, C1, F5..FF), whatever follows it', () => {
    const never = [...Array.from({ length: 0x42 }, (_, k) => 0x80 + k), ...Array.from({ length: 11 }, (_, k) => 0xf5 + k)];
    for (const b of never) {
      // Followed by continuation bytes that would make a code point in range for a 2- or a 4-byte lead.
      for (const tail of [
        [0x90, 0x80, 0x80],
        [0xbf, 0xbf, 0xbf],
      ]) {
        expect(checkUtf8(u8(0x61, b, ...tail), 0, 5, false)).toBe(1);
      }
    }
  });

  it('accepts every lead byte C2..F4 before a valid sequence', () => {
    for (const s of ['\u0080', '\u07ff', '\u0800', '\uffef', '\u{10000}', '\u{10ffff}']) {
      const bytes = new TextEncoder().encode(s);
      expect(checkUtf8(bytes, 0, bytes.length, false)).toBe(-1);
    }
  });
});

describe('SHOULD-NOT code points', () => {
  it('are U+0001..U+001F and U+007F..U+009F among the controls: U+0000 is not one (it is refused outright), nor is the space', () => {
    expect(isDiscouragedCodePoint(0)).toBe(false);
    expect(isDiscouragedCodePoint(1)).toBe(true);
    expect(isDiscouragedCodePoint(0x1f)).toBe(true);
    expect(isDiscouragedCodePoint(0x20)).toBe(false);
    expect(discouragedCodePoints('a\u0000b\u0001')).toEqual([{ index: 3, codePoint: 1 }]);
  });

  it('as bytes: with the SHOULD-NOT rule, 0x1F is refused and the space 0x20 accepted', () => {
    expect(checkUtf8(u8(0x61, 0x1f), 0, 2, true)).toBe(1);
    expect(checkUtf8(u8(0x61, 0x20, 0x7e), 0, 3, true)).toBe(-1);
  });

  it('are told apart from U+0000 and from ill-formed bytes by utf8FaultAt', () => {
    const cases: [number[], Utf8Fault][] = [
      [[0x61, 0x01], Utf8Fault.Discouraged],
      [[0x61, 0xc2, 0x80], Utf8Fault.Discouraged], // U+0080
      [[0x61, 0xef, 0xb7, 0x90], Utf8Fault.Discouraged], // U+FDD0
      [[0x61, 0x00], Utf8Fault.Null],
      [[0x61, 0xc0, 0x80], Utf8Fault.IllFormed],
    ];
    for (const [bytes, fault] of cases) {
      const buf = u8(...bytes);
      const at = checkUtf8(buf, 0, buf.length, true);
      expect(at).toBe(1);
      expect(utf8FaultAt(buf, at, buf.length)).toBe(fault);
    }
  });

  it('are refused with their own rule when decoding is asked to, not as ill-formed UTF-8', () => {
    for (const bytes of [
      [0x00, 0x02, 0x61, 0x01],
      [0x00, 0x03, 0x61, 0xc2, 0x9f],
    ]) {
      const err = codecErrorOf(() => decodeUtf8String(u8(...bytes), 0, { rejectDiscouragedCodePoints: true }));
      expect([err.reasonCode, err.key, err.offset]).toEqual([0x81, 'discouragedCodePoint', 3]);
    }
  });
});

describe('asciiString', () => {
  it('builds the string of ASCII bytes of every length from 0 to 64, at any offset', () => {
    const text = 'The quick brown fox jumps over the lazy dog, 0123456789 times!~';
    const buf = new TextEncoder().encode(`${text}${text}`);
    for (let n = 0; n <= 64; n++) {
      for (const s of [0, 5, 63]) expect(asciiString(buf, s, s + n)).toBe(`${text}${text}`.slice(s, s + n));
    }
  });

  it('builds a long ASCII string whole when decoding with the SHOULD-NOT rule', () => {
    const s = 'sensors/building-7/floor-3/temperature';
    const bytes = new TextEncoder().encode(s);
    expect(decodeUtf8String(u8(0, bytes.length, ...bytes), 0, { rejectDiscouragedCodePoints: true }).value).toBe(s);
  });
});
