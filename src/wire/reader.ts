/**
 * The decoding cursor: reads MQTT's data types from a byte range and reports faults with their
 * offsets. One `Reader` is reused for every packet decoded (no allocation per packet).
 *
 * Two modes share this code:
 * - strict (`diags === null`): the first fault throws an {@link MqttCodecError};
 * - report-all (`diags` is an array): faults that leave the framing intact are recorded and
 *   reading goes on; faults that break the framing (a field running past the end) still throw.
 * When `log` is set, every leaf field read is recorded with its byte span (see `spans.ts`).
 * Paths are passed as index-free templates (`subscriptions[].options`); the list element being
 * read is {@link Reader.index}, so no path string is built while reading.
 *
 * @module
 */
import { type CheckOptions, severityOf } from '../checks.js';
import { MqttCodecError, malformed } from '../errors.js';
import { CACHE_MAX_LENGTH, sharedPropertyValues, sharedStrings, sharedTopicNames, type StringCache } from './string-cache.js';
import { asciiString, checkUtf8, decodeReplacing, decodeWellFormed, utf8FaultAt, Utf8Fault } from './utf8.js';
import { Kind, type SpanLog, SUFFIX_LENGTH, SUFFIX_NONE } from './spans.js';
import { sharedViews } from './views.js';
import { readVbi, readVbiLenient, VBI_INCOMPLETE, VBI_NOT_MINIMAL, vbiBytesAt, vbiLength } from './vbi.js';

/**
 * The string-cache bit the reader keeps about a string ({@link StringCache.flags}): it contains
 * `+` or `#`. Packets keep facts of their own in the other bits.
 */
const WILDCARD_BIT = 1;

/** An empty array, for a reader that holds nothing. */
export const NO_BYTES = new Uint8Array(0);

export class Reader {
  buf: Uint8Array = NO_BYTES;
  pos = 0;
  end = 0;
  /** Protocol version in force (3, 4, 5); a CONNECT sets it from its Protocol Level. */
  v = 4;
  /** Position (in `buf`) of the current packet's fixed header. */
  headerStart = 0;
  /** `pos - origin` is the offset reported in errors and spans. */
  origin = 0;
  /** Reject the SHOULD-NOT code points of 1.5.4. */
  // Stryker disable next-line BooleanLiteral: equivalent; every owner of a Reader (decode, Decoder, inspect, the primitives) sets `discouraged` from its options before reading.
  discouraged = false;
  /** Sender of the packets: 0 unknown, 1 client, 2 server. */
  from = 0;
  /** Report-all mode when non-null. */
  diags: MqttCodecError[] | null = null;
  /** The strictness options in force, or null for the strict preset (every check an error). */
  policy: CheckOptions | null = null;
  /** Where warnings are collected (inspect), or null. */
  warnings: MqttCodecError[] | null = null;
  /** Span recording when non-null. */
  log: SpanLog | null = null;
  /** The list element being read (its index replaces `[]` in path templates), or -1. */
  // Stryker disable next-line UnaryOperator: equivalent; `reset`, called before any read, sets the index to -1.
  index = -1;
  /** Whether the last string read by {@link utf8} contains `+` or `#`. */
  // Stryker disable next-line BooleanLiteral: equivalent; `utf8` sets `wildcard` on each of its paths before a caller reads it.
  wildcard = false;
  /** The slot holding the last string read by {@link utf8}, in the cache it used, or -1. */
  // Stryker disable next-line UnaryOperator: equivalent; `utf8` sets `slot` to -1 before anything reads it.
  slot = -1;
  /** The cache of strings read (shared by every reader unless replaced). */
  strings: StringCache = sharedStrings;
  /** The cache of PUBLISH Topic Names read (shared likewise). */
  topicNames: StringCache = sharedTopicNames;
  /** The cache of User Property values read (shared likewise). */
  propertyValues: StringCache = sharedPropertyValues;

  /** Points the reader at `buf[pos, end)`. */
  reset(buf: Uint8Array, pos: number, end: number, v: number, origin: number): void {
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.v = v;
    this.origin = origin;
    this.index = -1;
  }

  /**
   * Lets go of the bytes last read and of the views' hold on them: an owner that goes idle (a
   * Decoder between pushes) then keeps no chunk, nor its ArrayBuffer, alive.
   */
  release(): void {
    this.buf = NO_BYTES;
    sharedViews.release();
  }

