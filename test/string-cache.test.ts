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
import { mutationRun } from './helpers/runs.js';

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const publish = (topic: string): Packet => ({ type: 'publish', topic, payload: new Uint8Array(1), qos: 0, retain: false, dup: false });
const topicOf = (bytes: Uint8Array, protocolVersion: 4 | 5 = 4): string => (decode(bytes, { protocolVersion }) as { topic: string }).topic;

/** `count` topics `devices/<16 hex digits>/telemetry`, all 34 bytes long. */
function deviceTopics(count: number, salt = 0): string[] {
  return Array.from({ length: count }, (_, i) => `devices/${(i * 2654435761 + salt).toString(16).padStart(16, '0').slice(-16)}/telemetry`);
}

/**
 * Looks `s` up in `cache` as the reader does (nothing when `skips` says so), storing it on a miss;
 * returns the string the cache answered, or null.
 */
function use(cache: StringCache, s: string): string | null {
  if (cache.skips()) return null;
  const bytes = ascii(s);
  const found = cache.lookup(bytes, 0, bytes.length);
  if (found >= 0) return cache.string(found);
  cache.store(found, bytes, 0, bytes.length, s, 0);
  return null;
}

/**
 * Looks `strings` up in turn, `count` times in all, as the reader does (nothing when `skips` says
 * so, a miss stored); returns the share of the look-ups after the first `from` that the cache
 * worked on (not skipped, not answered SKIP).
 */
