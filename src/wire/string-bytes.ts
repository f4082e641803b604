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
  const n = str.length;
  if (byteLength !== n || n === 0 || n > STRING_BYTES_MAX_LENGTH || hasWildcard) return undefined;
  const bytes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c === 0) return undefined;
    bytes[i] = c;
  }
  if (cache.size >= STRING_BYTES_MAX_ENTRIES) cache.clear();
  cache.set(str, bytes);
  return bytes;
}
