/**
 * The decoder's string cache (src/wire/string-cache.ts). It must never change what decode
 * returns: a UTF-8 Encoded String [MQTT-1.5.4-1] decodes to the string its bytes spell, whatever
 * the cache holds. Checked on a cache of its own with forced collisions (same set; same tag and
 * length), through decode on the traffic that motivated the layout (thousands of equal-length
 * topics differing in the middle), and for the adaptive part: tables only on first use, growing
 * with use, standing aside when distinct strings flood it, and coming back when traffic repeats.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, type Packet } from '../src/index.js';
import { CACHE_MAX_LENGTH, SKIP, StringCache } from '../src/wire/string-cache.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const publish = (topic: string): Packet => ({ type: 'publish', topic, payload: new Uint8Array(1), qos: 0, retain: false, dup: false });
const topicOf = (bytes: Uint8Array, protocolVersion: 4 | 5 = 4): string => (decode(bytes, { protocolVersion }) as { topic: string }).topic;

/** `count` topics `devices/<16 hex digits>/telemetry`, all 34 bytes long. */
function deviceTopics(count: number, salt = 0): string[] {
  return Array.from({ length: count }, (_, i) => `devices/${(i * 2654435761 + salt).toString(16).padStart(16, '0').slice(-16)}/telemetry`);
}

/** Looks `s` up in `cache`, storing it on a miss; returns the string the cache answered, or null. */
function use(cache: StringCache, s: string): string | null {
  const bytes = ascii(s);
  const found = cache.lookup(bytes, 0, bytes.length);
  if (found >= 0) return cache.string(found);
  cache.store(found, bytes, 0, bytes.length, s, 0);
  return null;
}

