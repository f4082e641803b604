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
import { CTX, propertiesSize, readProperties, writeProperties } from '../properties/codec.js';
import { isSharedSubscription, topicFilterProblem } from '../topic.js';
import type { QoS, SubscribePacket, Subscription } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { cachedFilterBytes, rememberFilterBytes, writeCachedString } from '../wire/string-bytes.js';
import { utf8Length } from '../wire/utf8.js';
import { vbiLength } from '../wire/vbi.js';
import { checkBool, checkInt, describe, refuse, stringSize, writeString, writeU16 } from '../wire/writer.js';
import { breach, checkFilter, checkPacketId, type PacketCodec, propSizes, readPacketId, refuseV5Only } from './common.js';

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
  const properties = v === 5 ? readProperties(r, CTX.subscribe, 'properties') : undefined;
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

function length(p: SubscribePacket, v: number): number {
  checkPacketId(p.packetId, 'SUBSCRIBE', v);
  const subs = p.subscriptions;
  if (!Array.isArray(subs)) throw refuse(0x81, `SUBSCRIBE subscriptions must be an array, not ${describe(subs)}`, 'invalidValue', v);
  if (subs.length === 0) breach(refuse(0x82, 'SUBSCRIBE has no Topic Filter', 'subscribeNonEmpty', v));
  const ps = propertiesSize(p.properties, CTX.subscribe, v);
  propSizes[0] = ps;
  let size = 2 + (v === 5 ? vbiLength(ps) + ps : 0);
  for (let i = 0; i < subs.length; i++) {
    const s = subs[i];
    if (s === null || typeof s !== 'object') throw refuse(0x81, `subscriptions[${i}] must be an object`, 'invalidValue', v);
    // A filter that passed this version's checks before is cached with its bytes: valid as it is.
    const cached = cachedFilterBytes(s.topicFilter, v === 5); // undefined for a non-string too
    if (cached !== undefined) {
      size += 3 + cached.length;
    } else {
      size += 3 + stringSize(s.topicFilter, `subscriptions[${i}].topicFilter`, v, 'topicMaxLength');
      const problem = topicFilterProblem(s.topicFilter, v === 5);
      if (problem === null) rememberFilterBytes(s.topicFilter, v === 5);
      else breach(refuse(0x82, problem.detail, problem.rule, v)); // written as given when the policy relaxes it
    }
    // The options byte is written from qos and the flags: a qos above 3 sets reserved bits.
    const qos = checkInt(s.qos, 0, 0xff, `subscriptions[${i}].qos`, v);
    if (qos === 3) breach(qos3(v, undefined));
    else if (qos > 3) breach(refuse(0x81, `subscriptions[${i}].qos ${qos} sets reserved Subscription Options bits`, 'subscribeReservedBits', v));
    if (s.noLocal !== undefined) checkBool(s.noLocal, `subscriptions[${i}].noLocal`, v);
    if (s.retainAsPublished !== undefined) checkBool(s.retainAsPublished, `subscriptions[${i}].retainAsPublished`, v);
    if (s.retainHandling !== undefined) {
      if ((s.retainHandling as number) === 3) breach(refuse(0x82, 'Retain Handling is 3', 'retainHandling3', v));
      else checkInt(s.retainHandling, 0, 2, `subscriptions[${i}].retainHandling`, v);
    }
    if (v !== 5) {
      if (s.noLocal || s.retainAsPublished || s.retainHandling) throw refuseV5Only('No Local, Retain As Published and Retain Handling', v);
    } else if (s.noLocal && isSharedSubscription(s.topicFilter)) {
      breach(refuse(0x82, 'No Local is set on a Shared Subscription', 'subscribeNoLocalShared', v));
    }
  }
  return size;
}

function write(p: SubscribePacket, v: number, buf: Uint8Array, pos: number): number {
  pos = writeU16(buf, pos, p.packetId);
  if (v === 5) pos = writeProperties(buf, pos, propSizes[0]);
  const subs = p.subscriptions;
  for (let i = 0; i < subs.length; i++) {
    const s = subs[i];
    const cached = cachedFilterBytes(s.topicFilter, v === 5);
    pos = cached !== undefined ? writeCachedString(buf, pos, cached) : writeString(buf, pos, s.topicFilter, utf8Length(s.topicFilter));
    buf[pos++] =
      s.qos | (s.noLocal ? 4 : 0) | (s.retainAsPublished ? 8 : 0) | ((s.retainHandling ?? 0) << 4);
  }
  return pos;
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
  length,
  flagsOf: () => 2,
  write,
};
