/**
 * The decoding cursor (src/wire/reader.ts), through the public API where it can be reached: the
 * exact wording, key, path and offset of the faults it raises, the string scan's wildcard and
 * code-point checks on each of its paths (short ASCII, long strings, non-ASCII), what a relaxed
 * check does, and the string cache's key (through a Reader with a cache of its own, so that the
 * result does not depend on what other tests left in the shared caches).
 */
import { describe, expect, it } from 'vitest';
import { decode, decodeUtf8String, decodeVariableByteInteger, inspect, type CheckWarning } from '../src/index.js';
import { Reader } from '../src/wire/reader.js';
import { fieldsOf, SpanLog } from '../src/wire/spans.js';
import { StringCache } from '../src/wire/string-cache.js';
import { codecErrorOf } from './helpers/errors.js';

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** A 3.1.1 PUBLISH (QoS 0) whose Topic Name is the bytes `topic`, with an empty payload. */
function publishV4(topic: number[]): Uint8Array {
  return Uint8Array.of(0x30, topic.length + 2, topic.length >> 8, topic.length & 0xff, ...topic);
}

/** A string of `bytes` prefixed with its Two Byte Integer length. */
function str(bytes: number[]): Uint8Array {
  return Uint8Array.of(bytes.length >> 8, bytes.length & 0xff, ...bytes);
}

describe('fault wording, keys, paths and offsets', () => {
  it('a field running past the end is "truncated", worded with its path and offset', () => {
    // Topic Name length 5, one byte given.
    const e = codecErrorOf(() => decode(Uint8Array.of(0x30, 0x03, 0x00, 0x05, 0x61)));
    expect(e.message).toBe('Malformed Packet: variableHeader.topicName runs past the end of the packet at offset 2');
    expect([e.key, e.path, e.offset]).toEqual(['truncated', 'variableHeader.topicName', 2]);
  });

  it('a Variable Byte Integer cut short by the end of its property block is "truncated", not "too long"', () => {
    // 5.0 PUBLISH, Property Length 1: Subscription Identifier 0x0B, its value past the block.
    const e = codecErrorOf(() => decode(Uint8Array.of(0x30, 0x05, 0x00, 0x01, 0x61, 0x01, 0x0b), { protocolVersion: 5 }));
    expect(e.key).toBe('truncated');
    expect(e.message).toBe('Malformed Packet: properties.subscriptionIdentifiers[] runs past the end of the packet at offset 7');
  });

  it('a Variable Byte Integer of more than 4 bytes is "vbiTooLong", worded with the field name', () => {
    const e = codecErrorOf(() => decodeVariableByteInteger(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x01)));
    expect(e.message).toBe('Malformed Packet: Variable Byte Integer is longer than 4 bytes at offset 0');
    expect([e.key, e.path]).toEqual(['vbiTooLong', 'Variable Byte Integer']);
  });

  it('a non-minimal Variable Byte Integer breaks MQTT-1.5.5-1, worded with the field name', () => {
    const e = codecErrorOf(() => decodeVariableByteInteger(Uint8Array.of(0x80, 0x00)));
    expect(e.message).toBe('Malformed Packet: Variable Byte Integer is not in its shortest encoding [MQTT-1.5.5-1] at offset 0');
    expect(e.key).toBe('vbiMinimal');
  });

  it('bytes after the last field are "trailingBytes", counted in the message', () => {
    const e = codecErrorOf(() => decode(Uint8Array.of(0x40, 0x04, 0x00, 0x01, 0x00, 0x00)));
    expect(e.message).toBe('Malformed Packet: 2 unexpected byte(s) after the last field of PUBACK at offset 4');
    expect([e.key, e.offset]).toEqual(['trailingBytes', 4]);
  });

  it('U+0000 in a string breaks MQTT-1.5.4-2 (utf8NoNull), worded with the field name', () => {
    const e = codecErrorOf(() => decodeUtf8String(str([0x61, 0x00])));
    expect(e.message).toBe('Malformed Packet: string contains U+0000 [MQTT-1.5.4-2] at offset 3');
    expect(e.key).toBe('utf8NoNull');
  });

  it('ill-formed UTF-8 breaks MQTT-1.5.4-1 (utf8WellFormed), worded with the field name', () => {
    const e = codecErrorOf(() => decodeUtf8String(str([0x61, 0xff])));
    expect(e.message).toBe('Malformed Packet: string is not well-formed UTF-8 [MQTT-1.5.4-1] at offset 3');
    expect(e.key).toBe('utf8WellFormed');
  });

  it('a discouraged code point (1.5.4, when rejected) is "discouragedCodePoint", with its path and offset', () => {
    const e = codecErrorOf(() => decodeUtf8String(str([0x61, 0x01]), 0, { rejectDiscouragedCodePoints: true }));
    expect(e.message).toBe('Malformed Packet: string contains a code point that SHOULD NOT be used at offset 3');
    expect([e.key, e.path, e.offset]).toEqual(['discouragedCodePoint', 'string', 3]);
  });
});

