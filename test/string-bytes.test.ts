/**
 * The encode-side string caches (src/wire/string-bytes.ts): which strings they hold, that they
 * hold no more than their bound, and that a hit is never a string some check would have refused
 * (a hit skips the checks). The caches live for the whole process and every encode shares them, so
 * each test uses strings of its own and checks only what it put in.
 */
import { describe, expect, it } from 'vitest';
import { encode, type Packet } from '../src/index.js';
import {
  cachedFilterBytes,
  cachedStringBytes,
  rememberFilterBytes,
  rememberStringBytes,
  STRING_BYTES_MAX_ENTRIES,
  STRING_BYTES_MAX_LENGTH,
  writeCachedString,
} from '../src/wire/string-bytes.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const publish = (topic: string): Packet => ({ type: 'publish', topic, payload: new Uint8Array(1), qos: 0, retain: false, dup: false });
const subscribe = (topicFilter: string): Packet => ({ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter, qos: 0 }] });
/** A string of `n` characters no other test uses. */
const fresh = (tag: string, n: number): string => `sb-${tag}/`.padEnd(n, 'x').slice(0, n);

describe('encode-side string cache: what it holds', () => {
  it('caches an ASCII string of 1 to STRING_BYTES_MAX_LENGTH characters with its bytes, and answers it on the next look-up', () => {
    for (const n of [1, 2, 23, 24, 25, STRING_BYTES_MAX_LENGTH - 1, STRING_BYTES_MAX_LENGTH]) {
      const s = n < 8 ? `${'~!@$%^&'.slice(0, n)}` : fresh(`len${n}`, n);
      const bytes = rememberStringBytes(s, s.length, false);
      expect(bytes).toEqual(ascii(s));
      expect(cachedStringBytes(s)).toEqual(ascii(s));
    }
  });

  it('keeps out longer strings, so that the memory it holds stays bounded', () => {
    for (const n of [STRING_BYTES_MAX_LENGTH + 1, 1000]) {
      const s = fresh(`long${n}`, n);
      expect(rememberStringBytes(s, n, false)).toBeUndefined();
      expect(cachedStringBytes(s)).toBeUndefined();
    }
  });

  it('keeps out strings with a wildcard, and strings whose byte length is not one byte per character', () => {
    const s = 'sb-wild/a+';
    expect(rememberStringBytes(s, s.length, true)).toBeUndefined();
    expect(cachedStringBytes(s)).toBeUndefined();
    const t = 'sb-measured/abc';
    expect(rememberStringBytes(t, t.length + 1, false)).toBeUndefined();
    expect(cachedStringBytes(t)).toBeUndefined();
  });

  it('keeps out U+0000 and every character from U+0080 up, and takes U+0001 and U+007F', () => {
    for (const c of ['\u0000', '\u0080', '\u00ff', '\u0100', '\u20ac', '\ud83d\ude00']) {
      const s = `sb-char/${c}`;
      expect(rememberStringBytes(s, s.length, false)).toBeUndefined();
      expect(cachedStringBytes(s)).toBeUndefined();
      rememberFilterBytes(s, false);
      expect(cachedFilterBytes(s, false)).toBeUndefined();
    }
    for (const c of ['\u0001', '\u007f']) {
      const s = `sb-char/${c}`;
      expect(rememberStringBytes(s, s.length, false)).toEqual(ascii(s));
    }
  });

  it('keeps a Topic Filter per set of rules: one remembered as valid under 3.1.1 is not answered for 5.0', () => {
    const f = 'sb-filter/+/x';
    rememberFilterBytes(f, false);
    expect(cachedFilterBytes(f, false)).toEqual(ascii(f));
    expect(cachedFilterBytes(f, true)).toBeUndefined();
    const g = 'sb-filter/#';
    rememberFilterBytes(g, true);
    expect(cachedFilterBytes(g, true)).toEqual(ascii(g));
    expect(cachedFilterBytes(g, false)).toBeUndefined();
  });

  it('holds at most STRING_BYTES_MAX_ENTRIES strings: it is emptied when full, every STRING_BYTES_MAX_ENTRIES new strings', () => {
    // Whatever other tests left in it, after a first emptying it holds 1, 2, … MAX strings, then
    // is emptied again: the string stored just before is gone exactly every MAX stores.
    // The strings are new to this run too (a mutation run repeats the tests in one process).
    const run = Math.random().toString(36).slice(2, 10);
    const emptiedAt: number[] = [];
    let previous = '';
    for (let i = 0; i < 3 * STRING_BYTES_MAX_ENTRIES + 10; i++) {
      const s = `sb-bound/${run}/${i}`;
      expect(rememberStringBytes(s, s.length, false)).toBeDefined();
      if (i > 0 && cachedStringBytes(previous) === undefined) emptiedAt.push(i);
      expect(cachedStringBytes(s)).toBeDefined();
      previous = s;
    }
    expect(emptiedAt.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < emptiedAt.length; k++) expect(emptiedAt[k] - emptiedAt[k - 1]).toBe(STRING_BYTES_MAX_ENTRIES);
  });
});

