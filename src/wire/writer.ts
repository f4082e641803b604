/**
 * Writing MQTT's data types into a Uint8Array that was sized beforehand, and the checks that
 * size them. Every write function returns the new position; nothing allocates.
 *
 * @module
 */
import { type FaultKey, MqttCodecError, type RuleKey, codecError } from '../errors.js';
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
  // Stryker disable next-line BlockStatement,ConditionalExpression: equivalent; writeUtf8 writes the same bytes for an ASCII string (the loop is a shortcut). (`true`, disabled with them, is killed by the tests.)
  if (len === str.length) {
    // All ASCII (the byte length equals the UTF-16 length only then).
    for (let i = 0; i < len; i++) buf[pos + i] = str.charCodeAt(i);
    return pos + len;
  }
  return writeUtf8(buf, pos, str);
}

/** Writes Binary Data (Two Byte Integer length, then the bytes) at `pos`; returns the new position. */
export function writeBinary(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  const n = bytes.length;
  buf[pos] = n >>> 8;
  buf[pos + 1] = n & 0xff;
  buf.set(bytes, pos + 2);
  return pos + 2 + n;
}

// ---- encode-side checks: each returns a size or throws MqttCodecError ----

/** An encode-side error (no offset); `rule` overrides the rule `key` cites. */
export function refuse(reasonCode: number, detail: string, key: FaultKey, v: number, rule?: RuleKey | null): MqttCodecError {
  return codecError(reasonCode, detail, key, v, undefined, undefined, rule);
}

/**
 * Byte length of `str` as an MQTT UTF-8 string, refusing non-strings, lone surrogates
 * [MQTT-1.5.4-1], U+0000 [MQTT-1.5.4-2] (unless `allowNull`) and more than 65,535 bytes.
 */
export function stringSize(str: unknown, what: string, v: number, tooLongRule: FaultKey = 'invalidValue', allowNull = false): number {
  if (typeof str !== 'string') throw refuse(0x81, `${what} must be a string`, 'invalidValue', v);
  const len = utf8Length(str, allowNull);
  if (len >= 0) {
    if (len > 0xffff) throw refuse(0x81, `${what} is ${len} bytes; a UTF-8 string holds at most 65,535`, tooLongRule, v);
    return len;
  }
  if (len === LONE_SURROGATE) throw refuse(0x81, `${what} has an unpaired surrogate`, 'utf8WellFormed', v);
  throw refuse(0x81, `${what} contains U+0000`, 'utf8NoNull', v);
}

/** Length of `bytes` as Binary Data (at most 65,535), refusing anything but a Uint8Array. */
export function binarySize(bytes: unknown, what: string, v: number): number {
  if (!(bytes instanceof Uint8Array)) throw refuse(0x81, `${what} must be a Uint8Array`, 'invalidValue', v);
  if (bytes.length > 0xffff) {
    throw refuse(0x81, `${what} is ${bytes.length} bytes; Binary Data holds at most 65,535`, 'invalidValue', v);
  }
  return bytes.length;
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
