/**
 * The conversation checker (src/conversation/): every stateful check of CONVERSATION_RULES is
 * shown by a conversation that breaks it (the check reports it, citing the rule for that
 * version) and one that does not (the check stays silent). The conversations are encoded and fed
 * as bytes, like a capture. Case names cite the normative ids they prove, with the version.
 */
import { describe, expect, it } from 'vitest';
import { encode, MqttCodecError, type Packet, type ProtocolVersion, type Sender } from '../src/index.js';
import { Conversation, CONVERSATION_RULES, ConversationDiagnostic, type ConversationCheck, type ConversationRule, parseConversationText, formatConversationText } from '../src/conversation/index.js';

type Step = [Sender, Packet | Uint8Array, number?];
type V = 4 | 5;

const c = (p: Packet | Uint8Array, t?: number): Step => ['client', p, t];
const s = (p: Packet | Uint8Array, t?: number): Step => ['server', p, t];
const connect = (v: V, extra: Partial<Extract<Packet, { type: 'connect' }>> = {}): Packet => ({ type: 'connect', protocolVersion: v, clientId: 'c1', cleanStart: true, keepAlive: 0, ...extra });
const connack = (extra: Partial<Extract<Packet, { type: 'connack' }>> = {}): Packet => ({ type: 'connack', sessionPresent: false, reasonCode: 0, ...extra });
const open = (v: V, cx: Partial<Extract<Packet, { type: 'connect' }>> = {}, ca: Partial<Extract<Packet, { type: 'connack' }>> = {}): Step[] => [c(connect(v, cx)), s(connack(ca))];
const pub = (topic: string, qos: 0 | 1 | 2, packetId?: number, extra: Partial<Extract<Packet, { type: 'publish' }>> = {}): Packet =>
  ({ type: 'publish', topic, payload: 'x', qos, retain: false, dup: false, ...(qos > 0 ? { packetId } : {}), ...extra }) as Packet;
