/**
 * The encode plan: what the size phase of one encode call found, for its write phase.
 *
 * A packet codec's `encode(packet, plan)` reads each field of the packet once, validates it and
 * records it as an operation (a Two Byte Integer, a string with its measured UTF-8 length, cached
 * string bytes, a binary field…), or as the plan's tail (the PUBLISH payload, always last: kept in
 * two fields rather than an operation, which measured a few per cent faster on small PUBLISH
 * encodes); `plan.bytes` sums what they will write, so it is the Remaining Length when the codec
 * returns. The write phase ({@link EncodePlan.write}) replays the operations and then the tail
 * into the buffer and never looks at the packet again: a getter that answers
 * differently on a second read cannot make the bytes disagree with the length written before
 * them. A vectored write records large binary fields by reference instead of copying them.
 *
 * Nothing passes between the phases outside the plan, so an encode called from inside a getter of
 * the packet being encoded (a lazy object, a Proxy) simply uses a plan of its own.
 *
 * @module
 */
import { type CheckOptions, severityOf } from './checks.js';
import { type FaultKey, MqttCodecError } from './errors.js';
import { utf8Length, writeUtf8 } from './wire/utf8.js';
import { vbiLength, writeVbi } from './wire/vbi.js';
import { writeCachedString } from './wire/string-bytes.js';
import { binarySize, stringSize, writeString, writeU16, writeU32 } from './wire/writer.js';

/**
 * Binary fields (PUBLISH payload, Binary Data) of at least this many bytes are handed back by
 * reference by `encodeVectored` instead of being copied. Below it a copy into the head costs
 * less than an extra piece does downstream (one more array element, one more iovec in `writev`).
 */
export const VECTOR_MIN_BYTES = 256;

/**
 * The operations of a plan. An operation's code may carry a 5.0 property identifier above its low
 * four bits ({@link ID_SHIFT}): the identifier byte is written first, so a property is one operation.
 */
const enum Op {
  U8,
  U16,
  U32,
  Vbi,
  /** A UTF-8 Encoded String: `num` is its byte length, `ref` the string. */
  Str,
  /** A UTF-8 Encoded String from a cache: `ref` is its bytes. */
  Cached,
  /** Binary Data (Two Byte Integer length, then the bytes): `ref` is the Uint8Array. */
  Bin,
}

/** Shift of a property identifier in an operation's code (the operation is in the low four bits). */
const ID_SHIFT = 4;

/** What the size phase of one encode found, in write order; see the module comment. */
export class EncodePlan {
  /** Protocol version of the packet (3, 4, 5). */
  v = 4;
  /** Sender from the options: 0 unknown, 1 client, 2 server. */
  from = 0;
  /** The strictness options, or null (the strict preset). */
  policy: CheckOptions | null = null;
  /** The fixed header's low four bits. */
  flags = 0;
  /** Bytes the recorded operations write: the Remaining Length once the codec has run. */
  bytes = 0;
  /** The property identifiers (bits 0–31 and 32–63) of the last property block planned. */
  propertiesLow = 0;
  propertiesHigh = 0;
  /** Bytes of the binary fields of at least {@link VECTOR_MIN_BYTES}: what a vectored write leaves out of the head. */
  large = 0;
  // Stryker disable ArrayDeclaration: equivalent; an entry of these arrays is always written before it is read (up to cutCount, or the operation count).
  /** After a vectored {@link write}: the head position of each large field left out, and the field. */
  readonly cuts: number[] = [];
  readonly pieces: Uint8Array[] = [];
  /** Number of entries of `cuts` and `pieces` the last vectored write made. */
  cutCount = 0;
  private ops = new Uint16Array(32);
  private readonly nums: number[] = [];
  private readonly refs: unknown[] = [];
  // Stryker restore ArrayDeclaration
  private n = 0;
  /** The packet's last field, bytes without a length (the PUBLISH payload), or null. */
  private tail: Uint8Array | string | null = null;
  private tailLength = 0;

  /** Empties the plan for a packet of version `v`. */
  start(v: number, from: number, policy: CheckOptions | null): void {
    this.v = v;
    this.from = from;
    this.policy = policy;
    this.flags = this.bytes = this.large = this.n = this.cutCount = 0;
  }

  /**
   * Records the numeric operation `op` (with the property identifier `id` before it, when not 0);
   * returns its index. Its `refs` entry is left as it is: undefined, since every operation that
   * sets one is cleared when written, truncated or cleared.
   */
  private op(op: Op, num: number, id: number): number {
    const i = this.n++;
    if (i === this.ops.length) this.grow();
    this.ops[i] = op | (id << ID_SHIFT);
    this.nums[i] = num;
    return i;
  }

  /** Records `op`, which holds the value `ref` (a string or bytes). */
  private opRef(op: Op, num: number, ref: unknown, id: number): void {
    this.refs[this.op(op, num, id)] = ref;
  }

  private grow(): void {
    const grown = new Uint16Array(this.ops.length * 2);
    grown.set(this.ops);
    this.ops = grown;
  }

