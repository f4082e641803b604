/**
 * UTF-8 for MQTT strings: byte length and encoding of JS strings (refusing lone surrogates),
 * and a strict validator for received bytes (1.5.4: well-formed, no encoded surrogates, no
 * overlongs, nothing above U+10FFFF, no U+0000), with the SHOULD-NOT code points reported.
 * Bytes only: knows nothing of packets.
 *
 * @module
 */

/** `utf8Length` result for a string with an unpaired UTF-16 surrogate. */
export const LONE_SURROGATE = -1;
/** `utf8Length` result for a string containing U+0000. */
export const NULL_CHARACTER = -2;

/** Whether the string last measured by {@link utf8Length} contains `+` or `#`. */
export let lastHadWildcard = false;

/**
 * Number of bytes `str` takes in UTF-8, or {@link LONE_SURROGATE} / {@link NULL_CHARACTER} when
 * it cannot be an MQTT string. With `allowNull` (payload text), U+0000 is counted like any other.
 */
export function utf8Length(str: string, allowNull = false): number {
  const n = str.length;
  let bytes = n;
  let wildcard = false;
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) {
      // One comparison for the usual characters: '+' (0x2B), '#' (0x23) and U+0000 are all below 0x2C.
      if (c < 0x2c) {
        if (c === 0x2b || c === 0x23) wildcard = true;
        else if (c === 0 && !allowNull) return NULL_CHARACTER;
      }
      continue;
    }
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A high surrogate followed by a low one is one astral code point: 4 bytes for 2 units.
      if (c <= 0xdbff && i + 1 < n) {
        const d = str.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          bytes += 2;
          i++;
          continue;
        }
      }
      return LONE_SURROGATE;
    } else {
      bytes += 2;
    }
  }
  lastHadWildcard = wildcard;
  return bytes;
}

/** Writes `str` (already checked by {@link utf8Length}) as UTF-8 at `pos`; returns the new position. */
export function writeUtf8(buf: Uint8Array, pos: number, str: string): number {
  const n = str.length;
  for (let i = 0; i < n; i++) {
    let c = str.charCodeAt(i);
    if (c < 0x80) {
      buf[pos++] = c;
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdbff) {
      c = 0x10000 + ((c - 0xd800) << 10) + (str.charCodeAt(++i) - 0xdc00);
      buf[pos++] = 0xf0 | (c >> 18);
      buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    }
  }
  return pos;
}

/** What {@link checkUtf8} found wrong. */
export const Utf8Fault = {
  None: 0,
  /** Not well-formed UTF-8: bad lead or continuation byte, overlong, surrogate, > U+10FFFF, cut short. */
  IllFormed: 1,
  /** U+0000. */
  Null: 2,
  /** A code point the specification says SHOULD NOT appear (only reported when asked). */
  Discouraged: 3,
} as const;
/** A value of {@link Utf8Fault}. */
export type Utf8Fault = (typeof Utf8Fault)[keyof typeof Utf8Fault];

/** The fault kind found by the last {@link checkUtf8} call that returned an offset. */
export let lastUtf8Fault: Utf8Fault = Utf8Fault.None;

/**
 * True for the code points MQTT says a string SHOULD NOT contain: the controls U+0001–U+001F and
 * U+007F–U+009F, and the Unicode noncharacters (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF in every plane).
 */
export function isDiscouragedCodePoint(cp: number): boolean {
  return (
    (cp >= 0x01 && cp <= 0x1f) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0xfdd0 && cp <= 0xfdef) ||
    (cp & 0xfffe) === 0xfffe
  );
}

/**
 * Checks `buf[start, end)` as an MQTT UTF-8 string. Returns -1 when it is acceptable, otherwise
 * the offset of the first byte of the offending sequence, with the kind in {@link lastUtf8Fault}.
 * With `discouraged`, the SHOULD-NOT code points are faults too.
 */
export function checkUtf8(buf: Uint8Array, start: number, end: number, discouraged: boolean): number {
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) {
      if (b === 0) return fault(i, Utf8Fault.Null);
      if (discouraged && (b < 0x20 || b === 0x7f)) return fault(i, Utf8Fault.Discouraged);
      i++;
      continue;
    }
    let cp: number;
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      cp = b & 0x1f;
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      cp = b & 0x0f;
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      cp = b & 0x07;
      need = 3;
      min = 0x10000;
    } else {
      // 0x80–0xBF: stray continuation; 0xC0/0xC1: always overlong; 0xF5–0xFF: beyond U+10FFFF.
      return fault(i, Utf8Fault.IllFormed);
    }
    if (i + need >= end) return fault(i, Utf8Fault.IllFormed); // cut short by the string's end
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) return fault(i, Utf8Fault.IllFormed);
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return fault(i, Utf8Fault.IllFormed);
    if (discouraged && isDiscouragedCodePoint(cp)) return fault(i, Utf8Fault.Discouraged);
    i += need + 1;
  }
  return -1;
}

