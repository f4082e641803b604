/**
 * The encode-side string cache: the UTF-8 bytes of strings that `encode` writes again and again
 * (PUBLISH Topic Names, above all). Measuring a 45-character topic (`utf8Length`) and writing it
 * character by character took 40 % of a 115-byte PUBLISH encode; a hit replaces both with one Map
 * lookup (string hashes are cached by the engine) and a byte copy.
 *
 * Only strings that need no further check are cached: ASCII, without U+0000, `+` or `#`, 1 to
 * {@link STRING_BYTES_MAX_LENGTH} characters. The strings come from the application, not from a
 * peer; the Map is simply emptied when it reaches {@link STRING_BYTES_MAX_ENTRIES}, so it never
 * holds more than that.
 *
 * Topic Filters (SUBSCRIBE, UNSUBSCRIBE) have caches of their own, one per set of rules (3.1/3.1.1
 * and 5.0, which adds Shared Subscriptions): a filter is cached, as its bytes, only once it has
 * passed that version's checks, so a hit is a valid filter without scanning it again. Same bounds.
 *
 * @module
 */

/** Longest string cached. */
export const STRING_BYTES_MAX_LENGTH = 128;
/** Most strings held at once. */
export const STRING_BYTES_MAX_ENTRIES = 4096;

const cache = new Map<string, Uint8Array>();

/** The cached bytes of `str`, or undefined. */
export function cachedStringBytes(str: string): Uint8Array | undefined {
  return cache.get(str);
}

/**
 * Caches and returns the bytes of `str` when it qualifies (see the module comment), given the
 * byte length and wildcard flag its measurement found; otherwise returns undefined.
 */
export function rememberStringBytes(str: string, byteLength: number, hasWildcard: boolean): Uint8Array | undefined {
  if (byteLength !== str.length || hasWildcard) return undefined;
  return remember(cache, str);
}

/**
 * Puts `str` with its bytes in `map` (emptied first when full) and returns them, when `str` is 1
 * to {@link STRING_BYTES_MAX_LENGTH} ASCII characters without U+0000; otherwise undefined.
 */
function remember(map: Map<string, Uint8Array>, str: string): Uint8Array | undefined {
  const n = str.length;
  if (n === 0 || n > STRING_BYTES_MAX_LENGTH) return undefined;
  const bytes = new Uint8Array(n);
  // Stryker disable next-line EqualityOperator: equivalent (`<=`); one more turn reads charCodeAt(n), NaN, which passes the test below and is written past the end of the array, where a typed array ignores it. (`>=`, disabled with it, copies nothing: the tests see that.)
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c === 0 || c >= 0x80) return undefined;
    bytes[i] = c;
  }
  if (map.size >= STRING_BYTES_MAX_ENTRIES) map.clear();
  map.set(str, bytes);
  return bytes;
}

/** Filters valid under the 3.1/3.1.1 rules, and under the 5.0 rules, with their bytes. */
const filters = [new Map<string, Uint8Array>(), new Map<string, Uint8Array>()];

/** The bytes of `filter` when it was found a valid Topic Filter under the rules of 5.0 (`v5`) or earlier. */
export function cachedFilterBytes(filter: string, v5: boolean): Uint8Array | undefined {
  return filters[v5 ? 1 : 0].get(filter);
}

/**
 * Caches the bytes of `filter`, just found a valid Topic Filter under the rules of 5.0 (`v5`) or
 * earlier, when it is ASCII of 1 to {@link STRING_BYTES_MAX_LENGTH} characters.
 */
export function rememberFilterBytes(filter: string, v5: boolean): void {
  remember(filters[v5 ? 1 : 0], filter);
}

/** Writes a UTF-8 string's cached `bytes` (Two Byte Integer length, then the bytes) at `pos`; returns the new position. */
export function writeCachedString(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  const n = bytes.length;
  buf[pos] = n >>> 8;
  buf[pos + 1] = n & 0xff;
  pos += 2;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; the byte loop and `set` write the same bytes, the bound only picks the faster one for the length (a speed choice, measured by benchmarks).
  if (n < 24)
    for (let i = 0; i < n; i++) buf[pos + i] = bytes[i];
  else buf.set(bytes, pos);
  return pos + n;
}
