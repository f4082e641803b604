/**
 * CONNECT (type 1, 3.1.1 section 3.1, 5.0 section 3.1).
 *
 * ```
 * fixed header   0001 0000 | Remaining Length
 * variable hdr   Protocol Name ("MQIsdp" for 3.1, "MQTT" for 3.1.1 and 5.0)
 *                Protocol Level (3, 4, 5)
 *                Connect Flags: UserName(7) Password(6) WillRetain(5) WillQoS(4-3) Will(2) Clean(1) Reserved(0)
 *                Keep Alive (u16)
 *                Properties                                  5.0 only
 * payload        Client Identifier
 *                Will Properties, Will Topic, Will Payload   when Will = 1 (properties 5.0 only)
 *                User Name                                   when UserName = 1
 *                Password (Binary Data)                      when Password = 1
 * ```
 *
 * @module
 */
import { codecError, type FaultKey, malformed, protocolError, type RuleKey } from '../errors.js';
import { type EncodePlan, planBinary, planString } from '../encode-plan.js';
import { CTX, planProperties, readProperties } from '../properties/codec.js';
import { topicNameProblem } from '../topic.js';
import type { ConnectPacket, ProtocolVersion, QoS, Will } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { utf8Length } from '../wire/utf8.js';
import { checkBool, checkInt, describe, refuse } from '../wire/writer.js';
import { FROM_CLIENT, type PacketCodec } from './common.js';

/** Protocol Name of each Protocol Level. */
const PROTOCOL_NAMES: Record<number, string> = { 3: 'MQIsdp', 4: 'MQTT', 5: 'MQTT' };

/** Throws Malformed, citing `rule`, when no bytes are left for a field its flag says is present. */
function mustBePresent(r: Reader, what: string, rule: RuleKey, path: string): void {
  if (r.pos >= r.end) throw malformed(`${what} is flagged but missing`, rule, r.v, r.off(r.pos), path);
}

/** The check a Will Topic problem is: a Topic Name's. */
function topicNameKey(rule: RuleKey): FaultKey {
  return rule === 'topicWildcardInName' ? 'topicNameWildcard' : rule;
}

