/**
 * Fitting a packet under the receiver's Maximum Packet Size by dropping what the specification
 * says to drop: "The sender MUST NOT send this property if it would increase the size of the
 * packet beyond the Maximum Packet Size" — Reason String first, then User Properties
 * (5.0: MQTT-3.2.2-19/20, 3.4.2-2/3, 3.5.2-2/3, 3.6.2-2/3, 3.7.2.1-2/3, 3.9.2-1/2, 3.11.2-1/2,
 * 3.14.2-3/4, 3.15.2-2/3).
 *
 * @module
 */
import { encodedLength } from './encode.js';
import type { EncodeOptions, Packet, Properties } from './types.js';

/** Packet types whose Reason String and User Properties may be dropped to fit. */
const DROPPABLE = new Set(['connack', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'suback', 'unsuback', 'disconnect', 'auth']);

function without(packet: Packet, keys: readonly (keyof Properties)[]): Packet {
  const props = (packet as { properties?: Properties }).properties;
  if (props === undefined) return packet;
  const rest: Properties = { ...props };
  for (const k of keys) delete rest[k];
  const copy = { ...packet } as { properties?: Properties };
  if (Object.keys(rest).length === 0) delete copy.properties;
  else copy.properties = rest;
  return copy as Packet;
}

/**
 * Returns `packet` when it encodes within `maxPacketSize` bytes; otherwise, for CONNACK, the
 * QoS acknowledgements, SUBACK, UNSUBACK, DISCONNECT and AUTH, a copy without its Reason String,
 * and failing that a copy without its Reason String and User Properties, whichever fits first.
 * Returns undefined when nothing makes it fit (a PUBLISH is never trimmed: its properties belong
 * to the Application Message, which is then discarded [MQTT-3.1.2-25]). The caller's object is
 * never modified.
 *
 * @throws {@link MqttCodecError} when the packet is invalid (as `encode` would).
 */
export function fitToMaximumPacketSize(packet: Packet, maxPacketSize: number, options?: EncodeOptions): Packet | undefined {
  const opts = { ...options, maxPacketSize: undefined };
  if (encodedLength(packet, opts) <= maxPacketSize) return packet;
  if (!DROPPABLE.has(packet.type)) return undefined;
  const noReason = without(packet, ['reasonString']);
  // Stryker disable next-line ConditionalExpression: equivalent; without properties (nothing to drop) noReason and bare are the packet itself, which would only be measured again, still too large.
  if (noReason === packet) return undefined; // no properties
  if (encodedLength(noReason, opts) <= maxPacketSize) return noReason;
  const bare = without(packet, ['reasonString', 'userProperties']);
  if (encodedLength(bare, opts) <= maxPacketSize) return bare;
  return undefined;
}
