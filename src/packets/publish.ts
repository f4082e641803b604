/**
 * PUBLISH (type 3, 3.1.1 section 3.3, 5.0 section 3.3).
 *
 * ```
 * fixed header   0011 DUP QoS(2) RETAIN | Remaining Length
 * variable hdr   Topic Name (UTF-8 string)
 *                Packet Identifier (u16)          only when QoS > 0
 *                Properties                       5.0 only
 * payload        the rest of the packet
 * ```
 *
 * @module
 */
import { malformed, protocolError } from '../errors.js';
import { type EncodePlan, planString } from '../encode-plan.js';
import { CTX, planProperties, readProperties } from '../properties/codec.js';
import { topicNameProblem } from '../topic.js';
import type { PublishPacket, QoS } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { LONE_SURROGATE, utf8Length } from '../wire/utf8.js';
import { cachedStringBytes, rememberStringBytes } from '../wire/string-bytes.js';
import { checkBool, checkInt, refuse } from '../wire/writer.js';
import { FROM_CLIENT, type PacketCodec, planPacketId, readPacketId } from './common.js';

function decode(r: Reader, flags: number): PublishPacket {
  const v = r.v;
  let qos = (flags >> 1) & 3;
  const dup = (flags & 8) !== 0;
  if (qos === 3) {
    r.fault(malformed('PUBLISH has both QoS bits set', 'publishQos3', v, headerOffset(r)));
    qos = 2; // read on as if a Packet Identifier were present
  } else if (dup && qos === 0) {
    r.fault(protocolError('PUBLISH has DUP set with QoS 0', 'publishDupQos0', v, headerOffset(r)));
  }
  const topicAt = r.pos;
  const topic = r.utf8('variableHeader.topicName', r.topicNames);
  // Stryker disable next-line ConditionalExpression: equivalent (`true`); checking every Topic Name in full finds the same faults (speed only). (`false`, disabled with it, misses faults: the tests see that.)
  const suspect = r.wildcard || topic.length === 0; // checked in full below only then
  const packetId = qos > 0 ? readPacketId(r, 'PUBLISH') : 0;
  const properties = v === 5 ? readProperties(r, CTX.publish) : undefined;
  const problem = suspect ? topicNameProblem(topic) : null;
  if (problem !== null) {
    if (problem.rule === 'topicNonEmpty') {
      if (v !== 5) r.fault(protocolError('PUBLISH Topic Name is empty', 'topicNonEmpty', v, r.off(topicAt)));
      else if (properties?.topicAlias === undefined) {
        r.fault(protocolError('PUBLISH Topic Name is empty and there is no Topic Alias', 'topicNameNoAlias', v, r.off(topicAt)));
      }
    } else {
      // problem.index counts UTF-16 units; the offset counts bytes.
      const at = topicAt + 2 + utf8Length(topic.slice(0, problem.index), true);
      r.fault(protocolError(`PUBLISH ${problem.detail}`, 'topicNameWildcard', v, r.off(at)));
    }
  }
  if (r.from === FROM_CLIENT && properties?.subscriptionIdentifiers !== undefined) {
    r.fault(protocolError('a PUBLISH from a client carries a Subscription Identifier', 'publishClientSubscriptionId', v, headerOffset(r)));
  }
  const payload = r.rest('payload');
  const retain = (flags & 1) !== 0;
  // One object literal per shape: adding keys afterwards costs a map transition and memory.
  if (qos === 0) {
    if (properties === undefined) return { type: 'publish', topic, payload, qos: 0, retain, dup };
    return { type: 'publish', topic, payload, qos: 0, retain, dup, properties };
  }
  if (properties === undefined) return { type: 'publish', topic, payload, qos: qos as QoS, retain, dup, packetId };
  return { type: 'publish', topic, payload, qos: qos as QoS, retain, dup, packetId, properties };
}

/** Offset of the packet's first byte (its fixed header). */
function headerOffset(r: Reader): number {
  return r.off(r.headerStart);
}

