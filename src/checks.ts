/**
 * The named checks: every rule that decoding (or encoding) can go on past when it is broken, so
 * that a caller may turn it into a warning or switch it off; and the presets that set them all.
 * What each check requires is listed in README ("Strictness"), which a test holds to this table.
 *
 * Framing faults are not checks: a length that runs past the packet, a Variable Byte Integer of
 * more than four bytes, a reserved packet type, an unknown property identifier or a packet that
 * is too large leave nothing to read on with, and are always errors.
 *
 * The policy is looked at only when a check fails, so valid input costs the same whatever it says.
 *
 * @module
 */
import { RULES, type RuleKey } from './rules.js';

/** What a failed check does: throw (`'error'`), report and go on (`'warn'`), or go on silently (`'off'`). */
export type Severity = 'error' | 'warn' | 'off';

/** The presets of {@link CheckOptions.preset}. */
export type Preset = 'strict' | 'mqtt-packet';

/** The checks mqtt-packet 9.0.2 enforces too: errors in the `mqtt-packet` preset. */
const ENFORCED_BY_MQTT_PACKET = [
  'reservedFlags', 'publishQos3', 'protocolName', 'connectReserved', 'willQosZero',
  'willRetainZero', 'connackReserved', 'pubackReasonCode', 'pubrecReasonCode', 'pubrelReasonCode',
  'pubcompReasonCode', 'subackReasonCode', 'unsubackReasonCode', 'disconnectReasonCode',
  'authReasonCode', 'subscribeReservedBits', 'subscribeQos3', 'retainHandling3', 'unsubackLength',
] as const;

/** The checks mqtt-packet 9.0.2 does not make: off in the `mqtt-packet` preset. */
const NOT_BY_MQTT_PACKET = [
  'publishDupQos0', 'packetIdPresent', 'packetIdNonZero', 'topicNonEmpty', 'topicNameNoAlias',
  'topicNameWildcard', 'topicMultiLevelWildcard', 'topicSingleLevelWildcard', 'topicNoNull',
  'sharedSubscriptionShareName', 'sharedSubscriptionShareNameChars', 'utf8WellFormed',
  'utf8NoNull', 'propertyLengthZero', 'vbiMinimal', 'trailingBytes', 'protocolNameLevel',
  'bridgeProtocolLevel', 'willQos3', 'passwordNeedsUserName', 'clientIdEmptyNeedsClean',
  'connackSessionPresent', 'connackReasonCode', 'connackReasonCodePresent', 'connackReturnCode',
  'subscribeNonEmpty', 'subscribeNoLocalShared', 'subackNonEmpty', 'unsubscribeNonEmpty',
  'propertyNotAllowed', 'propertyDuplicate', 'propertyValue', 'responseTopicWildcard',
  'authDataWithoutMethod', 'senderPacketType', 'publishClientSubscriptionId',
  'disconnectServerSessionExpiry',
] as const;

/** The name of a check: a key of {@link CHECKS}. */
export type CheckName = (typeof ENFORCED_BY_MQTT_PACKET)[number] | (typeof NOT_BY_MQTT_PACKET)[number];

/** One named check. */
export interface CheckDefinition {
  /** The normative statement it enforces (a key of `RULES`), when one is numbered. */
  readonly rule: RuleKey | null;
  /** Its severity in the `mqtt-packet` preset: what mqtt-packet 9.0.2 does with such input. */
  readonly mqttPacket: Severity;
  /** Its severity in the `strict` preset (the default): `'error'`, but for a convention the specification leaves open. */
  readonly strict: Severity;
}

/**
 * A server may accept a Protocol Level it supports (3.1.1 [MQTT-3.1.2-2] obliges it only to
 * refuse the others); mosquitto's bridges send 0x80 | level, and mosquitto accepts it. So this
 * check is off in both presets; set it to `'error'` to refuse bridges.
 */
const OFF_WHEN_STRICT: ReadonlySet<string> = new Set<CheckName>(['bridgeProtocolLevel']);

/** The rule a check cites: the rule of its name, or (protocolNameLevel) the one it shares. */
function ruleOfCheck(name: CheckName): RuleKey | null {
  if (name in RULES) return name as RuleKey;
  return name === 'protocolNameLevel' ? 'protocolName' : null;
}

function table(): Readonly<Record<CheckName, CheckDefinition>> {
  const out = {} as Record<CheckName, CheckDefinition>;
  for (const [names, mqttPacket] of [
    [ENFORCED_BY_MQTT_PACKET, 'error'],
    [NOT_BY_MQTT_PACKET, 'off'],
  ] as const) {
    for (const name of names) {
      const strict: Severity = OFF_WHEN_STRICT.has(name) ? 'off' : 'error';
      out[name] = Object.freeze({ rule: ruleOfCheck(name), mqttPacket, strict });
    }
  }
  return Object.freeze(out);
}

/**
 * Every named check, by its stable name: the rule it enforces and its severity in each preset.
 * An error or warning from a check carries the name as its `key`. The `strict` preset (the
 * default) makes every check an error (but `bridgeProtocolLevel`); `mqtt-packet` gives each the
 * severity in `mqttPacket`.
 */
export const CHECKS: Readonly<Record<CheckName, CheckDefinition>> = table();

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