function workedShare(cache: StringCache, strings: Uint8Array[], count: number, from: number): number {
  let worked = 0;
  for (let i = 0; i < count; i++) {
    if (cache.skips()) continue;
    const b = strings[i % strings.length];
    const found = cache.lookup(b, 0, b.length);
    if (found === SKIP) continue;
    if (i >= from) worked++;
    if (found < 0) cache.store(found, b, 0, b.length, '', 0);
  }
  return worked / (count - from);
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
    let first = -1; // the look-up that first answered SKIP: the cache stands aside
    flood.forEach((t, i) => {
      if (first >= 0) return void use(cache, t);
      const b = ascii(t);
      const found = cache.lookup(b, 0, b.length);
      if (found === SKIP) first = i;
      else if (found < 0) cache.store(found, b, 0, b.length, t, 0);
    });
    // After two windows of the first tables and two of the largest (the one that fills them, the
    // one judged), where doubling went through every size between.
    expect(first).toBe(2 * windowOf(256) + 2 * windowOf(MAX_ENTRIES)); // an index: the look-up after them
    expect(cache.size).toBeLessThanOrEqual(8_192);
    // Standing aside: 63 look-ups in 64 skipped, on average (about 100 samples in 6,400, give or take
    // 6); each look-up not skipped is a sample, looked up (a miss, not stored).
    let skipped = 0;
    const sample = ascii('devices/sampled/telemetry');
    for (let i = 0; i < 6_400; i++) {
      if (cache.skips()) skipped++;
      else cache.lookup(sample, 0, sample.length);
    }
    expect(skipped).toBeGreaterThan(6_270);
    expect(skipped).toBeLessThan(6_330);
    expect(cache.store(SKIP, ascii(flood[0]), 0, flood[0].length, flood[0], 0)).toBe(-1);
    // A few repeated topics: the samples hit, and the cache serves them again within 16,384 look-ups.
    const few = deviceTopics(8, 13);
    let hits = 0;
    for (let i = 0; i < 400_000; i++) if (use(cache, few[i % 8]) !== null) hits++;
    expect(cache.skips()).toBe(false);
    expect(hits).toBeGreaterThan(400_000 - 2 * 16_384);
  });

  // Six million look-ups: skipped in mutation runs, where the exact sampling test below kills the same mutants.
  it.skipIf(mutationRun)('under a flood that never repeats, the cache works on 1 look-up in 64 and no more', () => {
    const cache = new StringCache();
    const share = workedShare(cache, deviceTopics(300_000, 17).map(ascii), 6_000_000, 2_000_000);
    // 1 in 64 on average, less the look-up that judges each 256 samples: 0.01556, give or take 0.00004.
    expect(share).toBeGreaterThan(0.0153);
    expect(share).toBeLessThan(0.0158);
  });

  it('is not brought back to work by traffic that repeats in step with its sampling: the samples fall at random', () => {
    // A round-robin over 16,385 device topics, twice what the largest tables hold, so first in,
    // first out never hits. Taken every 64th look-up, 256 samples and the look-up that judged them
    // spanned 16,385 look-ups: every period sampled the same 256 topics, stored in the first and
    // hit in every one after it, so the cache went back to work on traffic it cannot serve (a
    // third of the look-ups worked). At random gaps the samples are other topics every period.
    const cache = new StringCache();
    const share = workedShare(cache, deviceTopics(SAMPLES * SAMPLE_EVERY + 1, 29).map(ascii), 1_000_000, 200_000);
    expect(cache.size).toBe(MAX_ENTRIES);
    expect(share).toBeLessThan(0.0158);
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

/** Looks `b` up in `cache` without storing it on a miss (a miss that changes no entry); SKIP when `skips` says so. */
const peek = (cache: StringCache, b: Uint8Array): number => (cache.skips() ? SKIP : cache.lookup(b, 0, b.length));
/** While standing aside: one look-up in this many is a sample, and this many samples are judged at a time (the module's SAMPLE_EVERY, SAMPLES). */
const SAMPLE_EVERY = 64;
const SAMPLES = 256;
/** Entries of the largest tables. */
const MAX_ENTRIES = 8192;
/**
 * Look-ups in a window of tables of `entries` entries: the look-up that ends a window opens the
 * next one, then 2 per entry follow.
 */
const windowOf = (entries: number): number => 2 * entries + 1;

describe('string cache: the bytes it compares', () => {
  it('answers a hit on the bytes looked up alone, not on the bytes around them, for every length from 1 to CACHE_MAX_LENGTH', () => {
    const cache = new StringCache();
    const text = 'devices/0123456789abcdef/telemetry/temperature/celsius/reading-0001';
    for (let n = 1; n <= CACHE_MAX_LENGTH; n++) {
      const s = text.slice(0, n);
      const a = ascii(`<${s}>>>>`); // at offset 1, '>' after it
      const b = ascii(`[[${s}####`); // at offset 2, '#' after it
      const ticket = cache.lookup(a, 1, n);
      expect(ticket).toBeLessThan(0);
      const slot = cache.store(ticket, a, 1, n, s, 0);
      expect(cache.lookup(b, 2, n)).toBe(slot);
      expect(cache.lookup(ascii(s), 0, n)).toBe(slot); // nothing after it
      expect(cache.string(slot)).toBe(s);
    }
  });

  it('never answers a string whose tag and length match but whose partial last word differs', () => {
    const cache = new StringCache();
    for (const n of [5, 6, 7, 33, 34, 35, 61, 62, 63]) {
      const a = 'x'.repeat(n);
      for (let k = 1; k <= n % 4; k++) {
        const b = `${a.slice(0, n - k)}y${a.slice(n - k + 1)}`; // differs from a in the k-th byte from the end
        const ticket = cache.lookup(ascii(b), 0, n);
        cache.store(ticket, ascii(a), 0, n, a, 0); // a under b's tag: a forced collision
        expect(cache.lookup(ascii(b), 0, n)).toBeLessThan(0);
      }
    }
  });

  it('storing a string of the longest length, with bytes after it, leaves the other entries of its set and the next set intact', () => {
    const cache = new StringCache();
    // Strings of CACHE_MAX_LENGTH bytes that fall in one set (the set is in the tag, which a miss's ticket gives).
    const setOf = (b: Uint8Array): number => ((-1 - cache.lookup(b, 0, CACHE_MAX_LENGTH)) >>> 7) & 63;
    const bySet = new Map<number, Uint8Array[]>();
    let group: Uint8Array[] = [];
    for (let i = 0; group.length < 5; i++) {
      const b = ascii(`${String(i).padStart(6, '0')}/`.padEnd(CACHE_MAX_LENGTH, 'z') + '!'); // '!' after the string
      const list = bySet.get(setOf(b)) ?? [];
      list.push(b);
      bySet.set(setOf(b), list);
      if (list.length > group.length) group = list;
    }
    const text = (b: Uint8Array): string => String.fromCharCode(...b.subarray(0, CACHE_MAX_LENGTH));
    for (const b of group) cache.store(cache.lookup(b, 0, CACHE_MAX_LENGTH), b, 0, CACHE_MAX_LENGTH, text(b), 0);
    // The fifth replaced the first (first in, first out); the four others are all there.
    expect(cache.lookup(group[0], 0, CACHE_MAX_LENGTH)).toBeLessThan(0);
    for (const b of group.slice(1)) expect(cache.string(cache.lookup(b, 0, CACHE_MAX_LENGTH))).toBe(text(b));
  });

  it('seeds its hash per cache: the same string gets a different tag in different caches', () => {
    const b = ascii('devices/0000000000000001/telemetry');
    const tickets = new Set(Array.from({ length: 8 }, () => peek(new StringCache(), b)));
    expect(tickets.size).toBeGreaterThan(1);
  });
});

describe('string cache: windows, growth and standing aside', () => {
  const r = ascii('devices/r/telemetry'); // stored, then hit
  const m = ascii('devices/never-stored/telemetry'); // never stored: always a miss

  it('the window after new tables only fills them: a burst of new strings then does not grow them', () => {
    const cache = new StringCache();
    const working = deviceTopics(16, 21);
    const burst = deviceTopics(150, 23);
    for (let i = 0; i < 300; i++) use(cache, i % 2 === 0 ? burst[i >> 1] : working[i % 16]);
    for (let i = 0; i < 20_000; i++) use(cache, working[i % 16]);
    expect(cache.size).toBe(256);
  });

  /**
   * A cache whose first tables (256 entries) have just judged a window in which `hits` look-ups
   * hit, `r` stored; returns it with what the look-up that ended the window answered.
   */
  function judged(hits: number): [StringCache, number] {
    const cache = new StringCache();
    cache.store(cache.lookup(r, 0, r.length), r, 0, r.length, 'devices/r/telemetry', 0); // makes the tables: opens the first window
    for (let i = 1; i < windowOf(256); i++) peek(cache, r); // the rest of the first window: only fills the tables
    for (let i = 0; i < windowOf(256) - hits; i++) peek(cache, m); // the judged window: misses first, then hits
    for (let i = 0; i < hits; i++) peek(cache, r);
    expect(cache.size).toBe(256);
    return [cache, cache.lookup(r, 0, r.length)]; // ends the judged window
  }

  it('judges a window against 87.5 %: 448 hits for 512 look-ups (2 per entry) keep the first tables, 447 grow them', () => {
    for (const [hits, size] of [
      [448, 256],
      [447, 512],
    ]) {
      const [cache, found] = judged(hits);
      expect(cache.size).toBe(size);
      expect(found === SKIP).toBe(false);
    }
  });

  it('grows at least twofold, to the tables the hit rate asks for (N distinct strings hit E / N of the time), at most to the largest, and works on there', () => {
    // Entries wanted for 87.5 %: 0.875 × 256 × 512 / hits; 447 → 257 (twofold: 512), 100 → 1,147,
    // 29 → 3,955, 28 → 4,096, 27 → 4,248, 14 → 8,192 (the largest), 13 → 8,822, 0 → infinitely many.
    for (const [hits, size] of [
      [447, 512],
      [100, 2_048],
      [29, 4_096],
      [28, 4_096],
      [27, MAX_ENTRIES],
      [14, MAX_ENTRIES],
      [13, MAX_ENTRIES],
      [0, MAX_ENTRIES],
    ] as const) {
      const [cache, found] = judged(hits);
      expect([hits, cache.size, found === SKIP]).toEqual([hits, size, false]);
    }
  });

  /** A cache that has just made its largest tables (the look-up that made them opened their first window), with `r` stored. */
  function largest(): StringCache {
    // 20 hits in the judged window point to about 5,700 distinct strings: the largest tables, working.
    const [cache, ticket] = judged(20);
    expect(cache.size).toBe(MAX_ENTRIES);
    cache.store(ticket, r, 0, r.length, 'devices/r/telemetry', 0);
    for (let i = 1; i < windowOf(MAX_ENTRIES); i++) peek(cache, r); // the rest of the window that fills them
    return cache;
  }

  it('judges the largest tables against 87.5 % too: 14,336 hits for 16,384 look-ups keep them working, 14,335 make the cache stand aside', () => {
    for (const [hits, stands] of [
      [14_336, false],
      [14_335, true],
    ] as const) {
      const cache = largest();
      for (let i = 0; i < windowOf(MAX_ENTRIES) - hits; i++) peek(cache, m);
      for (let i = 0; i < hits; i++) peek(cache, r);
      const next = peek(cache, r); // ends the judged window
      expect(cache.size).toBe(MAX_ENTRIES);
      if (stands) expect(next).toBe(SKIP);
      else expect(next).toBeGreaterThanOrEqual(0);
    }
  });

  it('stands aside: skips 63 look-ups in 64 on average and samples the others; 256 samples with fewer than 240 hits (93.75 %, above the 87.5 % that sends it aside) keep it aside, 240 make it work again', () => {
    const cache = largest();
    /**
     * One judged period while standing aside: the first `hits` samples hit, the others miss.
     * Returns the look-ups it took and what the look-up after the samples (of a stored string) answered.
     */
    const period = (hits: number): [number, number] => {
      let calls = 0;
      for (let samples = 0; ; ) {
        calls++;
        if (cache.skips()) continue;
        if (samples === SAMPLES) return [calls, cache.lookup(r, 0, r.length)];
        const b = samples++ < hits ? r : m;
        cache.lookup(b, 0, b.length); // a sample (a miss stores nothing)
      }
    };
    expect(cache.skips()).toBe(false); // working: nothing skipped
    for (let i = 0; i < windowOf(MAX_ENTRIES); i++) peek(cache, m); // a window of misses
    expect(peek(cache, m)).toBe(SKIP);
    // A period is 257 gaps of 64 look-ups on average (the 257th sample is the look-up that judges
    // the 256 before it): 16,448, give or take 590; the first after the cache stands aside starts
    // with a sample at once (16,385 on average).
    const about = (calls: number): boolean => calls > 13_500 && calls < 19_500;
    for (const hits of [0, 224, 239]) {
      const [calls, found] = period(hits);
      expect([about(calls), found]).toEqual([true, SKIP]);
    }
    const [calls, found] = period(240); // samples that pay: the cache works again
    expect([about(calls), found >= 0, cache.skips()]).toEqual([true, true, false]);
    for (let i = 1; i < windowOf(MAX_ENTRIES); i++) peek(cache, m); // then a window of misses
    expect(peek(cache, m)).toBe(SKIP);
    expect(period(SAMPLES)[1]).toBeGreaterThanOrEqual(0);
  });

  it('draws the gaps between samples evenly from 1 to 127 look-ups (64 on average)', () => {
    const cache = largest();
    for (let i = 0; i < windowOf(MAX_ENTRIES); i++) peek(cache, m); // a window of misses
    expect(peek(cache, m)).toBe(SKIP); // it stands aside
    const gaps: number[] = [];
    for (let since = 1; gaps.length < 20_000; since++) {
      if (cache.skips()) continue;
      gaps.push(since); // look-ups from the last sample to this one
      since = 0;
      cache.lookup(m, 0, m.length); // a sample (a miss: the cache stays aside)
    }
    const counts = new Array<number>(129).fill(0);
    for (const g of gaps.slice(1)) counts[g]++;
    expect(counts[0]).toBe(0);
    expect(counts[128]).toBe(0);
    // Each of the 127 gaps about 157 times in 19,999 (give or take 12.5): none missing, none twice as common.
    for (let g = 1; g <= 127; g++) {
      expect(counts[g]).toBeGreaterThan(90);
      expect(counts[g]).toBeLessThan(230);
    }
    const mean = gaps.slice(1).reduce((a, g) => a + g, 0) / (gaps.length - 1);
    expect(mean).toBeGreaterThan(62.5);
    expect(mean).toBeLessThan(65.5);
  });
});
