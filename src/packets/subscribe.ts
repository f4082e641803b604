/**
 * SUBSCRIBE (type 8, 3.1.1 section 3.8, 5.0 section 3.8).
 *
 * ```
 * fixed header   1000 0010 | Remaining Length
 * variable hdr   Packet Identifier (u16)
 *                Properties                              5.0 only
 * payload        one or more: Topic Filter (UTF-8 string), Subscription Options (byte)
 *                options 3.1.1: Reserved(7-2) QoS(1-0)
 *                options 5.0:   Reserved(7-6) RetainHandling(5-4) RAP(3) NL(2) QoS(1-0)
 * ```
 *
 * @module
 */
import { malformed, type MqttCodecError, protocolError, codecError } from '../errors.js';
import { type EncodePlan, planString } from '../encode-plan.js';
import { CTX, planProperties, readProperties } from '../properties/codec.js';
import { isSharedSubscription, topicFilterProblem } from '../topic.js';
import type { QoS, SubscribePacket, Subscription } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { cachedFilterBytes, rememberFilterBytes } from '../wire/string-bytes.js';
import { checkBool, checkInt, describe, refuse } from '../wire/writer.js';
import { checkFilter, type PacketCodec, planPacketId, readPacketId, refuseV5Only } from './common.js';

/**
 * Maximum QoS 3 in the Subscription Options. 3.1.1 makes it a Malformed Packet [MQTT-3-8.3-4];
 * 5.0 section 3.8.3.1 says "It is a Protocol Error if the Maximum QoS field has the value 3"
 * (0x82; the statement has no id in the 5.0 list).
 */
function qos3(v: number, at: number | undefined): MqttCodecError {
  return v === 5
    ? codecError(0x82, 'Subscription Options request Maximum QoS 3', 'subscribeQos3', v, at, undefined, null)
    : malformed('Subscription Options request QoS 3', 'subscribeQos3', v, at);
}

function decode(r: Reader): SubscribePacket {
  const v = r.v;
  const packetId = readPacketId(r, 'SUBSCRIBE');
  const properties = v === 5 ? readProperties(r, CTX.subscribe) : undefined;
  const subscriptions: Subscription[] = [];
  while (r.pos < r.end) {
    r.index = subscriptions.length;
    const filterAt = r.pos;
    const topicFilter = r.utf8('subscriptions[].topicFilter');
    const optionsAt = r.pos;
    const options = r.u8('subscriptions[].options');
    const qos = options & 3;
    const at = r.off(optionsAt);
    if (options & (v === 5 ? 0xc0 : 0xfc)) r.fault(malformed('Subscription Options reserved bits are set', 'subscribeReservedBits', v, at));
    if (qos === 3) r.fault(qos3(v, at));
    const problem = checkFilter(r, topicFilter, v);
    if (problem !== null) r.fault(protocolError(problem.detail, problem.rule, v, r.off(filterAt)));
    if (v === 5) {
      const retainHandling = (options >> 4) & 3;
      const noLocal = (options & 4) !== 0;
      if (retainHandling === 3) r.fault(protocolError('Retain Handling is 3', 'retainHandling3', v, at));
      if (noLocal && isSharedSubscription(topicFilter)) {
        r.fault(protocolError('No Local is set on a Shared Subscription', 'subscribeNoLocalShared', v, at));
      }
      subscriptions.push({
        topicFilter,
        qos: qos as QoS,
        noLocal,
        retainAsPublished: (options & 8) !== 0,
        retainHandling: retainHandling as 0 | 1 | 2,
      });
    } else {
      subscriptions.push({ topicFilter, qos: qos as QoS });
    }
  }
  if (subscriptions.length === 0) {
    r.fault(protocolError('SUBSCRIBE has no Topic Filter', 'subscribeNonEmpty', v, r.off(r.pos)));
  }
  const p: SubscribePacket = { type: 'subscribe', packetId, subscriptions };
  if (properties !== undefined) p.properties = properties;
  return p;
}

