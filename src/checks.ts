/**
 * The named checks: every rule that decoding (or encoding) can go on past when it is broken, so
 * that a caller may turn it into a warning or switch it off; and the presets that set them all.
 *
 * Framing faults are not checks: a length that runs past the packet, a Variable Byte Integer of
 * more than four bytes, a reserved packet type, an unknown property identifier or a packet that
 * is too large leave nothing to read on with, and are always errors.
 *
 * The policy is looked at only when a check fails, so valid input costs the same whatever it says.
 *
 * @module
 */
import type { RuleKey } from './rules.js';

/** What a failed check does: throw (`'error'`), report and go on (`'warn'`), or go on silently (`'off'`). */
export type Severity = 'error' | 'warn' | 'off';

/** The presets of {@link CheckOptions.preset}. */
export type Preset = 'strict' | 'mqtt-packet';

/** One named check. */
export interface CheckDefinition {
  /** What the check requires, in a few words. */
  readonly description: string;
  /** The normative statement it enforces (a key of `RULES`), when one is numbered. */
  readonly rule: RuleKey | null;
  /** Its severity in the `mqtt-packet` preset: what mqtt-packet 9.0.2 does with such input. */
  readonly mqttPacket: Severity;
  /** Its severity in the `strict` preset (the default): `'error'`, but for a convention the specification leaves open. */
  readonly strict: Severity;
}

/** Builds a table entry. */
function check(description: string, rule: RuleKey | null, mqttPacket: Severity, strict: Severity = 'error'): CheckDefinition {
  return { description, rule, mqttPacket, strict };
}

/**
 * Every named check, by its stable name. An error or warning from a check carries the name as its
 * `key`. The `strict` preset (the default) makes every check an error (but `bridgeProtocolLevel`);
 * `mqtt-packet` gives each the severity in `mqttPacket`.
 */
export const CHECKS = {
  reservedFlags: check('fixed-header flags have the values the packet type reserves', 'reservedFlags', 'error'),
  publishQos3: check('a PUBLISH does not have both QoS bits set', 'publishQos3', 'error'),
  publishDupQos0: check('a QoS 0 PUBLISH does not have DUP set', 'publishDupQos0', 'off'),
  packetIdPresent: check('a PUBACK, PUBREC, PUBREL or PUBCOMP has its Packet Identifier (relaxed: read as 0)', null, 'off'),
  packetIdNonZero: check('a Packet Identifier is not 0', 'packetIdNonZero', 'off'),
  topicNonEmpty: check('a Topic Name or Topic Filter is not empty', 'topicNonEmpty', 'off'),
  topicNameNoAlias: check('a 5.0 PUBLISH with an empty Topic Name has a Topic Alias', null, 'off'),
  topicNameWildcard: check('a Topic Name has no wildcard', 'topicNameWildcard', 'off'),
  topicMultiLevelWildcard: check('"#" stands alone as the last level of a Topic Filter', 'topicMultiLevelWildcard', 'off'),
  topicSingleLevelWildcard: check('"+" fills a whole level of a Topic Filter', 'topicSingleLevelWildcard', 'off'),
  topicNoNull: check('a topic has no U+0000', 'topicNoNull', 'off'),
  sharedSubscriptionShareName: check('a Shared Subscription has a non-empty ShareName and a Topic Filter', 'sharedSubscriptionShareName', 'off'),
  sharedSubscriptionShareNameChars: check('a ShareName has no "/", "+" or "#"', 'sharedSubscriptionShareNameChars', 'off'),
  utf8WellFormed: check('a UTF-8 Encoded String is well-formed (ill-formed bytes are read as U+FFFD)', 'utf8WellFormed', 'off'),
  utf8NoNull: check('a UTF-8 Encoded String has no U+0000', 'utf8NoNull', 'off'),
  propertyLengthZero: check('a 5.0 property block has its Property Length (0 when there are no properties)', 'propertyLengthZero', 'off'),
  vbiMinimal: check('a Variable Byte Integer inside a packet is in its shortest form', 'vbiMinimal', 'off'),
  trailingBytes: check('no bytes follow the last field inside the Remaining Length', null, 'off'),
  protocolName: check('the Protocol Name is "MQTT" or "MQIsdp"', 'protocolName', 'error'),
  protocolNameLevel: check('the Protocol Name goes with the Protocol Level ("MQIsdp" with 3, "MQTT" with 4 and 5)', 'protocolName', 'off'),
  // A server may accept a Protocol Level it supports (3.1.1 [MQTT-3.1.2-2] obliges it only to refuse
  // the others); mosquitto's bridges send 0x80 | level, and mosquitto accepts it. Refuse with 'error'.
  bridgeProtocolLevel: check('a CONNECT does not use a bridge Protocol Level (0x80 | level)', null, 'off', 'off'),
  connectReserved: check('the CONNECT reserved flag is 0', 'connectReserved', 'error'),
  willQosZero: check('Will QoS is 0 without the Will Flag', 'willQosZero', 'error'),
  willRetainZero: check('Will Retain is 0 without the Will Flag', 'willRetainZero', 'error'),
  willQos3: check('Will QoS is not 3', 'willQos3', 'off'),
  passwordNeedsUserName: check('a 3.1/3.1.1 password comes with a user name', 'passwordNeedsUserName', 'off'),
  clientIdEmptyNeedsClean: check('a zero-byte ClientId before 5.0 comes with CleanSession 1', 'clientIdEmptyNeedsClean', 'off'),
  connackReserved: check('the CONNACK reserved acknowledge flags are 0', 'connackReserved', 'error'),
  connackSessionPresent: check('Session Present is 0 with a non-zero CONNACK code', 'connackSessionPresent', 'off'),
  connackReasonCode: check('a 5.0 CONNACK Reason Code is one of the table', 'connackReasonCode', 'off'),
  connackReasonCodePresent: check('a CONNACK has its Connect Reason Code (Return Code before 5.0)', null, 'off'),
  connackReturnCode: check('a 3.1/3.1.1 CONNACK Return Code is 0 to 5', null, 'off'),
  pubackReasonCode: check('a PUBACK Reason Code is one of the table', 'pubackReasonCode', 'error'),
  pubrecReasonCode: check('a PUBREC Reason Code is one of the table', 'pubrecReasonCode', 'error'),
  pubrelReasonCode: check('a PUBREL Reason Code is one of the table', 'pubrelReasonCode', 'error'),
  pubcompReasonCode: check('a PUBCOMP Reason Code is one of the table', 'pubcompReasonCode', 'error'),
  subackReasonCode: check('a SUBACK code is one of the table', 'subackReasonCode', 'error'),
  unsubackReasonCode: check('an UNSUBACK Reason Code is one of the table', 'unsubackReasonCode', 'error'),
  disconnectReasonCode: check('a DISCONNECT Reason Code is one of the table', 'disconnectReasonCode', 'error'),
  authReasonCode: check('an AUTH Reason Code is one of the table', 'authReasonCode', 'error'),
  subscribeNonEmpty: check('a SUBSCRIBE has at least one Topic Filter', 'subscribeNonEmpty', 'off'),
  subscribeReservedBits: check('the reserved bits of the Subscription Options are 0', 'subscribeReservedBits', 'error'),
  subscribeQos3: check('a subscription does not ask for QoS 3', 'subscribeQos3', 'error'),
  retainHandling3: check('Retain Handling is not 3', null, 'error'),
  subscribeNoLocalShared: check('No Local is not set on a Shared Subscription', 'subscribeNoLocalShared', 'off'),
  unsubackLength: check('a 3.1/3.1.1 UNSUBACK holds its Packet Identifier only', null, 'error'),
  subackNonEmpty: check('a SUBACK or UNSUBACK has at least one code', null, 'off'),
  unsubscribeNonEmpty: check('an UNSUBSCRIBE has at least one Topic Filter', 'unsubscribeNonEmpty', 'off'),
  propertyNotAllowed: check('a property appears only in the packets that allow it', null, 'off'),
  propertyDuplicate: check('a property that may not repeat appears once', null, 'off'),
  propertyValue: check('a property has a value the specification allows (Topic Alias not 0, Maximum QoS 0 or 1, …)', null, 'off'),
  responseTopicWildcard: check('a Response Topic has no wildcard', 'responseTopicWildcard', 'off'),
  authDataWithoutMethod: check('Authentication Data comes with an Authentication Method', null, 'off'),
  senderPacketType: check('the packet type is one its sender may send (with the from option)', null, 'off'),
  publishClientSubscriptionId: check('a client PUBLISH has no Subscription Identifier (with the from option)', 'publishClientSubscriptionId', 'off'),
  disconnectServerSessionExpiry: check('a server DISCONNECT has no Session Expiry Interval (with the from option)', 'disconnectServerSessionExpiry', 'off'),
} as const satisfies Record<string, CheckDefinition>;