  /** The reported offset of buffer position `pos`. */
  off(pos: number): number {
    return pos - this.origin;
  }

  /** A fault that breaks the framing: always thrown. */
  truncated(what: string, at: number, path = what): never {
    throw malformed(`${what} runs past the end of the packet`, 'truncated', this.v, this.off(at), path);
  }

  /**
   * A fault that leaves the framing intact. The policy decides what a failed check does: an error
   * is thrown in strict mode and recorded in report-all mode; a warning is reported and reading
   * goes on; `'off'` goes on silently. Returns true when the fault counts as an error (recorded),
   * false when the policy relaxed it (the caller then reads on as if the rule held).
   */
  fault(err: MqttCodecError): boolean {
    const severity = severityOf(err.key, this.policy);
    if (severity === 'error') {
      if (this.diags === null) throw err;
      this.diags.push(err);
      return true;
    }
    if (severity === 'warn') warn(err, this.warnings, this.policy);
    return false;
  }

  /** Records a leaf field `[start, end)` (call only when `log` is non-null). */
  mark(path: string, suffix: number, kind: Kind, start: number, end: number): void {
    (this.log as SpanLog).add(path, this.index, suffix, kind, start - this.origin, end - this.origin);
  }

  u8(path: string): number {
    const p = this.pos;
    if (p >= this.end) this.truncated(fieldName(path), p);
    const b = this.buf[p];
    this.pos = p + 1;
    if (this.log !== null) this.mark(path, SUFFIX_NONE, Kind.Byte, p, p + 1);
    return b;
  }

  u16(path: string): number {
    const p = this.pos;
    if (p + 2 > this.end) this.truncated(fieldName(path), p);
    const b = this.buf;
    const value = (b[p] << 8) | b[p + 1];
    this.pos = p + 2;
    if (this.log !== null) this.mark(path, SUFFIX_NONE, Kind.TwoByte, p, p + 2);
    return value;
  }

  u32(path: string): number {
    const p = this.pos;
    if (p + 4 > this.end) this.truncated(fieldName(path), p);
    const b = this.buf;
    // Multiply the top byte so that values ≥ 2^31 stay positive (Four Byte Integers are unsigned).
    const value = b[p] * 0x1000000 + ((b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]);
    this.pos = p + 4;
    if (this.log !== null) this.mark(path, SUFFIX_NONE, Kind.FourByte, p, p + 4);
    return value;
  }

  vbi(path: string): number {
    const p = this.pos;
    let value = readVbi(this.buf, p, this.end);
    let n = vbiLength(value);
    if (value < 0) {
      if (value === VBI_INCOMPLETE) this.truncated(fieldName(path), p);
      if (value !== VBI_NOT_MINIMAL) throw malformed(`${fieldName(path)} is longer than 4 bytes`, 'vbiTooLong', this.v, this.off(p), path);
      // The value is still known: read it leniently, so that report-all mode and a policy can go on.
      this.fault(malformed(`${fieldName(path)} is not in its shortest encoding`, 'vbiMinimal', this.v, this.off(p)));
      value = readVbiLenient(this.buf, p);
      n = vbiBytesAt(this.buf, p);
    }
    this.pos = p + n;
    if (this.log !== null) this.mark(path, SUFFIX_NONE, Kind.Varint, p, this.pos);
    return value;
  }

