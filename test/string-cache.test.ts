/**
 * The decoder's string cache (src/wire/utf8.ts, issue 11). It must never change what decode
 * returns: a UTF-8 Encoded String [MQTT-1.5.4-1] decodes to the string its bytes spell, whatever
 * the cache holds. Checked with inputs that collide on purpose (same cache set; same full hash
 * and length), and on the traffic that motivated the cache's layout: thousands of topics of
 * equal length that differ only in the middle, which must stay cached. MQTT 3.1.1 and 5.0 PUBLISH.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, type Packet } from '../src/index.js';
import { CACHE_MAX_LENGTH, lookupAscii, storeAscii, stringHash } from '../src/wire/utf8.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const publish = (topic: string): Packet => ({ type: 'publish', topic, payload: new Uint8Array(1), qos: 0, retain: false, dup: false });
const topicOf = (bytes: Uint8Array, protocolVersion: 4 | 5 = 4): string => (decode(bytes, { protocolVersion }) as { topic: string }).topic;

/** `count` topics `devices/<16 hex digits>/telemetry`, all 34 bytes long. */
function deviceTopics(count: number, salt = 0): string[] {
  return Array.from({ length: count }, (_, i) => `devices/${(i * 2654435761 + salt).toString(16).padStart(16, '0').slice(-16)}/telemetry`);
}

describe('string cache', () => {
  it('decodes colliding topics (same cache set) to exactly their own strings, interleaved [MQTT-1.5.4-1]', () => {
    // Group 60,000 equal-length topics by cache set (8,192 sets of 4): many sets get 5 or more.
    const bySet = new Map<number, string[]>();
    for (const t of deviceTopics(60_000)) {
      const set = stringHash(ascii(t), 0, t.length) & 8191;
      bySet.set(set, [...(bySet.get(set) ?? []), t]);
    }
    const crowded = [...bySet.values()].filter((g) => g.length >= 6).slice(0, 200);
    expect(crowded.length).toBe(200);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(199), fc.nat(5)), { minLength: 1, maxLength: 60 }), fc.constantFrom(4 as const, 5 as const), (picks, v) => {
        for (const [g, k] of picks) {
          const t = crowded[g][k];
          expect(topicOf(encode(publish(t), { protocolVersion: v }), v)).toBe(t);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('never returns a cached string whose full hash and length match but whose bytes differ', () => {
    // A full 32-bit collision, forced: store `a` under the hash of `b`, then look `b` up.
    const a = 'devices/0000000000000001/telemetry';
    const b = 'devices/0000000000000002/telemetry';
    const aBytes = ascii(a);
    const bBytes = ascii(b);
    const h = stringHash(bBytes, 0, b.length);
    stringHash(aBytes, 0, a.length);
    storeAscii(h, a, false, a.length);
    stringHash(bBytes, 0, b.length);
    expect(lookupAscii(h, b.length)).toBeNull();
    stringHash(aBytes, 0, a.length);
    expect(lookupAscii(h, a.length)).toBe(a);
    // Same for a difference in the last byte (the zero-padded tail word), and a length mismatch.
    for (const c of [`${a.slice(0, -1)}X`, `${a.slice(0, -2)}X`, `${a}X`.slice(1)]) {
      stringHash(ascii(c), 0, c.length);
      expect(lookupAscii(h, c.length)).toBeNull();
    }
    stringHash(aBytes, 0, a.length - 1);
    expect(lookupAscii(h, a.length - 1)).toBeNull();
    // And decode returns `b` itself, then `a` itself.
    expect(topicOf(encode(publish(b)))).toBe(b);
    expect(topicOf(encode(publish(a)))).toBe(a);
  });

  it('keeps 5,000 live topics that differ only in the middle cached (a second pass hits almost always)', () => {
    const topics = deviceTopics(5_000, 77);
    const frames = topics.map((t) => encode(publish(t), { standalone: true }));
    for (const f of frames) topicOf(f);
    let hits = 0;
    for (let i = 0; i < topics.length; i++) {
      const bytes = ascii(topics[i]);
      const cached = lookupAscii(stringHash(bytes, 0, bytes.length), bytes.length);
      if (cached !== null) {
        expect(cached).toBe(topics[i]);
        hits++;
      }
      expect(topicOf(frames[i])).toBe(topics[i]);
    }
    // 5,000 strings in 8,192 sets of 4: only the rare sets that drew 5 or more lose strings
    // (with 2 ways, a cyclic pass like this one kept under 88 %).
    expect(hits).toBeGreaterThan(4_950);
  });

  it('returns correct strings for arbitrary ASCII and non-ASCII topics, cached or not [MQTT-1.5.4-1]', () => {
    const topicChar = fc.constantFrom(...'abcXYZ019/-_ é€😀'.split(/(?:)/u));
    fc.assert(
      fc.property(fc.array(fc.array(topicChar, { minLength: 1, maxLength: CACHE_MAX_LENGTH / 2 + 8 }).map((cs) => cs.join('')), { minLength: 1, maxLength: 20 }), (ts) => {
        for (const t of [...ts, ...ts]) expect(topicOf(encode(publish(t)))).toBe(t);
      }),
      { numRuns: 300 },
    );
  });
});

describe('encode-side topic cache (src/wire/string-bytes.ts)', () => {
  it('writes every topic exactly, cached or not, across more topics than the cache holds [MQTT-1.5.4-1]', () => {
    const topics = deviceTopics(5_000, 3); // more than STRING_BYTES_MAX_ENTRIES: the cache is emptied on the way
    for (let round = 0; round < 2; round++) {
      for (const t of topics) {
        const bytes = encode(publish(t));
        expect(topicOf(bytes)).toBe(t);
        expect(bytes.length).toBe(2 + 2 + t.length + 1);
      }
    }
  });

  it('still refuses a wildcard or empty topic after a cached look-alike [MQTT-3.3.2-2]', () => {
    expect(topicOf(encode(publish('a/b')))).toBe('a/b');
    expect(topicOf(encode(publish('a/b')))).toBe('a/b');
    expect(() => encode(publish('a/+'))).toThrowError(expect.objectContaining({ reasonCode: 0x82 }));
    expect(() => encode(publish('a/#'))).toThrowError(expect.objectContaining({ reasonCode: 0x82 }));
    expect(() => encode(publish(''))).toThrowError(expect.objectContaining({ reasonCode: 0x82 }));
    expect(() => encode(publish('a\u0000b'))).toThrowError(expect.objectContaining({ reasonCode: 0x81 }));
    const multi = 'é/ü/€';
    expect(topicOf(encode(publish(multi)))).toBe(multi);
    expect(topicOf(encode(publish(multi)))).toBe(multi);
  });
});
