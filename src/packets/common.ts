/**
 * What every packet codec has in common: the codec interface the registry dispatches on, packet
 * identifiers, reason codes checked against their tables, and the 5.0 "Reason Code, then
 * properties, both omissible" tail of acknowledgements, DISCONNECT and AUTH.
 *
 * @module
 */
import type { EncodePlan } from '../encode-plan.js';
import { type FaultKey, MqttCodecError, protocolError, type RuleKey } from '../errors.js';
import { planProperties, readProperties } from '../properties/codec.js';
import type { ReasonCodeTable } from '../reason-codes.js';
import type { Properties } from '../types.js';
import { type TopicProblem, topicFilterProblem } from '../topic.js';
import type { Reader } from '../wire/reader.js';
import { checkInt, describe, refuse } from '../wire/writer.js';

/** One control packet type: how to read its body, and how to plan writing it. */
export interface PacketCodec {
  /** Control packet type number, 1–15. */
  readonly code: number;
  readonly name: string;
  /** Label used in messages, e.g. `PUBLISH`. */
  readonly label: string;
  /** The required fixed-header flags, or -1 where they carry data (PUBLISH). */
  readonly flags: number;
  /** The rule that cites the required flags. */
  readonly flagsRule: RuleKey;
  /** Lowest protocol version with this packet (AUTH: 5). */
  readonly minVersion: number;
  /** Reads the body: `r` spans the variable header and payload; `flags` are the header's low bits. */
  decode(r: Reader, flags: number): object;
  /**
   * Validates `p` for version `plan.v`, reading each field once, and records its body in `plan`
   * (and its fixed-header flags in `plan.flags`); `plan.bytes` is then its Remaining Length.
   */
  encode(p: any, plan: EncodePlan): void;
}

/** Sender codes used on the hot path: 0 unknown, 1 client, 2 server. */
export const FROM_NONE = 0;
export const FROM_CLIENT = 1;
export const FROM_SERVER = 2;

/** Reads a Packet Identifier; 0 is a Protocol Error [MQTT-2.3.1-1 / MQTT-2.2.1-3]. */
export function readPacketId(r: Reader, label: string): number {
  const at = r.pos;
  const id = r.u16('variableHeader.packetId');
  if (id === 0) r.fault(protocolError(`${label} has Packet Identifier 0`, 'packetIdNonZero', r.v, r.off(at)));
  return id;
}

/** Validates a Packet Identifier on encode (an integer from 1 to 65,535) and records it. */
export function planPacketId(plan: EncodePlan, id: unknown, label: string): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: equivalent; the test only lets a valid id skip the checks below, which pass a valid id as well (speed only). The forms that let an invalid id skip them, disabled with them, are killed by the tests.
  if (!(typeof id === 'number' && id >= 1 && id <= 0xffff && Number.isInteger(id))) {
    const v = plan.v;
    if (id === 0) plan.breach(refuse(0x82, `${label} has Packet Identifier 0`, 'packetIdNonZero', v));
    else if (id === undefined) throw refuse(0x82, `${label} needs a packetId`, 'packetIdNonZero', v);
    else checkInt(id, 1, 0xffff, `${label} packetId`, v);
  }
  plan.u16(id as number);
}

/** Reads a reason code and checks it against `table`. */
export function readReasonCode(r: Reader, table: ReasonCodeTable, label: string, rule: FaultKey, path = 'variableHeader.reasonCode'): number {
  const at = r.pos;
  const code = r.u8(path);
  if (table[code] === undefined) {
    r.fault(protocolError(`0x${hex(code)} is not a ${label} reason code`, rule, r.v, r.off(at)));
  }
  return code;
}

/** Checks a reason code on encode (one of `table`, or any byte when the policy relaxes `rule`). */
export function checkReasonCode(code: unknown, table: ReasonCodeTable, label: string, rule: FaultKey, plan: EncodePlan): number {
  if (typeof code !== 'number' || table[code] === undefined) {
    const err = refuse(0x82, `${describe(code)} is not a ${label} reason code`, rule, plan.v);
    if (typeof code !== 'number') throw err;
    plan.breach(err);
    checkInt(code, 0, 0xff, `${label} reasonCode`, plan.v);
  }
  return code;
}

