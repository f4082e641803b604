/**
 * Reason-code tables: which codes each packet type may carry, with their names (MQTT 5.0
 * section 2.4 and each packet's Reason Code section), and the 3.1/3.1.1 CONNACK return codes and
 * SUBACK return codes. Decode rejects, and encode refuses, a code missing from its table.
 *
 * @module
 */

/** A code → name table. */
export type ReasonCodeTable = Readonly<Record<number, string>>;

const SUCCESS = 'Success';

/** CONNACK Connect Reason Codes (5.0, 3.2.2.2). */
export const CONNACK_REASON_CODES: ReasonCodeTable = {
  0x00: SUCCESS,
  0x80: 'Unspecified error',
  0x81: 'Malformed Packet',
  0x82: 'Protocol Error',
  0x83: 'Implementation specific error',
  0x84: 'Unsupported Protocol Version',
  0x85: 'Client Identifier not valid',
  0x86: 'Bad User Name or Password',
  0x87: 'Not authorized',
  0x88: 'Server unavailable',
  0x89: 'Server busy',
  0x8a: 'Banned',
  0x8c: 'Bad authentication method',
  0x90: 'Topic Name invalid',
  0x95: 'Packet too large',
  0x97: 'Quota exceeded',
  0x99: 'Payload format invalid',
  0x9a: 'Retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'Use another server',
  0x9d: 'Server moved',
  0x9f: 'Connection rate exceeded',
};

/** PUBACK and PUBREC Reason Codes (5.0, 3.4.2.1 and 3.5.2.1). */
export const PUBACK_REASON_CODES: ReasonCodeTable = {
  0x00: SUCCESS,
  0x10: 'No matching subscribers',
  0x80: 'Unspecified error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x90: 'Topic Name invalid',
  0x91: 'Packet identifier in use',
  0x97: 'Quota exceeded',
  0x99: 'Payload format invalid',
};

/** PUBREC Reason Codes: the same as PUBACK's. */
export const PUBREC_REASON_CODES: ReasonCodeTable = PUBACK_REASON_CODES;

/** PUBREL and PUBCOMP Reason Codes (5.0, 3.6.2.1 and 3.7.2.1). */
export const PUBREL_REASON_CODES: ReasonCodeTable = {
  0x00: SUCCESS,
  0x92: 'Packet Identifier not found',
};

/** PUBCOMP Reason Codes: the same as PUBREL's. */
export const PUBCOMP_REASON_CODES: ReasonCodeTable = PUBREL_REASON_CODES;

/** SUBACK Reason Codes (5.0, 3.9.3). */
export const SUBACK_REASON_CODES: ReasonCodeTable = {
  0x00: 'Granted QoS 0',
  0x01: 'Granted QoS 1',
  0x02: 'Granted QoS 2',
  0x80: 'Unspecified error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x8f: 'Topic Filter invalid',
  0x91: 'Packet Identifier in use',
  0x97: 'Quota exceeded',
  0x9e: 'Shared Subscriptions not supported',
  0xa1: 'Subscription Identifiers not supported',
  0xa2: 'Wildcard Subscriptions not supported',
};

/** UNSUBACK Reason Codes (5.0, 3.11.3). */
export const UNSUBACK_REASON_CODES: ReasonCodeTable = {
  0x00: SUCCESS,
  0x11: 'No subscription existed',
  0x80: 'Unspecified error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x8f: 'Topic Filter invalid',
  0x91: 'Packet Identifier in use',
};

/** DISCONNECT Reason Codes (5.0, 3.14.2.1). */
export const DISCONNECT_REASON_CODES: ReasonCodeTable = {
  0x00: 'Normal disconnection',
  0x04: 'Disconnect with Will Message',
  0x80: 'Unspecified error',
  0x81: 'Malformed Packet',
  0x82: 'Protocol Error',
  0x83: 'Implementation specific error',
  0x87: 'Not authorized',
  0x89: 'Server busy',
  0x8b: 'Server shutting down',
  0x8d: 'Keep Alive timeout',
  0x8e: 'Session taken over',
  0x8f: 'Topic Filter invalid',
  0x90: 'Topic Name invalid',
  0x93: 'Receive Maximum exceeded',
  0x94: 'Topic Alias invalid',
  0x95: 'Packet too large',
  0x96: 'Message rate too high',
  0x97: 'Quota exceeded',
  0x98: 'Administrative action',
  0x99: 'Payload format invalid',
  0x9a: 'Retain not supported',
  0x9b: 'QoS not supported',
  0x9c: 'Use another server',
  0x9d: 'Server moved',
  0x9e: 'Shared Subscriptions not supported',
  0x9f: 'Connection rate exceeded',
  0xa0: 'Maximum connect time',
  0xa1: 'Subscription Identifiers not supported',
  0xa2: 'Wildcard Subscriptions not supported',
};

/** AUTH Reason Codes (5.0, 3.15.2.1). */
export const AUTH_REASON_CODES: ReasonCodeTable = {
  0x00: SUCCESS,
  0x18: 'Continue authentication',
  0x19: 'Re-authenticate',
};

/** 3.1 and 3.1.1 CONNACK return codes (3.1.1, 3.2.2.3). */
export const CONNACK_RETURN_CODES_V3: ReasonCodeTable = {
  0: 'Connection Accepted',
  1: 'Connection Refused, unacceptable protocol version',
  2: 'Connection Refused, identifier rejected',
  3: 'Connection Refused, Server unavailable',
  4: 'Connection Refused, bad user name or password',
  5: 'Connection Refused, not authorized',
};

/** 3.1 and 3.1.1 SUBACK return codes (3.1.1, 3.9.3). */
export const SUBACK_RETURN_CODES_V3: ReasonCodeTable = {
  0x00: 'Success - Maximum QoS 0',
  0x01: 'Success - Maximum QoS 1',
  0x02: 'Success - Maximum QoS 2',
  0x80: 'Failure',
};

/** The reason-code table of each 5.0 packet type that carries reason codes. */
export const REASON_CODES: Readonly<Record<string, ReasonCodeTable>> = {
  connack: CONNACK_REASON_CODES,
  puback: PUBACK_REASON_CODES,
  pubrec: PUBREC_REASON_CODES,
  pubrel: PUBREL_REASON_CODES,
  pubcomp: PUBCOMP_REASON_CODES,
  suback: SUBACK_REASON_CODES,
  unsuback: UNSUBACK_REASON_CODES,
  disconnect: DISCONNECT_REASON_CODES,
  auth: AUTH_REASON_CODES,
};

/**
 * The name of `code` for packet `type` in protocol `version` (3.1/3.1.1 CONNACK and SUBACK use
 * their return-code tables), or undefined when the code is not defined there.
 */
export function reasonCodeName(type: string, code: number, version: 3 | 4 | 5 = 5): string | undefined {
  if (version !== 5) {
    if (type === 'connack') return CONNACK_RETURN_CODES_V3[code];
    if (type === 'suback') return SUBACK_RETURN_CODES_V3[code];
    return undefined;
  }
  return REASON_CODES[type]?.[code];
}