/** Validates the payload (bytes, or text written as UTF-8) and records it. */
function planPayload(payload: unknown, plan: EncodePlan): void {
  if (typeof payload === 'string') {
    // A string payload is any text: U+0000 is fine here, unpaired surrogates are not.
    const n = utf8Length(payload, true);
    if (n === LONE_SURROGATE) throw refuse(0x81, 'PUBLISH payload string has an unpaired surrogate', 'utf8WellFormed', plan.v);
    return plan.rawString(payload, n);
  }
  if (!(payload instanceof Uint8Array)) throw refuse(0x81, 'PUBLISH payload must be a Uint8Array or a string', 'invalidValue', plan.v);
  plan.raw(payload);
}

function encode(p: PublishPacket, plan: EncodePlan): void {
  const v = plan.v;
  const given = p.qos;
  if ((given as number) === 3) throw refuse(0x81, 'PUBLISH qos 3 is not a QoS level', 'publishQos3', v);
  const qos = checkInt(given, 0, 2, 'PUBLISH qos', v);
  const retain = checkBool(p.retain, 'PUBLISH retain', v);
  const dup = checkBool(p.dup, 'PUBLISH dup', v);
  const packetId = p.packetId;
  if (qos === 0) {
    if (dup) plan.breach(refuse(0x82, 'PUBLISH has DUP set with QoS 0', 'publishDupQos0', v));
    if (packetId !== undefined) throw refuse(0x82, 'PUBLISH with QoS 0 must not have a packetId', 'publishQos0NoPacketId', v);
  }
  plan.flags = (dup ? 8 : 0) | (qos << 1) | (retain ? 1 : 0);
  // A cached topic is ASCII, 1–128 bytes, without a wildcard or U+0000: valid as it is.
  const topic = p.topic;
  // Stryker disable next-line ConditionalExpression,EqualityOperator,StringLiteral: the cache only saves work: a miss (also for a non-string, Map.get gives undefined) takes the full path, which writes and checks the same
  let cached = typeof topic === 'string' ? cachedStringBytes(topic) : undefined;
  // Stryker disable next-line BooleanLiteral: a cached topic passed the full check when it was cached, so checking it again finds nothing
  let suspect = false;
  if (cached !== undefined) {
    plan.cachedString(cached);
  } else {
    const topicLen = planString(plan, topic, 'PUBLISH topic', 'topicMaxLength');
    // Stryker disable next-line StringLiteral,ConditionalExpression: equivalent; indexOf('') or `true` only makes every topic suspect (checked in full, not cached): the same bytes and faults. (`false`, disabled with it, caches a topic with a wildcard: the tests see that.)
    const wildcard = topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0;
    // Stryker disable next-line ConditionalExpression: equivalent (`true`); checking every topic in full finds the same faults (speed only). (`false`, disabled with it, misses faults: the tests see that.)
    suspect = wildcard || topicLen === 0;
    cached = rememberStringBytes(topic, topicLen, wildcard);
  }
  if (qos > 0) planPacketId(plan, packetId, 'PUBLISH');
  planProperties(p.properties, CTX.publish, plan);
  // Checked on the properties the plan recorded (each read once): 0x0B Subscription Identifier, 0x23 Topic Alias.
  if (plan.from === FROM_CLIENT && plan.hasProperty(0x0b)) {
    plan.breach(refuse(0x82, 'a PUBLISH from a client must not carry a Subscription Identifier', 'publishClientSubscriptionId', v));
  }
  const problem = suspect ? topicNameProblem(topic) : null;
  if (problem !== null) {
    if (problem.rule !== 'topicNonEmpty') plan.breach(refuse(0x82, `PUBLISH ${problem.detail}`, 'topicNameWildcard', v));
    else if (v !== 5) plan.breach(refuse(0x82, 'PUBLISH Topic Name is empty', 'topicNonEmpty', v));
    else if (!plan.hasProperty(0x23)) plan.breach(refuse(0x82, 'PUBLISH Topic Name is empty and there is no Topic Alias', 'topicNameNoAlias', v));
  }
  planPayload(p.payload, plan);
}

/** PUBLISH codec. */
export const publish: PacketCodec = {
  code: 3,
  name: 'publish',
  label: 'PUBLISH',
  flags: -1,
  flagsRule: 'publishQos3',
  minVersion: 3,
  decode,
  encode,
};