const ack = (type: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp', packetId: number, extra: object = {}): Packet => ({ type, packetId, ...extra }) as Packet;
const sub = (packetId: number, filters: [string, 0 | 1 | 2][]): Packet => ({ type: 'subscribe', packetId, subscriptions: filters.map(([topicFilter, qos]) => ({ topicFilter, qos })) });
const suback = (packetId: number, reasonCodes: number[]): Packet => ({ type: 'suback', packetId, reasonCodes });
const unsub = (packetId: number, topicFilters: string[]): Packet => ({ type: 'unsubscribe', packetId, topicFilters });
const unsuback = (v: V, packetId: number, codes: number[]): Packet => (v === 5 ? { type: 'unsuback', packetId, reasonCodes: codes } : { type: 'unsuback', packetId });
const auth = (reasonCode: number, method?: string): Packet => ({ type: 'auth', reasonCode, properties: method === undefined ? undefined : { authenticationMethod: method } }) as Packet;
const disconnect = (reasonCode = 0, properties?: object): Packet => ({ type: 'disconnect', reasonCode, ...(properties ? { properties } : {}) }) as Packet;
const PINGREQ: Packet = { type: 'pingreq' };
const PINGRESP: Packet = { type: 'pingresp' };
/** A PUBLISH with both QoS bits set: not decodable [MQTT-3.3.1-4]. */
const MALFORMED = new Uint8Array([0x36, 0x00]);

/** Feeds `steps` as encoded bytes (version `v` until a CONNECT says so), ends the conversation, and returns it. */
function run(v: V, steps: Step[]): Conversation {
  const conv = new Conversation({ protocolVersion: v });
  for (const [side, p, t] of steps) conv.push(side, p instanceof Uint8Array ? p : encode(p, { protocolVersion: v as ProtocolVersion }), t);
  conv.end();
  return conv;
}

interface Case {
  /** Starts with the ids the case proves and says the version(s). */
  name: string;
  check: ConversationCheck;
  versions: V[];
  breaks: (v: V) => Step[];
  keeps: (v: V) => Step[];
}

const both: V[] = [4, 5];
const v4: V[] = [4];
const v5: V[] = [5];
const TEN = new Uint8Array(30).fill(0x41);

const CASES: Case[] = [
  // CONNECT and CONNACK
  { name: 'MQTT-3.1.0-1: the first packet from the client must be CONNECT', check: 'connectFirst', versions: both,
    breaks: () => [c(PINGREQ), s(PINGRESP)], keeps: (v) => [...open(v), c(PINGREQ), s(PINGRESP)] },
  { name: 'MQTT-3.1.0-2: a second CONNECT on one connection is a protocol violation', check: 'connectTwice', versions: both,
    breaks: (v) => [...open(v), c(connect(v))], keeps: (v) => [...open(v), c(PINGREQ), s(PINGRESP)] },
  { name: "MQTT-3.2.0-1 (3.1.1): the server's first packet must be CONNACK", check: 'connackFirst', versions: v4,
    breaks: (v) => [c(connect(v)), s(pub('t', 0)), s(connack())], keeps: (v) => open(v) },
  { name: 'MQTT-3.2.0-1 (5.0): a CONNACK precedes every server packet but AUTH', check: 'connackFirst', versions: v5,
    breaks: (v) => [c(connect(v)), s(pub('t', 0)), s(connack())],
    keeps: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x18, 'M')), s(connack({ properties: { authenticationMethod: 'M' } }))] },
  { name: 'MQTT-3.2.0-2 (5.0): the server sends at most one CONNACK', check: 'connackTwice', versions: v5,
    breaks: (v) => [...open(v), s(connack())], keeps: (v) => open(v) },
  { name: 'MQTT-3.2.2-1 (3.1.1): a CleanSession 1 connection is accepted with Session Present 0', check: 'sessionPresentClean', versions: v4,
    breaks: (v) => open(v, {}, { sessionPresent: true }), keeps: (v) => open(v, { cleanStart: false }, { sessionPresent: true }) },
  { name: 'MQTT-3.2.2-2 (5.0): a Clean Start 1 connection is accepted with Session Present 0', check: 'sessionPresentClean', versions: v5,
    breaks: (v) => open(v, {}, { sessionPresent: true }), keeps: (v) => open(v, { cleanStart: false }, { sessionPresent: true }) },
  { name: 'MQTT-3.2.2-4 (5.0): a client without session state closes on Session Present 1', check: 'sessionPresentUnexpected', versions: v5,
    breaks: (v) => [...open(v, {}, { sessionPresent: true }), c(PINGREQ)], keeps: (v) => [...open(v, {}, { sessionPresent: true }), c(disconnect())] },
  { name: 'MQTT-3.2.2-16 MQTT-3.1.3-7 (5.0): an empty ClientId is answered with an Assigned Client Identifier', check: 'assignedClientId', versions: v5,
    breaks: (v) => open(v, { clientId: '' }), keeps: (v) => open(v, { clientId: '' }, { properties: { assignedClientIdentifier: 'auto-1' } }) },
  { name: 'MQTT-3.2.2-12 (5.0): a Will QoS above the Maximum QoS is rejected, not accepted', check: 'willQosUnsupported', versions: v5,
    breaks: (v) => open(v, { will: { topic: 'w', payload: new Uint8Array(1), qos: 2, retain: false } }, { properties: { maximumQoS: 1 } }),
    keeps: (v) => open(v, { will: { topic: 'w', payload: new Uint8Array(1), qos: 2, retain: false } }, { reasonCode: 0x9b, properties: { maximumQoS: 1 } }) },
  { name: 'MQTT-3.2.2-13 (5.0): a retained Will without Retain Available is rejected, not accepted', check: 'willRetainUnsupported', versions: v5,
    breaks: (v) => open(v, { will: { topic: 'w', payload: new Uint8Array(1), qos: 0, retain: true } }, { properties: { retainAvailable: 0 } }),
    keeps: (v) => open(v, { will: { topic: 'w', payload: new Uint8Array(1), qos: 0, retain: true } }, { reasonCode: 0x9a, properties: { retainAvailable: 0 } }) },
  { name: 'MQTT-3.1.2-28 (5.0): no Response Information unless the client asked for it', check: 'responseInformationUnasked', versions: v5,
    breaks: (v) => open(v, {}, { properties: { responseInformation: 'replies/' } }),
    keeps: (v) => open(v, { properties: { requestResponseInformation: 1 } }, { properties: { responseInformation: 'replies/' } }) },
  { name: 'MQTT-3.2.2-5 (3.1.1): after a CONNACK with a non-zero return code the server closes', check: 'afterFailedConnack', versions: v4,
    breaks: (v) => [...open(v, {}, { reasonCode: 5 }), s(pub('t', 0))], keeps: (v) => open(v, {}, { reasonCode: 5 }) },
  { name: 'MQTT-3.2.2-7 MQTT-4.13.2-1 MQTT-4.12.0-1 MQTT-4.12.0-4 (5.0): a CONNACK of 0x80 or above (here: bad authentication method) is followed by closing', check: 'afterFailedConnack', versions: v5,
    breaks: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x18, 'M')), s(connack({ reasonCode: 0x8c })), s(pub('t', 0))],
    keeps: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x18, 'M')), s(connack({ reasonCode: 0x8c }))] },
  { name: 'MQTT-3.1.4-5 (3.1.1): after rejecting the CONNECT the server does not act on what the client sent after it', check: 'processedAfterRejection', versions: v4,
    breaks: (v) => [c(connect(v)), c(pub('t', 1, 1)), s(connack({ reasonCode: 5 })), s(ack('puback', 1))], keeps: (v) => [c(connect(v)), c(pub('t', 1, 1)), s(connack({ reasonCode: 5 }))] },
  { name: 'MQTT-3.1.4-6 (5.0): after rejecting the CONNECT the server does not act on what the client sent after it', check: 'processedAfterRejection', versions: v5,
    breaks: (v) => [c(connect(v)), c(pub('t', 1, 1)), s(connack({ reasonCode: 0x87 })), s(ack('puback', 1))], keeps: (v) => [c(connect(v)), c(pub('t', 1, 1)), s(connack({ reasonCode: 0x87 }))] },
  { name: 'MQTT-3.14.0-1 (5.0): the server sends DISCONNECT only after a successful CONNACK', check: 'disconnectBeforeConnack', versions: v5,
    breaks: (v) => [c(connect(v)), s(disconnect(0x82))], keeps: (v) => [...open(v), s(disconnect(0x8b))] },
  // Enhanced authentication
  { name: 'MQTT-3.1.2-30 (5.0): with an Authentication Method the client sends only AUTH or DISCONNECT before CONNACK', check: 'authBeforeConnack', versions: v5,
    breaks: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), c(pub('t', 0)), s(auth(0x18, 'M'))],
    keeps: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x18, 'M')), s(connack({ properties: { authenticationMethod: 'M' } })), c(pub('t', 0))] },
  { name: 'MQTT-4.12.0-7 (5.0): a client that sent no Authentication Method sends no AUTH', check: 'authWithoutMethodClient', versions: v5,
    breaks: (v) => [...open(v), c(auth(0x19, 'M'))], keeps: (v) => [...open(v), c(PINGREQ), s(PINGRESP)] },
  { name: 'MQTT-4.12.0-6 (5.0): no Authentication Method in CONNECT: the server sends no AUTH and no method in CONNACK', check: 'authWithoutMethodServer', versions: v5,
    breaks: (v) => [c(connect(v)), s(auth(0x18, 'M'))], keeps: (v) => open(v) },
  { name: "MQTT-4.12.0-6 (5.0): a CONNACK carries no Authentication Method when the CONNECT had none", check: 'authWithoutMethodServer', versions: v5,
    breaks: (v) => open(v, {}, { properties: { authenticationMethod: 'M' } }), keeps: (v) => open(v) },
  { name: "MQTT-4.12.0-5 (5.0): AUTH and a successful CONNACK repeat the CONNECT's Authentication Method", check: 'authMethodMismatch', versions: v5,
    breaks: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'OTHER')), c(auth(0x18, 'M')), s(connack())],
    keeps: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x18, 'M')), s(connack({ properties: { authenticationMethod: 'M' } }))] },
  { name: 'MQTT-4.12.1-1 (5.0): re-authentication uses the original Authentication Method', check: 'reauthMethod', versions: v5,
    breaks: (v) => [...open(v, { properties: { authenticationMethod: 'M' } }, { properties: { authenticationMethod: 'M' } }), c(auth(0x19, 'OTHER'))],
    keeps: (v) => [...open(v, { properties: { authenticationMethod: 'M' } }, { properties: { authenticationMethod: 'M' } }), c(auth(0x19, 'M')), s(auth(0, 'M'))] },
  { name: 'MQTT-4.12.0-2 (5.0): a server AUTH asking for more data has reason 0x18', check: 'authContinueServer', versions: v5,
    breaks: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x00, 'M'))],
    keeps: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x18, 'M')), s(connack({ properties: { authenticationMethod: 'M' } }))] },
  { name: "MQTT-4.12.0-3 (5.0): the client answers the server's AUTH with reason 0x18", check: 'authContinueClient', versions: v5,
    breaks: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x19, 'M'))],
    keeps: (v) => [c(connect(v, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x18, 'M'))] },
  // Capabilities
  { name: "MQTT-3.2.2-11 (5.0): the client publishes at no more than the server's Maximum QoS", check: 'maximumQos', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { maximumQoS: 1 } }), c(pub('t', 2, 1))], keeps: (v) => [...open(v, {}, { properties: { maximumQoS: 1 } }), c(pub('t', 1, 1)), s(ack('puback', 1))] },
  { name: 'MQTT-3.2.2-14 (5.0): no RETAIN 1 PUBLISH when Retain Available is 0', check: 'retainUnavailable', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { retainAvailable: 0 } }), c(pub('t', 0, undefined, { retain: true }))], keeps: (v) => [...open(v, {}, { properties: { retainAvailable: 0 } }), c(pub('t', 0))] },
  { name: "MQTT-3.2.2-15 (5.0): the client sends nothing above the server's Maximum Packet Size", check: 'clientPacketTooLarge', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { maximumPacketSize: 20 } }), c(pub('t', 0, undefined, { payload: TEN }))], keeps: (v) => [...open(v, {}, { properties: { maximumPacketSize: 20 } }), c(pub('t', 0))] },
  { name: "MQTT-3.1.2-24 (5.0): the server sends nothing above the client's Maximum Packet Size", check: 'serverPacketTooLarge', versions: v5,
    breaks: (v) => [...open(v, { properties: { maximumPacketSize: 20 } }), s(pub('t', 0, undefined, { payload: TEN }))], keeps: (v) => [...open(v, { properties: { maximumPacketSize: 20 } }), s(pub('t', 0))] },
  { name: 'MQTT-3.1.2-29 (5.0): Request Problem Information 0: Reason String and User Properties only on PUBLISH, CONNACK and DISCONNECT', check: 'problemInformation', versions: v5,
    breaks: (v) => [...open(v, { properties: { requestProblemInformation: 0 } }), c(pub('t', 1, 1)), s(ack('puback', 1, { reasonCode: 0x10, properties: { reasonString: 'nobody listens' } }))],
    keeps: (v) => [...open(v, { properties: { requestProblemInformation: 0 } }, { properties: { reasonString: 'welcome' } }), c(pub('t', 1, 1)), s(ack('puback', 1)), s(pub('t', 0, undefined, { properties: { userProperties: [['k', 'v']] } })), s(disconnect(0x8b, { reasonString: 'bye' }))] },
  { name: "MQTT-3.3.4-7 MQTT-4.9.0-1 MQTT-4.9.0-2 (5.0): the client keeps its unacknowledged QoS 1 and 2 PUBLISHes within the server's Receive Maximum", check: 'clientReceiveMaximum', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { receiveMaximum: 2 } }), c(pub('t', 1, 1)), c(pub('t', 2, 2)), c(pub('t', 1, 3))],
    keeps: (v) => [...open(v, {}, { properties: { receiveMaximum: 2 } }), c(pub('t', 1, 1)), c(pub('t', 2, 2)), c(pub('t', 0)), s(ack('puback', 1)), c(pub('t', 1, 3))] },
  { name: "MQTT-3.3.4-9 (5.0): the server keeps its unacknowledged QoS 1 and 2 PUBLISHes within the client's Receive Maximum", check: 'serverReceiveMaximum', versions: v5,
    breaks: (v) => [...open(v, { properties: { receiveMaximum: 1 } }), c(sub(1, [['t', 1]])), s(suback(1, [1])), s(pub('t', 1, 1)), s(pub('t', 1, 2))],
    keeps: (v) => [...open(v, { properties: { receiveMaximum: 1 } }), c(sub(1, [['t', 1]])), s(suback(1, [1])), s(pub('t', 1, 1)), c(ack('puback', 1)), s(pub('t', 1, 2))] },
  { name: 'a wildcard Topic Filter although Wildcard Subscription Available is 0 (5.0 section 3.2.2.3.14; no statement id)', check: 'wildcardUnavailable', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { wildcardSubscriptionAvailable: 0 } }), c(sub(1, [['a/+', 0]])), s(suback(1, [0xa2]))],
    keeps: (v) => [...open(v, {}, { properties: { wildcardSubscriptionAvailable: 0 } }), c(sub(1, [['a/b', 0]])), s(suback(1, [0]))] },
  { name: 'a Subscription Identifier although Subscription Identifiers Available is 0 (5.0 section 3.2.2.3.15; no statement id)', check: 'subscriptionIdUnavailable', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { subscriptionIdentifiersAvailable: 0 } }), c({ ...sub(1, [['a', 0]]), properties: { subscriptionIdentifier: 4 } } as Packet), s(suback(1, [0]))],
    keeps: (v) => [...open(v, {}, { properties: { subscriptionIdentifiersAvailable: 1 } }), c({ ...sub(1, [['a', 0]]), properties: { subscriptionIdentifier: 4 } } as Packet), s(suback(1, [0]))] },
  { name: 'a Shared Subscription although Shared Subscription Available is 0 (5.0 section 3.2.2.3.16; no statement id)', check: 'sharedUnavailable', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { sharedSubscriptionAvailable: 0 } }), c(sub(1, [['$share/g/a', 0]])), s(suback(1, [0x9e]))],
    keeps: (v) => [...open(v, {}, { properties: { sharedSubscriptionAvailable: 0 } }), c(sub(1, [['a', 0]])), s(suback(1, [0]))] },
  // Topic Aliases
  { name: 'MQTT-3.2.2-18 (5.0): no client Topic Alias when the server announced no Topic Alias Maximum', check: 'clientAliasUnallowed', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 0, undefined, { properties: { topicAlias: 1 } }))], keeps: (v) => [...open(v, {}, { properties: { topicAliasMaximum: 5 } }), c(pub('t', 0, undefined, { properties: { topicAlias: 1 } }))] },
  { name: "MQTT-3.2.2-17 MQTT-3.3.2-9 (5.0): a client Topic Alias is at most the server's Topic Alias Maximum", check: 'clientAliasAboveMaximum', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { topicAliasMaximum: 2 } }), c(pub('t', 0, undefined, { properties: { topicAlias: 3 } }))],
    keeps: (v) => [...open(v, {}, { properties: { topicAliasMaximum: 2 } }), c(pub('t', 0, undefined, { properties: { topicAlias: 2 } })), c(pub('', 0, undefined, { properties: { topicAlias: 2 } }))] },
  { name: 'MQTT-3.1.2-27 (5.0): no server Topic Alias when the client announced no Topic Alias Maximum', check: 'serverAliasUnallowed', versions: v5,
    breaks: (v) => [...open(v), s(pub('t', 0, undefined, { properties: { topicAlias: 1 } }))], keeps: (v) => [...open(v, { properties: { topicAliasMaximum: 3 } }), s(pub('t', 0, undefined, { properties: { topicAlias: 1 } }))] },
  { name: "MQTT-3.1.2-26 MQTT-3.3.2-11 (5.0): a server Topic Alias is at most the client's Topic Alias Maximum", check: 'serverAliasAboveMaximum', versions: v5,
    breaks: (v) => [...open(v, { properties: { topicAliasMaximum: 3 } }), s(pub('t', 0, undefined, { properties: { topicAlias: 4 } }))],
    keeps: (v) => [...open(v, { properties: { topicAliasMaximum: 3 } }), s(pub('t', 0, undefined, { properties: { topicAlias: 3 } })), s(pub('', 0, undefined, { properties: { topicAlias: 3 } }))] },
  { name: 'a Topic Alias used before this connection mapped it (5.0 section 3.3.2.3.4; no statement id)', check: 'aliasUnmapped', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { topicAliasMaximum: 5 } }), c(pub('', 0, undefined, { properties: { topicAlias: 1 } }))],
    keeps: (v) => [...open(v, {}, { properties: { topicAliasMaximum: 5 } }), c(pub('t', 0, undefined, { properties: { topicAlias: 1 } })), c(pub('', 0, undefined, { properties: { topicAlias: 1 } }))] },
  { name: 'MQTT-3.3.2-10 (5.0): the client accepts every Topic Alias from 1 to its maximum', check: 'clientRefusedValidAlias', versions: v5,
    breaks: (v) => [...open(v, { properties: { topicAliasMaximum: 5 } }), s(pub('t', 0, undefined, { properties: { topicAlias: 5 } })), c(disconnect(0x94))],
    keeps: (v) => [...open(v, { properties: { topicAliasMaximum: 5 } }), s(pub('t', 0, undefined, { properties: { topicAlias: 6 } })), c(disconnect(0x94))] },
  { name: 'MQTT-3.3.2-12 (5.0): the server accepts every Topic Alias from 1 to its maximum', check: 'serverRefusedValidAlias', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { topicAliasMaximum: 5 } }), c(pub('t', 0, undefined, { properties: { topicAlias: 1 } })), s(disconnect(0x94))],
    keeps: (v) => [...open(v, {}, { properties: { topicAliasMaximum: 5 } }), c(pub('', 0, undefined, { properties: { topicAlias: 1 } })), s(disconnect(0x94))] },
  // Packet identifiers and the QoS flows
  { name: 'MQTT-2.3.1-2 (3.1.1): a new SUBSCRIBE takes a packet identifier that is not in use', check: 'clientRequestIdInUse', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 1, 7)), c(sub(7, [['a', 0]]))], keeps: (v) => [...open(v), c(pub('t', 1, 7)), s(ack('puback', 7)), c(sub(7, [['a', 0]])), s(suback(7, [0]))] },
  { name: 'MQTT-2.2.1-3 (5.0): a new SUBSCRIBE or PUBLISH takes a packet identifier that is not in use', check: 'clientRequestIdInUse', versions: v5,
    breaks: (v) => [...open(v), c(sub(7, [['a', 0]])), c(pub('t', 1, 7))], keeps: (v) => [...open(v), c(sub(7, [['a', 0]])), s(suback(7, [0])), c(pub('t', 1, 7)), s(ack('puback', 7))] },
  { name: 'MQTT-2.3.1-2 MQTT-2.3.1-3 (3.1.1): a client PUBLISH identifier stays in use until acknowledged; a resend reuses it', check: 'clientPublishIdInUse', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 1, 5, { payload: 'a' })), c(pub('t', 1, 5, { payload: 'b' }))],
    keeps: (v) => [...open(v), c(pub('t', 1, 5, { payload: 'a' })), c(pub('t', 1, 5, { payload: 'a', dup: true })), s(ack('puback', 5)), c(pub('t', 1, 5, { payload: 'b' })), s(ack('puback', 5))] },
  { name: 'MQTT-4.3.2-3 MQTT-4.3.2-1 (5.0): a client QoS 1 PUBLISH is unacknowledged until its PUBACK; a new message takes an unused identifier', check: 'clientPublishIdInUse', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 1, 5, { payload: 'a' })), c(pub('t', 1, 5, { payload: 'b' }))],
    keeps: (v) => [...open(v), c(pub('t', 1, 5, { payload: 'a' })), s(ack('puback', 5)), c(pub('t', 1, 5, { payload: 'b' })), s(ack('puback', 5))] },
  { name: 'MQTT-2.3.1-4 (3.1.1): a server PUBLISH identifier stays in use until acknowledged', check: 'serverPublishIdInUse', versions: v4,
    breaks: (v) => [...open(v), c(sub(1, [['t', 1]])), s(suback(1, [1])), s(pub('t', 1, 3, { payload: 'a' })), s(pub('t', 1, 3, { payload: 'b' }))],
    keeps: (v) => [...open(v), c(sub(1, [['t', 1]])), s(suback(1, [1])), s(pub('t', 1, 3, { payload: 'a' })), c(ack('puback', 3)), s(pub('t', 1, 3, { payload: 'b' })), c(ack('puback', 3))] },
  { name: 'MQTT-4.3.2-3 (5.0): a server QoS 1 PUBLISH is unacknowledged until its PUBACK', check: 'serverPublishIdInUse', versions: v5,
    breaks: (v) => [...open(v), c(sub(1, [['t', 1]])), s(suback(1, [1])), s(pub('t', 1, 3, { payload: 'a' })), s(pub('t', 1, 3, { payload: 'b' }))],
    keeps: (v) => [...open(v), c(sub(1, [['t', 1]])), s(suback(1, [1])), s(pub('t', 1, 3, { payload: 'a' })), c(ack('puback', 3)), s(pub('t', 1, 3, { payload: 'b' })), c(ack('puback', 3))] },
  { name: 'MQTT-4.3.3-3 MQTT-4.3.3-1 (5.0): a QoS 2 PUBLISH is unacknowledged until its PUBREC; a new message takes an unused identifier', check: 'qos2IdAwaitingPubrec', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 2, 4, { payload: 'a' })), c(pub('t', 2, 4, { payload: 'b' }))],
    keeps: (v) => [...open(v), c(pub('t', 2, 4, { payload: 'a' })), s(ack('pubrec', 4)), c(ack('pubrel', 4)), s(ack('pubcomp', 4)), c(pub('t', 2, 4, { payload: 'b' }))] },
  { name: 'MQTT-4.3.3-5 (5.0): a PUBREL is unacknowledged until its PUBCOMP', check: 'qos2IdAwaitingPubcomp', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 2, 4, { payload: 'a' })), s(ack('pubrec', 4)), c(ack('pubrel', 4)), c(pub('t', 2, 4, { payload: 'b' }))],
    keeps: (v) => [...open(v), c(pub('t', 2, 4, { payload: 'a' })), s(ack('pubrec', 4)), c(ack('pubrel', 4)), s(ack('pubcomp', 4)), c(pub('t', 2, 4, { payload: 'b' }))] },
  { name: 'MQTT-3.3.1-1: a PUBLISH sent again has DUP 1', check: 'resendWithoutDup', versions: both,
    breaks: (v) => [...open(v), c(pub('t', 1, 2)), c(pub('t', 1, 2))], keeps: (v) => [...open(v), c(pub('t', 1, 2)), s(ack('puback', 2)), c(pub('t', 1, 2)), s(ack('puback', 2))] },
  { name: 'MQTT-4.3.2-1 (3.1.1): the first transmission of a QoS 1 PUBLISH has DUP 0 (a retransmission crossing the PUBACK is not a first one)', check: 'firstSendDupQos1', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 1, 1, { dup: true }))], keeps: (v) => [...open(v), c(pub('t', 1, 1)), c(pub('t', 1, 1, { dup: true })), s(ack('puback', 1)), c(pub('t', 1, 1, { dup: true }))] },
  { name: 'MQTT-4.3.2-2 (5.0): the first transmission of a QoS 1 PUBLISH has DUP 0 (a resumed session may resend)', check: 'firstSendDupQos1', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 1, 1, { dup: true }))], keeps: (v) => [...open(v, { cleanStart: false }, { sessionPresent: true }), c(pub('t', 1, 1, { dup: true })), s(ack('puback', 1))] },
  { name: 'MQTT-4.3.3-1 (3.1.1): the first transmission of a QoS 2 PUBLISH has DUP 0', check: 'firstSendDupQos2', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 2, 1, { dup: true }))], keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1))] },
  { name: 'MQTT-4.3.3-2 (5.0): the first transmission of a QoS 2 PUBLISH has DUP 0', check: 'firstSendDupQos2', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 2, 1, { dup: true }))], keeps: (v) => [...open(v, { cleanStart: false }, { sessionPresent: true }), c(pub('t', 2, 1, { dup: true })), s(ack('pubrec', 1))] },
  { name: 'MQTT-4.4.0-1 (5.0): a PUBLISH is resent only when a session resumes, not on the same connection', check: 'resendOnlyOnResume', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 1, 1)), s(ack('puback', 1)), c(pub('t', 1, 1, { dup: true })), c(pub('t', 1, 2)), c(pub('t', 1, 2, { dup: true }))], keeps: (v) => [...open(v, { cleanStart: false }, { sessionPresent: true }), c(pub('t', 1, 1, { dup: true })), s(ack('puback', 1))] },
  { name: 'MQTT-4.4.0-2 (5.0): a PUBLISH acknowledged with a failure code is not retransmitted', check: 'resendAfterFailure', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 1, 1)), s(ack('puback', 1, { reasonCode: 0x87 })), c(pub('t', 1, 1, { dup: true }))],
    keeps: (v) => [...open(v), c(pub('t', 1, 1)), s(ack('puback', 1, { reasonCode: 0x87 })), c(pub('t', 1, 1))] },
  { name: 'MQTT-4.3.3-1 (3.1.1): no PUBLISH resend once its PUBREL was sent', check: 'resendAfterPubrel', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), c(pub('t', 2, 1, { dup: true }))],
    keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1))] },
  { name: 'MQTT-4.3.3-6 (5.0): no PUBLISH resend once its PUBREL was sent', check: 'resendAfterPubrel', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), c(pub('t', 2, 1, { dup: true }))],
    keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1))] },
  { name: 'MQTT-2.3.1-6 MQTT-4.3.2-2 (3.1.1): a PUBACK carries the identifier of the PUBLISH it acknowledges', check: 'pubackUnknown', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 1, 1)), s(ack('puback', 2))], keeps: (v) => [...open(v), c(pub('t', 1, 1)), s(ack('puback', 1))] },
  { name: 'MQTT-4.3.2-4 MQTT-2.2.1-5 (5.0): a PUBACK carries the identifier of the PUBLISH it acknowledges', check: 'pubackUnknown', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 1, 1)), s(ack('puback', 2))], keeps: (v) => [...open(v), c(pub('t', 1, 1)), s(ack('puback', 1))] },
  { name: 'MQTT-2.3.1-6 MQTT-4.3.3-2 (3.1.1): a PUBREC carries the identifier of the QoS 2 PUBLISH', check: 'pubrecUnknown', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 2))], keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1))] },
  { name: 'MQTT-4.3.3-8 (5.0): a PUBREC carries the identifier of the QoS 2 PUBLISH', check: 'pubrecUnknown', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 2))], keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1))] },
  { name: 'MQTT-2.3.1-6 MQTT-4.3.3-1 (3.1.1): a PUBREL follows the PUBREC of its PUBLISH and repeats its identifier', check: 'pubrelBeforePubrec', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), c(ack('pubrel', 1))], keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1))] },
  { name: 'MQTT-4.3.3-4 (5.0): a PUBREL follows the successful PUBREC of its PUBLISH', check: 'pubrelBeforePubrec', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), c(ack('pubrel', 1))], keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1))] },
  { name: 'MQTT-4.3.3-2 (3.1.1): a PUBCOMP answers the PUBREL with the same identifier', check: 'pubcompUnknown', versions: v4,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), s(ack('pubcomp', 1))], keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1))] },
  { name: 'MQTT-4.3.3-11 (5.0): a PUBCOMP answers the PUBREL with the same identifier', check: 'pubcompUnknown', versions: v5,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), s(ack('pubcomp', 1))], keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1))] },
  { name: 'MQTT-3.3.4-1: the receiver of a PUBLISH answers as its QoS requires (PUBREC for QoS 2)', check: 'wrongAckForQos', versions: both,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('puback', 1))], keeps: (v) => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1))] },
  { name: 'MQTT-4.5.0-2 MQTT-3.3.4-1: the client acknowledges a server PUBLISH as its QoS requires', check: 'wrongAckForQos', versions: both,
    breaks: (v) => [...open(v), c(sub(1, [['#', 2]])), s(suback(1, [2])), s(pub('t', 1, 1)), c(ack('pubrec', 1))],
    keeps: (v) => [...open(v), c(sub(1, [['#', 2]])), s(suback(1, [2])), s(pub('t', 1, 1)), c(ack('puback', 1))] },
  { name: 'MQTT-4.6.0-2: the client sends PUBACKs in the order the PUBLISHes arrived', check: 'pubackOrder', versions: both,
    breaks: (v) => [...open(v), c(sub(1, [['#', 1]])), s(suback(1, [1])), s(pub('t', 1, 1)), s(pub('t', 1, 2)), c(ack('puback', 2)), c(ack('puback', 1))],
    keeps: (v) => [...open(v), c(sub(1, [['#', 1]])), s(suback(1, [1])), s(pub('t', 1, 1)), s(pub('t', 1, 2)), c(ack('puback', 1)), c(ack('puback', 2))] },
  { name: 'MQTT-4.6.0-3: the client sends PUBRECs in the order the PUBLISHes arrived', check: 'pubrecOrder', versions: both,
    breaks: (v) => [...open(v), c(sub(1, [['#', 2]])), s(suback(1, [2])), s(pub('t', 2, 1)), s(pub('t', 2, 2)), c(ack('pubrec', 2)), c(ack('pubrec', 1))],
    keeps: (v) => [...open(v), c(sub(1, [['#', 2]])), s(suback(1, [2])), s(pub('t', 2, 1)), s(pub('t', 2, 2)), c(ack('pubrec', 1)), c(ack('pubrec', 2))] },
  { name: 'MQTT-4.6.0-4: the client sends PUBRELs in the order the PUBRECs arrived', check: 'pubrelOrder', versions: both,
    breaks: (v) => [...open(v), c(pub('t', 2, 1)), c(pub('t', 2, 2)), s(ack('pubrec', 2)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), c(ack('pubrel', 2))],
    keeps: (v) => [...open(v), c(pub('t', 2, 1)), c(pub('t', 2, 2)), s(ack('pubrec', 2)), s(ack('pubrec', 1)), c(ack('pubrel', 2)), c(ack('pubrel', 1))] },
  // SUBSCRIBE, UNSUBSCRIBE, PINGREQ
  { name: 'MQTT-3.8.4-2 MQTT-2.3.1-7 (3.1.1): a SUBACK has the packet identifier of its SUBSCRIBE', check: 'subackUnknown', versions: v4,
    breaks: (v) => [...open(v), c(sub(1, [['a', 0]])), s(suback(2, [0]))], keeps: (v) => [...open(v), c(sub(1, [['a', 0]])), s(suback(1, [0]))] },
  { name: 'MQTT-3.8.4-2 MQTT-2.2.1-6 (5.0): a SUBACK has the packet identifier of its SUBSCRIBE', check: 'subackUnknown', versions: v5,
    breaks: (v) => [...open(v), c(sub(1, [['a', 0]])), s(suback(2, [0]))], keeps: (v) => [...open(v), c(sub(1, [['a', 0]])), s(suback(1, [0]))] },
  { name: 'MQTT-3.8.4-4 (3.1.1): a SUBSCRIBE with several filters gets one combined SUBACK', check: 'subackTwice', versions: v4,
    breaks: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 0]])), s(suback(1, [0, 0])), s(suback(1, [0, 0]))], keeps: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 0]])), s(suback(1, [0, 0]))] },
  { name: 'MQTT-3.8.4-5 (5.0): a SUBSCRIBE with several filters gets one combined SUBACK', check: 'subackTwice', versions: v5,
    breaks: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 0]])), s(suback(1, [0, 0])), s(suback(1, [0, 0]))], keeps: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 0]])), s(suback(1, [0, 0]))] },
  { name: 'MQTT-3.8.4-5 (3.1.1): a SUBACK has a return code for each Topic Filter', check: 'subackCount', versions: v4,
    breaks: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 0]])), s(suback(1, [0]))], keeps: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 0]])), s(suback(1, [0, 0x80]))] },
  { name: 'MQTT-3.8.4-6 (5.0): a SUBACK has a reason code for each Topic Filter', check: 'subackCount', versions: v5,
    breaks: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 0]])), s(suback(1, [0]))], keeps: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 0]])), s(suback(1, [0, 0x80]))] },
  { name: 'MQTT-3.9.3-1: SUBACK codes follow the order of the Topic Filters (none grants more than its filter asked)', check: 'subackAboveRequested', versions: both,
    breaks: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 2]])), s(suback(1, [2, 0]))], keeps: (v) => [...open(v), c(sub(1, [['a', 0], ['b', 2]])), s(suback(1, [0, 2]))] },
  { name: "MQTT-3.8.4-7 (5.0): a SUBACK code shows the QoS granted, never above the server's Maximum QoS", check: 'subackAboveMaximumQos', versions: v5,
    breaks: (v) => [...open(v, {}, { properties: { maximumQoS: 1 } }), c(sub(1, [['a', 2]])), s(suback(1, [2]))], keeps: (v) => [...open(v, {}, { properties: { maximumQoS: 1 } }), c(sub(1, [['a', 2]])), s(suback(1, [1]))] },
  { name: 'MQTT-3.8.4-6 MQTT-3.3.5-1 (3.1.1): a delivery has at most the highest QoS granted to the matching subscriptions', check: 'deliveryAboveGranted', versions: v4,
    breaks: (v) => [...open(v), c(sub(1, [['a/#', 2], ['a/b', 0]])), s(suback(1, [1, 0])), s(pub('a/b', 2, 1))],
    keeps: (v) => [...open(v), c(sub(1, [['a/#', 2], ['a/b', 0]])), s(suback(1, [1, 0])), s(pub('a/b', 1, 1)), c(ack('puback', 1))] },
  { name: 'MQTT-3.8.4-8 MQTT-3.3.4-2 (5.0): a delivery has at most the highest QoS granted to the matching subscriptions', check: 'deliveryAboveGranted', versions: v5,
    breaks: (v) => [...open(v), c(sub(1, [['a/#', 2], ['$share/g/a/b', 0]])), s(suback(1, [1, 0])), s(pub('a/b', 2, 1))],
    keeps: (v) => [...open(v), c(sub(1, [['a/#', 2], ['$share/g/a/b', 0]])), s(suback(1, [1, 0])), s(pub('a/b', 1, 1)), c(ack('puback', 1))] },
  { name: 'MQTT-3.10.4-4 MQTT-2.3.1-7 (3.1.1): an UNSUBACK has the packet identifier of its UNSUBSCRIBE', check: 'unsubackUnknown', versions: v4,
    breaks: (v) => [...open(v), c(unsub(3, ['a'])), s(unsuback(v, 4, [0]))], keeps: (v) => [...open(v), c(unsub(3, ['a'])), s(unsuback(v, 3, [0x11]))] },
  { name: 'MQTT-3.10.4-5 MQTT-2.2.1-6 (5.0): an UNSUBACK repeats the identifier of its UNSUBSCRIBE, even when nothing was removed', check: 'unsubackUnknown', versions: v5,
    breaks: (v) => [...open(v), c(unsub(3, ['a'])), s(unsuback(v, 4, [0x11]))], keeps: (v) => [...open(v), c(unsub(3, ['a'])), s(unsuback(v, 3, [0x11]))] },
  { name: 'MQTT-3.10.4-6: an UNSUBSCRIBE with several filters gets one UNSUBACK', check: 'unsubackTwice', versions: both,
    breaks: (v) => [...open(v), c(unsub(3, ['a', 'b'])), s(unsuback(v, 3, [0, 0])), s(unsuback(v, 3, [0, 0]))], keeps: (v) => [...open(v), c(unsub(3, ['a', 'b'])), s(unsuback(v, 3, [0, 0]))] },
  { name: 'MQTT-3.11.3-1 (5.0): an UNSUBACK has one reason code per Topic Filter, in order', check: 'unsubackCount', versions: v5,
    breaks: (v) => [...open(v), c(unsub(3, ['a', 'b'])), s(unsuback(v, 3, [0]))], keeps: (v) => [...open(v), c(unsub(3, ['a', 'b'])), s(unsuback(v, 3, [0, 0x11]))] },
  { name: 'MQTT-3.12.4-1: PINGRESP answers a PINGREQ', check: 'pingrespUnasked', versions: both,
    breaks: (v) => [...open(v), s(PINGRESP)], keeps: (v) => [...open(v), c(PINGREQ), s(PINGRESP)] },
  { name: 'MQTT-3.12.4-1: every PINGREQ is answered with a PINGRESP (at the end of the conversation)', check: 'pingreqUnanswered', versions: both,
    breaks: (v) => [...open(v), c(PINGREQ)], keeps: (v) => [...open(v), c(PINGREQ), s(PINGRESP)] },
  { name: 'MQTT-3.8.4-1: every SUBSCRIBE is answered with a SUBACK (at the end of the conversation)', check: 'subscribeUnanswered', versions: both,
    breaks: (v) => [...open(v), c(sub(1, [['a', 0]]))], keeps: (v) => [...open(v), c(sub(1, [['a', 0]])), s(suback(1, [0]))] },
  { name: 'MQTT-3.10.4-5 (3.1.1): every UNSUBSCRIBE is answered, even when nothing was removed', check: 'unsubscribeUnanswered', versions: v4,
    breaks: (v) => [...open(v), c(unsub(1, ['a']))], keeps: (v) => [...open(v), c(unsub(1, ['a'])), s(unsuback(v, 1, []))] },
  { name: 'MQTT-3.10.4-4 (5.0): every UNSUBSCRIBE is answered with an UNSUBACK', check: 'unsubscribeUnanswered', versions: v5,
    breaks: (v) => [...open(v), c(unsub(1, ['a']))], keeps: (v) => [...open(v), c(unsub(1, ['a'])), s(unsuback(v, 1, [0x11]))] },
  // DISCONNECT, closing, Keep Alive
  { name: 'MQTT-3.14.4-2 (3.1.1): the client sends nothing after DISCONNECT', check: 'afterDisconnect', versions: v4,
    breaks: (v) => [...open(v), c(disconnect()), c(PINGREQ)], keeps: (v) => [...open(v), c(PINGREQ), s(PINGRESP), c(disconnect())] },
  { name: 'MQTT-3.14.4-1 MQTT-4.12.1-2 (5.0): nothing is sent after DISCONNECT (here: after a failed re-authentication)', check: 'afterDisconnect', versions: v5,
    breaks: (v) => [...open(v, { properties: { authenticationMethod: 'M' } }, { properties: { authenticationMethod: 'M' } }), c(auth(0x19, 'M')), s(disconnect(0x87)), s(pub('t', 0))],
    keeps: (v) => [...open(v, { properties: { authenticationMethod: 'M' } }, { properties: { authenticationMethod: 'M' } }), c(auth(0x19, 'M')), s(disconnect(0x87))] },
  { name: 'a non-zero Session Expiry Interval on DISCONNECT after 0 on CONNECT (5.0 section 3.14.2.2.2; no statement id)', check: 'sessionExpiryOnDisconnect', versions: v5,
    breaks: (v) => [...open(v), c(disconnect(0, { sessionExpiryInterval: 60 }))], keeps: (v) => [...open(v, { properties: { sessionExpiryInterval: 10 } }), c(disconnect(0, { sessionExpiryInterval: 60 }))] },
  { name: 'MQTT-4.8.0-1 (3.1.1): the receiver of a malformed packet closes the connection', check: 'afterMalformed', versions: v4,
    breaks: (v) => [...open(v), c(MALFORMED), s(pub('t', 0))], keeps: (v) => [...open(v), c(MALFORMED)] },
  { name: 'MQTT-4.13.1-1 (5.0): a server that receives a Malformed Packet closes the connection (DISCONNECT 0x81 first is allowed)', check: 'afterMalformed', versions: v5,
    breaks: (v) => [...open(v), c(MALFORMED), s(pub('t', 0))], keeps: (v) => [...open(v), c(MALFORMED), s(disconnect(0x81))] },
  { name: 'MQTT-3.1.2-23 (3.1.1): the client sends a packet within every Keep Alive period', check: 'keepAliveClient', versions: v4,
    breaks: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), c(PINGREQ, 12), s(PINGRESP, 12.01)],
    keeps: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), c(PINGREQ, 9.5), s(PINGRESP, 9.51), c(PINGREQ, 19.4), s(PINGRESP, 19.41)] },
  { name: 'MQTT-3.1.2-20 (5.0): an idle client sends PINGREQ within every Keep Alive period', check: 'keepAliveClient', versions: v5,
    breaks: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), c(PINGREQ, 12), s(PINGRESP, 12.01)],
    keeps: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), c(PINGREQ, 9.5), s(PINGRESP, 9.51), c(PINGREQ, 19.4), s(PINGRESP, 19.41)] },
  { name: 'MQTT-3.1.2-21 MQTT-3.2.2-21 (5.0): the client keeps to the Server Keep Alive instead of its own', check: 'serverKeepAliveClient', versions: v5,
    breaks: (v) => [c(connect(v, { keepAlive: 60 }), 0), s(connack({ properties: { serverKeepAlive: 10 } }), 0.01), c(PINGREQ, 30), s(PINGRESP, 30.01)],
    keeps: (v) => [c(connect(v, { keepAlive: 60 }), 0), s(connack({ properties: { serverKeepAlive: 10 } }), 0.01), c(PINGREQ, 9), s(PINGRESP, 9.01)] },
  { name: 'MQTT-3.1.2-24 (3.1.1): the server closes a connection silent for 1.5 × Keep Alive', check: 'keepAliveServer', versions: v4,
    breaks: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), s(pub('t', 0), 17)],
    keeps: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), c(PINGREQ, 9), s(PINGRESP, 9.01), s(pub('t', 0), 17)] },
  { name: 'MQTT-3.1.2-22 (5.0): the server closes a connection silent for 1.5 × Keep Alive', check: 'keepAliveServer', versions: v5,
    breaks: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), s(pub('t', 0), 17)],
    keeps: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), s(disconnect(0x8d), 16)] },
  { name: "MQTT-3.2.2-22 (5.0): without Server Keep Alive the server keeps to the client's Keep Alive", check: 'keepAliveEarly', versions: v5,
    breaks: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), s(disconnect(0x8d), 11)],
    keeps: (v) => [c(connect(v, { keepAlive: 10 }), 0), s(connack(), 0.01), s(disconnect(0x8d), 15.5)] },
  { name: 'bytes that do not decode are reported with the rule decode cites (MQTT-3.3.1-4 here)', check: 'malformed', versions: both,
    breaks: (v) => [...open(v), c(MALFORMED)], keeps: (v) => [...open(v), c(pub('t', 0))] },
];

