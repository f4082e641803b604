/**
 * The one error type of mqtt-codec, the reason codes it carries, and the table of normative
 * statement ids it cites.
 *
 * @module
 */
import type { Packet } from './types.js';

/**
 * MQTT 5.0 reason codes (section 2.4), by name. Codes below 0x80 are successes; 0x80 and above
 * are failures. The 3.1.1 CONNACK return codes (0–5) are in {@link ConnectReturnCode}.
 */
export const ReasonCode = {
  Success: 0x00,
  NormalDisconnection: 0x00,
  GrantedQoS0: 0x00,
  GrantedQoS1: 0x01,
  GrantedQoS2: 0x02,
  DisconnectWithWillMessage: 0x04,
  NoMatchingSubscribers: 0x10,
  NoSubscriptionExisted: 0x11,
  ContinueAuthentication: 0x18,
  ReAuthenticate: 0x19,
  UnspecifiedError: 0x80,
  MalformedPacket: 0x81,
  ProtocolError: 0x82,
  ImplementationSpecificError: 0x83,
  UnsupportedProtocolVersion: 0x84,
  ClientIdentifierNotValid: 0x85,
  BadUserNameOrPassword: 0x86,
  NotAuthorized: 0x87,
  ServerUnavailable: 0x88,
  ServerBusy: 0x89,
  Banned: 0x8a,
  ServerShuttingDown: 0x8b,
  BadAuthenticationMethod: 0x8c,
  KeepAliveTimeout: 0x8d,
  SessionTakenOver: 0x8e,
  TopicFilterInvalid: 0x8f,
  TopicNameInvalid: 0x90,
  PacketIdentifierInUse: 0x91,
  PacketIdentifierNotFound: 0x92,
  ReceiveMaximumExceeded: 0x93,
  TopicAliasInvalid: 0x94,
  PacketTooLarge: 0x95,
  MessageRateTooHigh: 0x96,
  QuotaExceeded: 0x97,
  AdministrativeAction: 0x98,
  PayloadFormatInvalid: 0x99,
  RetainNotSupported: 0x9a,
  QoSNotSupported: 0x9b,
  UseAnotherServer: 0x9c,
  ServerMoved: 0x9d,
  SharedSubscriptionsNotSupported: 0x9e,
  ConnectionRateExceeded: 0x9f,
  MaximumConnectTime: 0xa0,
  SubscriptionIdentifiersNotSupported: 0xa1,
  WildcardSubscriptionsNotSupported: 0xa2,
} as const;

/** MQTT 3.1 and 3.1.1 CONNACK return codes (3.1.1 section 3.2.2.3). */
export const ConnectReturnCode = {
  Accepted: 0,
  UnacceptableProtocolVersion: 1,
  IdentifierRejected: 2,
  ServerUnavailable: 3,
  BadUserNameOrPassword: 4,
  NotAuthorized: 5,
} as const;

/** The version of the specification a normative statement id belongs to. */
export type SpecVersion = '3.1.1' | '5.0';

/** The names this codec uses in error messages for the reason codes it raises. */
const ERROR_NAMES: Record<number, string> = {
  0x80: 'Unspecified error',
  0x81: 'Malformed Packet',
  0x82: 'Protocol Error',
  0x83: 'Implementation specific error',
  0x84: 'Unsupported Protocol Version',
  0x95: 'Packet too large',
};

/** Options of {@link MqttCodecError}'s constructor. */
export interface MqttCodecErrorInit {
  /** Normative statement id, e.g. `MQTT-3.3.1-4`. */
  rule?: string;
  /** Which specification `rule` is from. */
  specVersion?: SpecVersion;
  /** Byte offset of the problem in the decoded input. */
  offset?: number;
}

/**
 * The only error mqtt-codec throws. Decoding any byte sequence either returns a packet or throws
 * this; encoding any object either returns bytes or throws this.
 *
 * - `reasonCode`: the MQTT 5.0 reason code a receiver would use to close the connection:
 *   0x81 Malformed Packet, 0x82 Protocol Error, 0x84 Unsupported Protocol Version,
 *   0x95 Packet too large (the same codes are used when the connection is 3.1.1).
 * - `rule`: the normative statement id the input breaks, when the specification gives one.
 * - `specVersion`: the specification `rule` belongs to (ids are not unique across versions).
 * - `offset`: the byte offset (from the start of the decoded bytes) where the problem was found;
 *   absent for encode errors.
 *
 * @example
 * ```ts
 * try { decode(bytes) } catch (e) {
 *   if (e instanceof MqttCodecError) console.log(e.reasonCode, e.rule, e.offset)
 * }
 * ```
 */
