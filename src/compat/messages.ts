/**
 * mqtt-packet's error messages for the faults it reports too. mqtt-codec's decoder finds every
 * fault mqtt-packet's parser finds (and more); where both report a fault, the compat entry's
 * error carries mqtt-packet's text as its `message` (callers and their tests compare it), while
 * `reasonCode`, `rule`, `specVersion`, `offset` and `detail` stay mqtt-codec's. Faults only
 * mqtt-codec detects keep mqtt-codec's message.
 *
 * Each entry matches an error by the rule it cites or by the field it names, in order.
 *
 * @module
 */
import { RULES, type MqttCodecError } from '../index.js';

/** What a decode error is matched against. */
interface Fault {
  /** mqtt-packet's name of the packet type the fault is in (`reserved` for type 0). */
  cmd: string;
  /** The protocol version the packet was decoded with. */
  v: number;
  /** The key of `RULES` the error cites, or ''. */
  rule: string;
  /** The error's detail (mqtt-codec's description without reason name, rule and offset). */
  detail: string;
  /** The packet's Remaining Length, or -1 when unknown. */
  length: number;
}

/** A field named by a "runs past the end" detail → mqtt-packet's message for that truncation. */
const TRUNCATED: ReadonlyArray<readonly [RegExp, string]> = [
  [/^variableHeader\.protocolName /, 'Cannot parse protocolId'],
  [/^variableHeader\.(protocolLevel|connectFlags|keepAlive) |^clientId /, 'Packet too short'],
  [/^will\.topic /, 'Cannot parse will topic'],
  [/^will\.payload /, 'Cannot parse will payload'],
  [/^username /, 'Cannot parse username'],
  [/^password /, 'Cannot parse password'],
  [/^variableHeader\.topicName |^subscriptions\[\]\.topicFilter |^topicFilters\[\] /, 'Cannot parse topic'],
  [/^subscriptions\[\]\.options /, 'Malformed Subscribe Payload'],
  [/^variableHeader\.packetId /, 'Cannot parse messageId'],
  [/^variableHeader\.(reasonCode|returnCode) /, 'Cannot parse return code'],
  // A property block longer than the packet: mqtt-packet runs out where it expects an identifier.
  [/^Property Length /, 'Cannot parse property code type'],
];

/** The packets whose payload is a list (mqtt-packet checks that it is not empty). */
const LISTS: ReadonlySet<string> = new Set(['subscribe', 'suback', 'unsubscribe', 'unsuback']);

/** The fixed-header flags mqtt-packet requires of each type. */
const REQUIRED_FLAGS: Readonly<Record<string, number>> = { pubrel: 2, subscribe: 2, unsubscribe: 2 };