/** The id a diagnostic of `check` cites on a connection of version `v` (null: none). */
function citedId(check: ConversationCheck, v: V): string | null {
  const r = CONVERSATION_RULES[check];
  return v === 5 ? r.v5 : r.v311;
}

describe('conversation checks: each breaks and keeps', () => {
  for (const k of CASES) {
    for (const v of k.versions) {
      const version = v === 5 ? '5.0' : '3.1.1';
      it(`${k.name} [${version}: breaks]`, () => {
        const found = run(v, k.breaks(v)).diagnostics.filter((d) => d.check === k.check);
        expect(found.length, `no ${k.check} diagnostic`).toBeGreaterThan(0);
        const d = found[0];
        expect(d).toBeInstanceOf(MqttCodecError);
        expect(d.side === CONVERSATION_RULES[k.check].side || CONVERSATION_RULES[k.check].side === 'either').toBe(true);
        if (k.check !== 'malformed') {
          expect(d.reasonCode).toBe(CONVERSATION_RULES[k.check].reasonCode);
          const id = citedId(k.check, v);
          expect(d.rule ?? null).toBe(id);
          if (id !== null) {
            expect(d.specVersion).toBe(version);
            expect(k.name).toContain(id);
          }
        }
      });
      it(`${k.name} [${version}: keeps]`, () => {
        const conv = run(v, k.keeps(v));
        expect(conv.diagnostics.filter((d) => d.check === k.check).map((d) => d.message)).toEqual([]);
      });
    }
  }

  it('every check of the table has a case, for every version it applies to with an id', () => {
    for (const [check, rule] of Object.entries(CONVERSATION_RULES) as [string, ConversationRule][]) {
      const covered = CASES.filter((k) => k.check === check).flatMap((k) => k.versions);
      if (rule.v311 !== null && rule.versions !== '5') expect(covered, check).toContain(4);
      if (rule.v5 !== null && rule.versions !== '3') expect(covered, check).toContain(5);
      expect(covered.length, check).toBeGreaterThan(0);
    }
  });

  it('the keeping conversations of the CONNECT/CONNACK, flow and answer cases have no diagnostic at all', () => {
    const clean = CASES.filter((k) => ['connectTwice', 'pubackOrder', 'pubrecOrder', 'pubrelOrder', 'subackCount', 'deliveryAboveGranted', 'clientReceiveMaximum', 'problemInformation', 'authContinueServer'].includes(k.check));
    for (const k of clean) for (const v of k.versions) expect(run(v, k.keeps(v)).diagnostics.map((d) => d.message), k.name).toEqual([]);
  });
});

