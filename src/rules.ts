/**
 * The normative statements this codec cites, by a short key, with their ids in MQTT 3.1.1 and 5.0.
 *
 * @module
 */

/** The version of the specification a normative statement id belongs to. */
export type SpecVersion = '3.1.1' | '5.0';

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

