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

/**
 * Number of bytes `str` takes in UTF-8, or {@link LONE_SURROGATE} / {@link NULL_CHARACTER} when
 * it cannot be an MQTT string. With `allowNull` (payload text), U+0000 is counted like any other.
 */
export function utf8Length(str: string, allowNull = false): number {
  const n = str.length;
  let bytes = n;
  for (let i = 0; i < n; i++) {
    const c = str.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0 && !allowNull) return NULL_CHARACTER;
      continue;
    }
    if (c < 0x800) {
      bytes += 1;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      // A high surrogate followed by a low one is one astral code point: 4 bytes for 2 units.
      // Stryker disable next-line ArithmeticOperator,ConditionalExpression,EqualityOperator: equivalent for the forms that read one unit past the end (`i - 1 < n`, `true` for the bound, `i + 1 <= n`): a high surrogate at the end then reads charCodeAt(n), which is NaN and fails the low-surrogate test just after. (The other forms, disabled with them, are killed by the tests.)
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
      // Stryker disable next-line ArithmeticOperator: equivalent for `c + 0xd800`: it adds 0x6C00000 to the code point, a multiple of 2^18 that only sets bits which `0xf0 |` and the byte store mask off. (The other forms, disabled with it, are killed by the tests.)
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

/** What {@link checkUtf8} found wrong (see {@link utf8FaultAt}). */
export const enum Utf8Fault {
  /** Not well-formed UTF-8: bad lead or continuation byte, overlong, surrogate, > U+10FFFF, cut short. */
  IllFormed = 1,
  /** U+0000. */
  Null = 2,
  /** A code point the specification says SHOULD NOT appear (only reported when asked). */
  Discouraged = 3,
}

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
 * the offset of the first byte of the offending sequence ({@link utf8FaultAt} tells what is wrong
 * with it). With `discouraged`, the SHOULD-NOT code points are faults too.
 */
export function checkUtf8(buf: Uint8Array, start: number, end: number, discouraged: boolean): number {
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) {
      if (b === 0) return i;
      if (discouraged && (b < 0x20 || b === 0x7f)) return i;
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
      return i;
    }
    if (i + need >= end) return i; // cut short by the string's end
    for (let k = 1; k <= need; k++) {
      const c = buf[i + k];
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    if (discouraged && isDiscouragedCodePoint(cp)) return i;
    i += need + 1;
  }
  return -1;
}

/**
 * What is wrong with the sequence at `buf[at]`, an offset {@link checkUtf8} returned for
 * `buf[start, end)`: U+0000, ill-formed, or (only possible when `checkUtf8` was asked about them)
 * a discouraged code point.
 */
export function utf8FaultAt(buf: Uint8Array, at: number, end: number): Utf8Fault {
  // Checked again from there without the SHOULD-NOT rule: a fault at the same byte is U+0000 or
  // ill-formed UTF-8; none there means only that rule failed.
  if (checkUtf8(buf, at, end, false) !== at) return Utf8Fault.Discouraged;
  return buf[at] === 0 ? Utf8Fault.Null : Utf8Fault.IllFormed;
}

/**
 * The one UTF-8 decoder. It replaces what is ill-formed with U+FFFD rather than throwing: the
 * codec's own validator ({@link checkUtf8}) decides what is acceptable first, so on checked bytes
 * it never replaces anything, and on bytes that failed it gives the lossy text for diagnostics.
 */
const replacingDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** A decoder that refuses what is not well-formed UTF-8 (it throws). */
const refusingDecoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });

/**
 * The options of every `decode` call: one whole input, not a stream (the default). Given
 * explicitly because Node's TextDecoder reads `options.stream` on each call, and from its own
 * default options, a frozen object without a prototype, that read goes through the engine's
 * generic property lookup every time: 1.8 M of the 67.6 M instructions of a pass over a 5.0
 * fleet stream (cachegrind, 5 December 2026), gone with an ordinary object.
 */
// Stryker disable next-line all: runs once at load (static mutants, which Stryker here ignores); applied by hand, `{}` is equivalent (the decoder reads its default, not streaming: speed only) and `stream: true` fails 11 tests (the decoder then holds a cut-short sequence back for the next call).
const ONE_CALL: TextDecodeOptions = { stream: false };

/**
 * `bytes` decoded, or null when they are not well-formed UTF-8 (ill-formed sequences,
 * overlongs, encoded surrogates, code points above U+10FFFF: what MQTT-1.5.4-1 forbids). U+0000
 * is decoded like any other character: callers check it. A leading U+FEFF is kept.
 */
export function decodeWellFormed(bytes: Uint8Array): string | null {
  try {
    return refusingDecoder.decode(bytes, ONE_CALL);
  } catch {
    return null;
  }
}

const fromCharCode = String.fromCharCode;

/**
 * Builds the string of ASCII bytes `buf[s, e)`, flat (one sequential string, never a
 * concatenation the engine would flatten later). Up to 12 bytes, one `String.fromCharCode` call
 * with 12 bytes as arguments, cut to length (bytes past the end of `buf` read as `undefined`,
 * which becomes U+0000 and is cut off; V8 copies strings this short rather than sharing them):
 * several times faster than a TextDecoder call, whose fixed cost dominates short strings. Longer
 * strings through TextDecoder, which builds a flat string in one call (measured faster than
 * joined `fromCharCode` calls once their result is flattened).
 */
export function asciiString(buf: Uint8Array, s: number, e: number): string {
  // Stryker disable next-line ArithmeticOperator,ConditionalExpression,EqualityOperator: equivalent for the forms that send more short strings to the decoder (`e + s > 12`, `true`, `>= 12`), which builds the same string from ASCII bytes (speed). (`false` and `<= 12`, disabled with them, cut long strings short: the tests see that.)
  if (e - s > 12) return replacingDecoder.decode(buf.subarray(s, e), ONE_CALL);
  const b = buf;
  return fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]).slice(0, e - s);
}

/**
 * Decodes `buf[start, end)`, replacing what is ill-formed with U+FFFD: the exact string for bytes
 * that passed {@link checkUtf8} (a leading U+FEFF is kept, MQTT-1.5.4-3), a readable one for
 * diagnostics otherwise.
 */
export function decodeReplacing(buf: Uint8Array, start: number, end: number): string {
  return replacingDecoder.decode(buf.subarray(start, end), ONE_CALL);
}