describe('the string scan rejects the same strings on every path', () => {
  const discouraged = { rejectDiscouragedCodePoints: true };

  it('a short string of DEL (U+007F) only is a discouraged code point', () => {
    expect(codecErrorOf(() => decodeUtf8String(str([0x7f]), 0, discouraged)).key).toBe('discouragedCodePoint');
    expect(decodeUtf8String(str([0x7f])).value).toBe('\x7f');
  });

  it('a long (over 12 bytes) string with a control character is a discouraged code point when rejected', () => {
    const bytes = [...ascii('abcdefghijklmn'), 0x01];
    const e = codecErrorOf(() => decodeUtf8String(str(bytes), 0, discouraged));
    expect([e.key, e.offset]).toEqual(['discouragedCodePoint', 16]);
    expect(decodeUtf8String(str(bytes)).value).toBe('abcdefghijklmn\x01');
  });

  it('a long string starting with U+0000 breaks MQTT-1.5.4-2 at its first byte', () => {
    const e = codecErrorOf(() => decodeUtf8String(str([0x00, ...ascii('abcdefghijklmn')])));
    expect([e.key, e.offset]).toEqual(['utf8NoNull', 2]);
  });
});

describe('MQTT-3.3.2-2: a Topic Name with a wildcard is found on every scan path', () => {
  const cases: [string, number[]][] = [
    ['long, "+" first', ascii('+abcdefghijklmn')],
    ['long, "#" first', ascii('#abcdefghijklmn')],
    ['short non-ASCII, "+" first', [0x2b, 0xc3, 0xa9]],
    ['short non-ASCII, "#" first', [0x23, 0xc3, 0xa9]],
  ];
  for (const [name, topic] of cases) {
    it(name, () => {
      // Twice: the second read may come from the string cache (the flag stored with the string).
      for (let i = 0; i < 2; i++) expect(codecErrorOf(() => decode(publishV4(topic))).key).toBe('topicNameWildcard');
    });
  }
});