/**
 * Why the Topic Filter just read by `r` is invalid, or null. The answer depends on the string and
 * the version only, so it is memoized in the string cache: a filter seen before is not checked again.
 */
export function checkFilter(r: Reader, filter: string, v: number): TopicProblem | null {
  // Stryker disable next-line EqualityOperator: equivalent (`!==`); the flag is only a name for the memo of this version, set and read alike, so swapping the two names swaps both.
  const flag = v === 5 ? FILTER_OK_V5 : FILTER_OK_V4;
  const slot = r.slot;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; the memo only saves the check (speed only), and the flags of slot -1 read as undefined, which has no bit set. The forms that take an unchecked filter for valid, disabled with them, are killed by the tests.
  if (slot >= 0 && (r.strings.flags(slot) & flag) !== 0) return null;
  const problem = topicFilterProblem(filter, v === 5);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; not memoizing only repeats the check later (speed only), and a flag set at slot -1 is a write past the table's start, which a typed array ignores. The forms that memoize an invalid filter, disabled with them, are killed by the tests.
  if (problem === null && slot >= 0) r.strings.addFlags(slot, flag);
  return problem;
}

/** String-cache bit: the string is a valid Topic Filter under the 3.1/3.1.1 rules. */
const FILTER_OK_V4 = 2;
/** String-cache bit: the string is a valid Topic Filter under the 5.0 rules (Shared Subscriptions included). */
const FILTER_OK_V5 = 4;

/** Two hex digits. */
export function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/**
 * Reads an omissible Reason Code and an omissible property block (5.0) into `p`: when the packet
 * ends before the Reason Code it is 0 (Success); when it ends before the Property Length there
 * are no properties — unless `propsRequired` says the Property Length cannot be omitted alone
 * (AUTH).
 */
export function readReasonTail(
  r: Reader,
  p: { reasonCode?: number; properties?: Properties },
  ctx: number,
  table: ReasonCodeTable,
  label: string,
  rule: FaultKey,
  propsRequired: boolean,
): void {
  if (r.pos === r.end) {
    p.reasonCode = 0;
    return;
  }
  p.reasonCode = readReasonCode(r, table, label, rule);
  if (r.pos === r.end && !propsRequired) return;
  const properties = readProperties(r, ctx);
  if (properties !== undefined) p.properties = properties;
}

/**
 * Records the 5.0 tail in its shortest form: nothing when the code is 0 and there are no
 * properties, the code alone when there are no properties (unless `propsRequired`). Before 5.0
 * there is no tail: a non-zero code or any property is refused.
 */
export function planReasonTail(p: { reasonCode?: number; properties?: Properties }, ctx: number, table: ReasonCodeTable, label: string, rule: FaultKey, plan: EncodePlan, propsRequired: boolean): void {
  const v = plan.v;
  const given = p.reasonCode;
  const properties = p.properties;
  if (v !== 5) {
    if (given !== undefined && given !== 0) throw refuseV5Only(`${label} reasonCode`, v);
    planProperties(properties, ctx, plan); // refuses properties before 5.0
    return;
  }
  const code = given === undefined ? 0 : checkReasonCode(given, table, label, rule, plan);
  // Stryker disable next-line ConditionalExpression,BlockStatement: equivalent; without the shortcut, absent properties record a Property Length of 0 and the general path below truncates the tail to the same bytes (speed only). (`true`, disabled with them, drops given properties: the tests see that.)
  if (properties === undefined) {
    // No properties: only what is written is recorded (the commonest 5.0 acknowledgement records nothing).
    plan.propertiesLow = plan.propertiesHigh = 0;
    if (code !== 0) {
      plan.u8(code);
      if (propsRequired) plan.vbi(0);
    }
    return;
  }
  const ops = plan.count;
  const bytes = plan.bytes;
  plan.u8(code);
  if (planProperties(properties, ctx, plan) === 0) {
    if (code === 0) plan.truncate(ops, bytes); // both omitted
    else if (!propsRequired) plan.truncate(ops + 1, bytes + 1); // the code alone
  }
}

/** Refuses a 5.0-only field on an older version. */
export function refuseV5Only(what: string, v: number): MqttCodecError {
  return refuse(0x81, `${what} exists only in MQTT 5.0`, 'v5Only', v);
}
