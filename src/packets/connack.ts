/**
 * CONNACK (type 2, 3.1.1 section 3.2, 5.0 section 3.2).
 *
 * ```
 * fixed header   0010 0000 | Remaining Length
 * variable hdr   Connect Acknowledge Flags: Reserved(7-1) SessionPresent(0)   (3.1: all reserved)
 *                Connect Reason Code (5.0) / Connect Return Code (3.1, 3.1.1)
 *                Properties                                                   5.0 only
 * ```
 *
 * @module
 */
import { malformed, protocolError } from '../errors.js';
import type { EncodePlan } from '../encode-plan.js';
import { CTX, planProperties, readProperties } from '../properties/codec.js';
import { CONNACK_REASON_CODES, CONNACK_RETURN_CODES_V3 } from '../reason-codes.js';
import type { ConnackPacket } from '../types.js';
import type { Reader } from '../wire/reader.js';
import { checkBool, refuse } from '../wire/writer.js';
import { checkReasonCode, type PacketCodec, readReasonCode } from './common.js';

function decode(r: Reader): ConnackPacket {
  const v = r.v;
  const flagsAt = r.pos;
  const flags = r.u8('variableHeader.acknowledgeFlags');
  // 3.1 has no Session Present flag: its whole first byte is reserved.
  if (flags & (v === 3 ? 0xff : 0xfe)) {
    r.fault(malformed('CONNACK reserved acknowledge flags are set', 'connackReserved', v, r.off(flagsAt)));
  }
  const sessionPresent = v !== 3 && (flags & 1) !== 0;
  if (r.pos === r.end) {
    // The code cannot be omitted; relaxed, it is read as 0 (Success / Connection Accepted).
    const err = malformed('CONNACK has no Connect Reason Code', 'connackReasonCodePresent', v, r.off(r.pos), v === 5 ? 'variableHeader.reasonCode' : 'variableHeader.returnCode');
    r.fault(err); // (in report-all mode the packet read on is dropped with the error)
    return { type: 'connack', sessionPresent, reasonCode: 0 };
  }
  const reasonCode =
    v === 5
      ? readReasonCode(r, CONNACK_REASON_CODES, 'CONNACK', 'connackReasonCode')
      : readReasonCode(r, CONNACK_RETURN_CODES_V3, 'CONNACK', 'connackReturnCode', 'variableHeader.returnCode');
  if (sessionPresent && reasonCode !== 0) {
    r.fault(protocolError('CONNACK has Session Present set with a non-zero reason code', 'connackSessionPresent', v, r.off(flagsAt)));
  }
  const p: ConnackPacket = { type: 'connack', sessionPresent, reasonCode };
  if (v === 5) {
    const properties = readProperties(r, CTX.connack);
    if (properties !== undefined) p.properties = properties;
  }
  return p;
}

function encode(p: ConnackPacket, plan: EncodePlan): void {
  const v = plan.v;
  const sessionPresent = checkBool(p.sessionPresent, 'CONNACK sessionPresent', v);
  const code =
    v === 5
      ? checkReasonCode(p.reasonCode, CONNACK_REASON_CODES, 'CONNACK', 'connackReasonCode', plan)
      : checkReasonCode(p.reasonCode, CONNACK_RETURN_CODES_V3, 'CONNACK', 'connackReturnCode', plan);
  if (sessionPresent && code !== 0) {
    plan.breach(refuse(0x82, 'CONNACK has Session Present set with a non-zero reason code', 'connackSessionPresent', v));
  }
  if (sessionPresent && v === 3) throw refuse(0x81, 'MQTT 3.1 CONNACK has no Session Present flag', 'invalidValue', v);
  plan.u8(sessionPresent ? 1 : 0);
  plan.u8(code);
  planProperties(p.properties, CTX.connack, plan);
}

/** CONNACK codec. */
export const connack: PacketCodec = {
  code: 2,
  name: 'connack',
  label: 'CONNACK',
  flags: 0,
  flagsRule: 'reservedFlags',
  minVersion: 3,
  decode,
  encode,
};