describe('encode-side string cache: a hit is never a string a check refuses', () => {
  it('refuses a wildcard topic on every encode, also after an encode that relaxed the check [MQTT-3.3.2-2]', () => {
    for (const topic of ['sb-enc/a+', 'sb-enc/#']) {
      for (let round = 0; round < 2; round++) expect(() => encode(publish(topic))).toThrowError(expect.objectContaining({ key: 'topicNameWildcard' }));
      expect(encode(publish(topic), { checks: { topicNameWildcard: 'off' } }).length).toBe(2 + 2 + topic.length + 1);
      expect(() => encode(publish(topic))).toThrowError(expect.objectContaining({ key: 'topicNameWildcard' }));
    }
  });

  it('refuses a topic or filter with U+0000 on every encode, also after an encode that relaxed the check [MQTT-1.5.4-2]', () => {
    const topic = 'sb-enc/a\u0000b';
    expect(encode(publish(topic), { checks: { utf8NoNull: 'off' } }).length).toBe(2 + 2 + topic.length + 1);
    expect(() => encode(publish(topic))).toThrowError(expect.objectContaining({ key: 'utf8NoNull' }));
    const filter = 'sb-enc/+/a\u0000b';
    expect(encode(subscribe(filter), { protocolVersion: 4, checks: { utf8NoNull: 'off' } }).length).toBe(2 + 2 + 2 + filter.length + 1);
    expect(() => encode(subscribe(filter), { protocolVersion: 4 })).toThrowError(expect.objectContaining({ key: 'utf8NoNull' }));
  });

  it('writes a filter with characters from U+0080 up in UTF-8 on every encode, never one byte per character [MQTT-1.5.4-1]', () => {
    for (const filter of ['sb-enc/\u0080/+', 'sb-enc/\u00e9/#', 'sb-enc/\u20ac/+']) {
      const first = encode(subscribe(filter), { protocolVersion: 4 });
      const again = encode(subscribe(filter), { protocolVersion: 4 });
      expect(again).toEqual(first);
      expect(first.length).toBe(2 + 2 + 2 + new TextEncoder().encode(filter).length + 1);
    }
  });
});

describe('writeCachedString', () => {
  it('writes the Two Byte Integer length, then the bytes, short or long, and returns the position after them', () => {
    for (const n of [1, 23, 24, 25, 128]) {
      const bytes = ascii(fresh(`w${n}`, n));
      const buf = new Uint8Array(n + 5).fill(0xee);
      expect(writeCachedString(buf, 1, bytes)).toBe(n + 3);
      expect(Array.from(buf)).toEqual([0xee, n >>> 8, n & 0xff, ...bytes, 0xee, 0xee]);
    }
  });
});