/** The table: a test on the fault, and mqtt-packet's message for it. */
const MESSAGES: ReadonlyArray<readonly [(f: Fault) => boolean, (f: Fault) => string]> = [
  [(f) => /^packet type 0 is reserved/.test(f.detail), () => 'Not supported'],
  [(f) => /^packet type 15 is reserved/.test(f.detail), () => 'Not supported auth packet for this version MQTT'],
  [(f) => / is longer than 4 bytes$/.test(f.detail), () => 'Invalid variable byte integer'],
  [
    (f) => / fixed-header flags are /.test(f.detail),
    (f) => `Invalid header flag bits, must be 0x${(REQUIRED_FLAGS[f.cmd] ?? 0).toString(16)} for ${f.cmd} packet`,
  ],
  [(f) => f.rule === 'publishQos3', () => 'Packet must not have both QoS bits set to 1'],
  // mqtt-packet knows both names but not which level each goes with: only another name is its fault.
  [(f) => f.rule === 'protocolName' && !/^Protocol Name "(MQTT|MQIsdp)" /.test(f.detail), () => 'Invalid protocolId'],
  [(f) => f.rule === 'protocolLevel', () => 'Invalid protocol version'],
  [(f) => f.rule === 'connectReserved', () => 'Connect flag bit 0 must be 0, but got 1'],
  [(f) => f.rule === 'willRetainZero', () => 'Will Retain Flag must be set to zero when Will Flag is set to 0'],
  [(f) => f.rule === 'willQosZero', () => 'Will QoS must be set to zero when Will Flag is set to 0'],
  [(f) => f.rule === 'willFields' && /^Will (Message|Topic) /.test(f.detail), () => 'Cannot parse will topic'],
  [(f) => f.rule === 'willFields' && /^Will Payload /.test(f.detail), () => 'Cannot parse will payload'],
  [(f) => f.rule === 'userNamePresent', () => 'Cannot parse username'],
  [(f) => f.rule === 'passwordPresent', () => 'Cannot parse password'],
  [(f) => f.rule === 'clientIdPresent', () => 'Packet too short'],
  // Matched by detail: 3.1.1 gives this rule no id.
  [(f) => /^CONNACK reserved acknowledge flags /.test(f.detail), () => 'Invalid connack flags, bits 7-1 must be set to 0'],
  // Before the reserved bits: 3.1.1 numbers both under MQTT-3-8.3-4.
  [(f) => /^Subscription Options request (Maximum )?QoS 3/.test(f.detail), () => 'Invalid subscribe QoS, must be <= 2'],
  // mqtt-packet reads on past a missing Property Length and runs out in the payload.
  [(f) => f.cmd === 'connect' && /^Property Length is missing/.test(f.detail), () => 'Packet too short'],
  [
    (f) => f.rule === 'subscribeReservedBits',
    (f) => `Invalid subscribe topic flag bits, bits 7-${f.v === 5 ? 6 : 2} must be 0`,
  ],
  [(f) => /^Retain Handling is 3/.test(f.detail), () => 'Invalid retain handling, must be <= 2'],
  [(f) => f.rule === 'subscribeNonEmpty', () => 'Malformed subscribe, no payload specified'],
  [(f) => f.rule === 'unsubscribeNonEmpty', () => 'Malformed unsubscribe, no payload specified'],
  [(f) => f.cmd === 'suback' && / has no reason codes$/.test(f.detail), () => 'Malformed suback, no payload specified'],
  [(f) => f.cmd === 'unsuback' && / has no reason codes$/.test(f.detail), () => 'Malformed unsuback, no payload specified'],
  [
    (f) => f.cmd === 'unsuback' && f.v !== 5 && / after the last field of /.test(f.detail),
    () => 'Malformed unsuback, payload length must be 2',
  ],
  [
    (f) => / is not a \S+ reason code$/.test(f.detail) && f.cmd !== 'connack',
    (f) =>
      f.cmd === 'suback'
        ? f.v === 5
          ? 'Invalid suback code'
          : 'Invalid suback QoS, must be 0, 1, 2 or 128'
        : f.cmd === 'unsuback'
          ? 'Invalid unsuback code'
          : `Invalid ${f.cmd} reason code`,
  ],
  [(f) => /^unknown property identifier 0x0$/.test(f.detail), () => 'Cannot parse property code type'],
  [(f) => /^unknown property identifier /.test(f.detail), () => 'Unknown property'],
];

/** The key of `RULES` whose id (for the error's specification version) the error cites. */
function ruleKey(err: MqttCodecError): string {
  if (err.rule === undefined) return '';
  const column = err.specVersion === '5.0' ? 1 : 0;
  for (const key in RULES) {
    if ((RULES as Record<string, readonly (string | null)[]>)[key][column] === err.rule) return key;
  }
  return '';
}

/**
 * mqtt-packet's message for a decode error, or undefined when mqtt-packet does not report that
 * fault. `cmd` is the type of the packet the fault is in, `v` the version it was decoded with,
 * `length` its Remaining Length (-1 when unknown).
 */
export function parserMessage(err: MqttCodecError, cmd: string, v: number, length: number): string | undefined {
  const detail = err.detail;
  const truncated = / runs past the end of the packet$/.test(detail);
  if (truncated && /^variableHeader\.packetId /.test(detail) && LISTS.has(cmd)) {
    // mqtt-packet reads a missing Packet Identifier as -1 and goes on to the payload.
    if (cmd === 'unsuback' && v !== 5) return 'Malformed unsuback, payload length must be 2';
    if (length === 0) return `Malformed ${cmd}, no payload specified`;
    return cmd === 'suback' ? undefined : 'Cannot parse topic';
  }
  if (truncated) {
    for (const [field, message] of TRUNCATED) if (field.test(detail)) return message;
    return undefined;
  }
  const fault: Fault = { cmd, v, rule: ruleKey(err), detail, length };
  for (const [test, message] of MESSAGES) if (test(fault)) return message(fault);
  return undefined;
}
