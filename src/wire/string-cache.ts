/**
 * A cache of short ASCII strings read from the wire: Topic Names, filters, client identifiers and
 * property strings repeat constantly in MQTT traffic, and a hit returns the same (immutable, flat)
 * string without validating, building or allocating. Bytes and strings only: knows nothing of
 * packets. Users may keep a few bits of their own about each cached string ({@link StringCache.flags}).
 *
 * **Adaptive.** A hit only pays while the cache is small enough to stay in the processor's caches
 * and the traffic repeats itself: with tens of thousands of distinct topics a hit touches several
 * random cache lines and costs more than building the string afresh. So the cache measures its hit
 * rate over windows of look-ups: under 87.5 %, the tables grow (from {@link MIN_SETS} sets up
 * to {@link MAX_SETS}) at least twofold, to the size the window's hit rate says would reach 87.5 %
 * ({@link grownSets}: a fleet of 20,000 topics goes from the first tables to the largest at once,
 * where doubling took five more sizes, two windows each), and when the largest miss too often the
 * cache stands aside: {@link skips}
 * answers true at once for all but one look-up in {@link SAMPLE_EVERY} on average, and that one
 * is still looked up and stored, as a sample. When {@link SAMPLES} samples hit 93.75 % of the time
 * or more, the traffic repeats again and the cache works on every look-up; a fleet's topics never
 * repeat enough, and then the samples cost 1.6 % of the look-ups. So the cache is back within
 * about 16,400 look-ups of a flood's end, whatever came before (a span that doubled after each
 * failed try kept it aside for up to 4 M look-ups: a few-topic stream after a flood ran uncached
 * for seconds). The gaps between samples are drawn at random (1 to 127 look-ups, 64 on
 * average). Taken every 64th look-up, 256 samples and the look-up that judged them spanned
 * exactly 16,385 look-ups, so traffic repeating with that period (a round-robin over 16,385
 * device topics) was sampled at the same strings every time: they hit from the second period
 * on, and the cache went back to work on a third of the look-ups of traffic it could not serve.
 * The window after new (empty) tables only fills them; the next one is judged. Nothing is
 * allocated before the first look-up, and never more than the largest tables (about 1.2 MB with
 * their strings), whatever the number of distinct strings.
 *
 * **Layout.** Sets of {@link WAYS} entries; a new string replaces the oldest of its set (first in,
 * first out, by a per-set counter: nothing moves, so a miss stays cheap). An entry's tag packs 24
 * bits of a seeded hash of every byte with the length; a hit needs the tag and then every byte to
 * match, compared 4 at a time with a copy of the bytes as 32-bit words. The hash is seeded per
 * cache, so a hostile peer cannot prepare colliding strings: it can only cause misses, whose extra
 * cost is bounded by the string length, and a flood of misses turns the cache off.
 *
 * @module
 */

/** Longest string the cache holds (bytes). */
export const CACHE_MAX_LENGTH = 64;
/** Entries per set. */
const WAYS = 4;
/** 32-bit words of an entry's byte copy. */
const WORDS = CACHE_MAX_LENGTH / 4;
/** Sets of the first tables (256 entries, 16 KiB of byte copies). */
const MIN_SETS = 64;
/** Sets of the largest tables (8,192 entries, 512 KiB of byte copies). */
const MAX_SETS = 2048;
/** Look-ups per measuring window, per entry of the tables. */
const WINDOW_PER_ENTRY = 2;
/**
 * Hits per 16 look-ups of a window under which the tables double, and the largest stand aside
 * (14: 87.5 %). At the largest size a hit touches memory the processor does not keep close, and
 * costs about what building the string does, so the cache pays only when nearly every look-up hits.
 */
const KEEP_HITS_PER_16 = 14;
/**
 * Hits per 16 samples for a cache standing aside to work again (15: 93.75 %), above
 * {@link KEEP_HITS_PER_16}: samples taken while the tables barely change hit more often than
 * look-ups do while they churn, so with one line for both a working set just past the tables
 * flipped between the two modes (with 10,000 device topics: 14 times in five passes over 32 MiB,
 * a window of working look-ups lost each time).
 */