function encode(p: SubscribePacket, plan: EncodePlan): void {
  const v = plan.v;
  plan.flags = 2;
  planPacketId(plan, p.packetId, 'SUBSCRIBE');
  const subs = p.subscriptions;
  if (!Array.isArray(subs)) throw refuse(0x81, `SUBSCRIBE subscriptions must be an array, not ${describe(subs)}`, 'invalidValue', v);
  const n = subs.length;
  if (n === 0) plan.breach(refuse(0x82, 'SUBSCRIBE has no Topic Filter', 'subscribeNonEmpty', v));
  planProperties(p.properties, CTX.subscribe, plan);
  for (let i = 0; i < n; i++) planSubscription(subs[i], i, plan);
}

/** Validates one subscription, reading each of its fields once, and records its filter and options. */
function planSubscription(s: Subscription, i: number, plan: EncodePlan): void {
  const v = plan.v;
  if (s === null || typeof s !== 'object') throw refuse(0x81, `subscriptions[${i}] must be an object`, 'invalidValue', v);
  const filter = s.topicFilter;
  // A filter that passed this version's checks before is cached with its bytes: valid as it is.
  // Stryker disable next-line ConditionalExpression: equivalent (`true`); a filter valid under the 5.0 rules is valid under 3.1.1's (which 5.0 only narrows), so a 3.1.1 encode may take its bytes from the 5.0 cache (the same bytes). (`false`, disabled with it, is killed by the tests.)
  const cached = cachedFilterBytes(filter, v === 5); // undefined for a non-string too
  // Stryker disable next-line ConditionalExpression: equivalent (`false`); the full path checks and writes the same bytes (speed only). (`true`, disabled with it, is killed by the tests.)
  if (cached !== undefined) {
    plan.cachedString(cached);
  } else {
    planString(plan, filter, `subscriptions[${i}].topicFilter`, 'topicMaxLength');
    const problem = topicFilterProblem(filter, v === 5);
    // Stryker disable next-line ConditionalExpression: equivalent (`false`); a filter that passed the 5.0 rules passes 3.1.1's, so caching it as valid for 3.1.1 gives a later 3.1.1 encode the same bytes. (The other forms, disabled with it, are killed by the tests.)
    if (problem === null) rememberFilterBytes(filter, v === 5);
    else plan.breach(refuse(0x82, problem.detail, problem.rule, v)); // written as given when the policy relaxes it
  }
  // The options byte is written from qos and the flags: a qos above 3 sets reserved bits.
  const qos = checkInt(s.qos, 0, 0xff, `subscriptions[${i}].qos`, v);
  if (qos > 3) plan.breach(refuse(0x81, `subscriptions[${i}].qos ${qos} sets reserved Subscription Options bits`, 'subscribeReservedBits', v));
  else if (qos === 3) plan.breach(qos3(v, undefined));
  const noLocal = s.noLocal;
  const retainAsPublished = s.retainAsPublished;
  const retainHandling = s.retainHandling;
  if (noLocal !== undefined) checkBool(noLocal, `subscriptions[${i}].noLocal`, v);
  if (retainAsPublished !== undefined) checkBool(retainAsPublished, `subscriptions[${i}].retainAsPublished`, v);
  if (retainHandling !== undefined) {
    if ((retainHandling as number) === 3) plan.breach(refuse(0x82, 'Retain Handling is 3', 'retainHandling3', v));
    else checkInt(retainHandling, 0, 2, `subscriptions[${i}].retainHandling`, v);
  }
  if (v !== 5) {
    if (noLocal || retainAsPublished || retainHandling) throw refuseV5Only('No Local, Retain As Published and Retain Handling', v);
  } else if (noLocal && isSharedSubscription(filter)) {
    plan.breach(refuse(0x82, 'No Local is set on a Shared Subscription', 'subscribeNoLocalShared', v));
  }
  plan.u8(qos | (noLocal ? 4 : 0) | (retainAsPublished ? 8 : 0) | ((retainHandling ?? 0) << 4));
}

/** SUBSCRIBE codec (fixed-header flags 0010). */
export const subscribe: PacketCodec = {
  code: 8,
  name: 'subscribe',
  label: 'SUBSCRIBE',
  flags: 2,
  flagsRule: 'subscribeFlags',
  minVersion: 3,
  decode,
  encode,
};