function decode(r: Reader): ConnectPacket {
  const nameAt = r.pos;
  const protocolName = r.utf8('variableHeader.protocolName');
  const levelAt = r.pos;
  const byte = r.u8('variableHeader.protocolLevel');
  // A bridge sets the top bit (0x83, 0x84; mosquitto's try_private): the level is the rest.
  // Stryker disable next-line EqualityOperator: equivalent (`> 0x80`); 0x80 is level 0, which has no protocol name, so it is no bridge either way. (The other forms, disabled with it, are killed by the tests.)
  const bridge = byte >= 0x80 && PROTOCOL_NAMES[byte & 0x7f] !== undefined;
  const level = bridge ? byte & 0x7f : byte;
  const expected = PROTOCOL_NAMES[level];
  if (expected === undefined) {
    // Without a known level the rest of the packet cannot be read.
    throw codecError(0x84, `unsupported Protocol Level ${level}`, 'protocolLevel', 5, r.off(levelAt));
  }
  r.v = level;
  if (bridge) {
    r.fault(codecError(0x84, `Protocol Level 0x${byte.toString(16)} is a bridge's (0x80 | ${level})`, 'bridgeProtocolLevel', level, r.off(levelAt)));
  }
  if (protocolName !== expected) {
    const known = protocolName === 'MQTT' || protocolName === 'MQIsdp';
    r.fault(codecError(0x84, `Protocol Name "${protocolName}" does not go with Protocol Level ${level}`, known ? 'protocolNameLevel' : 'protocolName', level, r.off(nameAt)));
  }
  const flagsAt = r.pos;
  const flags = r.u8('variableHeader.connectFlags');
  const v = level;
  const willFlag = (flags & 0x04) !== 0;
  const willQos = (flags >> 3) & 3;
  const willRetain = (flags & 0x20) !== 0;
  const passwordFlag = (flags & 0x40) !== 0;
  const userNameFlag = (flags & 0x80) !== 0;
  const at = r.off(flagsAt);
  if (flags & 1) r.fault(malformed('CONNECT reserved flag is set', 'connectReserved', v, at));
  if (!willFlag) {
    if (willQos !== 0) r.fault(malformed('Will QoS is set without the Will Flag', 'willQosZero', v, at));
    if (willRetain) r.fault(malformed('Will Retain is set without the Will Flag', 'willRetainZero', v, at));
  } else if (willQos === 3) {
    r.fault(malformed('Will QoS is 3', 'willQos3', v, at));
  }
  if (passwordFlag && !userNameFlag && v !== 5) {
    r.fault(malformed('Password Flag is set without the User Name Flag', 'passwordNeedsUserName', v, at));
  }
  const keepAlive = r.u16('variableHeader.keepAlive');
  const properties = v === 5 ? readProperties(r, CTX.connect) : undefined;
  mustBePresent(r, 'Client Identifier', 'clientIdPresent', 'clientId');
  const clientIdAt = r.pos;
  const clientId = r.utf8('clientId');
  if (v !== 5 && clientId === '' && (flags & 0x02) === 0 && r.from === FROM_CLIENT) {
    r.fault(protocolError('a zero-byte ClientId needs CleanSession 1 before MQTT 5.0', 'clientIdEmptyNeedsClean', v, r.off(clientIdAt)));
  }
  const p: ConnectPacket = {
    type: 'connect',
    protocolVersion: v as ProtocolVersion,
    protocolName,
    clientId,
    cleanStart: (flags & 0x02) !== 0,
    keepAlive,
  };
  if (bridge) p.bridge = true;
  if (willFlag) {
    mustBePresent(r, 'Will Message', 'willFields', 'will');
    const willProperties = v === 5 ? readProperties(r, CTX.will) : undefined;
    mustBePresent(r, 'Will Topic', 'willFields', 'will.topic');
    const topicAt = r.pos;
    const topic = r.utf8('will.topic');
    const problem = topicNameProblem(topic);
    if (problem !== null) r.fault(codecError(0x82, `Will ${problem.detail}`, topicNameKey(problem.rule), v, r.off(topicAt), 'will.topic', problem.rule));
    mustBePresent(r, 'Will Payload', 'willFields', 'will.payload');
    const payload = r.binary('will.payload');
    const will: Will = { topic, payload, qos: (willQos & 3) as QoS, retain: willRetain };
    if (willProperties !== undefined) will.properties = willProperties;
    p.will = will;
  }
  if (userNameFlag) {
    mustBePresent(r, 'User Name', 'userNamePresent', 'username');
    p.username = r.utf8('username');
  }
  if (passwordFlag) {
    mustBePresent(r, 'Password', 'passwordPresent', 'password');
    p.password = r.binary('password');
  }
  if (properties !== undefined) p.properties = properties;
  if (r.pos !== r.end) {
    // Bytes past the last flagged field: most likely a field whose flag is 0.
    const rule: RuleKey = !userNameFlag ? 'userNameAbsent' : !passwordFlag ? 'passwordAbsent' : 'connectPayloadOrder';
    r.fault(codecError(0x81, `${r.end - r.pos} byte(s) after the last field the Connect Flags announce`, 'trailingBytes', v, r.off(r.pos), undefined, rule));
    r.pos = r.end; // relaxed: skipped
  }
  return p;
}

/** Validates the Will payload (Binary Data, or text written as its UTF-8) and records it. */
function planWillPayload(payload: unknown, plan: EncodePlan): void {
  if (typeof payload !== 'string') return planBinary(plan, payload, 'Will payload');
  const v = plan.v;
  const n = utf8Length(payload, true);
  if (n < 0) throw refuse(0x81, 'Will payload string has an unpaired surrogate', 'utf8WellFormed', v);
  if (n > 0xffff) throw refuse(0x81, `Will payload is ${n} bytes; Binary Data holds at most 65,535`, 'invalidValue', v);
  plan.string(payload, n);
}