describe('report-all mode and relaxed checks', () => {
  // 5.0 PUBACK, Property Length 3: Topic Alias (not allowed in PUBACK) with the value `alias`.
  const pubackWithAlias = (alias: number) => Uint8Array.of(0x40, 0x07, 0x00, 0x01, 0x00, 0x03, 0x23, alias >> 8, alias & 0xff);

  it('a property where it is not allowed is left out: its value is not checked (one diagnostic)', () => {
    const r = inspect(pubackWithAlias(0), { protocolVersion: 5 });
    expect(r.diagnostics.map((d) => d.key)).toEqual(['propertyNotAllowed']);
  });

  it('a relaxed propertyNotAllowed keeps the property and warns (to onWarning)', () => {
    const warnings: CheckWarning[] = [];
    const p = decode(pubackWithAlias(5), { protocolVersion: 5, checks: { propertyNotAllowed: 'warn' }, onWarning: (w) => warnings.push(w) });
    expect(p).toMatchObject({ type: 'puback', properties: { topicAlias: 5 } });
    expect(warnings.map((w) => [w.key, w.severity])).toEqual([['propertyNotAllowed', 'warning']]);
  });

  it('a check relaxed to a warning without an onWarning handler decodes', () => {
    const p = decode(Uint8Array.of(0x40, 0x03, 0x00, 0x01, 0x00), { checks: { trailingBytes: 'warn' } });
    expect(p).toMatchObject({ type: 'puback', packetId: 1 });
  });

  it('an empty Response Topic is reported as empty (MQTT-4.7.3-1), not as holding a wildcard', () => {
    // 5.0 PUBLISH to "a", Property Length 3: Response Topic of length 0.
    const r = inspect(Uint8Array.of(0x30, 0x07, 0x00, 0x01, 0x61, 0x03, 0x08, 0x00, 0x00), { protocolVersion: 5 });
    expect(r.diagnostics.map((d) => d.key)).toEqual(['topicNonEmpty']);
  });
});

describe('the string cache is keyed by the string bytes and length', () => {
  it('an empty string and a string followed by the same bytes are different strings', () => {
    const r = new Reader();
    const cache = new StringCache();
    // An empty string at offset 1, followed by "abcdef".
    r.reset(Uint8Array.of(0xaa, 0x00, 0x00, ...ascii('abcdef')), 1, 9, 5, 0);
    expect(r.utf8('x', cache)).toBe('');
    // "ab", followed by "cdef".
    r.reset(Uint8Array.of(0x00, 0x02, ...ascii('abcdef')), 0, 8, 5, 0);
    expect(r.utf8('x', cache)).toBe('ab');
    expect(r.pos).toBe(4);
  });
});

describe('a Reader used directly (no public entry point reaches these cases)', () => {
  it('names a field in messages by its path without list indices; an empty path is "field"', () => {
    const r = new Reader();
    r.reset(new Uint8Array(0), 0, 0, 4, 0);
    const e = codecErrorOf(() => r.u16('subscriptions[12].options'));
    expect(e.message).toBe('Malformed Packet: subscriptions[].options runs past the end of the packet at offset 0');
    expect(codecErrorOf(() => r.u8('')).message).toBe('Malformed Packet: field runs past the end of the packet at offset 0');
  });

  it('reports spans relative to its origin, as it does offsets', () => {
    const r = new Reader();
    r.log = new SpanLog();
    // The range starts 3 bytes into the buffer, which is also the origin: offsets count from there.
    const bytes = Uint8Array.of(0xee, 0xee, 0xee, 0x01, 0x02, 0x00, 0x01, 0x61);
    r.reset(bytes, 3, bytes.length, 5, 3);
    expect(r.u16('id')).toBe(0x0102);
    expect(r.utf8('name', new StringCache())).toBe('a');
    expect(fieldsOf(r.log.copy(), bytes.subarray(3)).map((f) => [f.path, f.start, f.end, f.value])).toEqual([
      ['id', 0, 2, 0x0102],
      ['name.length', 2, 4, 1],
      ['name', 4, 5, 'a'],
    ]);
  });
});

describe('the scan of a long string checked for discouraged code points ends', () => {
  it('a string whose length bytes are printable (0x2041 bytes) is read and accepted', () => {
    // The scan must not wander before the string: the bytes before it are its length, " A".
    const n = 0x2041;
    const bytes = new Uint8Array(2 + n).fill(0x62);
    bytes[0] = n >> 8;
    bytes[1] = n & 0xff;
    const d = decodeUtf8String(bytes, 0, { rejectDiscouragedCodePoints: true });
    expect([d.value.length, d.length]).toEqual([n, n + 2]);
  });
});