function fault(at: number, kind: Utf8Fault): number {
  lastUtf8Fault = kind;
  return at;
}

const strictDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
const lossyDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: false });

const fromCharCode = String.fromCharCode;

/**
 * Builds the string of ASCII bytes `buf[s, e)`. Up to 8 bytes, one `String.fromCharCode` call
 * with the bytes as arguments (measured about 4× faster than appending characters one by one, and
 * 5–10× faster than a TextDecoder call, whose fixed cost dominates short strings); up to 32, such
 * calls of 8 joined (measured 1.5–2× faster than TextDecoder at 12–32 bytes on Node 20, string
 * flattening included); longer strings go through TextDecoder, which was as fast or faster from
 * 48 bytes up once the joined string is flattened (as a Map lookup or a comparison does).
 */
export function asciiString(buf: Uint8Array, s: number, e: number): string {
  switch (e - s) {
    case 0:
      return '';
    case 1:
      return fromCharCode(buf[s]);
    case 2:
      return fromCharCode(buf[s], buf[s + 1]);
    case 3:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2]);
    case 4:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3]);
    case 5:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4]);
    case 6:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5]);
    case 7:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5], buf[s + 6]);
    case 8:
      return fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5], buf[s + 6], buf[s + 7]);
  }
  if (e - s <= 32) {
    let out = fromCharCode(buf[s], buf[s + 1], buf[s + 2], buf[s + 3], buf[s + 4], buf[s + 5], buf[s + 6], buf[s + 7]);
    let i = s + 8;
    for (; i + 8 <= e; i += 8) {
      out += fromCharCode(buf[i], buf[i + 1], buf[i + 2], buf[i + 3], buf[i + 4], buf[i + 5], buf[i + 6], buf[i + 7]);
    }
    return i === e ? out : out + asciiString(buf, i, e);
  }
  return strictDecoder.decode(buf.subarray(s, e));
}

/**
 * A cache of ASCII strings. Topic names, filters, client identifiers and property strings repeat
 * constantly in MQTT traffic; a hit returns the same (immutable) string without scanning,
 * building or allocating.
 *
 * Layout, chosen by measurement on a stream of 10,000 live topics of equal length that differ
 * only in the middle (`bench/traffic.mjs`): the key is a hash of every byte (4 at a time) and the
 * length, seeded per process; 8,192 sets of 4 entries, a new string replacing the oldest of its
 * set (first in, first out, by a per-set counter: nothing moves, so a miss stays cheap). Two ways were not enough: with 10,000
 * live strings a third of them sit in sets of three or more and keep evicting each other; with
 * four ways and 32,768 entries 10,000 strings lose about 1 % to crowded
 * sets, 20,000 about 6 %.
 * A hit needs the full 32-bit hash and the length to match, and then every byte, compared 4 at a
 * time with a copy of the cached string's bytes (the hash reads them as 32-bit words anyway; this
 * measured 3× faster than `charCodeAt` on the string, and byte-by-byte compares twice as slow).
 * The cache holds only ASCII without U+0000: a hit is exact and valid. A hostile
 * peer (who cannot predict the seeded hash) can only cause misses, whose extra cost is bounded by
 * the string length.
 */
const CACHE_SETS = 8192;
const CACHE_WAYS = 4;
const CACHE_ENTRIES = CACHE_SETS * CACHE_WAYS;
/**
 * Longest string the cache holds. The byte copies take 64 bytes an entry, 2 MiB in all, of which
 * the operating system backs only the pages written to.
 */
export const CACHE_MAX_LENGTH = 64;
const WORDS = CACHE_MAX_LENGTH / 4;
const cacheStrings: string[] = new Array<string>(CACHE_ENTRIES).fill('');
/** The bytes of each cached string as little-endian 32-bit words (the last one zero-padded), {@link WORDS} an entry. */
const cacheWords = new Int32Array(CACHE_ENTRIES * WORDS);
/** The words of the bytes last hashed by {@link stringHash}. */
const hashedWords = new Int32Array(WORDS);
/** Full hash of each cached string (from {@link stringHash}). */
const cacheHashes = new Int32Array(CACHE_ENTRIES);
/** Length of each cached string, -1 for an empty entry. */
const cacheLengths = new Int16Array(CACHE_ENTRIES).fill(-1);
/**
 * Facts about each cached string, as bits: {@link FLAG_WILDCARD}, and memoized results of pure
 * checks made by packet decoders ({@link FLAG_FILTER_OK_V4}, {@link FLAG_FILTER_OK_V5}).
 */
