/**
 * `encode`, `encodedLength` and `encodeInto`: size the packet exactly, validate it on the way,
 * then write it once into a single Uint8Array.
 *
 * @module
 */
import { codecError, MqttCodecError } from './errors.js';
import { versionOption } from './decode.js';
import { encodeSender, FROM_CLIENT, FROM_SERVER, type PacketCodec } from './packets/common.js';
import { CODECS_BY_NAME, senderOption, senderProblem } from './packets/registry.js';
import { resetPlan } from './properties/codec.js';
import type { EncodeOptions, Packet } from './types.js';
import { vbiLength, VBI_MAX, writeVbi } from './wire/vbi.js';
import { describe, refuse } from './wire/writer.js';

let codec: PacketCodec;
let version = 4;
let remaining = 0;

/** Validates `packet`, finds its codec and version, and returns its total size. */
function prepare(packet: Packet, options: EncodeOptions | undefined): number {
  const v0 = versionOption(options);
  if (packet === null || typeof packet !== 'object') {
    throw new MqttCodecError(0x81, `encode needs a packet object, not ${describe(packet)}`);
  }
  const c = CODECS_BY_NAME.get(packet.type as string);
  if (c === undefined) throw new MqttCodecError(0x81, `unknown packet type ${describe(packet.type)}`);
  // A CONNECT carries its own version.
  const v = c.code === 1 ? ((packet as { protocolVersion?: number }).protocolVersion ?? v0) : v0;
  if (v !== 3 && v !== 4 && v !== 5) throw codecError(0x84, `unsupported protocolVersion ${describe(v)}`, 'protocolLevel', 5);
  if (c.minVersion > v) throw refuse(0x81, `${c.label} exists only in MQTT 5.0`, null, v);
  const sender = senderOption(options?.from);
  const problem = senderProblem(c.name, sender, v);
  if (problem !== null) throw refuse(0x82, problem, null, v);
  encodeSender.value = sender;
  resetPlan();
  const rl = c.length(packet, v);
  if (rl > VBI_MAX) throw refuse(0x95, `${c.label} would have a Remaining Length of ${rl}; at most ${VBI_MAX} is possible`, null, v);
  const total = 1 + vbiLength(rl) + rl;
  const max = options?.maxPacketSize;
  if (max !== undefined && total > max) {
    const rule = sender === FROM_CLIENT ? 'clientMaxPacketSize' : sender === FROM_SERVER ? 'serverMaxPacketSize' : null;
    throw codecError(0x95, `${c.label} would be ${total} bytes; the maximum packet size is ${max}`, rule, 5);
  }
  codec = c;
  version = v;
  remaining = rl;
  return total;
}

function writePacket(packet: Packet, buf: Uint8Array, offset: number): number {
  buf[offset] = (codec.code << 4) | codec.flagsOf(packet);
  const pos = writeVbi(buf, offset + 1, remaining);
  return codec.write(packet, version, buf, pos, remaining);
}

/**
 * Encodes one MQTT control packet into a new Uint8Array of exactly the packet's size.
 *
 * The protocol version is `options.protocolVersion` (default 4), or a CONNECT's own
 * `protocolVersion`. Every field is checked: encode never truncates, wraps or substitutes, and
 * never produces bytes that `decode` would reject.
 *
 * @throws {@link MqttCodecError} when the packet cannot be encoded as given (reasonCode 0x81 or
 *   0x82 with the rule it would break, 0x84 for an unknown version, 0x95 when it exceeds
 *   `options.maxPacketSize`).
 *
 * @example
 * ```ts
 * encode({ type: 'pingreq' }) // Uint8Array [0xc0, 0x00]
 * ```
 */
export function encode(packet: Packet, options?: EncodeOptions): Uint8Array {
  const total = prepare(packet, options);
  const buf = new Uint8Array(total);
  writePacket(packet, buf, 0);
  return buf;
}

/**
 * The number of bytes {@link encode} would produce for `packet`, after the same validation.
 *
 * @throws {@link MqttCodecError} as {@link encode} does.
 */
export function encodedLength(packet: Packet, options?: EncodeOptions): number {
  return prepare(packet, options);
}

/**
 * Encodes `packet` into `target` at `offset` without allocating; returns the number of bytes
 * written.
 *
 * @throws {@link MqttCodecError} as {@link encode} does, and (0x95) when `target` has too little
 *   room after `offset`; nothing is written then.
 */
export function encodeInto(packet: Packet, target: Uint8Array, offset = 0, options?: EncodeOptions): number {
  const total = prepare(packet, options);
  if (!(target instanceof Uint8Array)) throw new MqttCodecError(0x81, 'encodeInto needs a Uint8Array target');
  if (!Number.isInteger(offset) || offset < 0 || offset + total > target.length) {
    throw new MqttCodecError(0x95, `${codec.label} needs ${total} bytes at offset ${String(offset)}; the target has ${target.length}`);
  }
  writePacket(packet, target, offset);
  return total;
}