export class MqttCodecError extends Error {
  /** MQTT 5.0 reason code: 0x81 Malformed Packet, 0x82 Protocol Error, 0x95 Packet too large, … */
  readonly reasonCode: number;
  /** Normative statement id (e.g. `MQTT-3.3.1-4`) when one applies. */
  readonly rule?: string;
  /** The specification version `rule` is taken from. */
  readonly specVersion?: SpecVersion;
  /** Byte offset of the fault in the input, for decode errors. */
  readonly offset?: number;
  /** The description without the reason name, rule and offset. */
  readonly detail: string;
  /**
   * From `Decoder.push` only: the packets the pushed chunk completed before this error, which a
   * receiver may still act on before closing the connection.
   */
  packets?: Packet[];

  constructor(reasonCode: number, detail: string, init: MqttCodecErrorInit = {}) {
    const name = ERROR_NAMES[reasonCode] ?? `Reason 0x${reasonCode.toString(16).padStart(2, '0')}`;
    let message = `${name}: ${detail}`;
    if (init.rule !== undefined) message += ` [${init.rule}]`;
    if (init.offset !== undefined) message += ` at offset ${init.offset}`;
    super(message);
    this.name = 'MqttCodecError';
    this.reasonCode = reasonCode;
    this.detail = detail;
    if (init.rule !== undefined) this.rule = init.rule;
    if (init.specVersion !== undefined) this.specVersion = init.specVersion;
    if (init.offset !== undefined) this.offset = init.offset;
  }
}

/**
 * Normative statements this codec cites in its errors, by a short key: `[3.1.1 id, 5.0 id]`. An error for a
 * 3.1 or 3.1.1 packet cites the 3.1.1 id, one for a 5.0 packet the 5.0 id. When the version at
 * hand has no id for the rule, the error cites none — except for the rules in
 * {@link CROSS_VERSION_RULES}, which cite the other version's id with its `specVersion`.
 */
export const RULES = {
  utf8WellFormed: ['MQTT-1.5.3-1', 'MQTT-1.5.4-1'],
  utf8NoNull: ['MQTT-1.5.3-2', 'MQTT-1.5.4-2'],
  vbiMinimal: [null, 'MQTT-1.5.5-1'],
  reservedFlags: ['MQTT-2.2.2-1', 'MQTT-2.1.3-1'],
  packetIdNonZero: ['MQTT-2.3.1-1', 'MQTT-2.2.1-3'],
  publishQos0NoPacketId: ['MQTT-2.3.1-5', 'MQTT-2.2.1-2'],
  propertyLengthZero: [null, 'MQTT-2.2.2-1'],
  protocolName: ['MQTT-3.1.2-1', 'MQTT-3.1.2-1'],
  protocolLevel: ['MQTT-3.1.2-2', 'MQTT-3.1.2-2'],
  connectReserved: ['MQTT-3.1.2-3', 'MQTT-3.1.2-3'],
  willFields: ['MQTT-3.1.2-9', 'MQTT-3.1.2-9'],
  willQosZero: ['MQTT-3.1.2-13', 'MQTT-3.1.2-11'],
  willQos3: ['MQTT-3.1.2-14', 'MQTT-3.1.2-12'],
  willRetainZero: ['MQTT-3.1.2-15', 'MQTT-3.1.2-13'],
  userNameAbsent: ['MQTT-3.1.2-18', 'MQTT-3.1.2-16'],
  userNamePresent: ['MQTT-3.1.2-19', 'MQTT-3.1.2-17'],
  passwordAbsent: ['MQTT-3.1.2-20', 'MQTT-3.1.2-18'],
  passwordPresent: ['MQTT-3.1.2-21', 'MQTT-3.1.2-19'],
  passwordNeedsUserName: ['MQTT-3.1.2-22', null],
  connectPayloadOrder: ['MQTT-3.1.3-1', 'MQTT-3.1.3-1'],
  clientIdPresent: ['MQTT-3.1.3-3', 'MQTT-3.1.3-3'],
  clientIdEmptyNeedsClean: ['MQTT-3.1.3-7', null],
  connackReserved: [null, 'MQTT-3.2.2-1'],
  connackSessionPresent: ['MQTT-3.2.2-4', 'MQTT-3.2.2-6'],
  connackReasonCode: [null, 'MQTT-3.2.2-8'],
  publishDupQos0: ['MQTT-3.3.1-2', 'MQTT-3.3.1-2'],
  publishQos3: ['MQTT-3.3.1-4', 'MQTT-3.3.1-4'],
  topicNameWildcard: ['MQTT-3.3.2-2', 'MQTT-3.3.2-2'],
  topicAliasZero: [null, 'MQTT-3.3.2-8'],
  responseTopicWildcard: [null, 'MQTT-3.3.2-14'],
  publishClientSubscriptionId: [null, 'MQTT-3.3.4-6'],
  pubackReasonCode: [null, 'MQTT-3.4.2-1'],
  pubrecReasonCode: [null, 'MQTT-3.5.2-1'],
  pubrelFlags: ['MQTT-3.6.1-1', 'MQTT-3.6.1-1'],
  pubrelReasonCode: [null, 'MQTT-3.6.2-1'],
  pubcompReasonCode: [null, 'MQTT-3.7.2.1-1'],
  subscribeFlags: ['MQTT-3.8.1-1', 'MQTT-3.8.1-1'],
  subscribeNonEmpty: ['MQTT-3.8.3-3', 'MQTT-3.8.3-2'],
  subscribeNoLocalShared: [null, 'MQTT-3.8.3-4'],
  subscribeReservedBits: ['MQTT-3-8.3-4', 'MQTT-3.8.3-5'],
  subscribeQos3: ['MQTT-3-8.3-4', null],
  subackReasonCode: ['MQTT-3.9.3-2', 'MQTT-3.9.3-2'],
  unsubscribeFlags: ['MQTT-3.10.1-1', 'MQTT-3.10.1-1'],
  unsubscribeNonEmpty: ['MQTT-3.10.3-2', 'MQTT-3.10.2-2'],
  unsubackReasonCode: [null, 'MQTT-3.11.3-2'],
  disconnectReserved: ['MQTT-3.14.1-1', 'MQTT-3.14.1-1'],
  disconnectReasonCode: [null, 'MQTT-3.14.2-1'],
  disconnectServerSessionExpiry: [null, 'MQTT-3.14.2-2'],
  authFlags: [null, 'MQTT-3.15.1-1'],
  authReasonCode: [null, 'MQTT-3.15.2-1'],
  topicWildcardInName: ['MQTT-4.7.1-1', 'MQTT-4.7.0-1'],
  topicMultiLevelWildcard: ['MQTT-4.7.1-2', 'MQTT-4.7.1-1'],
  topicSingleLevelWildcard: ['MQTT-4.7.1-3', 'MQTT-4.7.1-2'],
  topicNonEmpty: ['MQTT-4.7.3-1', 'MQTT-4.7.3-1'],
  topicNoNull: ['MQTT-4.7.3-2', 'MQTT-4.7.3-2'],
  topicMaxLength: ['MQTT-4.7.3-3', 'MQTT-4.7.3-3'],
  sharedSubscriptionShareName: [null, 'MQTT-4.8.2-1'],
  sharedSubscriptionShareNameChars: [null, 'MQTT-4.8.2-2'],
  serverMaxPacketSize: [null, 'MQTT-3.1.2-24'],
  clientMaxPacketSize: [null, 'MQTT-3.2.2-15'],
} as const satisfies Record<string, readonly [string | null, string | null]>;

