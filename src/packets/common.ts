/**
 * What every packet codec has in common: the codec interface the registry dispatches on, packet
 * identifiers, reason codes checked against their tables, and the 5.0 "Reason Code, then
 * properties, both omissible" tail of acknowledgements, DISCONNECT and AUTH.
 *
 * @module
 */
import { breach } from '../encode-context.js';
import { type FaultKey, MqttCodecError, protocolError, type RuleKey } from '../errors.js';
import { propertiesSize, readProperties, writeProperties } from '../properties/codec.js';
import type { ReasonCodeTable } from '../reason-codes.js';
import type { Properties } from '../types.js';
import { type TopicProblem, topicFilterProblem } from '../topic.js';
import type { Reader } from '../wire/reader.js';
import { vbiLength } from '../wire/vbi.js';
import { checkInt, describe, refuse } from '../wire/writer.js';

/** One control packet type: how to read its body, size it, and write it. */
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
  /** Validates `p` for version `v` and returns its Remaining Length. */
  length(p: any, v: number): number;
  /** Fixed-header flags for `p` (after `length` validated it). */
  flagsOf(p: any): number;
  /**
   * Writes the body at `pos` (after `length` returned `remaining` for the same packet); returns
   * the end position.
   */
  write(p: any, v: number, buf: Uint8Array, pos: number, remaining: number): number;
}

export { breach, encodeContext } from '../encode-context.js';

/** Sender codes used on the hot path: 0 unknown, 1 client, 2 server. */
export const FROM_NONE = 0;
export const FROM_CLIENT = 1;
export const FROM_SERVER = 2;

/**
 * Sizes computed by `length` and reused by `write` of the same packet (encode always runs the
 * two back to back, synchronously): [packet property block, Will property block].
 */
export const propSizes = new Int32Array(2);

/** Reads a Packet Identifier; 0 is a Protocol Error [MQTT-2.3.1-1 / MQTT-2.2.1-3]. */
export function readPacketId(r: Reader, label: string): number {
  const at = r.pos;
  const id = r.u16('variableHeader.packetId');
  if (id === 0) r.fault(protocolError(`${label} has Packet Identifier 0`, 'packetIdNonZero', r.v, r.off(at)));
  return id;
}

/** Checks a Packet Identifier on encode: an integer from 1 to 65,535. */
export function checkPacketId(id: unknown, label: string, v: number): void {
  if (typeof id === 'number' && id >= 1 && id <= 0xffff && Number.isInteger(id)) return;
  if (id === 0) return breach(refuse(0x82, `${label} has Packet Identifier 0`, 'packetIdNonZero', v));
  if (id === undefined) throw refuse(0x82, `${label} needs a packetId`, 'packetIdNonZero', v);
  checkInt(id, 1, 0xffff, `${label} packetId`, v);
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

/** Checks a reason code on encode. */
export function checkReasonCode(code: unknown, table: ReasonCodeTable, label: string, rule: FaultKey, v: number): number {
  if (typeof code !== 'number' || table[code] === undefined) {
    const err = refuse(0x82, `${describe(code)} is not a ${label} reason code`, rule, v);
    if (typeof code !== 'number') throw err;
    breach(err);
    checkInt(code, 0, 0xff, `${label} reasonCode`, v);
  }
  return code;
}

/**
 * Why the Topic Filter just read by `r` is invalid, or null. The answer depends on the string and
 * the version only, so it is memoized in the string cache: a filter seen before is not checked again.
 */
export function checkFilter(r: Reader, filter: string, v: number): TopicProblem | null {
  const flag = v === 5 ? FILTER_OK_V5 : FILTER_OK_V4;
  const slot = r.slot;
  if (slot >= 0 && (r.strings.flags(slot) & flag) !== 0) return null;
  const problem = topicFilterProblem(filter, v === 5);
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
  const properties = readProperties(r, ctx, 'properties');
  if (properties !== undefined) p.properties = properties;
}

/**
 * Remaining Length of the 5.0 tail, choosing the shortest form: nothing when the code is 0 and
 * there are no properties, the code alone when there are no properties (unless `propsRequired`).
 * Before 5.0 there is no tail: a non-zero code or any property is refused. Stores the property
 * size for {@link writeReasonTail}.
 */
export function reasonTailLength(p: { reasonCode?: number; properties?: Properties }, ctx: number, table: ReasonCodeTable, label: string, rule: FaultKey, v: number, propsRequired: boolean): number {
  if (v !== 5) {
    if (p.reasonCode !== undefined && p.reasonCode !== 0) throw refuseV5Only(`${label} reasonCode`, v);
    propertiesSize(p.properties, ctx, v); // refuses properties before 5.0
    return 0;
  }
  const code = p.reasonCode === undefined ? 0 : checkReasonCode(p.reasonCode, table, label, rule, v);
  const size = propertiesSize(p.properties, ctx, v);
  propSizes[0] = size;
  if (size === 0) {
    if (code === 0) return 0;
    return propsRequired ? 2 : 1;
  }
  return 1 + vbiLength(size) + size;
}

/** Writes the tail sized by {@link reasonTailLength} (`tailLength` is what it returned). */
export function writeReasonTail(p: { reasonCode?: number; properties?: Properties }, buf: Uint8Array, pos: number, tailLength: number): number {
  if (tailLength === 0) return pos;
  buf[pos++] = p.reasonCode ?? 0;
  if (tailLength === 1) return pos;
  return writeProperties(buf, pos, propSizes[0]);
}

/** Refuses a 5.0-only field on an older version. */
export function refuseV5Only(what: string, v: number): MqttCodecError {
  return refuse(0x81, `${what} exists only in MQTT 5.0`, 'v5Only', v);
}
