/**
 * UNSUBSCRIBE (type 10, 3.1.1 section 3.10, 5.0 section 3.10).
 *
 * ```
 * fixed header   1010 0010 | Remaining Length
 * variable hdr   Packet Identifier (u16)
 *                Properties                 5.0 only
 * payload        one or more Topic Filters (UTF-8 strings)
 * ```
 *
 * @module
 */
import { protocolError } from '../errors.js';
import { type EncodePlan, planString } from '../encode-plan.js';
import { CTX, planProperties, readProperties } from '../properties/codec.js';
import { topicFilterProblem } from '../topic.js';
import type { UnsubscribePacket } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { describe, refuse } from '../wire/writer.js';
import { checkFilter, type PacketCodec, planPacketId, readPacketId } from './common.js';

function decode(r: Reader): UnsubscribePacket {
  const v = r.v;
  const packetId = readPacketId(r, 'UNSUBSCRIBE');
  const properties = v === 5 ? readProperties(r, CTX.unsubscribe) : undefined;
  const topicFilters: string[] = [];
  while (r.pos < r.end) {
    const at = r.pos;
    r.index = topicFilters.length;
    const filter = r.utf8('topicFilters[]');
    const problem = checkFilter(r, filter, v);
    if (problem !== null) r.fault(protocolError(problem.detail, problem.rule, v, r.off(at)));
    topicFilters.push(filter);
  }
  if (topicFilters.length === 0) {
    r.fault(protocolError('UNSUBSCRIBE has no Topic Filter', 'unsubscribeNonEmpty', v, r.off(r.pos)));
  }
  const p: UnsubscribePacket = { type: 'unsubscribe', packetId, topicFilters };
  if (properties !== undefined) p.properties = properties;
  return p;
}

function encode(p: UnsubscribePacket, plan: EncodePlan): void {
  const v = plan.v;
  plan.flags = 2;
  planPacketId(plan, p.packetId, 'UNSUBSCRIBE');
  const filters = p.topicFilters;
  if (!Array.isArray(filters)) throw refuse(0x81, `UNSUBSCRIBE topicFilters must be an array, not ${describe(filters)}`, 'invalidValue', v);
  const n = filters.length;
  if (n === 0) plan.breach(refuse(0x82, 'UNSUBSCRIBE has no Topic Filter', 'unsubscribeNonEmpty', v));
  planProperties(p.properties, CTX.unsubscribe, plan);
  for (let i = 0; i < n; i++) {
    const filter = filters[i];
    planString(plan, filter, `topicFilters[${i}]`, 'topicMaxLength');
    const problem = topicFilterProblem(filter, v === 5);
    if (problem !== null) plan.breach(refuse(0x82, problem.detail, problem.rule, v));
  }
}

/** UNSUBSCRIBE codec (fixed-header flags 0010). */
export const unsubscribe: PacketCodec = {
  code: 10,
  name: 'unsubscribe',
  label: 'UNSUBSCRIBE',
  flags: 2,
  flagsRule: 'unsubscribeFlags',
  minVersion: 3,
  decode,
  encode,
};
