/**
 * The fixed header: packet type, flags and Remaining Length (MQTT 2.1). One parser, used by
 * `decode`, the stream `Decoder` and `peekHeader`.
 *
 * @module
 */
import { codecError, malformed, type MqttCodecError } from './errors.js';
import { CODECS } from './packets/registry.js';
import { type CheckOptions, severityOf } from './checks.js';
import { readVbi, readVbiLenient, VBI_INCOMPLETE, VBI_NOT_MINIMAL, VBI_TOO_LONG, vbiBytesAt, vbiLength } from './wire/vbi.js';

/** The largest packet MQTT can express: 1 + 4 + 268,435,455 bytes. */
export const MAX_PACKET_SIZE = 268_435_460;

/** Result of {@link readHeader} when more bytes are needed. */
export const HEADER_INCOMPLETE = -1;

/**
 * Length of the fixed header at `buf[pos]` whose Remaining Length {@link readHeader} read as
 * `rl`: `1 + vbiLength(rl)`, or more when a relaxed policy let it read a longer encoding than
 * needed (its last byte is then not where the shortest form ends).
 */
export function headerLength(buf: Uint8Array, pos: number, rl: number): number {
  const n = vbiLength(rl);
  // Stryker disable next-line ConditionalExpression: equivalent; for a shortest encoding vbiBytesAt counts the same n bytes (the test only skips it).
  return buf[pos + n] < 0x80 ? 1 + n : 1 + vbiBytesAt(buf, pos + 1);
}

/**
 * The Remaining Length of the packet at `buf[pos]` when its fixed header is of the kind most are,
 * which needs no check beyond its bytes: a type of 1 to 14 and a Remaining Length in its shortest
 * encoding of one or two bytes (under 16,384), all before `end`. Otherwise -1: {@link readHeader}
 * reads it, or refuses it, or says more bytes are needed. The one place these headers are read,
 * for `decode` (through readHeader) and for the stream `Decoder`, whose faults come in an order of
 * their own.
 */
// Stryker disable next-line BlockStatement: equivalent; an empty body returns undefined, which is not >= 0, so its callers send every header to readHeader's full reading, which reads it the same (speed only).
export function commonRemainingLength(buf: Uint8Array, pos: number, end: number): number {
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent (`false`, `{}`): -1 sends every header to readHeader, which reads it the same (speed only); `true`, disabled with them, reads a byte past the header's end: the tests see that.
  if (pos + 1 < end) {
    const first = buf[pos];
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent (`false`, `first > 0x10`, `{}`); a header left to readHeader is read the same (speed only); the other forms, disabled with them, read reserved types here: the tests see that.
    if (first >= 0x10 && first < 0xf0) {
      const b1 = buf[pos + 1];
      if (b1 < 0x80) return b1;
      // Two bytes (128 to 16,383: a PUBLISH of a few hundred bytes), shortest when the second is
      // not 0; longer or not the shortest, readHeader reads or refuses it.
      // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent (`false`, `{}`): a two-byte length left to readHeader is read the same (speed only); `true`, disabled with them, reads a byte past the header's end: the tests see that.
      if (pos + 2 < end) {
        const b2 = buf[pos + 2];
        // Stryker disable next-line ConditionalExpression: equivalent (`false`): readHeader reads the same length (speed only); `true`, disabled with it, takes a non-minimal or longer length as two bytes: the tests see that.
        if (b2 !== 0 && b2 < 0x80) return (b1 & 0x7f) | (b2 << 7);
      }
    }
  }
  return -1;
}

/**
 * Reads the Remaining Length of the packet at `buf[pos]`, not reading past `end`. Returns it (the
 * header is then {@link headerLength}`(rl)` bytes), or {@link HEADER_INCOMPLETE}; throws MqttCodecError when the header
 * is invalid already: a reserved packet type [type 0; 15 before 5.0], or a Remaining Length that
 * is longer than 4 bytes or not minimal [MQTT-1.5.5-1]. `origin` maps positions to offsets.
 */
export function readHeader(buf: Uint8Array, pos: number, end: number, v: number, origin: number, policy: CheckOptions | null = null): number {
  const common = commonRemainingLength(buf, pos, end);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (`false`, `> 0`); the reader below reads a common header the same (speed only); `true` and `<`, disabled with them, return -1 for the other headers: the tests see that.
  if (common >= 0) return common;
  if (pos >= end) return HEADER_INCOMPLETE;
  const type = buf[pos] >> 4;
  if (type === 0 || (type === 15 && v !== 5)) throw reservedType(type, v, pos - origin);
  const rl = readVbi(buf, pos + 1, end);
  // 0 reaches here only for AUTH (type 15, read by readVbi: not a common header).
  if (rl >= 0) return rl;
  if (rl === VBI_INCOMPLETE) return HEADER_INCOMPLETE;
  if (rl === VBI_NOT_MINIMAL) {
    // The value is known: a policy that relaxes vbiMinimal reads it (the packet's decode reports it).
    if (severityOf('vbiMinimal', policy) === 'error') {
      throw codecError(0x81, 'Remaining Length is not in its shortest encoding', 'vbiMinimal', v, pos + 1 - origin, 'header.remainingLength');
    }
    return readVbiLenient(buf, pos + 1);
  }
  throw malformed('Remaining Length is longer than 4 bytes', 'vbiTooLong', v, pos + 1 - origin, 'header.remainingLength');
}