  /** Records a byte (after the property identifier `id` when not 0; the same for the others). */
  u8(value: number, id = 0): void {
    this.op(Op.U8, value, id);
    this.bytes += id === 0 ? 1 : 2;
  }

  /** Records a Two Byte Integer. */
  u16(value: number, id = 0): void {
    this.op(Op.U16, value, id);
    this.bytes += id === 0 ? 2 : 3;
  }

  /** Records a Four Byte Integer property (every Four Byte Integer of MQTT is one): identifier `id`, then the value. */
  u32(value: number, id: number): void {
    this.op(Op.U32, value, id);
    this.bytes += 5;
  }

  /** Records a Variable Byte Integer. */
  vbi(value: number, id = 0): void {
    this.op(Op.Vbi, value, id);
    this.bytes += (id === 0 ? 0 : 1) + vbiLength(value);
  }

  /** Records a Variable Byte Integer whose value is known later ({@link setVbi}): a Property Length. Returns its index. */
  reserveVbi(): number {
    return this.op(Op.Vbi, 0, 0);
  }

  /** Sets the Variable Byte Integer reserved at `index`. */
  setVbi(index: number, value: number): void {
    this.nums[index] = value;
    this.bytes += vbiLength(value);
  }

  /** Records a UTF-8 Encoded String of `byteLength` bytes (measured by the caller). */
  string(value: string, byteLength: number, id = 0): void {
    this.opRef(Op.Str, byteLength, value, id);
    this.bytes += (id === 0 ? 2 : 3) + byteLength;
  }

  /** Records a UTF-8 Encoded String by its cached bytes. */
  cachedString(bytes: Uint8Array): void {
    this.opRef(Op.Cached, 0, bytes, 0);
    this.bytes += 2 + bytes.length;
  }

  /** Records Binary Data (at most 65,535 bytes, checked by the caller). */
  binary(bytes: Uint8Array, id = 0): void {
    const n = bytes.length;
    this.opRef(Op.Bin, n, bytes, id);
    this.bytes += (id === 0 ? 2 : 3) + n;
    if (n >= VECTOR_MIN_BYTES) this.large += n;
  }

  /** Records bytes without a length prefix (the PUBLISH payload): the last field, written after the operations. */
  raw(bytes: Uint8Array): void {
    const n = bytes.length;
    this.tail = bytes;
    this.tailLength = n;
    this.bytes += n;
    if (n >= VECTOR_MIN_BYTES) this.large += n;
  }

  /** Records text without a length prefix, `byteLength` bytes of UTF-8 (a PUBLISH payload string): the last field. */
  rawString(value: string, byteLength: number): void {
    this.tail = value;
    this.tailLength = byteLength;
    this.bytes += byteLength;
  }

  /**
   * A check that failed on encode: thrown, unless the policy of the encode call relaxes it — then
   * it is reported (`'warn'`) or not (`'off'`), and the packet is written with the value as given.
   */
  breach(err: MqttCodecError): void {
    const policy = this.policy;
    const severity = severityOf(err.key, policy);
    if (severity === 'error') throw err;
    if (severity === 'warn') {
      err.severity = 'warning';
      // Stryker disable next-line OptionalChaining: equivalent; only a policy makes a check a warning (no check's default severity is 'warn'), so `policy` is never null here. (Dropping the second `?.`, disabled with it, is killed by the tests.)
      policy?.onWarning?.(err);
    }
  }

  /**
   * Writes the recorded operations at `buf[pos]`; returns the end position. With `vectored`, the
   * binary fields of at least {@link VECTOR_MIN_BYTES} are not copied: their place in the head and
   * the fields themselves are recorded in `cuts` and `pieces`. Lets go of every value it held.
   */
  write(buf: Uint8Array, pos: number, vectored: boolean): number {
    const { ops, nums, refs } = this;
    this.cutCount = 0;
    const n = this.n;
    for (let i = 0; i < n; i++) {
      let op = ops[i];
      // Stryker disable next-line EqualityOperator: equivalent (`>= 15`); no operation is 15 (they are 0 to 6, with a property identifier above the low four bits). (`<= 15`, disabled with it, is killed by the tests.)
      if (op > 15) {
        buf[pos++] = op >> ID_SHIFT;
        op &= 15;
      }
      switch (op) {
        case Op.U8:
          buf[pos++] = nums[i];
          break;
        case Op.U16:
          pos = writeU16(buf, pos, nums[i]);
          break;
        case Op.U32:
          pos = writeU32(buf, pos, nums[i]);
          break;
        case Op.Vbi:
          pos = writeVbi(buf, pos, nums[i]);
          break;
        case Op.Str:
          pos = writeString(buf, pos, refs[i] as string, nums[i]);
          refs[i] = undefined;
          break;
        case Op.Cached:
          pos = writeCachedString(buf, pos, refs[i] as Uint8Array);
          refs[i] = undefined;
          break;
        default:
          pos = writeU16(buf, pos, nums[i]);
          pos = this.copy(buf, pos, refs[i] as Uint8Array, nums[i], vectored);
          refs[i] = undefined;
      }
    }
    this.n = 0;
    const tail = this.tail;
    if (tail === null) return pos;
    this.tail = null;
    if (typeof tail === 'string') return writeUtf8(buf, pos, tail);
    return this.copy(buf, pos, tail, this.tailLength, vectored);
  }

