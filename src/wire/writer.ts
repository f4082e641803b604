/**
 * Writing MQTT's data types into a Uint8Array that was sized beforehand, and the checks that
 * size them. Every write function returns the new position; nothing allocates.
 *
 * @module
 */
import { type FaultKey, MqttCodecError, type RuleKey, codecError } from '../errors.js';
import { breach } from '../encode-context.js';
import { LONE_SURROGATE, utf8Length, writeUtf8 } from './utf8.js';

export function writeU16(buf: Uint8Array, pos: number, value: number): number {
  buf[pos] = value >>> 8;
  buf[pos + 1] = value & 0xff;
  return pos + 2;
}

export function writeU32(buf: Uint8Array, pos: number, value: number): number {
  buf[pos] = value >>> 24;
  buf[pos + 1] = (value >>> 16) & 0xff;
  buf[pos + 2] = (value >>> 8) & 0xff;
  buf[pos + 3] = value & 0xff;
  return pos + 4;
}

/** Writes a UTF-8 Encoded String whose byte length `len` was computed by {@link stringSize}. */
export function writeString(buf: Uint8Array, pos: number, str: string, len: number): number {
  buf[pos] = len >>> 8;
  buf[pos + 1] = len & 0xff;
  pos += 2;
  if (len === str.length) {
    // All ASCII (the byte length equals the UTF-16 length only then).
    for (let i = 0; i < len; i++) buf[pos + i] = str.charCodeAt(i);
    return pos + len;
  }
  return writeUtf8(buf, pos, str);
}

/** Writes Binary Data (Two Byte Integer length, then the bytes, or a reference to them; see {@link writeLarge}). */
export function writeBinary(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  const n = bytes.length;
  buf[pos] = n >>> 8;
  buf[pos + 1] = n & 0xff;
  return writeLarge(buf, pos + 2, bytes);
}

// ---- vectored writing: large binary fields by reference ----

/**
 * Binary fields (PUBLISH payload, Binary Data) of at least this many bytes are handed back by
 * reference by `encodeVectored` instead of being copied. Below it a copy into the head costs
 * less than an extra piece does downstream (one more array element, one more iovec in `writev`).
 */
export const VECTOR_MIN_BYTES = 256;

/**
 * State of one vectored encode. `skipped` is the total size of the binary fields at least
 * {@link VECTOR_MIN_BYTES} long, summed by the size phase ({@link binarySize}, {@link countLarge})
 * and reset by every encode; while `on`, {@link writeLarge} records such a field (its position in
 * the head and the bytes) instead of copying it.
 */
export const vector = {
  skipped: 0,
  on: false,
  /** Number of fields recorded in `cuts` and `refs` (the arrays are reused, never shrunk). */
  count: 0,
  cuts: [] as number[],
  refs: [] as (Uint8Array | null)[],
};

/** Counts a binary field of `n` bytes that {@link writeLarge} will write; returns `n`. */
export function countLarge(n: number): number {
  if (n >= VECTOR_MIN_BYTES) vector.skipped += n;
  return n;
}

/**
 * Writes a binary field measured with {@link countLarge} (or {@link binarySize}): copies it, or
 * during a vectored encode records a large one by reference and writes nothing.
 */
export function writeLarge(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  const n = bytes.length;
  if (n < 32) {
    for (let i = 0; i < n; i++) buf[pos + i] = bytes[i];
    return pos + n;
  }
  if (n >= VECTOR_MIN_BYTES && vector.on) {
    const k = vector.count++;
    vector.cuts[k] = pos;
    vector.refs[k] = bytes;
    return pos;
  }
  buf.set(bytes, pos);
  return pos + n;
}

// ---- encode-side checks: each returns a size or throws MqttCodecError ----

/** An encode-side error (no offset); `rule` overrides the rule `key` cites. */
export function refuse(reasonCode: number, detail: string, key: FaultKey, v: number, rule?: RuleKey | null): MqttCodecError {
  return codecError(reasonCode, detail, key, v, undefined, undefined, rule);
}

/**
 * Byte length of `str` as an MQTT UTF-8 string, refusing non-strings, lone surrogates
 * [MQTT-1.5.4-1], U+0000 [MQTT-1.5.4-2] and more than 65,535 bytes.
 */
export function stringSize(str: unknown, what: string, v: number, tooLongRule: FaultKey = 'invalidValue'): number {
  if (typeof str !== 'string') throw refuse(0x81, `${what} must be a string`, 'invalidValue', v);
  const len = utf8Length(str);
  if (len >= 0) {
    if (len > 0xffff) throw refuse(0x81, `${what} is ${len} bytes; a UTF-8 string holds at most 65,535`, tooLongRule, v);
    return len;
  }
  if (len === LONE_SURROGATE) throw refuse(0x81, `${what} has an unpaired surrogate`, 'utf8WellFormed', v);
  // U+0000 can be written (a policy may relax utf8NoNull); a lone surrogate cannot.
  breach(refuse(0x81, `${what} contains U+0000`, 'utf8NoNull', v));
  const n = utf8Length(str, true);
  if (n > 0xffff) throw refuse(0x81, `${what} is ${n} bytes; a UTF-8 string holds at most 65,535`, tooLongRule, v);
  return n;
}

/**
 * Length of `bytes` as Binary Data (at most 65,535), refusing anything but a Uint8Array; counted
 * by {@link countLarge} (the field is written with {@link writeBinary}).
 */
export function binarySize(bytes: unknown, what: string, v: number): number {
  if (!(bytes instanceof Uint8Array)) throw refuse(0x81, `${what} must be a Uint8Array`, 'invalidValue', v);
  if (bytes.length > 0xffff) {
    throw refuse(0x81, `${what} is ${bytes.length} bytes; Binary Data holds at most 65,535`, 'invalidValue', v);
  }
  return countLarge(bytes.length);
}

/** Checks an integer field's type and range. */
export function checkInt(value: unknown, min: number, max: number, what: string, v: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw refuse(0x81, `${what} must be an integer from ${min} to ${max}, not ${describe(value)}`, 'invalidValue', v);
  }
  return value;
}

/** Checks a boolean field. */
export function checkBool(value: unknown, what: string, v: number): boolean {
  if (typeof value !== 'boolean') throw refuse(0x81, `${what} must be a boolean, not ${describe(value)}`, 'invalidValue', v);
  return value;
}

/** A short rendering of a value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value instanceof Uint8Array) return `Uint8Array(${value.length})`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  return String(value);
}
