/**
 * The table of stateful checks: one row per check, with the normative statement it cites in
 * each specification, the side whose packet breaks it, and the reason code a receiver would
 * close the connection with. The checker (`checks.ts`) refers to rows by key only; the ids,
 * versions and sides live here.
 *
 * @module
 */
import type { Sender } from '../index.js';

/** One stateful check. */
export interface ConversationRule {
  /** The 3.1.1 statement id it cites for 3.1/3.1.1 connections (null: no 3.1.1 id, or 5.0 only). */
  readonly v311: string | null;
  /** The 5.0 statement id it cites for 5.0 connections (null: no 5.0 id, or 3.1/3.1.1 only). */
  readonly v5: string | null;
  /** The versions it applies to: `'all'`, `'3'` (3.1 and 3.1.1 only) or `'5'` (5.0 only). */
  readonly versions: 'all' | '3' | '5';
  /** Whose packet breaks it. */
  readonly side: Sender | 'either';
  /** The reason code the receiver would close with (0x82 Protocol Error unless more specific). */
  readonly reasonCode: number;
  /** What the rule says, in a few words. */
  readonly summary: string;
}

/**
 * Every stateful check of {@link Conversation}, by key. A diagnostic names its key as `check`
 * and cites `v311` or `v5` as its `rule`, depending on the connection's protocol version.
 */