  /** Copies `bytes` to `buf[pos]`, or in a vectored write records a large field by reference. */
  private copy(buf: Uint8Array, pos: number, bytes: Uint8Array, n: number, vectored: boolean): number {
    // A view of a resizable ArrayBuffer may have been resized since it was measured (by a getter
    // read later in the size phase): the length already written would be wrong.
    if (bytes.length !== n) throw new MqttCodecError(0x81, `a byte array field changed length during encode (${n} bytes when measured, ${bytes.length} when written)`);
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent; the byte loop and `set` copy the same bytes (a speed choice for short fields); a field of 256 bytes or more is never under the bound.
    if (n < 32) {
      for (let i = 0; i < n; i++) buf[pos + i] = bytes[i];
      return pos + n;
    }
    if (vectored && n >= VECTOR_MIN_BYTES) {
      const k = this.cutCount++;
      this.cuts[k] = pos;
      this.pieces[k] = bytes;
      return pos;
    }
    buf.set(bytes, pos);
    return pos + n;
  }

  /** Whether the last property block planned has the property `id`. */
  hasProperty(id: number): boolean {
    // Stryker disable next-line ArithmeticOperator,EqualityOperator: equivalent; a shift count is taken modulo 32, so `1 << (id + 32)` is `1 << (id - 32)`; and no property has identifier 32 (`id <= 32`). (The other EqualityOperator forms, disabled with it, are killed by the tests.)
    return (id < 32 ? this.propertiesLow & (1 << id) : this.propertiesHigh & (1 << (id - 32))) !== 0;
  }

  /** Number of operations recorded. */
  get count(): number {
    return this.n;
  }

  /**
   * Forgets the operations from index `count` on, which wrote no binary field of
   * {@link VECTOR_MIN_BYTES} or more; `bytes` is what was recorded before them.
   */
  truncate(count: number, bytes: number): void {
    // A loop, not refs.fill: the ranges are a few entries, and the builtin call cost more (profiled).
    const refs = this.refs;
    // Stryker disable next-line EqualityOperator: equivalent (`<=`); the entry at `n` holds nothing already. (`>=`, disabled with it, keeps the values: the encode-plan tests see that.)
    for (let i = count; i < this.n; i++) refs[i] = undefined;
    this.n = count;
    this.bytes = bytes;
  }

  /** Lets go of every value recorded (after a failed size phase, or a size-only call). */
  clear(): void {
    const refs = this.refs;
    // Stryker disable next-line EqualityOperator: equivalent (`<=`); the entry at `n` holds nothing already. (`>=`, disabled with it, keeps the values: the encode-plan tests see that.)
    for (let i = 0; i < this.n; i++) refs[i] = undefined;
    this.n = 0;
    this.tail = null;
  }
}

/**
 * Validates a UTF-8 Encoded String field and records it: a string of at most 65,535 bytes,
 * without lone surrogates [MQTT-1.5.4-1] or U+0000 [MQTT-1.5.4-2] (a policy may let U+0000
 * through). Returns its byte length. `tooLong` is the fault a string over 65,535 bytes is.
 */
export function planString(plan: EncodePlan, value: unknown, what: string, tooLong: FaultKey = 'invalidValue', id = 0): number {
  // A valid string is measured once here; anything else (not a string, too long, a lone surrogate,
  // U+0000) takes the checked path below, which says why or lets a policy relax it.
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent; a string sent to the checked path is measured and recorded there the same (speed only). (`true`, disabled with them, measures a non-string: the tests see that.)
  const len = typeof value === 'string' ? utf8Length(value, false) : -1;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: equivalent for the forms that send more strings to the checked path (`false`, `len > 0`, `len < 0xffff`, `{}`), which measures the same length for a valid string (speed only). (The forms that let a string over 65,535 bytes skip the checks, disabled with them, are killed by the tests.)
  if (len >= 0 && len <= 0xffff) {
    plan.string(value as string, len, id);
    return len;
  }
  return planStringChecked(plan, value, what, tooLong, id);
}

/** {@link planString} of a value that may be invalid: throws, or records it when a policy lets U+0000 through. */
function planStringChecked(plan: EncodePlan, value: unknown, what: string, tooLong: FaultKey, id: number): number {
  let len: number;
  try {
    len = stringSize(value, what, plan.v, tooLong);
  } catch (e) {
    if ((e as MqttCodecError).key !== 'utf8NoNull') throw e;
    plan.breach(e as MqttCodecError);
    len = stringSize(value, what, plan.v, tooLong, true);
  }
  plan.string(value as string, len, id);
  return len;
}

/** Validates a Binary Data field (a Uint8Array of at most 65,535 bytes) and records it (after the property identifier `id` when not 0). */
export function planBinary(plan: EncodePlan, value: unknown, what: string, id = 0): void {
  binarySize(value, what, plan.v);
  plan.binary(value as Uint8Array, id);
}