  /**
   * A UTF-8 Encoded String: Two Byte Integer length, then that many bytes, validated, through the
   * cache `strings` ({@link strings} unless told). Sets {@link wildcard} to whether it contains
   * `+` or `#` (for Topic Names), and {@link slot} to its entry in `strings`.
   */
  utf8(path: string, strings: StringCache = this.strings): string {
    const p = this.pos;
    const buf = this.buf;
    const start = this.claim(path);
    const stop = this.pos;
    const len = stop - start;
    let s: string;
    this.slot = -1;
    // Stryker disable next-line ConditionalExpression: equivalent (`false`); an empty string then takes the scan below, which gives '' without a wildcard (speed only). (`true`, disabled with it, is killed by the tests.)
    if (len === 0) {
      s = '';
      this.wildcard = false;
    } else if (
      // Stryker disable next-line BooleanLiteral,EqualityOperator,ConditionalExpression: equivalent; never using the cache scans every string (speed only), and looking up strings over 64 bytes too finds none of them (below); the forms of ConditionalExpression that use the cache where it must not be, disabled with them, are killed by the tests; using the cache only when rejecting discouraged code points stores only strings that passed that check (speed only), and a cache standing aside that is looked up without asking `skips` does an ordinary look-up (the same strings); leaving out strings of exactly 64 bytes only costs speed, and with only strings over 64 bytes looked up nothing ever hits (an entry compares at most 16 words), so every string is scanned.
      len <= CACHE_MAX_LENGTH && !this.discouraged && !strings.skips()
    ) {
      // Seen before? A verified hit is valid ASCII without U+0000: no scan needed.
      const found = strings.lookup(buf, start, len);
      // Stryker disable next-line EqualityOperator: equivalent (`> 0`); a hit in slot 0 taken for a miss is scanned again (the same string), and its store with ticket 0 files an entry under a tag no look-up makes, so it never hits (speed only). (`< 0`, disabled with it, is killed by the tests.)
      if (found >= 0) {
        s = strings.string(found);
        this.wildcard = (strings.flags(found) & WILDCARD_BIT) !== 0;
        this.slot = found;
      } else {
        s = scanUtf8(this, path, start, stop);
        // Stryker disable next-line ConditionalExpression: equivalent (`false`); a string not stored is scanned again next time (speed only). (`true`, disabled with it, is killed by the tests.)
        if (this.ascii) this.slot = strings.store(found, buf, start, len, s, this.wildcard ? WILDCARD_BIT : 0);
      }
    } else {
      s = scanUtf8(this, path, start, stop);
    }
    if (this.log !== null) {
      this.mark(path, SUFFIX_LENGTH, Kind.TwoByte, p, start);
      this.mark(path, SUFFIX_NONE, Kind.Utf8, start, stop);
    }
    return s;
  }

  /** Set by {@link scanUtf8}: the string was plain ASCII without U+0000. */
  // Stryker disable next-line BooleanLiteral: equivalent; `scanUtf8` sets `ascii` before `utf8` reads it.
  ascii = false;

  /** Binary Data: Two Byte Integer length, then that many bytes, returned as a view. */
  binary(path: string): Uint8Array {
    const p = this.pos;
    const start = this.claim(path);
    const stop = this.pos;
    const value = sharedViews.view(this.buf, start, stop);
    if (this.log !== null) {
      this.mark(path, SUFFIX_LENGTH, Kind.TwoByte, p, start);
      this.mark(path, SUFFIX_NONE, Kind.Binary, start, stop);
    }
    return value;
  }

  /** Reads a Two Byte Integer length and claims that many bytes after it: returns where they start, and `pos` is their end. */
  private claim(path: string): number {
    const p = this.pos;
    // Stryker disable next-line ArithmeticOperator,ConditionalExpression: equivalent (`p - 2` and `false`; `true`, disabled with them, is killed by the tests); the next check enforces the bound: the claimed end is at least p + 2, so a length field past the end is reported there with the same message and offset.
    if (p + 2 > this.end) this.truncated(fieldName(path), p);
    const stop = p + 2 + ((this.buf[p] << 8) | this.buf[p + 1]);
    if (stop > this.end) this.truncated(fieldName(path), p);
    this.pos = stop;
    return p + 2;
  }

  /** The rest of the current range as a view (PUBLISH payload). */
  rest(path: string): Uint8Array {
    const p = this.pos;
    const value = sharedViews.view(this.buf, p, this.end);
    this.pos = this.end;
    if (this.log !== null) this.mark(path, SUFFIX_NONE, Kind.Binary, p, this.end);
    return value;
  }

  /**
   * Bytes left over past the last field (the Remaining Length is too long): Malformed, unless the
   * policy relaxes `trailingBytes` (they are then skipped).
   */
  expectEnd(what: string): void {
    if (this.pos !== this.end) {
      this.fault(malformed(`${this.end - this.pos} unexpected byte(s) after the last field of ${what}`, 'trailingBytes', this.v, this.off(this.pos)));
      this.pos = this.end;
    }
  }
}

/** The error for a string field at `path` whose bytes at `offset` are a fault of `kind`. */
function utf8Error(kind: Utf8Fault, path: string, v: number, offset: number): MqttCodecError {
  const name = fieldName(path);
  if (kind === Utf8Fault.Null) return malformed(`${name} contains U+0000`, 'utf8NoNull', v, offset);
  if (kind === Utf8Fault.IllFormed) return malformed(`${name} is not well-formed UTF-8`, 'utf8WellFormed', v, offset);
  return malformed(`${name} contains a code point that SHOULD NOT be used`, 'discouragedCodePoint', v, offset, path);
}