export const CONVERSATION_RULES = {
  // Connection opening and CONNACK
  connectFirst: { v311: 'MQTT-3.1.0-1', v5: 'MQTT-3.1.0-1', versions: 'all', side: 'client', reasonCode: 0x82, summary: "the client's first packet is CONNECT" },
  connectTwice: { v311: 'MQTT-3.1.0-2', v5: 'MQTT-3.1.0-2', versions: 'all', side: 'client', reasonCode: 0x82, summary: 'a second CONNECT on one connection' },
  connackFirst: { v311: 'MQTT-3.2.0-1', v5: 'MQTT-3.2.0-1', versions: 'all', side: 'server', reasonCode: 0x82, summary: "the server's first packet is CONNACK (5.0: AUTH may precede it)" },
  connackTwice: { v311: null, v5: 'MQTT-3.2.0-2', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'at most one CONNACK per connection' },
  sessionPresentClean: { v311: 'MQTT-3.2.2-1', v5: 'MQTT-3.2.2-2', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'a Clean Start / CleanSession 1 connection is accepted with Session Present 0' },
  sessionPresentUnexpected: { v311: null, v5: 'MQTT-3.2.2-4', versions: '5', side: 'client', reasonCode: 0x82, summary: 'a client without session state closes on Session Present 1' },
  assignedClientId: { v311: null, v5: 'MQTT-3.2.2-16', versions: '5', side: 'server', reasonCode: 0x82, summary: 'an empty ClientId gets an Assigned Client Identifier in CONNACK' },
  willQosUnsupported: { v311: null, v5: 'MQTT-3.2.2-12', versions: '5', side: 'server', reasonCode: 0x9b, summary: 'a Will QoS above the Maximum QoS is rejected, not accepted' },
  willRetainUnsupported: { v311: null, v5: 'MQTT-3.2.2-13', versions: '5', side: 'server', reasonCode: 0x9a, summary: 'a Will Retain without Retain Available is rejected, not accepted' },
  responseInformationUnasked: { v311: null, v5: 'MQTT-3.1.2-28', versions: '5', side: 'server', reasonCode: 0x82, summary: 'no Response Information unless the client requested it' },
  afterFailedConnack: { v311: 'MQTT-3.2.2-5', v5: 'MQTT-3.2.2-7', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'after a failing CONNACK the server closes: no more packets' },
  processedAfterRejection: { v311: 'MQTT-3.1.4-5', v5: 'MQTT-3.1.4-6', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'a rejected client gets no answer to what it sent after CONNECT' },
  disconnectBeforeConnack: { v311: null, v5: 'MQTT-3.14.0-1', versions: '5', side: 'server', reasonCode: 0x82, summary: 'the server sends DISCONNECT only after a successful CONNACK' },
  // Enhanced authentication
  authBeforeConnack: { v311: null, v5: 'MQTT-3.1.2-30', versions: '5', side: 'client', reasonCode: 0x82, summary: 'with an Authentication Method the client sends only AUTH or DISCONNECT before CONNACK' },
  authWithoutMethodClient: { v311: null, v5: 'MQTT-4.12.0-7', versions: '5', side: 'client', reasonCode: 0x82, summary: 'no Authentication Method in CONNECT: the client sends no AUTH' },
  authWithoutMethodServer: { v311: null, v5: 'MQTT-4.12.0-6', versions: '5', side: 'server', reasonCode: 0x82, summary: 'no Authentication Method in CONNECT: no AUTH and no method in CONNACK from the server' },
  authMethodMismatch: { v311: null, v5: 'MQTT-4.12.0-5', versions: '5', side: 'either', reasonCode: 0x8c, summary: "AUTH and a successful CONNACK carry the CONNECT's Authentication Method" },
  reauthMethod: { v311: null, v5: 'MQTT-4.12.1-1', versions: '5', side: 'client', reasonCode: 0x8c, summary: 're-authentication uses the original Authentication Method' },
  authContinueServer: { v311: null, v5: 'MQTT-4.12.0-2', versions: '5', side: 'server', reasonCode: 0x82, summary: 'a server AUTH asking for more data has reason 0x18' },
  authContinueClient: { v311: null, v5: 'MQTT-4.12.0-3', versions: '5', side: 'client', reasonCode: 0x82, summary: "the client's AUTH answering the server's has reason 0x18" },
  // Capabilities announced in CONNECT / CONNACK
  maximumQos: { v311: null, v5: 'MQTT-3.2.2-11', versions: '5', side: 'client', reasonCode: 0x9b, summary: "a client PUBLISH's QoS is at most the server's Maximum QoS" },
  retainUnavailable: { v311: null, v5: 'MQTT-3.2.2-14', versions: '5', side: 'client', reasonCode: 0x9a, summary: 'no RETAIN 1 PUBLISH when Retain Available is 0' },
  clientPacketTooLarge: { v311: null, v5: 'MQTT-3.2.2-15', versions: '5', side: 'client', reasonCode: 0x95, summary: "client packets fit the server's Maximum Packet Size" },
  serverPacketTooLarge: { v311: null, v5: 'MQTT-3.1.2-24', versions: '5', side: 'server', reasonCode: 0x95, summary: "server packets fit the client's Maximum Packet Size" },
  problemInformation: { v311: null, v5: 'MQTT-3.1.2-29', versions: '5', side: 'server', reasonCode: 0x82, summary: 'Request Problem Information 0: Reason String and User Properties only on PUBLISH, CONNACK, DISCONNECT' },
  clientReceiveMaximum: { v311: null, v5: 'MQTT-3.3.4-7', versions: '5', side: 'client', reasonCode: 0x93, summary: "unacknowledged client QoS 1/2 PUBLISHes stay within the server's Receive Maximum" },
  serverReceiveMaximum: { v311: null, v5: 'MQTT-3.3.4-9', versions: '5', side: 'server', reasonCode: 0x93, summary: "unacknowledged server QoS 1/2 PUBLISHes stay within the client's Receive Maximum" },
  wildcardUnavailable: { v311: null, v5: null, versions: '5', side: 'client', reasonCode: 0xa2, summary: 'no wildcard Topic Filter when Wildcard Subscription Available is 0 (5.0 section 3.2.2.3.14)' },
  subscriptionIdUnavailable: { v311: null, v5: null, versions: '5', side: 'client', reasonCode: 0xa1, summary: 'no Subscription Identifier when Subscription Identifiers Available is 0 (5.0 section 3.2.2.3.15)' },
  sharedUnavailable: { v311: null, v5: null, versions: '5', side: 'client', reasonCode: 0x9e, summary: 'no Shared Subscription when Shared Subscription Available is 0 (5.0 section 3.2.2.3.16)' },
  // Topic Aliases
  clientAliasUnallowed: { v311: null, v5: 'MQTT-3.2.2-18', versions: '5', side: 'client', reasonCode: 0x94, summary: 'no client Topic Alias when the server announced none' },
  clientAliasAboveMaximum: { v311: null, v5: 'MQTT-3.2.2-17', versions: '5', side: 'client', reasonCode: 0x94, summary: "a client Topic Alias is at most the server's Topic Alias Maximum" },
  serverAliasUnallowed: { v311: null, v5: 'MQTT-3.1.2-27', versions: '5', side: 'server', reasonCode: 0x94, summary: 'no server Topic Alias when the client announced none' },
  serverAliasAboveMaximum: { v311: null, v5: 'MQTT-3.1.2-26', versions: '5', side: 'server', reasonCode: 0x94, summary: "a server Topic Alias is at most the client's Topic Alias Maximum" },
  aliasUnmapped: { v311: null, v5: null, versions: '5', side: 'either', reasonCode: 0x82, summary: 'an empty Topic Name with a Topic Alias that this connection has not mapped (5.0 section 3.3.2.3.4)' },
  clientRefusedValidAlias: { v311: null, v5: 'MQTT-3.3.2-10', versions: '5', side: 'client', reasonCode: 0x82, summary: 'the client accepts every Topic Alias from 1 to its maximum' },
  serverRefusedValidAlias: { v311: null, v5: 'MQTT-3.3.2-12', versions: '5', side: 'server', reasonCode: 0x82, summary: 'the server accepts every Topic Alias from 1 to its maximum' },
  // Packet identifiers and the QoS 1 / QoS 2 flows
  clientRequestIdInUse: { v311: 'MQTT-2.3.1-2', v5: 'MQTT-2.2.1-3', versions: 'all', side: 'client', reasonCode: 0x91, summary: 'a new SUBSCRIBE / UNSUBSCRIBE / PUBLISH takes an identifier not in use' },
  clientPublishIdInUse: { v311: 'MQTT-2.3.1-2', v5: 'MQTT-4.3.2-3', versions: 'all', side: 'client', reasonCode: 0x91, summary: 'a new client PUBLISH takes an identifier that is not still unacknowledged' },
  serverPublishIdInUse: { v311: 'MQTT-2.3.1-4', v5: 'MQTT-4.3.2-3', versions: 'all', side: 'server', reasonCode: 0x91, summary: 'a new server PUBLISH takes an identifier that is not still unacknowledged' },
  qos2IdAwaitingPubrec: { v311: null, v5: 'MQTT-4.3.3-3', versions: '5', side: 'either', reasonCode: 0x91, summary: 'a QoS 2 PUBLISH stays unacknowledged until PUBREC: its identifier is not reused' },
  qos2IdAwaitingPubcomp: { v311: null, v5: 'MQTT-4.3.3-5', versions: '5', side: 'either', reasonCode: 0x91, summary: 'a PUBREL stays unacknowledged until PUBCOMP: its identifier is not reused' },
  resendWithoutDup: { v311: 'MQTT-3.3.1-1', v5: 'MQTT-3.3.1-1', versions: 'all', side: 'either', reasonCode: 0x82, summary: 'a redelivered PUBLISH has DUP 1' },
  firstSendDupQos1: { v311: 'MQTT-4.3.2-1', v5: 'MQTT-4.3.2-2', versions: 'all', side: 'either', reasonCode: 0x82, summary: 'the first transmission of a QoS 1 PUBLISH has DUP 0' },
  firstSendDupQos2: { v311: 'MQTT-4.3.3-1', v5: 'MQTT-4.3.3-2', versions: 'all', side: 'either', reasonCode: 0x82, summary: 'the first transmission of a QoS 2 PUBLISH has DUP 0' },
  resendOnlyOnResume: { v311: null, v5: 'MQTT-4.4.0-1', versions: '5', side: 'either', reasonCode: 0x82, summary: 'PUBLISH is resent only when a session resumes, never on the same connection' },
  resendAfterFailure: { v311: null, v5: 'MQTT-4.4.0-2', versions: '5', side: 'either', reasonCode: 0x82, summary: 'a PUBLISH acknowledged with a failure code is not retransmitted' },
  resendAfterPubrel: { v311: 'MQTT-4.3.3-1', v5: 'MQTT-4.3.3-6', versions: 'all', side: 'either', reasonCode: 0x82, summary: 'no PUBLISH resend once its PUBREL was sent' },
  pubackUnknown: { v311: 'MQTT-2.3.1-6', v5: 'MQTT-4.3.2-4', versions: 'all', side: 'either', reasonCode: 0x92, summary: 'a PUBACK repeats the identifier of a QoS 1 PUBLISH awaiting it' },
  pubrecUnknown: { v311: 'MQTT-2.3.1-6', v5: 'MQTT-4.3.3-8', versions: 'all', side: 'either', reasonCode: 0x92, summary: 'a PUBREC repeats the identifier of a QoS 2 PUBLISH awaiting it' },
  pubrelBeforePubrec: { v311: 'MQTT-2.3.1-6', v5: 'MQTT-4.3.3-4', versions: 'all', side: 'either', reasonCode: 0x92, summary: 'a PUBREL follows the PUBREC of its QoS 2 PUBLISH' },
  pubcompUnknown: { v311: 'MQTT-4.3.3-2', v5: 'MQTT-4.3.3-11', versions: 'all', side: 'either', reasonCode: 0x92, summary: 'a PUBCOMP answers a PUBREL with the same identifier' },
  wrongAckForQos: { v311: 'MQTT-3.3.4-1', v5: 'MQTT-3.3.4-1', versions: 'all', side: 'either', reasonCode: 0x82, summary: 'the receiver answers as the QoS requires: PUBACK for 1, PUBREC for 2' },
  pubackOrder: { v311: 'MQTT-4.6.0-2', v5: 'MQTT-4.6.0-2', versions: 'all', side: 'client', reasonCode: 0x82, summary: 'the client sends PUBACKs in the order the PUBLISHes arrived' },
  pubrecOrder: { v311: 'MQTT-4.6.0-3', v5: 'MQTT-4.6.0-3', versions: 'all', side: 'client', reasonCode: 0x82, summary: 'the client sends PUBRECs in the order the PUBLISHes arrived' },
  pubrelOrder: { v311: 'MQTT-4.6.0-4', v5: 'MQTT-4.6.0-4', versions: 'all', side: 'client', reasonCode: 0x82, summary: 'the client sends PUBRELs in the order the PUBRECs arrived' },
  // SUBSCRIBE / UNSUBSCRIBE / PINGREQ answers
  subackUnknown: { v311: 'MQTT-3.8.4-2', v5: 'MQTT-3.8.4-2', versions: 'all', side: 'server', reasonCode: 0x92, summary: 'a SUBACK has the identifier of a SUBSCRIBE awaiting it' },
  subackTwice: { v311: 'MQTT-3.8.4-4', v5: 'MQTT-3.8.4-5', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'one SUBSCRIBE gets one combined SUBACK' },
  subackCount: { v311: 'MQTT-3.8.4-5', v5: 'MQTT-3.8.4-6', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'a SUBACK has one code per Topic Filter of its SUBSCRIBE' },
  subackAboveRequested: { v311: 'MQTT-3.9.3-1', v5: 'MQTT-3.9.3-1', versions: 'all', side: 'server', reasonCode: 0x82, summary: "SUBACK codes follow the filters' order: none grants more than its filter requested" },
  subackAboveMaximumQos: { v311: null, v5: 'MQTT-3.8.4-7', versions: '5', side: 'server', reasonCode: 0x82, summary: "a SUBACK code shows the QoS granted: never above the server's own Maximum QoS" },
  deliveryAboveGranted: { v311: 'MQTT-3.8.4-6', v5: 'MQTT-3.8.4-8', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'a delivered PUBLISH has at most the highest QoS granted to the matching subscriptions' },
  unsubackUnknown: { v311: 'MQTT-3.10.4-4', v5: 'MQTT-3.10.4-5', versions: 'all', side: 'server', reasonCode: 0x92, summary: 'an UNSUBACK has the identifier of an UNSUBSCRIBE awaiting it' },
  unsubackTwice: { v311: 'MQTT-3.10.4-6', v5: 'MQTT-3.10.4-6', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'one UNSUBSCRIBE gets one UNSUBACK' },
  unsubackCount: { v311: null, v5: 'MQTT-3.11.3-1', versions: '5', side: 'server', reasonCode: 0x82, summary: 'an UNSUBACK has one code per Topic Filter, in order' },
  pingrespUnasked: { v311: 'MQTT-3.12.4-1', v5: 'MQTT-3.12.4-1', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'PINGRESP answers a PINGREQ' },
  subscribeUnanswered: { v311: 'MQTT-3.8.4-1', v5: 'MQTT-3.8.4-1', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'every SUBSCRIBE gets a SUBACK (checked at end())' },
  unsubscribeUnanswered: { v311: 'MQTT-3.10.4-5', v5: 'MQTT-3.10.4-4', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'every UNSUBSCRIBE gets an UNSUBACK (checked at end())' },
  pingreqUnanswered: { v311: 'MQTT-3.12.4-1', v5: 'MQTT-3.12.4-1', versions: 'all', side: 'server', reasonCode: 0x82, summary: 'every PINGREQ gets a PINGRESP (checked at end())' },
  // DISCONNECT, closing, Keep Alive
  afterDisconnect: { v311: 'MQTT-3.14.4-2', v5: 'MQTT-3.14.4-1', versions: 'all', side: 'either', reasonCode: 0x82, summary: 'nothing is sent after DISCONNECT' },
  sessionExpiryOnDisconnect: { v311: null, v5: null, versions: '5', side: 'client', reasonCode: 0x82, summary: 'a non-zero Session Expiry Interval on DISCONNECT after 0 on CONNECT (5.0 section 3.14.2.2.2)' },
  afterMalformed: { v311: 'MQTT-4.8.0-1', v5: 'MQTT-4.13.1-1', versions: 'all', side: 'either', reasonCode: 0x82, summary: 'the receiver of a Malformed Packet or Protocol Error closes the connection' },
  keepAliveClient: { v311: 'MQTT-3.1.2-23', v5: 'MQTT-3.1.2-20', versions: 'all', side: 'client', reasonCode: 0x8d, summary: 'the client sends a packet (PINGREQ if idle) within every Keep Alive period' },
  serverKeepAliveClient: { v311: null, v5: 'MQTT-3.1.2-21', versions: '5', side: 'client', reasonCode: 0x8d, summary: 'the client keeps to the Server Keep Alive instead of its own' },
  keepAliveServer: { v311: 'MQTT-3.1.2-24', v5: 'MQTT-3.1.2-22', versions: 'all', side: 'server', reasonCode: 0x8d, summary: 'the server closes a connection silent for 1.5 × Keep Alive' },
  keepAliveEarly: { v311: null, v5: 'MQTT-3.2.2-22', versions: '5', side: 'server', reasonCode: 0x82, summary: "without Server Keep Alive the server keeps to the client's Keep Alive: no Keep Alive timeout before 1.5 × it" },
  // Not a rule of the protocol: the bytes themselves
  malformed: { v311: null, v5: null, versions: 'all', side: 'either', reasonCode: 0x81, summary: 'the bytes do not decode (the error of decode, with its own rule)' },
} as const satisfies Record<string, ConversationRule>;

/** A key of {@link CONVERSATION_RULES}: the name of one stateful check. */
export type ConversationCheck = keyof typeof CONVERSATION_RULES;