describe('Conversation: records, offsets, topics, answers', () => {
  const steps = (v: V): Step[] => [
    ...open(v, v === 5 ? { properties: { topicAliasMaximum: 4 } } : {}, v === 5 ? { properties: { topicAliasMaximum: 4 } } : {}),
    c(sub(1, [['a/#', 2]])),
    s(suback(1, [2])),
    s(pub('a/b', 2, 9, v === 5 ? { properties: { topicAlias: 2 } } : {})),
    c(ack('pubrec', 9)),
    s(ack('pubrel', 9)),
    c(ack('pubcomp', 9)),
    c(pub('x/y', 1, 2, v === 5 ? { properties: { topicAlias: 1 } } : {})),
    c(pub(v === 5 ? '' : 'x/y', 1, 3, v === 5 ? { properties: { topicAlias: 1 } } : {})),
    s(ack('puback', 2)),
    s(ack('puback', 3)),
  ];

  for (const v of [4, 5] as const) {
    it(`indexes, sides, offsets, effective topics and the packet each answer answers (protocol version ${v})`, () => {
      const conv = run(v, steps(v));
      expect(conv.diagnostics).toEqual([]);
      const r = conv.records;
      expect(r.map((x) => x.index)).toEqual(r.map((_, i) => i));
      expect(r.map((x) => x.side)).toEqual(['client', 'server', 'client', 'server', 'server', 'client', 'server', 'client', 'client', 'client', 'server', 'server']);
      // Offsets count each side's own stream.
      for (const side of ['client', 'server'] as const) {
        let at = 0;
        for (const x of r.filter((y) => y.side === side)) {
          expect(x.offset).toBe(at);
          at += x.length!;
        }
      }
      expect(r[4].topic).toBe('a/b');
      expect(r[8].topic).toBe('x/y');
      expect(r[9].topic).toBe('x/y');
      expect(r[1].answers).toBe(0); // CONNACK answers CONNECT
      expect(r[3].answers).toBe(2); // SUBACK → SUBSCRIBE
      expect(r[5].answers).toBe(4); // PUBREC → PUBLISH
      expect(r[6].answers).toBe(5); // PUBREL → PUBREC
      expect(r[7].answers).toBe(6); // PUBCOMP → PUBREL
      expect(r[10].answers).toBe(8);
      expect(r[11].answers).toBe(9);
    });
  }

  it('fed one byte at a time, or as decoded packets, gives the same records and diagnostics', () => {
    const broken = [...open(5), c(pub('t', 1, 1)), c(pub('t', 1, 1, { payload: 'other' })), s(ack('puback', 4)), s(PINGRESP)];
    const whole = run(5, broken);
    const bytewise = new Conversation();
    for (const [side, p] of broken) {
      const bytes = encode(p as Packet, { protocolVersion: 5 });
      for (let i = 0; i < bytes.length; i++) bytewise.push(side, bytes.subarray(i, i + 1));
    }
    bytewise.end();
    const packets = new Conversation();
    for (const [side, p] of broken) packets.push(side, p as Packet);
    packets.end();
    const view = (conv: Conversation) => conv.records.map((r) => [r.index, r.side, r.offset, r.length, r.packet?.type, r.diagnostics.map((d) => [d.check, d.rule, d.offset])]);
    expect(view(bytewise)).toEqual(view(whole));
    expect(view(packets)).toEqual(view(whole));
    expect(whole.diagnostics.map((d) => d.check)).toEqual(['clientPublishIdInUse', 'pubackUnknown', 'pingrespUnasked']);
  });

  it('a diagnostic is an MqttCodecError with reason code, rule, spec version, side, packet index and offset', () => {
    const conv = run(5, [...open(5, {}, { properties: { receiveMaximum: 1 } }), c(pub('t', 1, 1)), c(pub('t', 1, 2))]);
    const [d] = conv.diagnostics;
    expect(d).toBeInstanceOf(ConversationDiagnostic);
    expect(d).toBeInstanceOf(MqttCodecError);
    expect(d.toJSON()).toEqual({ check: 'clientReceiveMaximum', side: 'client', packetIndex: 3, offset: conv.records[3].offset, reasonCode: 0x93, rule: 'MQTT-3.3.4-7', specVersion: '5.0', message: d.detail });
    expect(d.message).toMatch(/^client packet #3 at offset \d+: Receive Maximum exceeded: .* \[MQTT-3\.3\.4-7 \(5\.0\)\]$/);
  });

  it('an undecodable packet ends its side: its diagnostic carries the absolute offset and decode\'s rule, later bytes are ignored', () => {
    const conv = new Conversation();
    const connectBytes = encode(connect(4));
    conv.client(connectBytes);
    const recs = conv.client(new Uint8Array([0xc0, 0x00, 0x36, 0x00, 0xc0, 0x00]));
    expect(recs.map((r) => r.packet?.type)).toEqual(['pingreq', undefined]);
    const d = recs[1].diagnostics[0];
    expect([d.check, d.rule, d.specVersion, d.offset, d.side]).toEqual(['malformed', 'MQTT-3.3.1-4', '3.1.1', connectBytes.length + 2, 'client']);
    expect(conv.client(new Uint8Array([0xc0, 0x00]))).toEqual([]);
  });

  it('a packet with an invalid fixed header is recorded at its own offset, size unknown, for any chunking (found by the conversation fuzz target)', () => {
    const connectBytes = encode(connect(4));
    const stream = new Uint8Array([...connectBytes, 0xc0, 0x00, 0xf2]); // CONNECT, PINGREQ, a reserved type 15 in 3.1.1
    const at = connectBytes.length + 2;
    for (const cuts of [[stream.length], [at, stream.length], [connectBytes.length, stream.length]]) {
      const conv = new Conversation();
      const recs = [];
      let from = 0;
      for (const to of cuts) {
        recs.push(...conv.client(stream.slice(from, to)));
        from = to;
      }
      expect(recs.map((r) => [r.packet?.type, r.offset, r.length])).toEqual([['connect', 0, connectBytes.length], ['pingreq', connectBytes.length, 2], [undefined, at, undefined]]);
      expect(recs[2].diagnostics[0].offset).toBe(at);
    }
  });

  it('each side is framed by a Decoder: a second CONNECT of another version decodes what follows it at its version, for any chunking (found by the conversation fuzz target)', () => {
    // A 5.0 CONNECT, then a 3.1.1 CONNECT (a protocol error), then a 3.1.1 SUBSCRIBE: decoded at
    // 5.0 its properties length would swallow the packet id's low byte.
    const stream = new Uint8Array([...encode(connect(5), { protocolVersion: 5 }), ...encode(connect(4)), ...encode(sub(1, [['a/#', 1]]), { protocolVersion: 4 })]);
    const views: unknown[] = [];
    for (const size of [stream.length, 7, 1]) {
      const conv = new Conversation();
      for (let i = 0; i < stream.length; i += size) conv.client(stream.subarray(i, i + size));
      views.push(conv.records.map((r) => [r.packet?.type, r.offset, r.length, r.diagnostics.map((d) => d.check)]));
    }
    expect(views[0]).toEqual([
      ['connect', 0, expect.any(Number), []],
      ['connect', expect.any(Number), expect.any(Number), ['connectTwice']],
      ['subscribe', expect.any(Number), 10, []],
    ]);
    expect(views[1]).toEqual(views[0]);
    expect(views[2]).toEqual(views[0]);
  });

  it('a packet that arrives in many chunks is held by the side\'s Decoder until complete: one record, its bytes counted once', () => {
    const connectBytes = encode(connect(4));
    const big = encode(pub('t', 0, undefined, { payload: new Uint8Array(100_000).fill(7) }), { protocolVersion: 4 });
    const conv = new Conversation();
    conv.client(connectBytes);
    const got = [];
    for (let i = 0; i < big.length; i += 1460) got.push(...conv.client(big.subarray(i, i + 1460)));
    expect(got.map((r) => [r.packet?.type, r.offset, r.length])).toEqual([['publish', connectBytes.length, big.length]]);
    expect((got[0].packet as { payload: Uint8Array }).payload).toEqual(new Uint8Array(100_000).fill(7));
    expect(conv.end()).toEqual([]);
  });

  it('end() reports a stream cut inside a packet', () => {
    const conv = new Conversation();
    conv.client(encode(connect(4)).subarray(0, 5));
    expect(conv.end().map((d) => [d.check, d.reasonCode])).toEqual([['malformed', 0x81]]);
  });

  it('the protocol version comes from the CONNECT; the option covers captures that start later', () => {
    const conv = new Conversation({ protocolVersion: 5 });
    conv.server(encode({ type: 'auth', reasonCode: 0x18 }, { protocolVersion: 5 }));
    expect(conv.protocolVersion).toBe(5);
    const c4 = new Conversation();
    c4.client(encode(connect(4)));
    expect(c4.protocolVersion).toBe(4);
    expect(() => new Conversation({ protocolVersion: 6 as ProtocolVersion })).toThrow(MqttCodecError);
  });
});

describe('a PUBREL for no known flow', () => {
  it.each(both)('is the sender\'s fault; the PUBCOMP that answers it is not (3.1.1 MQTT-4.3.3-2, 5.0 MQTT-4.3.3-11), version %i', (v) => {
    const conv = run(v, [...open(v), c(ack('pubrel', 55)), s(ack('pubcomp', 55, v === 5 ? { reasonCode: 0x92 } : {}))]);
    expect(conv.diagnostics.map((d) => [d.check, d.side])).toEqual([['pubrelBeforePubrec', 'client']]);
    const [pubrel, pubcomp] = conv.records.slice(2);
    expect(pubcomp.answers).toBe(pubrel.index);
  });
});

describe('the interleaved text format', () => {
  it('parses directions, optional times and hex, skipping comments and blank lines; writes it back', () => {
    const text = '# a comment\n\nc 0.000 c000\n> d000 # trailing comment\nserver 1.5 D000\n<  c000\n';
    const chunks = parseConversationText(text);
    expect(chunks.map((x) => [x.side, x.time, Array.from(x.bytes), x.line])).toEqual([
      ['client', 0, [0xc0, 0], 3],
      ['client', undefined, [0xd0, 0], 4],
      ['server', 1.5, [0xd0, 0], 5],
      ['server', undefined, [0xc0, 0], 6],
    ]);
    expect(formatConversationText(chunks)).toBe('c 0.000 c000\nc d000\ns 1.500 d000\ns c000\n');
  });

  it('names the line of a bad direction, time or hex', () => {
    expect(() => parseConversationText('c c000\nx c000')).toThrow(/line 2: direction/);
    expect(() => parseConversationText('c 1,5 c000')).toThrow(/line 1: time/);
    expect(() => parseConversationText('s c00')).toThrow(/line 1: the chunk/);
    expect(() => parseConversationText('s 1 2 c000')).toThrow(/line 1: expected/);
  });
});

describe('docs/conformance.json and the checks', () => {
  it('every conversation row names checks of CONVERSATION_RULES whose case cites the row id, and only this test file proves it', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const rows = JSON.parse(readFileSync(join(__dirname, '..', 'docs', 'conformance.json'), 'utf8')) as { version: string; id: string; status: string; check?: string; tests: string[] }[];
    const moved = rows.filter((r) => r.status === 'conversation');
    expect(moved.length).toBeGreaterThanOrEqual(100);
    for (const r of moved) {
      expect(r.tests).toEqual(['test/conversation.test.ts']);
      for (const check of r.check!.split(', ')) {
        expect(Object.keys(CONVERSATION_RULES), `${r.version} ${r.id}`).toContain(check);
        const v: V = r.version === '5.0' ? 5 : 4;
        const cases = CASES.filter((k) => k.check === check && k.versions.includes(v) && new RegExp(`${r.id.replace(/[.-]/g, '\\$&')}(?![0-9]|\\.[0-9])`).test(k.name));
        expect(cases.length, `${r.version} ${r.id} ${check}`).toBeGreaterThan(0);
      }
    }
  });
});