/** A key of {@link RULES}. */
export type RuleKey = keyof typeof RULES;

/**
 * Rules that hold in every version although only one specification numbers them: MQTT 3.1.1
 * requires the shortest Variable Byte Integer too, but only 5.0 gives the rule an id
 * (MQTT-1.5.5-1), so 3.1/3.1.1 errors cite the 5.0 id.
 */
export const CROSS_VERSION_RULES: ReadonlySet<RuleKey> = new Set<RuleKey>(['vbiMinimal']);

/**
 * Builds an {@link MqttCodecError} citing the rule `key` as it is numbered for `version`
 * (3 and 4 cite MQTT 3.1.1, 5 cites MQTT 5.0).
 */
export function codecError(
  reasonCode: number,
  detail: string,
  key: RuleKey | null,
  version: number,
  offset?: number,
): MqttCodecError {
  if (key === null) return new MqttCodecError(reasonCode, detail, { offset });
  const ids = RULES[key] as readonly [string | null, string | null];
  const cross = CROSS_VERSION_RULES.has(key);
  let rule: string | null;
  let specVersion: SpecVersion;
  if (version === 5) {
    rule = ids[1] ?? (cross ? ids[0] : null);
    specVersion = ids[1] !== null ? '5.0' : '3.1.1';
  } else {
    rule = ids[0] ?? (cross ? ids[1] : null);
    specVersion = ids[0] !== null ? '3.1.1' : '5.0';
  }
  return new MqttCodecError(reasonCode, detail, {
    rule: rule ?? undefined,
    specVersion: rule !== null ? specVersion : undefined,
    offset,
  });
}

/** A Malformed Packet (0x81) error. */
export function malformed(detail: string, key: RuleKey | null, version: number, offset?: number): MqttCodecError {
  return codecError(0x81, detail, key, version, offset);
}

/** A Protocol Error (0x82) error. */
export function protocolError(detail: string, key: RuleKey | null, version: number, offset?: number): MqttCodecError {
  return codecError(0x82, detail, key, version, offset);
}