const cacheFlags = new Uint8Array(CACHE_ENTRIES);
/** The string contains `+` or `#`. */
export const FLAG_WILDCARD = 1;
/** The string is a valid Topic Filter under the 3.1/3.1.1 rules. */
export const FLAG_FILTER_OK_V4 = 2;
/** The string is a valid Topic Filter under the 5.0 rules (Shared Subscriptions included). */
export const FLAG_FILTER_OK_V5 = 4;
/** The way of each set that the next new string takes (first in, first out). */
const cacheNext = new Uint8Array(CACHE_SETS);
/** Per-process seed of {@link stringHash}, so that colliding inputs cannot be prepared in advance. */
const SEED = (Math.random() * 0x100000000) | 0;

/** The flags of cache entry `slot`. */
export function slotFlags(slot: number): number {
  return cacheFlags[slot];
}

/** Records a fact about the string now in cache entry `slot`. */
export function setSlotFlag(slot: number, flag: number): void {
  cacheFlags[slot] |= flag;
}

/** Whether the string last returned by {@link lookupAscii} contains `+` or `#`. */
export let lookupWildcard = false;
/** The cache entry of the string last returned by {@link lookupAscii}. */
export let lookupSlot = -1;

/**
 * The cache key of `buf[s, s + n)` (n at most {@link CACHE_MAX_LENGTH}): a seeded 32-bit hash of
 * its length and every byte. Keeps the bytes as words for the {@link lookupAscii} or
 * {@link storeAscii} call that follows.
 */
export function stringHash(buf: Uint8Array, s: number, n: number): number {
  let h = Math.imul(SEED ^ n, 0x9e3779b1);
  const e = s + n;
  let i = s;
  let k = 0;
  for (; i + 4 <= e; i += 4) {
    const w = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    hashedWords[k++] = w;
    h = Math.imul(h ^ w, 0x01000193);
    h ^= h >>> 15;
  }
  if (i < e) {
    let w = buf[i];
    if (i + 1 < e) w |= buf[i + 1] << 8;
    if (i + 2 < e) w |= buf[i + 2] << 16;
    hashedWords[k] = w;
    h = Math.imul(h ^ w, 0x01000193);
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The first entry of the set of hash `h`. */
function setOf(h: number): number {
  return (h & (CACHE_SETS - 1)) * CACHE_WAYS;
}

/** Whether cache entry `e` holds exactly the `n` bytes last hashed, whose hash is `h`. */
function holds(e: number, h: number, n: number): boolean {
  if (cacheHashes[e] !== h || cacheLengths[e] !== n) return false;
  const base = e * WORDS;
  const words = (n + 3) >> 2;
  for (let k = 0; k < words; k++) if (cacheWords[base + k] !== hashedWords[k]) return false;
  return true;
}

/**
 * The cached string equal to the `n` bytes last given to {@link stringHash}, which returned `h`,
 * or null. On a hit {@link lookupWildcard} tells whether it contains a wildcard and
 * {@link lookupSlot} where it is.
 */
export function lookupAscii(h: number, n: number): string | null {
  let e = setOf(h);
  if (!holds(e, h, n)) {
    const last = e + CACHE_WAYS - 1;
    do {
      if (e === last) return null;
      e++;
    } while (!holds(e, h, n));
  }
  lookupWildcard = (cacheFlags[e] & FLAG_WILDCARD) !== 0;
  lookupSlot = e;
  return cacheStrings[e];
}

/**
 * Stores the ASCII string (without U+0000) `str`, whose `n` bytes were the last given to
 * {@link stringHash}, which returned `h`, with its wildcard flag, in place of the oldest entry of
 * its set; returns that entry.
 */
export function storeAscii(h: number, str: string, wildcard: boolean, n: number): number {
  const set = h & (CACHE_SETS - 1);
  const way = cacheNext[set];
  cacheNext[set] = (way + 1) & (CACHE_WAYS - 1);
  const e = set * CACHE_WAYS + way;
  const base = e * WORDS;
  const words = (n + 3) >> 2;
  for (let k = 0; k < words; k++) cacheWords[base + k] = hashedWords[k];
  cacheStrings[e] = str;
  cacheHashes[e] = h;
  cacheLengths[e] = n;
  cacheFlags[e] = wildcard ? FLAG_WILDCARD : 0;
  return e;
}

/**
 * Decodes `buf[start, end)`, which must already have passed {@link checkUtf8}. A leading U+FEFF
 * is kept (MQTT-1.5.4-3).
 */
export function decodeUtf8(buf: Uint8Array, start: number, end: number): string {
  return strictDecoder.decode(buf.subarray(start, end));
}

/** Decodes bytes that failed validation, replacing what is ill-formed with U+FFFD (for diagnostics). */
export function decodeUtf8Lossy(buf: Uint8Array, start: number, end: number): string {
  return lossyDecoder.decode(buf.subarray(start, end));
}
