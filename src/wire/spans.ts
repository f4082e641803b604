/**
 * The span log: how `inspect` records which bytes each leaf field came from, without building an
 * object or a string per field while reading. Each field is five integers (list index, path
 * suffix, value kind, start, end) plus its path template, a constant string such as
 * `subscriptions[].options` whose `[]` takes the list index. {@link fieldsOf} turns a log into
 * `Field` objects when they are asked for, re-reading each value from the bytes by its kind.
 *
 * @module
 */
import { asciiString, decodeReplacing } from './utf8.js';

/** A field of a decoded packet and the bytes it came from (offsets into the inspected input). */
export interface Field {
  /** Where the field sits in the packet, e.g. `variableHeader.packetId`, `properties.topicAlias`. */
  path: string;
  /** Offset of the field's first byte. */
  start: number;
  /** Offset just past the field's last byte. */
  end: number;
  /** The decoded value, for leaf fields that have one. */
  value?: unknown;
  /**
   * For a field that is only some bits of its byte (the fixed header's type and flags): the bits
   * it covers. Fields sharing a byte have disjoint masks that together cover 0xFF.
   */
  mask?: number;
}

/** Path suffixes: none, a length prefix, a property identifier. */
export const SUFFIX_NONE = 0;
export const SUFFIX_LENGTH = 1;
export const SUFFIX_ID = 2;
const SUFFIXES = ['', '.length', '.id'];

/** How a field's value is read back from its bytes. */
export const enum Kind {
  Byte,
  TwoByte,
  FourByte,
  Varint,
  Utf8,
  Binary,
  /** The fixed header's packet type (high nibble) and flags (low nibble). */
  Type,
  Flags,
}

/** Integers per field in {@link SpanLog.ints}. */
const STRIDE = 5;

/** Recorded spans: {@link STRIDE} integers and a path template per field. */
export interface Spans {
  readonly ints: ArrayLike<number>;
  readonly paths: readonly string[];
  readonly count: number;
}

/** A growable log of field spans, meant to be reused: {@link copy} keeps what a result needs. */
export class SpanLog implements Spans {
  ints = new Int32Array(STRIDE * 64);
  // Stryker disable next-line ArrayDeclaration: equivalent; a path is written at every index before it is read, and a copy takes the first `count`.
  paths: string[] = [];
  count = 0;

  /** Records a field; offsets are positions in the inspected bytes. */
  add(path: string, index: number, suffix: number, kind: Kind, start: number, end: number): void {
    const n = this.count;
    let k = n * STRIDE;
    let ints = this.ints;
    // Stryker disable next-line EqualityOperator: equivalent (`>=`); growing one field early keeps the same integers (memory only). (`<=`, disabled with it, is killed by the tests.)
    if (k + STRIDE > ints.length) {
      const grown = new Int32Array(ints.length * 2);
      grown.set(ints);
      this.ints = ints = grown;
    }
    ints[k++] = index;
    ints[k++] = suffix;
    ints[k++] = kind;
    ints[k++] = start;
    ints[k] = end;
    this.paths[n] = path;
    this.count = n + 1;
  }

  /** Gives the last field recorded another path (a property identifier, once its property is known). */
  rename(path: string, index: number, suffix: number): void {
    const k = (this.count - 1) * STRIDE;
    this.paths[this.count - 1] = path;
    this.ints[k] = index;
    this.ints[k + 1] = suffix;
  }

  /**
   * An exact-size copy of the spans (this log can then be reused). A few integers go into a plain
   * array, allocated on the JavaScript heap (a typed array over 64 bytes is allocated outside it,
   * at a cost of its own); many, into a typed array copied in one move.
   */
  copy(): Spans {
    const n = this.count * STRIDE;
    const src = this.ints;
    let ints: ArrayLike<number>;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; a plain array or a typed array of the same integers (a speed and memory choice).
    if (n <= 256) {
      const small: number[] = [];
      // Stryker disable next-line EqualityOperator: equivalent (`<=`); one more integer past the last field's, never read (fields are read up to `count`). (The other forms copy nothing: the tests see that.)
      for (let i = 0; i < n; i++) small.push(src[i]);
      ints = small;
    } else {
      ints = src.slice(0, n);
    }
    return { ints, paths: this.paths.slice(0, this.count), count: this.count };
  }
}

