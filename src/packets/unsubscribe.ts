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
import { CTX, propertiesSize, readProperties, writeProperties } from '../properties/codec.js';
import { topicFilterProblem } from '../topic.js';
import type { UnsubscribePacket } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { utf8Length } from '../wire/utf8.js';
import { vbiLength } from '../wire/vbi.js';
import { describe, refuse, stringSize, writeString, writeU16 } from '../wire/writer.js';
import { breach, checkFilter, checkPacketId, type PacketCodec, propSizes, readPacketId } from './common.js';

function decode(r: Reader): UnsubscribePacket {
  const v = r.v;
  const packetId = readPacketId(r, 'UNSUBSCRIBE');
  const properties = v === 5 ? readProperties(r, CTX.unsubscribe, 'properties') : undefined;
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

function length(p: UnsubscribePacket, v: number): number {
  checkPacketId(p.packetId, 'UNSUBSCRIBE', v);
  const filters = p.topicFilters;
  if (!Array.isArray(filters)) throw refuse(0x81, `UNSUBSCRIBE topicFilters must be an array, not ${describe(filters)}`, 'invalidValue', v);
  if (filters.length === 0) breach(refuse(0x82, 'UNSUBSCRIBE has no Topic Filter', 'unsubscribeNonEmpty', v));
  const ps = propertiesSize(p.properties, CTX.unsubscribe, v);
  propSizes[0] = ps;
  let size = 2 + (v === 5 ? vbiLength(ps) + ps : 0);
  for (let i = 0; i < filters.length; i++) {
    size += 2 + stringSize(filters[i], `topicFilters[${i}]`, v, 'topicMaxLength');
    const problem = topicFilterProblem(filters[i], v === 5);
    if (problem !== null) breach(refuse(0x82, problem.detail, problem.rule, v));
  }
  return size;
}

function write(p: UnsubscribePacket, v: number, buf: Uint8Array, pos: number): number {
  pos = writeU16(buf, pos, p.packetId);
  if (v === 5) pos = writeProperties(buf, pos, propSizes[0]);
  const filters = p.topicFilters;
  for (let i = 0; i < filters.length; i++) pos = writeString(buf, pos, filters[i], utf8Length(filters[i]));
  return pos;
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
  length,
  flagsOf: () => 2,
  write,
};
