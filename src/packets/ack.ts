/**
 * The QoS acknowledgements PUBACK (4), PUBREC (5), PUBREL (6) and PUBCOMP (7): one layout, four
 * codecs (3.1.1 sections 3.4–3.7, 5.0 sections 3.4–3.7).
 *
 * ```
 * fixed header   type 0000 (PUBREL: 0010) | Remaining Length
 * variable hdr   Packet Identifier (u16)
 *                Reason Code      5.0; omitted when 0 and there are no properties (length 2)
 *                Properties       5.0; omitted when there are none (length 3)
 * ```
 *
 * @module
 */
import { malformed, type RuleKey } from '../errors.js';
import { CTX } from '../properties/codec.js';
import { PUBACK_REASON_CODES, PUBCOMP_REASON_CODES, PUBREC_REASON_CODES, PUBREL_REASON_CODES, type ReasonCodeTable } from '../reason-codes.js';
import type { Properties } from '../types.js';
import type { Reader } from '../wire/reader.js';
import type { EncodePlan } from '../encode-plan.js';
import { type PacketCodec, planPacketId, planReasonTail, readPacketId, readReasonTail } from './common.js';

interface Ack {
  type: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp';
  packetId: number;
  reasonCode?: number;
  properties?: Properties;
}

function ackCodec(
  code: number,
  name: Ack['type'],
  flags: number,
  flagsRule: RuleKey,
  table: ReasonCodeTable,
  reasonRule: RuleKey,
): PacketCodec {
  const label = name.toUpperCase();
  const ctx = CTX[name];
  return {
    code,
    name,
    label,
    flags,
    flagsRule,
    minVersion: 3,
    decode(r: Reader): Ack {
      if (r.end - r.pos < 2) {
        // Cut short: a Malformed Packet, unless the policy relaxes packetIdPresent (then id 0, Success).
        const err = malformed(`${label} has no Packet Identifier`, 'packetIdPresent', r.v, r.off(r.pos), 'variableHeader.packetId');
        r.fault(err); // (in report-all mode the packet read on is dropped with the error)
        r.pos = r.end;
        return r.v === 5 ? { type: name, packetId: 0, reasonCode: 0 } : { type: name, packetId: 0 };
      }
      const packetId = readPacketId(r, label);
      if (r.v !== 5) return { type: name, packetId };
      const p: Ack = { type: name, packetId, reasonCode: 0 };
      readReasonTail(r, p, ctx, table, label, reasonRule, false);
      return p;
    },
    encode(p: Ack, plan: EncodePlan): void {
      plan.flags = flags;
      planPacketId(plan, p.packetId, label);
      planReasonTail(p, ctx, table, label, reasonRule, plan, false);
    },
  };
}

/** PUBACK codec. */
export const puback = ackCodec(4, 'puback', 0, 'reservedFlags', PUBACK_REASON_CODES, 'pubackReasonCode');
/** PUBREC codec. */
export const pubrec = ackCodec(5, 'pubrec', 0, 'reservedFlags', PUBREC_REASON_CODES, 'pubrecReasonCode');
/** PUBREL codec (fixed-header flags 0010). */
export const pubrel = ackCodec(6, 'pubrel', 2, 'pubrelFlags', PUBREL_REASON_CODES, 'pubrelReasonCode');
/** PUBCOMP codec. */
export const pubcomp = ackCodec(7, 'pubcomp', 0, 'reservedFlags', PUBCOMP_REASON_CODES, 'pubcompReasonCode');