/** The error for a reserved packet type (kept out of `readHeader`, so that it inlines). */
function reservedType(type: number, v: number, offset: number): MqttCodecError {
  return malformed(`packet type ${type} is reserved${type === 15 ? ' before MQTT 5.0 (AUTH)' : ''}`, 'reservedType', v, offset);
}

/**
 * The error for fixed-header flags that the packet type does not allow (reserved bits, or PUBLISH
 * with both QoS bits set), or null. `first` is the packet's first byte, `offset` where it is.
 */
export function flagsError(first: number, v: number, offset: number): MqttCodecError | null {
  const codec = CODECS[first >> 4]!;
  const flags = first & 15;
  if (codec.flags >= 0) {
    if (flags === codec.flags) return null;
    const bits = (n: number) => n.toString(2).padStart(4, '0');
    return codecError(0x81, `${codec.label} fixed-header flags are ${bits(flags)}, not ${bits(codec.flags)}`, 'reservedFlags', v, offset, 'header.flags', codec.flagsRule);
  }
  return (flags & 6) === 6 ? malformed('PUBLISH has both QoS bits set', 'publishQos3', v, offset) : null;
}

/** The 0x95 error for a packet of `total` bytes when at most `max` are accepted. */
export function tooLarge(total: number, max: number, v: number, offset: number): MqttCodecError {
  return codecError(0x95, `packet is ${total} bytes; the maximum packet size is ${max}`, 'packetTooLarge', v, offset);
}

/** {@link frameLength}: more bytes are needed before the packet's length is known. */
export const FRAME_INCOMPLETE = -1;
/** {@link frameLength}: the Remaining Length runs past four bytes, so the stream cannot be framed. */
export const FRAME_MALFORMED = -2;

/**
 * The whole length (fixed header and Remaining Length) of the packet that starts at
 * `bytes[offset]`, not reading at or past `end`; or {@link FRAME_INCOMPLETE} or
 * {@link FRAME_MALFORMED}. Never throws and checks nothing else (type, flags, a Remaining Length
 * longer than needed): the one framing every stream reader shares — the `Decoder` checks the
 * header besides; analyzers frame with it so that a broken packet never swallows the next ones.
 *
 * @example
 * ```ts
 * for (let pos = 0; ; ) {
 *   const total = frameLength(bytes, pos)
 *   if (total < 0) break // FRAME_INCOMPLETE or FRAME_MALFORMED
 *   console.log(inspect(bytes.subarray(pos, pos + total)).diagnostics)
 *   pos += total
 * }
 * ```
 */
export function frameLength(bytes: Uint8Array, offset = 0, end = bytes.length): number {
  const rl = frameRemainingLength(bytes, offset, end);
  return rl < 0 ? rl : headerLength(bytes, offset, rl) + rl;
}

/**
 * The Remaining Length of the packet at `bytes[offset]` (as {@link frameLength} frames it), or
 * {@link FRAME_INCOMPLETE} or {@link FRAME_MALFORMED}; the fixed header is then
 * `frameLength(…) - frameRemainingLength(…)` bytes.
 */
export function frameRemainingLength(bytes: Uint8Array, offset = 0, end = bytes.length): number {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; readVbi answers VBI_INCOMPLETE (-1, FRAME_INCOMPLETE) for a start at or past `end`.
  if (offset >= end) return FRAME_INCOMPLETE;
  const rl = readVbi(bytes, offset + 1, end);
  // Stryker disable next-line ConditionalExpression: equivalent; VBI_INCOMPLETE is FRAME_INCOMPLETE (-1), returned as rl below.
  if (rl === VBI_INCOMPLETE) return FRAME_INCOMPLETE;
  // Stryker disable next-line ConditionalExpression: equivalent; VBI_TOO_LONG is FRAME_MALFORMED (-2), returned as rl below.
  if (rl === VBI_TOO_LONG) return FRAME_MALFORMED;
  // Stryker disable next-line ConditionalExpression: equivalent for `true`; the lenient reader reads a shortest encoding as readVbi did (a test checks `false`: it returns VBI_NOT_MINIMAL).
  return rl === VBI_NOT_MINIMAL ? readVbiLenient(bytes, offset + 1) : rl;
}

/** The fields of a fixed header. */
export interface FixedHeader {
  /** Control packet type number (1–15). */
  type: number;
  /** The low four bits of the first byte. */
  flags: number;
  /** Remaining Length: bytes after the fixed header. */
  remainingLength: number;
  /** Bytes of the fixed header itself (2 to 5). */
  headerLength: number;
}

/**
 * Reads the fixed header of the packet starting at `bytes[offset]`. Returns undefined when more
 * bytes are needed to know it, and throws {@link MqttCodecError} when it is invalid already:
 * reserved type, wrong fixed-header flags for the type, or a bad Remaining Length. The whole
 * packet is `headerLength + remainingLength` bytes.
 */
export function peekHeader(bytes: Uint8Array, offset = 0, protocolVersion: 3 | 4 | 5 = 5): FixedHeader | undefined {
  const rl = readHeader(bytes, offset, bytes.length, protocolVersion, 0);
  if (rl === HEADER_INCOMPLETE) return undefined;
  const hl = headerLength(bytes, offset, rl);
  const first = bytes[offset];
  const err = flagsError(first, protocolVersion, offset);
  if (err !== null) throw err;
  return { type: first >> 4, flags: first & 15, remainingLength: rl, headerLength: hl };
}