/**
 * A check reported as a warning: an `MqttCodecError` whose `severity` is `'warning'` (declared here
 * by the fields a handler reads, so that this module needs nothing of the error's).
 */
export interface CheckWarning {
  readonly message: string;
  /** The check's name. */
  readonly key: string;
  readonly reasonCode: number;
  readonly rule?: string;
  readonly offset?: number;
  readonly path?: string;
  readonly severity: 'error' | 'warning';
}

/** The name of a check: a key of {@link CHECKS}. */
export type CheckName = keyof typeof CHECKS;

/** The severity of each check, by name. */
export type CheckSettings = Partial<Record<CheckName, Severity>>;

/**
 * The strictness options of decode, encode, `inspect` and the `Decoder`. Everything left unset is
 * the `strict` preset: every check an error.
 *
 * @example
 * ```ts
 * decode(bytes, { preset: 'mqtt-packet' })                 // accept what mqtt-packet accepts
 * decode(bytes, { checks: { packetIdNonZero: 'warn' }, onWarning: (w) => log(w.message) })
 * ```
 */
export interface CheckOptions {
  /** Severities for every check: `'strict'` (the default; all errors) or `'mqtt-packet'`. */
  preset?: Preset;
  /** Severities of single checks, over the preset's. */
  checks?: CheckSettings;
  /**
   * Called with each check that failed with severity `'warn'` (an `MqttCodecError` whose
   * `severity` is `'warning'`), in the order found. `inspect` lists them in its `warnings` too.
   */
  onWarning?: (warning: CheckWarning) => void;
}

/**
 * The severity of a failed check named `key` under `options`. A key that names no check (a
 * framing fault) is always an error.
 */
export function severityOf(key: string, options: CheckOptions | null | undefined): Severity {
  const def = (CHECKS as Record<string, CheckDefinition>)[key];
  if (def === undefined) return 'error';
  if (options == null) return def.strict;
  const own = options.checks?.[key as CheckName];
  if (own !== undefined) return own;
  return options.preset === 'mqtt-packet' ? def.mqttPacket : def.strict;
}

/** Whether `options` sets anything a check would look at (a fast test before storing them). */
export function hasPolicy(options: CheckOptions | null | undefined): boolean {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; options without preset, checks or onWarning give every check its default severity, stored or not (a speed test only).
  return options != null && (options.preset !== undefined || options.checks !== undefined || options.onWarning !== undefined);
}
