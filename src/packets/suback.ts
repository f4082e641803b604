/**
 * SUBACK (type 9) and UNSUBACK (type 11): a Packet Identifier, 5.0 properties, and a list of
 * reason codes (3.1.1 sections 3.9 and 3.11, 5.0 sections 3.9 and 3.11). A 3.1/3.1.1 UNSUBACK has
 * no list: its Remaining Length is 2.
 *
 * ```
 * fixed header   1001 0000 (SUBACK) / 1011 0000 (UNSUBACK) | Remaining Length
 * variable hdr   Packet Identifier (u16)
 *                Properties                       5.0 only
 * payload        one Reason Code per Topic Filter (bytes); none in a 3.1.1 UNSUBACK
 * ```
 *
 * @module
 */
import { malformed, protocolError, type RuleKey } from '../errors.js';
import type { EncodePlan } from '../encode-plan.js';
import { CTX, planProperties, readProperties } from '../properties/codec.js';
import { type ReasonCodeTable, SUBACK_REASON_CODES, SUBACK_RETURN_CODES_V3, UNSUBACK_REASON_CODES } from '../reason-codes.js';
import type { Properties } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { describe, refuse } from '../wire/writer.js';
import { checkReasonCode, hex, type PacketCodec, planPacketId, readPacketId, refuseV5Only } from './common.js';

interface ListAck {
  type: 'suback' | 'unsuback';
  packetId: number;
  reasonCodes?: number[];
  properties?: Properties;
}

function listAckCodec(code: number, name: 'suback' | 'unsuback', v5Table: ReasonCodeTable, v3Table: ReasonCodeTable | null, rule: RuleKey): PacketCodec {
  const label = name.toUpperCase();
  const ctx = CTX[name];
  const tableFor = (v: number): ReasonCodeTable | null => (v === 5 ? v5Table : v3Table);
  return {
    code,
    name,
    label,
    flags: 0,
    flagsRule: 'reservedFlags',
    minVersion: 3,
    decode(r: Reader): ListAck {
      const v = r.v;
      const packetId = readPacketId(r, label);
      const table = tableFor(v);
      if (table === null) {
        // 3.1/3.1.1 UNSUBACK: a Remaining Length of 2 (relaxed, what follows is skipped).
        if (r.pos !== r.end) {
          r.fault(malformed(`${r.end - r.pos} unexpected byte(s) after the Packet Identifier of UNSUBACK`, 'unsubackLength', v, r.off(r.pos)));
          r.pos = r.end;
        }
        return { type: name, packetId };
      }
      const properties = v === 5 ? readProperties(r, ctx) : undefined;
      const reasonCodes: number[] = [];
      while (r.pos < r.end) {
        const at = r.pos;
        r.index = reasonCodes.length;
        const c = r.u8('reasonCodes[]');
        if (table[c] === undefined) {
          r.fault(protocolError(`0x${hex(c)} is not a ${label} reason code`, rule, v, r.off(at)));
        }
        reasonCodes.push(c);
      }
      if (reasonCodes.length === 0) r.fault(protocolError(`${label} has no reason codes`, 'subackNonEmpty', v, r.off(r.pos)));
      const p: ListAck = { type: name, packetId, reasonCodes };
      if (properties !== undefined) p.properties = properties;
      return p;
    },
    encode(p: ListAck, plan: EncodePlan): void {
      const v = plan.v;
      planPacketId(plan, p.packetId, label);
      const table = tableFor(v);
      planProperties(p.properties, ctx, plan);
      const codes = p.reasonCodes;
      if (table === null) {
        if (codes !== undefined && (!Array.isArray(codes) || codes.length > 0)) throw refuseV5Only('UNSUBACK reasonCodes', v);
        return;
      }
      if (!Array.isArray(codes)) throw refuse(0x81, `${label} reasonCodes must be an array, not ${describe(codes)}`, 'invalidValue', v);
      const n = codes.length;
      if (n === 0) plan.breach(refuse(0x82, `${label} has no reason codes`, 'subackNonEmpty', v));
      for (let i = 0; i < n; i++) plan.u8(checkReasonCode(codes[i], table, label, rule, plan));
    },
  };
}

/** SUBACK codec. */
export const suback = listAckCodec(9, 'suback', SUBACK_REASON_CODES, SUBACK_RETURN_CODES_V3, 'subackReasonCode');
/** UNSUBACK codec. */
export const unsuback = listAckCodec(11, 'unsuback', UNSUBACK_REASON_CODES, null, 'unsubackReasonCode');