const RETURN_HITS_PER_16 = 15;
/**
 * While the cache stands aside, one look-up in this many on average is still worked, as a sample:
 * the gap to the next sample is drawn evenly from 1 to 2 × SAMPLE_EVERY - 1 look-ups.
 */
const SAMPLE_EVERY = 64;
/** Samples judged at a time while the cache stands aside (about 16,400 look-ups in all). */
const SAMPLES = 256;

/**
 * What {@link StringCache.lookup} answers when the cache starts standing aside: do not store. A
 * miss's ticket is -1 - tag, and a tag is at least 1, so no ticket is -1; and -1 is a small
 * integer, which V8 returns without boxing (the value before, -2^31 - 1, was not: returning it the
 * first time cost the string reader its optimized code, seen with --trace-deopt).
 */
export const SKIP = -1;

/**
 * A set-associative cache of ASCII strings, keyed by their bytes. `lookup` gives a slot (≥ 0) on a
 * hit, or on a miss a negative ticket that `store` takes to put the string in.
 */
export class StringCache {
  private sets = 0;
  // The tables: empty until `resize` makes them, before the first look-up uses them. Set here so
  // that a cache has its final shape from the start: fields added later change its hidden class,
  // and V8 then discards the optimized code that reads a cache through a Reader when the next
  // Reader is made (a second Decoder did that, seen with --trace-deopt).
  private tags = new Int32Array(0);
  private words = new Int32Array(0);
  // Stryker disable next-line ArrayDeclaration: equivalent; `resize` replaces the empty tables before the first look-up reads them.
  private strings: string[] = [];
  private bits = new Uint8Array(0);
  /** The way of each set that the next new string takes (first in, first out). */
  private next = new Uint8Array(0);
  /** Look-ups left in the current window (or, while standing aside, samples left until they are judged). */
  private left = 0;
  /** While standing aside: look-ups until the next sample (counted down by {@link skips}, drawn by {@link lookup}). */
  private gap = 0;
  /** Hits in the current window (or among the samples). */
  private hits = 0;
  /** Whether the cache stands aside (false once the constructor is done). */
  private bypass: boolean;
  /** Whether the tables have had a window to fill since they were made. */
  // Stryker disable next-line BooleanLiteral: equivalent; `resize` sets it before it is first read (the first look-up makes the tables).
  private warm = false;
  private readonly seed = (Math.random() * 0x100000000) | 0;
  /** The words of the bytes being looked up, within one {@link lookup} call. */
  private readonly looked = new Int32Array(WORDS);

  // Stryker disable next-line BlockStatement: the constructor runs at load (the shared caches), so Stryker takes this mutant for a static one, which it cannot switch on with one module cache, and reported it surviving; applied by hand (5 December) it fails the standing-aside test (skips() answers undefined, not false).
  constructor() {
    // V8 takes a field for a constant until its value first changes, and then discards the
    // optimized code that relied on that. `bypass` first changes when the cache first stands aside,
    // in the middle of a stream, and that cost the decoding functions their compiled code there
    // (seen with --trace-deopt): it is changed once here, before any code is compiled.
    // Stryker disable next-line BooleanLiteral: equivalent (`false`); the field is then not changed here, which only costs speed. (The next line's `true` leaves the cache standing aside: the tests see that.)
    this.bypass = true;
    this.bypass = false;
  }

  /** Entries of the current tables (0 before the first look-up). */
  get size(): number {
    return this.sets * WAYS;
  }

