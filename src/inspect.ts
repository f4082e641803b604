/**
 * `inspect`: everything an analyzer wants to know about one packet — which bytes each field came
 * from, and every fault, not just the first — without ever throwing.
 *
 * It runs the same packet decoders as `decode`, with the reader in report-all mode: a fault that
 * leaves the framing intact is recorded and reading goes on; a fault that breaks the framing is
 * recorded and ends the inspection.
 *
 * @module
 */
import { hasPolicy } from './checks.js';
import { decodeFrame, maxSizeOption, versionOption } from './decode.js';
import { malformed, MqttCodecError } from './errors.js';
import { HEADER_INCOMPLETE, headerLength, readHeader, tooLarge } from './header.js';
import { senderOption } from './packets/registry.js';
import type { DecodeOptions, Packet } from './types.js';
import { NO_BYTES, Reader } from './wire/reader.js';
import { type Field, fieldsOf, Kind, SpanLog, type Spans, SUFFIX_NONE } from './wire/spans.js';

export type { Field };

/** The result of {@link inspect}. */
export interface InspectResult {
  /** The decoded packet: present exactly when `decode` would succeed, and equal to its result. */
  packet?: Packet;
  /**
   * Bytes of the packet at the start of the input (fixed header plus Remaining Length), or of the
   * input when its fixed header is incomplete.
   */
  length: number;
  /**
   * Leaf fields in wire order, with their byte spans. For a well-formed packet they tile it: each
   * byte from 0 to `length` belongs to exactly one field, or to fields with disjoint `mask`s.
   * Length prefixes and property identifiers are fields of their own.
   *
   * A getter: built on first read, then kept. `inspect` itself records spans compactly, so a
   * caller that wants only `packet` and `diagnostics` — a fuzzer — never pays for one object per
   * field. Values are read from `bytes` when the fields are built (as the packet's binary fields
   * are views of it: do not modify it meanwhile). Spreading the result leaves `fields` out;
   * `JSON.stringify` includes it.
   */
  readonly fields: Field[];
  /**
   * Every fault found, in the order found; `diagnostics[0]` is the error `decode` throws for the
   * same bytes. Empty for a valid packet.
   */
  diagnostics: MqttCodecError[];
  /**
   * The checks that failed with severity `'warn'` under the options' policy (see `CHECKS`), in the
   * order found; they do not stop `packet` from being present. Empty with the default policy.
   */
  warnings: MqttCodecError[];
}

/**
 * Inspects the packet at the start of `bytes`. Never throws, whatever the input.
 *
 * @example
 * ```ts
 * const { packet, fields, diagnostics } = inspect(bytes, { protocolVersion: 5 })
 * for (const f of fields) console.log(f.start, f.end, f.path, f.value)
 * for (const d of diagnostics) console.log(d.rule, d.offset, d.message)
 * ```
 */
export function inspect(bytes: Uint8Array, options?: DecodeOptions): InspectResult {
  const diagnostics: MqttCodecError[] = [];
  const result = new Inspection(diagnostics);
  // One reader and span log serve every call (a call made from inside an options getter gets its
  // own); the spans are copied out at their exact size at the end.
  const r = scratch ?? inspectReader();
  scratch = null;
  r.reset(NO_BYTES, 0, 0, 4, 0); // nothing left of an earlier call (list index, origin)
  const log = r.log!;
  log.count = 0;
  try {
    const v = versionOption(options);
    const max = maxSizeOption(options);
    if (!(bytes instanceof Uint8Array)) throw new MqttCodecError(0x81, 'inspect needs a Uint8Array');
    const n = bytes.length;
    result.length = n;
    let rl: number;
    try {
      rl = readHeader(bytes, 0, n, v, 0, hasPolicy(options) ? (options as DecodeOptions) : null);
    } catch (e) {
      // A reserved type or a bad Remaining Length: the first byte is still worth showing.
      r.mark('header.type', SUFFIX_NONE, Kind.Type, 0, 1);
      r.mark('header.flags', SUFFIX_NONE, Kind.Flags, 0, 1);
      throw e;
    }
    if (rl === HEADER_INCOMPLETE) {
      throw malformed(n === 0 ? 'no bytes to decode' : 'the fixed header is cut short', 'packetCutShort', v, n);
    }
    const hl = headerLength(bytes, 0, rl);
    const total = hl + rl;
    result.length = total;
    if (total > max) diagnostics.push(tooLarge(total, max, v, 0));
    let end = total;
    if (total > n) {
      diagnostics.push(malformed(`packet is cut short: ${total} bytes announced, ${n} given`, 'packetCutShort', v, n));
      end = n;
    } else if (total < n) {
      diagnostics.push(malformed(`${n - total} byte(s) after the end of the packet`, 'bytesAfterPacket', v, total));
    }
    r.diags = diagnostics;
    r.discouraged = options?.rejectDiscouragedCodePoints === true;
    r.from = senderOption(options?.from);
    r.policy = hasPolicy(options) ? (options as DecodeOptions) : null;
    r.warnings = result.warnings;
    const packet = decodeFrame(r, bytes, 0, hl, end, v, 0);
    if (diagnostics.length === 0) result.packet = packet;
  } catch (e) {
    diagnostics.push(e instanceof MqttCodecError ? e : new MqttCodecError(0x83, `internal error: ${String(e)}`));
  }
  result[LOG] = log.copy();
  result[BYTES] = bytes;
  r.release(); // the reader kept for the next call holds on to nothing of this one
  r.diags = null;
  r.policy = null;
  r.warnings = null;
  scratch = r;
  return result;
}

/** Where an {@link Inspection} keeps its span log, and its fields once built. */
const LOG = Symbol('span log');
const BYTES = Symbol('bytes');
const FIELDS = Symbol('fields');

/**
 * The class of {@link inspect}'s results. `fields` is a getter: the spans are recorded compactly
 * and turned into `Field` objects on first read (then kept), so a caller that wants only `packet`
 * and `diagnostics` — a fuzzer — never pays for an object per field. `toJSON` includes them.
 */
class Inspection implements InspectResult {
  declare packet?: Packet;
  length = 0;
  diagnostics: MqttCodecError[];
  warnings: MqttCodecError[] = [];
  [LOG]: Spans | null = null;
  [BYTES]: Uint8Array | null = null;
  [FIELDS]: Field[] | null = null;

  constructor(diagnostics: MqttCodecError[]) {
    this.diagnostics = diagnostics;
  }

  get fields(): Field[] {
    return (this[FIELDS] ??= fieldsOf(this[LOG]!, this[BYTES]!));
  }

  toJSON(): InspectResult {
    const { packet, length, fields, diagnostics, warnings } = this;
    return packet === undefined ? { length, fields, diagnostics, warnings } : { packet, length, fields, diagnostics, warnings };
  }
}

function inspectReader(): Reader {
  const r = new Reader();
  r.log = new SpanLog();
  return r;
}

/** The reader (with its span log) `inspect` uses, while no call is using it. */
let scratch: Reader | null = inspectReader();
