/**
 * Framing of a byte stream into MQTT packets, before any check: the fixed header's first byte and
 * the Remaining Length (a Variable Byte Integer of at most four bytes) give each packet's length.
 * The capture reader frames each direction with it (and the CLI's `stream` command), so that each
 * packet is inspected from its own bytes only and a broken packet never swallows the bytes after it.
 *
 * @module
 */

/** Where the packet at a position ends, or why that cannot be known. */
export type FrameLength =
  | { kind: 'packet'; headerLength: number; total: number }
  | { kind: 'incomplete' }
  | { kind: 'malformed'; message: string };

/** {@link frameTotal}: the bytes end before the Remaining Length does. */
export const INCOMPLETE = -1;
/** {@link frameTotal}: the Remaining Length runs past four bytes. */
export const MALFORMED = -2;

/**
 * The whole length of the packet at `pos` of `bytes` (up to `end`), or {@link INCOMPLETE} or
 * {@link MALFORMED}: the framing loop's form, which allocates nothing.
 */
export function frameTotal(bytes: Uint8Array, pos: number, end: number): number {
  let value = 0;
  let multiplier = 1;
  for (let i = 1; i <= 4; i++) {
    if (pos + i >= end) return INCOMPLETE;
    const b = bytes[pos + i];
    value += (b & 0x7f) * multiplier;
    if ((b & 0x80) === 0) return 1 + i + value;
    multiplier *= 128;
  }
  return MALFORMED;
}

/** Reads the packet length at `pos` of `bytes` (up to `end`). */
export function frameLength(bytes: Uint8Array, pos = 0, end = bytes.length): FrameLength {
  const total = frameTotal(bytes, pos, end);
  if (total === INCOMPLETE) return { kind: 'incomplete' };
  if (total === MALFORMED) return { kind: 'malformed', message: 'the Remaining Length runs past four bytes' };
  let headerLength = 2;
  while (bytes[pos + headerLength - 1] & 0x80) headerLength++;
  return { kind: 'packet', headerLength, total };
}