  /**
   * Looks up the `n` bytes `buf[s, s + n)` (1 ≤ n ≤ {@link CACHE_MAX_LENGTH}), after
   * {@link skips} answered false. Returns the slot of the cached string on a hit; on a miss a
   * negative ticket for {@link store}; {@link SKIP} when the cache starts standing aside, or goes
   * on standing aside after judging its samples.
   */
  lookup(buf: Uint8Array, s: number, n: number): number {
    // Working, each look-up counts down the window; standing aside, each sample, and the gap to
    // the next is drawn.
    // Stryker disable next-line ConditionalExpression: equivalent (`true`); a gap drawn while the cache works is read only once it stands aside, where it puts the first sample after a random gap instead of at once: the same spacing for every later sample (speed only). (`false`, disabled with it, never draws a gap, so every look-up aside is a sample: the tests see that.)
    if (this.bypass) this.gap = drawGap();
    if (--this.left < 0) {
      this.adapt();
      if (this.bypass) return SKIP;
    }
    let h = Math.imul(this.seed ^ n, 0x9e3779b1);
    const e = s + n;
    // The words are kept for the comparisons of this call (reading them again from the bytes
    // measured slower).
    const looked = this.looked;
    let i = s;
    let k = 0;
    for (; i + 4 <= e; i += 4) {
      const w = wordAt(buf, i);
      looked[k++] = w;
      h = Math.imul(h ^ w, 0x01000193);
      h ^= h >>> 15;
    }
    if (i < e) h = Math.imul(h ^ (looked[k++] = tailWord(buf, i, e)), 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    // 24 bits of hash above 7 bits of length: never 0, never negative.
    const tag = ((h >>> 8) << 7) | n;
    const first = ((tag >>> 7) & (this.sets - 1)) * WAYS;
    const tags = this.tags;
    // Stryker disable next-line EqualityOperator: equivalent (`<=`); the slot after the set is the next set's (or past the table), whose tags carry another set's bits, so none equals this tag. (`>=`, disabled with it, looks at no slot: the tests see that.)
    for (let slot = first; slot < first + WAYS; slot++) {
      if (tags[slot] === tag && this.holds(slot, k)) {
        this.hits++;
        return slot;
      }
    }
    return -1 - tag;
  }

  /**
   * True when the caller should skip {@link lookup} and {@link store}: while the cache stands
   * aside, for all but one look-up in {@link SAMPLE_EVERY} on average (each counted here). False
   * makes the look-up a sample: call {@link lookup} then (it draws the gap to the next). A check
   * small enough to be inlined where strings are read (drawing the gap here too made it too large
   * for that: seen with --trace-turbo-inlining).
   */
  skips(): boolean {
    return this.bypass && --this.gap > 0;
  }

  /**
   * Stores `str`, the ASCII string (without U+0000) of the bytes `buf[s, s + n)` whose look-up
   * returned `ticket`, with the user bits `bits`, in place of the oldest entry of its set. Returns
   * its slot, or -1 when `ticket` is {@link SKIP}. Call it before any other look-up.
   */
  store(ticket: number, buf: Uint8Array, s: number, n: number, str: string, bits: number): number {
    if (ticket === SKIP) return -1;
    const tag = -1 - ticket;
    const set = (tag >>> 7) & (this.sets - 1);
    const way = this.next[set];
    // Stryker disable next-line ArithmeticOperator: equivalent (`way - 1`); the ways are replaced in the other order, each in turn all the same (which entry goes first only changes what hits: speed). (`WAYS + 1`, disabled with it, is killed by the tests.)
    this.next[set] = (way + 1) & (WAYS - 1);
    const slot = set * WAYS + way;
    const words = this.words;
    const e = s + n;
    let k = slot * WORDS;
    let i = s;
    for (; i + 4 <= e; i += 4) words[k++] = wordAt(buf, i);
    if (i < e) words[k] = tailWord(buf, i, e);
    this.tags[slot] = tag;
    this.strings[slot] = str;
    this.bits[slot] = bits;
    return slot;
  }

  /** The string in `slot` (a slot {@link lookup} or {@link store} returned). */
  string(slot: number): string {
    return this.strings[slot];
  }

  /** The user bits of the string in `slot`. */
  flags(slot: number): number {
    return this.bits[slot];
  }

  /** Sets user bits `bits` of the string in `slot` (facts that depend on the string alone). */
  addFlags(slot: number, bits: number): void {
    this.bits[slot] |= bits;
  }

  /**
   * At the end of a window: keeps the tables while the hit rate pays, doubles them while it does
   * not, stands aside when even the largest miss too often; standing aside, at the end of its
   * samples, works again when they hit often enough. The first call allocates the first tables.
   */
  private adapt(): void {
    const sets = this.sets;
    if (sets === 0) {
      this.resize(MIN_SETS);
    } else if (this.bypass) {
      // The samples repeat: the traffic does. The tables are warm (the samples kept them up).
      if (this.hits * 16 >= RETURN_HITS_PER_16 * SAMPLES) this.bypass = false;
    } else if (this.warm) {
      const window = sets * WAYS * WINDOW_PER_ENTRY;
      // Too few hits: bigger tables while they may grow, else stand aside.
      if (this.hits * 16 < KEEP_HITS_PER_16 * window) {
        if (sets < MAX_SETS) this.resize(grownSets(sets, this.hits, window));
        else this.bypass = true;
      }
    } else {
      this.warm = true; // the window after new tables only filled them: judge the next one
    }
    this.hits = 0;
    // Standing aside: the samples are counted (the look-up that judges them is not one); the first
    // comes at once or after what is left of an earlier gap, each later one after a gap `lookup` draws.
    this.left = this.bypass ? SAMPLES : this.sets * WAYS * WINDOW_PER_ENTRY;
  }

  /** New, empty tables of `sets` sets. */
  private resize(sets: number): void {
    const entries = sets * WAYS;
    this.sets = sets;
    this.warm = false;
    this.tags = new Int32Array(entries);
    this.words = new Int32Array(entries * WORDS);
    // Stryker disable next-line ArrayDeclaration,StringLiteral: equivalent; an entry's string is read only on a hit, and an empty entry (tag 0, which no string has) never hits: the length and filler only make the array packed (speed).
    this.strings = new Array<string>(entries).fill('');
    this.bits = new Uint8Array(entries);
    this.next = new Uint8Array(sets);
  }

  /** Whether entry `slot` holds the `count` words just looked up. */
  private holds(slot: number, count: number): boolean {
    const words = this.words;
    const looked = this.looked;
    const base = slot * WORDS;
    for (let k = 0; k < count; k++) if (words[base + k] !== looked[k]) return false;
    return true;
  }
}

/** A gap between samples: 1 to 2 × {@link SAMPLE_EVERY} - 1 look-ups, evenly drawn. */
function drawGap(): number {
  return 1 + Math.floor(Math.random() * (2 * SAMPLE_EVERY - 1));
}

/**
 * The sets of the tables after `sets` whose window of `window` look-ups had `hits` hits: at least
 * twice as many, and as many as would hit {@link KEEP_HITS_PER_16} look-ups in 16 if the traffic
 * were spread evenly over N strings (tables of E entries then hit about E / N of the time, so
 * N ≈ entries × window / hits), at most {@link MAX_SETS}. Traffic where some strings repeat more
 * than others hits more often, which asks for less: the tables then grow in more steps, as they
 * did by doubling. Traffic that cycles through more strings than the tables hold hits almost never
 * at any smaller size, which asks for the largest: they then hold it all if any tables can (else
 * they miss too, and the cache stands aside).
 */
function grownSets(sets: number, hits: number, window: number): number {
  const wanted = (KEEP_HITS_PER_16 * sets * WAYS * window) / (16 * hits); // Infinity for no hits
  // `wanted` is more than the current entries (the window missed too often), so this doubles once at least.
  let next = sets;
  while (next < MAX_SETS && next * WAYS < wanted) next *= 2;
  return next;
}

/** The 4 bytes at `buf[i]` as a little-endian word. */
function wordAt(buf: Uint8Array, i: number): number {
  return buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
}

/** The last 1–3 bytes `buf[i, e)` as a little-endian word. */
function tailWord(buf: Uint8Array, i: number, e: number): number {
  let w = buf[i];
  if (i + 1 < e) w |= buf[i + 1] << 8;
  if (i + 2 < e) w |= buf[i + 2] << 16;
  return w;
}

/**
 * The caches every `Reader` shares unless given others: one per process, so that a broker's many
 * connections share bounded tables; nothing is allocated until first used. Strings that may be
 * new in every message have caches of their own, each standing aside on its own when it floods:
 * PUBLISH Topic Names (one per device in front of a fleet) and User Property values (trace ids,
 * timestamps); the strings that still repeat there (client identifiers, filters, property names,
 * content types) keep theirs.
 */
export const sharedStrings = new StringCache();
/** The cache of PUBLISH Topic Names (see {@link sharedStrings}). */
export const sharedTopicNames = new StringCache();
/** The cache of User Property values (see {@link sharedStrings}). */
export const sharedPropertyValues = new StringCache();