/** Reports a relaxed check as a warning: into `list` (inspect) and to the policy's `onWarning`. */
function warn(err: MqttCodecError, list: MqttCodecError[] | null, policy: CheckOptions | null): void {
  err.severity = 'warning';
  if (list !== null) list.push(err);
  // Stryker disable next-line OptionalChaining: equivalent; only a policy makes a check a warning (no check's default severity is 'warn'), so `policy` is never null here. (Dropping the second `?.`, disabled with it, is killed by the tests.)
  policy?.onWarning?.(err);
}

/**
 * The name of a field in messages: its path without list indices (`subscriptions[2].options` →
 * `subscriptions[].options`), so that strict and report-all modes word errors the same way.
 */
function fieldName(path: string): string {
  return path === '' ? 'field' : path.replace(/\[\d+\]/g, '[]');
}

/**
 * Scans, validates and decodes `r.buf[start, stop)` as an MQTT string; sets `r.wildcard` and
 * `r.ascii`. Plain ASCII (the common case) is built directly; anything else goes through the
 * full validator.
 */
function scanUtf8(r: Reader, path: string, start: number, stop: number): string {
  const buf = r.buf;
  const discouraged = r.discouraged;
  // Stryker disable next-line EqualityOperator,ArithmeticOperator,BlockStatement,ConditionalExpression: equivalent; which strings take the one-call decoder is a speed choice (the ConditionalExpression form that sends strings to it when discouraged code points are checked, disabled with them, is killed by the tests): the byte scan and the full validator below give the same string, wildcard and faults.
  if (stop - start > 12 && !discouraged) {
    // One engine call validates and builds a flat string; the checks left are on the string.
    const s = decodeWellFormed(sharedViews.view(buf, start, stop));
    // Stryker disable next-line StringLiteral,BlockStatement,ConditionalExpression: equivalent (`false`; the `true` forms, disabled with them, are killed by the tests); leaving the one-call decoder sends the string to the byte scan and full validator below, which give the same result (speed only).
    if (s !== null && s.indexOf('\0') < 0) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent; `ascii` only decides whether the string is cached: a well-formed string without U+0000 read back from the cache for the same bytes is the same string (speed only).
      r.ascii = s.length === stop - start;
      r.wildcard = s.indexOf('+') >= 0 || s.indexOf('#') >= 0;
      return s;
    }
  }
  let wildcard = false;
  let i = start;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; a scan that stops early or runs one byte long sends the string to the full validator, which gives the same string, wildcard and faults (speed only).
  for (; i < stop; i++) {
    const b = buf[i];
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: equivalent; a byte that stops the scan needlessly sends the string to the full validator, which gives the same string, wildcard and faults (speed only). The forms that let a byte through that must stop it, disabled with them, are killed by the tests.
    if (b >= 0x80 || b === 0 || (discouraged && (b < 0x20 || b === 0x7f))) break;
    if (b === 0x2b || b === 0x23) wildcard = true;
  }
  // Stryker disable next-line BlockStatement,ConditionalExpression: equivalent (`{}` and `false`; `true`, disabled with them, is killed by the tests); without the ASCII shortcut the full validator gives the same string and wildcard (speed only: not cached).
  if (i === stop) {
    // Stryker disable next-line BooleanLiteral: equivalent; `ascii` only decides whether the string is cached (speed only).
    r.ascii = true;
    r.wildcard = wildcard;
    return asciiString(buf, start, stop);
  }
  r.ascii = false;
  const s = slowUtf8(r, path, start, stop);
  r.wildcard = s.indexOf('+') >= 0 || s.indexOf('#') >= 0;
  return s;
}

function slowUtf8(r: Reader, path: string, start: number, stop: number): string {
  const bad = checkUtf8(r.buf, start, stop, r.discouraged);
  // Stryker disable next-line EqualityOperator: equivalent (`<= 0`); a fault is at a byte of the string, which starts after its two length bytes, so never at 0. (`>= 0`, disabled with it, is killed by the tests.)
  if (bad < 0) return decodeReplacing(r.buf, start, stop);
  r.fault(utf8Error(utf8FaultAt(r.buf, bad, stop), path, r.v, r.off(bad)));
  return decodeReplacing(r.buf, start, stop);
}
