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
import { decodeFrame, maxSizeOption, versionOption } from './decode.js';
import { malformed, MqttCodecError } from './errors.js';
import { HEADER_INCOMPLETE, headerBytes, readHeader, tooLarge } from './header.js';
import { senderOption } from './packets/registry.js';
import type { DecodeOptions, Packet } from './types.js';
import { type Field, Reader } from './wire/reader.js';

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
   */
  fields: Field[];
  /**
   * Every fault found, in the order found; `diagnostics[0]` is the error `decode` throws for the
   * same bytes. Empty for a valid packet.
   */
  diagnostics: MqttCodecError[];
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
  const fields: Field[] = [];
  const diagnostics: MqttCodecError[] = [];
  const result: InspectResult = { length: 0, fields, diagnostics };
  try {
    const v = versionOption(options);
    const max = maxSizeOption(options);
    if (!(bytes instanceof Uint8Array)) throw new MqttCodecError(0x81, 'inspect needs a Uint8Array');
    const n = bytes.length;
    result.length = n;
    let rl: number;
    try {
      rl = readHeader(bytes, 0, n, v, 0);
    } catch (e) {
      // A reserved type or a bad Remaining Length: the first byte is still worth showing.
      fields.push({ path: 'header.type', start: 0, end: 1, value: bytes[0] >> 4, mask: 0xf0 });
      fields.push({ path: 'header.flags', start: 0, end: 1, value: bytes[0] & 15, mask: 0x0f });
      throw e;
    }
    if (rl === HEADER_INCOMPLETE) {
      throw malformed(n === 0 ? 'no bytes to decode' : 'the fixed header is cut short', null, v, n);
    }
    const hl = headerBytes;
    const total = hl + rl;
    result.length = total;
    if (total > max) diagnostics.push(tooLarge(total, max, v, 0));
    let end = total;
    if (total > n) {
      diagnostics.push(malformed(`packet is cut short: ${total} bytes announced, ${n} given`, null, v, n));
      end = n;
    } else if (total < n) {
      diagnostics.push(malformed(`${n - total} byte(s) after the end of the packet`, null, v, total));
    }
    const r = new Reader();
    r.fields = fields;
    r.diags = diagnostics;
    r.discouraged = options?.rejectDiscouragedCodePoints === true;
    r.from = senderOption(options?.from);
    const packet = decodeFrame(r, bytes, 0, hl, end, v, 0);
    if (diagnostics.length === 0) result.packet = packet;
  } catch (e) {
    diagnostics.push(e instanceof MqttCodecError ? e : new MqttCodecError(0x83, `internal error: ${String(e)}`));
  }
  return result;
}
