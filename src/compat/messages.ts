/**
 * mqtt-packet's error messages for the faults it reports too. Where mqtt-codec and mqtt-packet
 * both reject a packet for the same fault, the compat entry's error carries mqtt-packet's text as
 * its `message` (callers and their tests compare it), while `reasonCode`, `rule`, `specVersion`,
 * `offset`, `key` and `detail` stay mqtt-codec's. Faults only mqtt-codec detects keep mqtt-codec's
 * message.
 *
 * Errors are matched by their stable `key` (the check or framing fault) and `path` (the field),
 * never by their English text.
 *
 * @module
 */
import type { MqttCodecError } from '../index.js';

/** What a decode error is matched against, besides its key and path. */
interface Fault {
  /** mqtt-packet's name of the packet type the fault is in (`reserved` for type 0). */
  cmd: string;
  /** The protocol version the packet was decoded with. */
  v: number;
  /** The packet's Remaining Length, or -1 when unknown. */
  length: number;
  /** The byte at the error's offset, or -1 when unknown. */
  byte: number;
}

/** A field that runs past the end of the packet (its path) → mqtt-packet's message. */
const TRUNCATED: Readonly<Record<string, string>> = {
  'variableHeader.protocolName': 'Cannot parse protocolId',
  'variableHeader.protocolLevel': 'Packet too short',
  'variableHeader.connectFlags': 'Packet too short',
  'variableHeader.keepAlive': 'Packet too short',
  clientId: 'Packet too short',
  'will.topic': 'Cannot parse will topic',
  'will.payload': 'Cannot parse will payload',
  username: 'Cannot parse username',
  password: 'Cannot parse password',
  'variableHeader.topicName': 'Cannot parse topic',
  'subscriptions[].topicFilter': 'Cannot parse topic',
  'topicFilters[]': 'Cannot parse topic',
  'subscriptions[].options': 'Malformed Subscribe Payload',
  'variableHeader.packetId': 'Cannot parse messageId',
  'variableHeader.reasonCode': 'Cannot parse return code',
  'variableHeader.returnCode': 'Cannot parse return code',
  // A property block longer than the packet: mqtt-packet runs out where it expects an identifier.
  'properties.length': 'Cannot parse property code type',
  'will.properties.length': 'Cannot parse property code type',
};

/** A flagged CONNECT field that is missing (its path) → mqtt-packet's message. */
const MISSING: Readonly<Record<string, string>> = {
  clientId: 'Packet too short',
  will: 'Cannot parse will topic',
  'will.topic': 'Cannot parse will topic',
  'will.payload': 'Cannot parse will payload',
  username: 'Cannot parse username',
  password: 'Cannot parse password',
};

/** The packets whose payload is a list (mqtt-packet checks that it is not empty). */
const LISTS: ReadonlySet<string> = new Set(['subscribe', 'suback', 'unsuback', 'unsubscribe']);

/** The fixed-header flags mqtt-packet requires of each type. */
const REQUIRED_FLAGS: Readonly<Record<string, number>> = { pubrel: 2, subscribe: 2, unsubscribe: 2 };

/** mqtt-packet's message for a reason code outside its packet's table. */
function reasonCodeMessage(f: Fault): string {
  if (f.cmd === 'suback') return f.v === 5 ? 'Invalid suback code' : 'Invalid suback QoS, must be 0, 1, 2 or 128';
  if (f.cmd === 'unsuback') return 'Invalid unsuback code';
  return `Invalid ${f.cmd} reason code`;
}

