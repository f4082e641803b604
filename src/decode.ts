/**
 * `decode`: exactly one complete packet from a byte array, strictly checked.
 *
 * @module
 */
import { hasPolicy } from './checks.js';
import { malformed, MqttCodecError, protocolError } from './errors.js';
import { flagsError, HEADER_INCOMPLETE, headerLength, MAX_PACKET_SIZE, readHeader, tooLarge } from './header.js';
import type { PacketCodec } from './packets/common.js';
import { CODECS, senderOption, senderProblem } from './packets/registry.js';
import type { DecodeOptions, Packet, ProtocolVersion } from './types.js';
import { Reader } from './wire/reader.js';
import { readVbiLenient, vbiLength } from './wire/vbi.js';
import { Kind, SUFFIX_NONE } from './wire/spans.js';

/** The reader `decode` reuses for every call (decoding is synchronous and not re-entrant). */
const shared = new Reader();

/** Validates the protocolVersion option (default 4). */
export function versionOption(options: DecodeOptions | undefined): ProtocolVersion {
  const v = options?.protocolVersion;
  if (v === undefined) return 4;
  if (v !== 3 && v !== 4 && v !== 5) {
    throw new MqttCodecError(0x84, `protocolVersion must be 3, 4 or 5, not ${String(v)}`);
  }
  return v;
}

/** Validates the maxPacketSize option (default: the protocol maximum). */
export function maxSizeOption(options: DecodeOptions | undefined): number {
  const max = options?.maxPacketSize;
  if (max === undefined) return MAX_PACKET_SIZE;
  if (typeof max !== 'number' || !(max >= 2)) {
    throw new MqttCodecError(0x95, `maxPacketSize must be a number of bytes of at least 2, not ${String(max)}`);
  }
  return max;
}

/**
 * Decodes the body of a framed packet: `buf[start]` is its first byte, `buf[start + hl, end)` its
 * variable header and payload. Offsets in errors are `position - origin`.
 */
export function decodeFrame(r: Reader, buf: Uint8Array, start: number, hl: number, end: number, v: number, origin: number): Packet {
  const first = buf[start];
  const codec = CODECS[first >> 4]!;
  r.reset(buf, start + hl, end, v, origin);
  r.headerStart = start;
  const flags = first & 15;
  // PUBLISH's flags carry data; its decoder reports QoS 3 itself.
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent for the forms that run frameChecks more often (`true` for the whole test, the flags test or either half of it, `||` inside it): it finds nothing more to check. The forms that run it less often, disabled with them, are killed by the tests.
  if (r.log !== null || r.from !== 0 || r.policy !== null || (codec.flags >= 0 && flags !== codec.flags)) {
    frameChecks(r, codec, first, start, hl, end, v, origin);
  }
  const packet = codec.decode(r, flags) as Packet;
  r.expectEnd(codec.label);
  return packet;
}

/**
 * What the fixed header needs beyond the common case, before the body is read: its spans for
 * `inspect`, flags the type does not allow, a non-minimal Remaining Length a policy let through,
 * and a packet type the sender may not send. Kept apart so that the engine inlines the common path.
 */
function frameChecks(r: Reader, codec: PacketCodec, first: number, start: number, hl: number, end: number, v: number, origin: number): void {
  if (r.log !== null) {
    r.mark('header.type', SUFFIX_NONE, Kind.Type, start, start + 1);
    r.mark('header.flags', SUFFIX_NONE, Kind.Flags, start, start + 1);
    // Its span only: a length not in its shortest form is reported once, below.
    r.mark('header.remainingLength', SUFFIX_NONE, Kind.Varint, start + 1, start + hl);
  }
  if (codec.flags >= 0 && (first & 15) !== codec.flags) r.fault(flagsError(first, v, start - origin)!);
  // The announced Remaining Length, not `end - start - hl`: for `inspect` of a packet cut short they differ.
  // Stryker disable next-line ConditionalExpression: equivalent (`true` for the policy test); without a policy readHeader refused a non-minimal length, so the length test is false. The other forms, disabled with it, are killed by the tests.
  if (r.policy !== null && hl !== 1 + vbiLength(readVbiLenient(r.buf, start + 1))) {
    // Read leniently by readHeader, as the policy allowed: report it (warn) here (without a
    // policy, readHeader refused it).
    r.fault(malformed('Remaining Length is not in its shortest encoding', 'vbiMinimal', v, start + 1 - origin, 'header.remainingLength'));
  }
  // Stryker disable next-line ConditionalExpression: equivalent (`true`); an unknown sender may send every type. (`false`, disabled with it, is killed by the tests.)
  if (r.from !== 0) {
    const problem = senderProblem(codec.name, r.from, v);
    if (problem !== null) r.fault(protocolError(problem, 'senderPacketType', v, start - origin));
  }
}

/**
 * Decodes exactly one complete MQTT control packet.
 *
 * `bytes` must hold the whole packet and nothing else: a truncated packet or trailing bytes is
 * an error. The protocol version is `options.protocolVersion` (default 4, MQTT 3.1.1), except for
 * CONNECT, which carries its own. Binary fields of the result (payload, password, Correlation
 * Data, Authentication Data) are views into `bytes`.
 *
 * @throws {@link MqttCodecError} for every invalid input (and nothing else): 0x81 Malformed Packet,
 *   0x82 Protocol Error, 0x84 Unsupported Protocol Version or 0x95 Packet too large, with the
 *   normative statement id and the byte offset.
 *
 * @example
 * ```ts
 * decode(new Uint8Array([0xc0, 0x00])) // { type: 'pingreq' }
 * ```
 */
export function decode(bytes: Uint8Array, options?: DecodeOptions): Packet {
  const v = versionOption(options);
  const max = maxSizeOption(options);
  if (!(bytes instanceof Uint8Array)) throw new MqttCodecError(0x81, 'decode needs a Uint8Array');
  const n = bytes.length;
  const policy = hasPolicy(options) ? (options as DecodeOptions) : null;
  const rl = readHeader(bytes, 0, n, v, 0, policy);
  if (rl === HEADER_INCOMPLETE) throw malformed(n === 0 ? 'no bytes to decode' : 'the fixed header is cut short', 'packetCutShort', v, n);
  const hl = headerLength(bytes, 0, rl);
  const total = hl + rl;
  if (total !== n || total > max) throw sizeError(total, n, max, v);
  const r = shared;
  r.discouraged = options?.rejectDiscouragedCodePoints === true;
  r.from = options?.from === undefined ? 0 : senderOption(options.from);
  r.policy = policy;
  return decodeFrame(r, bytes, 0, hl, total, v, 0);
}

/**
 * Why a whole packet of `total` bytes does not fit `n` given bytes or the maximum size (kept out of
 * `decode`, so that the engine inlines the rest of it).
 */
function sizeError(total: number, n: number, max: number, v: number): MqttCodecError {
  if (total > max) return tooLarge(total, max, v, 0);
  // Stryker disable next-line EqualityOperator: equivalent; here total !== n (sizeError is called for total === n only when total > max, which returned above). (`total <= n` swaps the two errors, as the kept ConditionalExpression forms do for each.)
  if (total > n) return malformed(`packet is cut short: ${total} bytes announced, ${n} given`, 'packetCutShort', v, n);
  return malformed(`${n - total} byte(s) after the end of the packet`, 'bytesAfterPacket', v, total);
}
