/**
 * Variable Byte Integer (MQTT 1.5.5): 7 bits per byte, least significant group first, high bit
 * set on every byte but the last, at most 4 bytes, so at most 268,435,455. The encoding MUST be
 * the shortest one [MQTT-1.5.5-1]. Bytes only.
 *
 * @module
 */

/** Largest value a Variable Byte Integer can hold: 268,435,455. */
export const VBI_MAX = 268_435_455;

/** Bytes needed for `value` (0 ≤ value ≤ {@link VBI_MAX}). */
export function vbiLength(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : 4;
}

/** Writes `value` (already range-checked) at `pos`; returns the new position. */
export function writeVbi(buf: Uint8Array, pos: number, value: number): number {
  while (value >= 0x80) {
    buf[pos++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buf[pos++] = value;
  return pos;
}

/**
 * Reads a Variable Byte Integer at `pos` whose encoding may be longer than needed (at most 4
 * bytes, as {@link readVbi} found): its value.
 */
export function readVbiLenient(buf: Uint8Array, pos: number): number {
  let value = 0;
  let mult = 1;
  let i = 0;
  for (;;) {
    const b = buf[pos + i++];
    value += (b & 0x7f) * mult;
    mult *= 128;
    // Stryker disable next-line ConditionalExpression: equivalent; the only caller (readHeader) calls it after readVbi found the last byte within 4, so `b < 0x80` always ends the loop first; `i === 4` only bounds a misuse.
    if (b < 0x80 || i === 4) break;
  }
  return value;
}

/** Bytes of the Variable Byte Integer at `pos` as written (at most 4; its last byte is below 0x80, or the fourth). */
export function vbiBytesAt(buf: Uint8Array, pos: number): number {
  let i = 1;
  while (i < 4 && buf[pos + i - 1] >= 0x80) i++;
  return i;
}

/** {@link readVbi} result: more bytes are needed before the integer can be read. */
export const VBI_INCOMPLETE = -1;
/** {@link readVbi} result: a fifth byte would be needed (more than 4 bytes). */
export const VBI_TOO_LONG = -2;
/** {@link readVbi} result: the encoding is not the shortest one [MQTT-1.5.5-1]. */
export const VBI_NOT_MINIMAL = -3;

/**
 * Reads a Variable Byte Integer at `pos`, not reading at or past `end`. Returns the value, or one
 * of the negative `VBI_*` results. A value read is in its shortest encoding, so it took
 * {@link vbiLength}`(value)` bytes.
 */
export function readVbi(buf: Uint8Array, pos: number, end: number): number {
  let value = 0;
  let mult = 1;
  for (let i = 0; i < 4; i++) {
    if (pos + i >= end) return VBI_INCOMPLETE;
    const b = buf[pos + i];
    value += (b & 0x7f) * mult;
    if (b < 0x80) {
      // A last byte of 0 after a continuation byte adds nothing: a shorter form existed.
      if (b === 0 && i > 0) return VBI_NOT_MINIMAL;
      return value;
    }
    mult *= 128;
  }
  return VBI_TOO_LONG;
}