/** mqtt-packet's message for each fault key it reports (undefined: not for this packet). */
const BY_KEY: Readonly<Record<string, (f: Fault, path: string | undefined) => string | undefined>> = {
  reservedType: (f) => (f.cmd === 'auth' ? 'Not supported auth packet for this version MQTT' : 'Not supported'),
  vbiTooLong: () => 'Invalid variable byte integer',
  reservedFlags: (f) => `Invalid header flag bits, must be 0x${(REQUIRED_FLAGS[f.cmd] ?? 0).toString(16)} for ${f.cmd} packet`,
  publishQos3: () => 'Packet must not have both QoS bits set to 1',
  protocolName: () => 'Invalid protocolId',
  protocolLevel: () => 'Invalid protocol version',
  connectReserved: () => 'Connect flag bit 0 must be 0, but got 1',
  willRetainZero: () => 'Will Retain Flag must be set to zero when Will Flag is set to 0',
  willQosZero: () => 'Will QoS must be set to zero when Will Flag is set to 0',
  // Stryker disable next-line StringLiteral: no table has a key for a fault without a path, whatever the stand-in key
  willFields: (_f, path) => MISSING[path ?? ''],
  userNamePresent: () => MISSING.username,
  passwordPresent: () => MISSING.password,
  clientIdPresent: () => MISSING.clientId,
  packetIdPresent: () => 'Cannot parse messageId',
  connackReasonCodePresent: () => 'Cannot parse return code',
  connackReserved: () => 'Invalid connack flags, bits 7-1 must be set to 0',
  subscribeQos3: () => 'Invalid subscribe QoS, must be <= 2',
  // mqtt-packet reads on past a missing Property Length and runs out in the payload.
  propertyLengthZero: (f) => (f.cmd === 'connect' ? 'Packet too short' : undefined),
  subscribeReservedBits: (f) => `Invalid subscribe topic flag bits, bits 7-${f.v === 5 ? 6 : 2} must be 0`,
  retainHandling3: () => 'Invalid retain handling, must be <= 2',
  subscribeNonEmpty: () => 'Malformed subscribe, no payload specified',
  unsubscribeNonEmpty: () => 'Malformed unsubscribe, no payload specified',
  subackNonEmpty: (f) => `Malformed ${f.cmd}, no payload specified`,
  unsubackLength: () => 'Malformed unsuback, payload length must be 2',
  pubackReasonCode: reasonCodeMessage,
  pubrecReasonCode: reasonCodeMessage,
  pubrelReasonCode: reasonCodeMessage,
  pubcompReasonCode: reasonCodeMessage,
  subackReasonCode: reasonCodeMessage,
  unsubackReasonCode: reasonCodeMessage,
  disconnectReasonCode: reasonCodeMessage,
  authReasonCode: reasonCodeMessage,
  unknownProperty: (f) => (f.byte === 0 ? 'Cannot parse property code type' : 'Unknown property'),
  truncated: truncatedMessage,
};

/** mqtt-packet's message for a field that runs past the end of the packet. */
function truncatedMessage(f: Fault, path: string | undefined): string | undefined {
  if (path === 'variableHeader.packetId' && LISTS.has(f.cmd)) {
    // mqtt-packet reads a missing Packet Identifier as -1 and goes on to the payload.
    if (f.cmd === 'unsuback' && f.v !== 5) return 'Malformed unsuback, payload length must be 2';
    if (f.length === 0) return `Malformed ${f.cmd}, no payload specified`;
    return f.cmd === 'suback' ? undefined : 'Cannot parse topic';
  }
  // Stryker disable next-line StringLiteral: no table has a key for a fault without a path, whatever the stand-in key
  return TRUNCATED[path ?? ''];
}

/**
 * mqtt-packet's message for a decode error, or undefined when mqtt-packet does not report that
 * fault. `cmd` is the type of the packet the fault is in, `v` the version it was decoded with,
 * `length` its Remaining Length (-1 when unknown), `byte` the byte at the error's offset (-1 when
 * unknown).
 */
// Stryker disable next-line UnaryOperator: `byte` is only compared with 0 (unknownProperty): -1 and +1 both mean 'not the 0 byte'
export function parserMessage(err: MqttCodecError, cmd: string, v: number, length: number, byte = -1): string | undefined {
  const message = BY_KEY[err.key];
  return message === undefined ? undefined : message({ cmd, v, length, byte }, err.path);
}
