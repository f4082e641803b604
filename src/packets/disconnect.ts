/**
 * DISCONNECT (type 14) and AUTH (type 15, 5.0 only): an omissible Reason Code and an omissible
 * property block (3.1.1 section 3.14, 5.0 sections 3.14 and 3.15).
 *
 * ```
 * fixed header   1110 0000 / 1111 0000 | Remaining Length
 * variable hdr   Reason Code     5.0; omitted (length 0) when 0 and there are no properties
 *                Properties      5.0; DISCONNECT may omit them alone (length 1), AUTH may not
 * ```
 * A 3.1/3.1.1 DISCONNECT is the fixed header alone.
 *
 * @module
 */
import { protocolError, type RuleKey } from '../errors.js';
import type { EncodePlan } from '../encode-plan.js';
import { refuse } from '../wire/writer.js';

import { CTX } from '../properties/codec.js';
import { AUTH_REASON_CODES, DISCONNECT_REASON_CODES, type ReasonCodeTable } from '../reason-codes.js';
import type { Properties } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { FROM_SERVER, type PacketCodec, planReasonTail, readReasonTail } from './common.js';

interface ReasonPacket {
  type: 'disconnect' | 'auth';
  reasonCode?: number;
  properties?: Properties;
}

function reasonCodec(code: number, name: 'disconnect' | 'auth', table: ReasonCodeTable, flagsRule: RuleKey, reasonRule: RuleKey, propsRequired: boolean): PacketCodec {
  const label = name.toUpperCase();
  const ctx = CTX[name];
  return {
    code,
    name,
    label,
    flags: 0,
    flagsRule,
    minVersion: name === 'auth' ? 5 : 3,
    decode(r: Reader): ReasonPacket {
      if (r.v !== 5) return { type: name };
      const p: ReasonPacket = { type: name, reasonCode: 0 };
      readReasonTail(r, p, ctx, table, label, reasonRule, propsRequired);
      if (name === 'disconnect' && r.from === FROM_SERVER && p.properties?.sessionExpiryInterval !== undefined) {
        r.fault(protocolError('a DISCONNECT from a server carries a Session Expiry Interval', 'disconnectServerSessionExpiry', 5, r.off(r.headerStart)));
      }
      return p;
    },
    encode(p: ReasonPacket, plan: EncodePlan): void {
      const v = plan.v;
      planReasonTail(p, ctx, table, label, reasonRule, plan, propsRequired);
      // Checked on what the tail recorded: the properties are read once (before 5.0 none are recorded).
      if (name === 'disconnect' && plan.from === FROM_SERVER && plan.hasProperty(0x11)) {
        plan.breach(refuse(0x82, 'a DISCONNECT from a server must not carry a Session Expiry Interval', 'disconnectServerSessionExpiry', v));
      }
    },
  };
}

/** DISCONNECT codec. */
export const disconnect = reasonCodec(14, 'disconnect', DISCONNECT_REASON_CODES, 'disconnectReserved', 'disconnectReasonCode', false);
/** AUTH codec (5.0 only). */
export const auth = reasonCodec(15, 'auth', AUTH_REASON_CODES, 'authFlags', 'authReasonCode', true);