/**
 * `plan.v` is the CONNECT's own version (or the encode option), checked by encode. Every field is
 * read once, then the body is recorded in wire order (the Connect Flags say which fields follow).
 */
function encode(p: ConnectPacket, plan: EncodePlan): void {
  const v = plan.v;
  const { protocolName: given, bridge, cleanStart, keepAlive, clientId, properties, will, username, password } = p;
  const name = PROTOCOL_NAMES[v];
  if (given !== undefined && given !== name) {
    const known = given === 'MQTT' || given === 'MQIsdp';
    plan.breach(codecError(0x84, `protocolName ${describe(given)} does not go with protocolVersion ${v}`, known ? 'protocolNameLevel' : 'protocolName', v));
  }
  if (bridge !== undefined && checkBool(bridge, 'CONNECT bridge', v)) {
    plan.breach(codecError(0x84, `a bridge's Protocol Level (0x80 | ${v})`, 'bridgeProtocolLevel', v));
  }
  checkBool(cleanStart, 'CONNECT cleanStart', v);
  checkInt(keepAlive, 0, 0xffff, 'CONNECT keepAlive', v);
  // Before 5.0 a client with a zero-byte ClientId must ask for a clean session. This is the
  // client's duty, checked with `from: 'client'` (both ways); a server decoding with it gets the
  // error and answers CONNACK 0x02 [MQTT-3.1.3-8].
  if (v !== 5 && clientId === '' && !cleanStart && plan.from === FROM_CLIENT) {
    plan.breach(refuse(0x82, 'a zero-byte ClientId needs CleanSession 1 before MQTT 5.0', 'clientIdEmptyNeedsClean', v));
  }
  if (password !== undefined && username === undefined && v !== 5) {
    plan.breach(refuse(0x81, 'a password needs a user name before MQTT 5.0', 'passwordNeedsUserName', v));
  }
  let flags = cleanStart ? 0x02 : 0;
  if (will !== undefined) flags |= planWillFlags(will, v, plan);
  if (password !== undefined) flags |= 0x40;
  if (username !== undefined) flags |= 0x80;
  planString(plan, given ?? name, 'CONNECT protocolName');
  plan.u8(bridge === true ? v | 0x80 : v);
  plan.u8(flags);
  plan.u16(keepAlive);
  planProperties(properties, CTX.connect, plan);
  planString(plan, clientId, 'CONNECT clientId');
  if (will !== undefined) planWill(will, plan);
  if (username !== undefined) planString(plan, username, 'CONNECT username');
  if (password !== undefined) planBinary(plan, password, 'CONNECT password');
}

/** Validates the Will's QoS and Retain; returns its Connect Flags bits. */
function planWillFlags(will: Will, v: number, plan: EncodePlan): number {
  if (will === null || typeof will !== 'object') throw refuse(0x81, `CONNECT will must be an object, not ${describe(will)}`, 'invalidValue', v);
  const qos = will.qos;
  if ((qos as number) === 3) plan.breach(refuse(0x81, 'Will QoS 3 is not a QoS level', 'willQos3', v));
  else checkInt(qos, 0, 2, 'Will qos', v);
  const retain = checkBool(will.retain, 'Will retain', v);
  return 0x04 | (qos << 3) | (retain ? 0x20 : 0);
}

/** Validates and records the Will Properties, Topic and Payload. */
function planWill(will: Will, plan: EncodePlan): void {
  const v = plan.v;
  const { properties, topic, payload } = will;
  planProperties(properties, CTX.will, plan);
  planString(plan, topic, 'Will topic', 'topicMaxLength');
  const problem = topicNameProblem(topic);
  if (problem !== null) plan.breach(refuse(0x82, `Will ${problem.detail}`, topicNameKey(problem.rule), v, problem.rule));
  planWillPayload(payload, plan);
}

/** CONNECT codec. */
export const connect: PacketCodec = {
  code: 1,
  name: 'connect',
  label: 'CONNECT',
  flags: 0,
  flagsRule: 'reservedFlags',
  minVersion: 3,
  decode,
  encode,
};