describe('README', () => {
  it('the Conversation checker section lists every check of CONVERSATION_RULES with its ids, side and reason code', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    const keys = Object.keys(CONVERSATION_RULES) as ConversationCheck[];
    expect(readme).toContain(`<summary>${keys.length} checks:`);
    for (const key of keys) {
      const r = CONVERSATION_RULES[key] as ConversationRule;
      expect(readme).toContain(`| \`${key}\` | ${r.v311 ?? '—'} | ${r.v5 ?? '—'} | ${r.side} | 0x${r.reasonCode.toString(16)} |`);
    }
  });
});

describe('a conversation that starts after the connection opened (midConnection)', () => {
  const later: Step[] = [
    s(ack('puback', 5)),
    c(ack('pubrec', 6)),
    s(ack('pubrel', 6)),
    c(ack('pubcomp', 6)),
    s(suback(2, [0])),
    s(PINGRESP),
    s(pub('', 0, undefined, { properties: { topicAlias: 3 } })),
    c(pub('t', 1, 9)),
    s(ack('puback', 9)),
  ];

  it('answers to packets before the start and aliases mapped before it are not faults; what it sees is still checked', () => {
    const conv = new Conversation({ protocolVersion: 5, midConnection: true });
    for (const [side, p] of later) conv.push(side, encode(p as Packet, { protocolVersion: 5 }));
    expect(conv.diagnostics.map((d) => d.message)).toEqual([]);
    expect(conv.records[8].answers).toBe(7);
    conv.push('client', encode(pub('t', 1, 10, { payload: 'a' }), { protocolVersion: 5 }));
    conv.push('client', encode(pub('t', 1, 10, { payload: 'b' }), { protocolVersion: 5 }));
    expect(conv.diagnostics.map((d) => d.check)).toEqual(['clientPublishIdInUse']);
  });

  it('without the option the same bytes are faults: no CONNECT first, answers to nothing, an unmapped alias', () => {
    const checks = run(5, later).diagnostics.map((d) => d.check);
    expect(checks).toEqual(expect.arrayContaining(['connackFirst', 'pubackUnknown', 'pubrecUnknown', 'subackUnknown', 'pingrespUnasked', 'aliasUnmapped', 'connectFirst']));
  });
});