describe('string cache', () => {
  it('allocates no tables before its first look-up, and small ones then', () => {
    const cache = new StringCache();
    expect(cache.size).toBe(0);
    use(cache, 'a/b');
    expect(cache.size).toBe(256);
  });

  it('answers a hit only with the string of exactly the bytes looked up, across crowded sets [MQTT-1.5.4-1]', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(2_999), { minLength: 1, maxLength: 400 }), (picks) => {
        const cache = new StringCache();
        const topics = deviceTopics(3_000, 5);
        for (const k of picks) {
          const got = use(cache, topics[k]);
          if (got !== null) expect(got).toBe(topics[k]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never returns a cached string whose tag and length match but whose bytes differ', () => {
    // A full tag collision, forced: store `a` with the ticket of `b`'s miss, then look `b` up.
    const cache = new StringCache();
    const a = 'devices/0000000000000001/telemetry';
    const b = 'devices/0000000000000002/telemetry';
    const ticket = cache.lookup(ascii(b), 0, b.length);
    expect(ticket).toBeLessThan(0);
    const slot = cache.store(ticket, ascii(a), 0, a.length, a, 0);
    expect(cache.string(slot)).toBe(a);
    expect(cache.lookup(ascii(b), 0, b.length)).toBeLessThan(0);
    // Same for a difference in the last byte (the zero-padded tail word), and a length mismatch.
    for (const c of [`${a.slice(0, -1)}X`, `${a.slice(0, -2)}X`, `${a}X`.slice(1), a.slice(0, -1)]) {
      expect(cache.lookup(ascii(c), 0, c.length)).toBeLessThan(0);
    }
  });

  it('keeps the user bits of a string with it, and drops them with it', () => {
    const cache = new StringCache();
    const s = 'sensors/+/temp';
    const miss = cache.lookup(ascii(s), 0, s.length);
    const slot = cache.store(miss, ascii(s), 0, s.length, s, 1);
    cache.addFlags(slot, 4);
    const hit = cache.lookup(ascii(s), 0, s.length);
    expect(hit).toBe(slot);
    expect(cache.flags(hit)).toBe(5);
  });

  it('grows its tables while repeated strings miss, and keeps a working set of 1,000 cached', () => {
    const cache = new StringCache();
    const topics = deviceTopics(1_000, 9);
    let hits = 0;
    for (let round = 0; round < 30; round++) for (const t of topics) if (use(cache, t) !== null && round === 29) hits++;
    expect(cache.size).toBeGreaterThan(1_000);
    expect(cache.lookup(ascii(topics[0]), 0, topics[0].length)).not.toBe(SKIP);
    expect(hits).toBeGreaterThan(800);
  });

  it('stands aside when a flood of distinct strings makes it miss, with bounded tables, and comes back when traffic repeats', () => {
    const cache = new StringCache();
    const flood = deviceTopics(300_000, 11);
    for (const t of flood) use(cache, t);
    expect(cache.size).toBeLessThanOrEqual(8_192);
    const t = flood[0];
    expect(cache.lookup(ascii(t), 0, t.length)).toBe(SKIP); // standing aside
    expect(cache.store(SKIP, ascii(t), 0, t.length, t, 0)).toBe(-1);
    // A few repeated topics: once the stand-aside span is over, the cache serves them again.
    const few = deviceTopics(8, 13);
    let hits = 0;
    for (let i = 0; i < 400_000; i++) if (use(cache, few[i % 8]) !== null) hits++;
    expect(cache.lookup(ascii(few[0]), 0, few[0].length)).toBeGreaterThanOrEqual(0);
    expect(hits).toBeGreaterThan(200_000);
  });

  it('under a flood that never repeats, its tries cost ever less: each failed try doubles the next stand-aside span', () => {
    const cache = new StringCache();
    const flood = deviceTopics(300_000, 17).map(ascii);
    let tried = 0; // look-ups in the last 4 M that were not answered SKIP (the cache worked on them)
    for (let i = 0; i < 6_000_000; i++) {
      const b = flood[i % flood.length];
      const found = cache.lookup(b, 0, b.length);
      if (found !== SKIP) {
        if (i >= 2_000_000) tried++;
        if (found < 0) cache.store(found, b, 0, b.length, '', 0);
      }
    }
    // A fixed span of 131,072 with windows of 16,384 would work on about 11 % of them.
    expect(tried / 4_000_000).toBeLessThan(0.02);
  });

  it('decodes colliding and crowded topics through decode to exactly their own strings [MQTT-1.5.4-1]', () => {
    const topics = deviceTopics(60_000);
    fc.assert(
      fc.property(fc.array(fc.nat(59_999), { minLength: 1, maxLength: 60 }), fc.constantFrom(4 as const, 5 as const), (picks, v) => {
        for (const k of picks) expect(topicOf(encode(publish(topics[k]), { protocolVersion: v }), v)).toBe(topics[k]);
      }),
      { numRuns: 200 },
    );
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

  it('a Topic Filter cached as valid under 3.1.1 is still checked under 5.0, and an invalid one is refused every time [MQTT-4.8.2-1, MQTT-4.7.1-2]', () => {
    const sub = (topicFilter: string): Packet => ({ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter, qos: 0 }] });
    // '$share//t' is an ordinary filter in 3.1.1, a Shared Subscription with an empty ShareName in 5.0.
    for (let round = 0; round < 2; round++) {
      expect(decode(encode(sub('$share//t'), { protocolVersion: 4 }), { protocolVersion: 4 })).toMatchObject({ subscriptions: [{ topicFilter: '$share//t' }] });
      expect(() => encode(sub('$share//t'), { protocolVersion: 5 })).toThrowError(expect.objectContaining({ reasonCode: 0x82 }));
      expect(() => encode(sub('a/#/b'), { protocolVersion: 4 })).toThrowError(expect.objectContaining({ reasonCode: 0x82 }));
      expect(() => encode(sub('a/b+'), { protocolVersion: 5 })).toThrowError(expect.objectContaining({ reasonCode: 0x82 }));
    }
  });

  it('writes every filter exactly, cached or not, across more filters than the cache holds [MQTT-1.5.4-1]', () => {
    const filters = deviceTopics(5_000, 4).map((t) => t.replace('/telemetry', '/+'));
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < filters.length; i += 5) {
        const subscriptions = filters.slice(i, i + 5).map((topicFilter) => ({ topicFilter, qos: 1 as const }));
        const packet: Packet = { type: 'subscribe', packetId: 9, subscriptions };
        expect(decode(encode(packet, { protocolVersion: 4 }), { protocolVersion: 4 })).toEqual(packet);
      }
    }
  });
});