/**
 * Path pieces per template and suffix (templates are constants, so these stay small): the whole
 * path of an unindexed field, and `[before "[", "]" after]` of an indexed one.
 */
const WHOLE = [new Map<string, string>(), new Map<string, string>(), new Map<string, string>()];
const SPLIT = [new Map<string, [string, string]>(), new Map<string, [string, string]>(), new Map<string, [string, string]>()];

function pathOf(template: string, index: number, suffix: number): string {
  if (index < 0) {
    // Stryker disable next-line ConditionalExpression: equivalent (`false`); the memo of suffix '' gives the template itself (speed only). (`true`, disabled with it, is killed by the tests.)
    if (suffix === SUFFIX_NONE) return template;
    let whole = WHOLE[suffix].get(template);
    // Stryker disable next-line ConditionalExpression: equivalent (`true`); building the path again gives the same string (the memo saves only the concatenation). (`false`, disabled with it, is killed by the tests.)
    if (whole === undefined) WHOLE[suffix].set(template, (whole = template + SUFFIXES[suffix]));
    return whole;
  }
  let split = SPLIT[suffix].get(template);
  // Stryker disable next-line ConditionalExpression: equivalent (`true`); splitting the template again gives the same pieces (the memo saves only the work). (`false`, disabled with it, is killed by the tests.)
  if (split === undefined) {
    const at = template.indexOf('[]');
    split = [template.slice(0, at + 1), template.slice(at + 1) + SUFFIXES[suffix]];
    SPLIT[suffix].set(template, split);
  }
  return split[0] + index + split[1];
}

/** The {@link Field}s of a log of spans in `bytes`. */
export function fieldsOf(log: Spans, bytes: Uint8Array): Field[] {
  const { ints, paths, count } = log;
  const fields: Field[] = [];
  for (let i = 0; i < count; i++) {
    const k = i * STRIDE;
    const path = pathOf(paths[i], ints[k], ints[k + 1]);
    const start = ints[k + 3];
    const end = ints[k + 4];
    const f: Field = { path, start, end };
    const kind = ints[k + 2] as Kind;
    f.value = valueOf(kind, bytes, start, end);
    if (kind === Kind.Type) f.mask = 0xf0;
    else if (kind === Kind.Flags) f.mask = 0x0f;
    fields.push(f);
  }
  return fields;
}

/** Reads a field's value back from its bytes, as the Reader decoded it. */
function valueOf(kind: Kind, b: Uint8Array, start: number, end: number): unknown {
  switch (kind) {
    case Kind.Byte:
      return b[start];
    case Kind.TwoByte:
      return (b[start] << 8) | b[start + 1];
    case Kind.FourByte:
      return b[start] * 0x1000000 + ((b[start + 1] << 16) | (b[start + 2] << 8) | b[start + 3]);
    case Kind.Varint: {
      // Read leniently: a non-minimal encoding still has a value (report-all mode goes on).
      let value = 0;
      for (let i = end - 1; i >= start; i--) value = value * 128 + (b[i] & 0x7f);
      return value;
    }
    case Kind.Utf8: {
      let i = start;
      // Stryker disable next-line UpdateOperator,ConditionalExpression,EqualityOperator: equivalent; the scan only picks the ASCII shortcut: decodeReplacing gives the same string for any bytes asciiString is given (U+0000 included), and a scan that runs past `end` or stops early sends the string to decodeReplacing. The forms that let a non-ASCII byte through, disabled with them, are killed by the tests. (Scanning backwards stops before the string, at its length bytes or the start of the buffer.)
      while (i < end && b[i] < 0x80 && b[i] !== 0) i++;
      // Stryker disable next-line ConditionalExpression: equivalent (`false`); decodeReplacing gives the same string for ASCII bytes. (`true`, disabled with it, is killed by the tests.)
      if (i === end) return asciiString(b, start, end);
      return decodeReplacing(b, start, end);
    }
    case Kind.Binary:
      return b.subarray(start, end);
    case Kind.Type:
      return b[start] >> 4;
    case Kind.Flags:
      return b[start] & 15;
    // Stryker disable next-line ConditionalExpression: equivalent; the last case: without its return the function returns undefined all the same (and every kind has its own case).
    default:
      return undefined;
  }
}
