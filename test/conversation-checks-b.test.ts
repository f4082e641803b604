/**
 * The conversation checker's stateful checks from the PUBLISH flows on (src/conversation/checks.ts:
 * onPublish, onAck, onPubrel, the SUBSCRIBE / UNSUBSCRIBE answers, DISCONNECT, AUTH and the end of
 * a conversation), fed as decoded packets: for each, the exact diagnostics (packet index, side,
 * check, rule cited, message), and the cases where a check must stay silent. Written against the
 * mutants that survived the mutation run (issue 21), so each case says which branch it pins.
 */
import { describe, expect, it } from 'vitest';
import type { Packet, Sender } from '../src/index.js';
import { Conversation, type ConversationDiagnostic } from '../src/conversation/index.js';

type V = 4 | 5;
type Step = [Sender, Packet | Uint8Array];
type Of<T extends Packet['type']> = Extract<Packet, { type: T }>;

const c = (p: Packet | Uint8Array): Step => ['client', p];
const s = (p: Packet | Uint8Array): Step => ['server', p];
const connect = (v: V, extra: Partial<Of<'connect'>> = {}): Packet => ({ type: 'connect', protocolVersion: v, clientId: 'c1', cleanStart: true, keepAlive: 0, ...extra });
const connack = (extra: Partial<Of<'connack'>> = {}): Packet => ({ type: 'connack', sessionPresent: false, reasonCode: 0, ...extra });
const open = (v: V, cx: Partial<Of<'connect'>> = {}, ca: Partial<Of<'connack'>> = {}): Step[] => [c(connect(v, cx)), s(connack(ca))];
/** The CONNECT and CONNACK of a connection that resumes a session (Clean Start 0, Session Present 1). */
const resume = (v: V): Step[] => open(v, { cleanStart: false }, { sessionPresent: true });
const pub = (topic: string, qos: 0 | 1 | 2, packetId?: number, extra: Partial<Of<'publish'>> = {}): Packet =>
  ({ type: 'publish', topic, payload: 'x', qos, retain: false, dup: false, ...(packetId === undefined ? {} : { packetId }), ...extra }) as Packet;
const ack = (type: 'puback' | 'pubrec' | 'pubrel' | 'pubcomp', packetId: number, reasonCode?: number): Packet =>
  ({ type, packetId, ...(reasonCode === undefined ? {} : { reasonCode }) }) as Packet;
const sub = (packetId: number, filters: [string, 0 | 1 | 2][]): Packet => ({ type: 'subscribe', packetId, subscriptions: filters.map(([topicFilter, qos]) => ({ topicFilter, qos })) });
const suback = (packetId: number, reasonCodes: number[]): Packet => ({ type: 'suback', packetId, reasonCodes });
const unsub = (packetId: number, topicFilters: string[]): Packet => ({ type: 'unsubscribe', packetId, topicFilters });
const unsuback = (packetId: number, reasonCodes?: number[]): Packet => ({ type: 'unsuback', packetId, ...(reasonCodes ? { reasonCodes } : {}) });
const auth = (reasonCode: number, method?: string): Packet => ({ type: 'auth', reasonCode, ...(method === undefined ? {} : { properties: { authenticationMethod: method } }) });
const disconnect = (reasonCode?: number, properties?: Of<'disconnect'>['properties']): Packet =>
  ({ type: 'disconnect', ...(reasonCode === undefined ? {} : { reasonCode }), ...(properties ? { properties } : {}) }) as Packet;
const PINGREQ: Packet = { type: 'pingreq' };
/** A PUBLISH with both QoS bits set: bytes that do not decode [MQTT-3.3.1-4]. */
const MALFORMED = (): Uint8Array => new Uint8Array([0x36, 0x00]);

/** One diagnostic as a line: `#index side check [rule] message` (`[-]` when no rule is cited). */
const line = (d: ConversationDiagnostic): string => `#${d.packetIndex} ${d.side} ${d.check} [${d.rule ?? '-'}] ${d.detail}`;

/** Feeds `steps` (decoded packets, or bytes) to a new Conversation. */
function feed(steps: Step[], options: ConstructorParameters<typeof Conversation>[0] = {}): Conversation {
  const conv = new Conversation(options);
  for (const [side, p] of steps) conv.push(side, p);
  return conv;
}

/** The diagnostics of `steps` as lines, those of end() included. */
function lines(steps: Step[], options: ConstructorParameters<typeof Conversation>[0] = {}): string[] {
  const conv = feed(steps, options);
  const ends = conv.end();
  return [...conv.diagnostics.filter((d) => !ends.includes(d)), ...ends].map(line);
}

describe('PUBLISH against what the server announced (5.0 only)', () => {
  it('MQTT-3.2.2-11 / MQTT-3.2.2-14 (5.0): a client PUBLISH above Maximum QoS, or retained with Retain Available 0, is reported with the limit', () => {
    expect(lines([...open(5, {}, { properties: { maximumQoS: 1, retainAvailable: 0 } }), c(pub('t', 2, 1, { retain: true }))])).toEqual([
      "#2 client maximumQos [MQTT-3.2.2-11] QoS 2 PUBLISH; the server's Maximum QoS is 1",
      '#2 client retainUnavailable [MQTT-3.2.2-14] RETAIN 1 PUBLISH although the server announced Retain Available 0',
    ]);
  });

  it('MQTT-3.2.2-14 (5.0): a retained PUBLISH is no fault when the server did not announce Retain Available 0', () => {
    expect(lines([...open(5), c(pub('t', 0, undefined, { retain: true }))])).toEqual([]);
  });

  it('3.1.1: 5.0 limits (Maximum QoS, Retain Available) carried by a CONNACK given decoded are not checked', () => {
    // A 3.1.1 CONNACK has no properties; a caller's object may still carry some. The 5.0-only rules stay silent.
    const steps = [
      ...open(4, {}, { properties: { maximumQoS: 0, retainAvailable: 0 } }),
      c(pub('t', 1, 1, { retain: true })),
      s(ack('puback', 1)),
      c(sub(2, [['t', 1]])),
      s(suback(2, [1])),
    ];
    expect(lines(steps)).toEqual([]);
  });
});

describe('PUBLISH delivered above the QoS granted (server side only)', () => {
  it('MQTT-3.8.4-6 (3.1.1): a server PUBLISH above the granted QoS is reported; one matching no subscription, or a client PUBLISH, is not', () => {
    const steps = [
      ...open(4),
      s(pub('u', 1, 1)), // no subscription matches: nothing to compare with
      c(ack('puback', 1)),
      c(sub(2, [['t/+', 0]])),
      s(suback(2, [0])),
      c(pub('t/a', 1, 3)), // the client's own PUBLISH is no delivery
      s(ack('puback', 3)),
      s(pub('t/a', 1, 4)),
      c(ack('puback', 4)),
    ];
    expect(lines(steps)).toEqual(['#8 server deliveryAboveGranted [MQTT-3.8.4-6] QoS 1 delivery on "t/a"; the matching subscriptions were granted at most QoS 0']);
  });

  it('5.0: a server PUBLISH whose Topic Alias is not mapped has no effective topic: no record topic, and no subscription check', () => {
    const conv = feed([...open(5, { properties: { topicAliasMaximum: 5 } }), c(sub(1, [['#', 0]])), s(suback(1, [0])), s(pub('', 1, 1, { properties: { topicAlias: 3 } }))]);
    expect(conv.diagnostics.map(line)).toEqual(['#4 server aliasUnmapped [-] empty Topic Name with Topic Alias 3, which this connection has not mapped']);
    expect('topic' in conv.records[4]).toBe(false);
  });
});

describe('PUBLISH packet identifiers: which PUBLISHes take part in a flow', () => {
  it('a QoS 0 PUBLISH given decoded with a packetId, or a QoS 1 one without, starts no flow', () => {
    const steps = [
      ...open(4),
      c(pub('t', 0, 1)),
      c(pub('t', 0, 1)),
      c(pub('t', 1, undefined)),
      c(pub('t', 1, undefined)),
    ];
    expect(lines(steps)).toEqual([]);
  });
});

describe('PUBLISH reusing an identifier in flight', () => {
  it('MQTT-2.3.1-2 (3.1.1): a new PUBLISH (other payload, topic or QoS) on an identifier in flight is reported, without a stage', () => {
    const steps = [
      ...open(4),
      c(pub('t', 1, 1, { payload: 'a' })),
      c(pub('t', 1, 1, { payload: 'b' })), // other payload
      c(pub('u', 1, 1, { payload: 'b' })), // other topic
      c(pub('u', 2, 1, { payload: 'b' })), // other QoS
      s(ack('pubrec', 1)),
    ];
    expect(lines(steps)).toEqual([
      '#3 client clientPublishIdInUse [MQTT-2.3.1-2] PUBLISH reuses packet identifier 1, still in use by #2',
      '#4 client clientPublishIdInUse [MQTT-2.3.1-2] PUBLISH reuses packet identifier 1, still in use by #3',
      '#5 client clientPublishIdInUse [MQTT-2.3.1-2] PUBLISH reuses packet identifier 1, still in use by #4',
    ]);
    expect(feed(steps).records[6].answers).toBe(5);
  });

  it('MQTT-4.3.2-3 / MQTT-4.3.3-3 / MQTT-4.3.3-5 (5.0): the reuse names the acknowledgement the flow awaits', () => {
    const steps = [
      ...open(5),
      c(pub('a', 1, 1, { payload: 'x' })),
      c(pub('a', 1, 1, { payload: 'y' })), // #3: awaiting PUBACK
      c(pub('a', 2, 2, { payload: 'x' })),
      c(pub('a', 2, 2, { payload: 'y' })), // #5: awaiting PUBREC
      s(ack('pubrec', 2)),
      c(pub('a', 2, 2, { payload: 'z' })), // #7: awaiting PUBREL
      s(ack('pubrec', 2)),
      c(ack('pubrel', 2)),
      c(pub('a', 2, 2, { payload: 'w' })), // #10: awaiting PUBCOMP
      c(pub('a', 2, 3)),
      s(ack('pubrec', 3)),
      c(ack('pubrel', 3)),
      c(pub('a', 2, 3)), // #14: the same PUBLISH again, but its PUBREL was sent: a reuse, not a resend
    ];
    expect(lines(steps)).toEqual([
      '#3 client clientPublishIdInUse [MQTT-4.3.2-3] PUBLISH reuses packet identifier 1, still in use by #2 (awaiting PUBACK)',
      '#5 client qos2IdAwaitingPubrec [MQTT-4.3.3-3] PUBLISH reuses packet identifier 2, still in use by #4 (awaiting PUBREC)',
      '#7 client qos2IdAwaitingPubcomp [MQTT-4.3.3-5] PUBLISH reuses packet identifier 2, still in use by #5 (awaiting PUBREL)',
      '#10 client qos2IdAwaitingPubcomp [MQTT-4.3.3-5] PUBLISH reuses packet identifier 2, still in use by #7 (awaiting PUBCOMP)',
      '#14 client qos2IdAwaitingPubcomp [MQTT-4.3.3-5] PUBLISH reuses packet identifier 3, still in use by #11 (awaiting PUBCOMP)',
    ]);
  });

  it('MQTT-3.3.1-1: the same PUBLISH sent again without DUP names its first transmission', () => {
    expect(lines([...open(4), c(pub('t', 1, 4)), c(pub('t', 1, 4))])).toEqual(['#3 client resendWithoutDup [MQTT-3.3.1-1] PUBLISH 4 is sent again (first as #2) without DUP']);
  });
});

describe('PUBLISH with DUP 1 on the same connection', () => {
  it('3.1.1: a DUP resend of a PUBLISH awaiting its acknowledgement is no fault', () => {
    expect(lines([...open(4), c(pub('t', 1, 1)), c(pub('t', 1, 1, { dup: true })), s(ack('puback', 1))])).toEqual([]);
  });

  it('MQTT-4.4.0-1 / MQTT-4.3.3-6 (5.0): a DUP resend on the same connection, and one after the PUBREL, are reported', () => {
    const steps = [
      ...open(5),
      c(pub('t', 1, 1)),
      c(pub('t', 1, 1, { dup: true })),
      c(pub('t', 2, 2)),
      s(ack('pubrec', 2)),
      c(ack('pubrel', 2)),
      c(pub('t', 2, 2, { dup: true })),
      s(ack('puback', 1)),
      s(ack('pubcomp', 2)),
    ];
    expect(lines(steps)).toEqual([
      '#3 client resendOnlyOnResume [MQTT-4.4.0-1] PUBLISH 1 (first sent as #2) resent on the same connection',
      '#7 client resendAfterPubrel [MQTT-4.3.3-6] PUBLISH 2 resent after its PUBREL (#6)',
    ]);
  });

  it('MQTT-4.4.0-2 / MQTT-4.4.0-1 / MQTT-4.3.3-2 (5.0): DUP after a failure code (0x80 included), after a completed flow, and on a first transmission', () => {
    const steps = [
      ...open(5),
      c(pub('t', 1, 1)),
      s(ack('puback', 1, 0x80)), // 0x80 Unspecified error: the lowest failure code
      c(pub('t', 1, 1, { dup: true })),
      s(ack('puback', 1)),
      c(pub('t', 1, 1, { dup: true })),
      s(ack('puback', 1)),
      c(pub('t', 2, 9, { dup: true })),
      s(ack('pubrec', 9)),
      c(ack('pubrel', 9)),
      s(ack('pubcomp', 9)),
    ];
    expect(lines(steps)).toEqual([
      '#4 client resendAfterFailure [MQTT-4.4.0-2] PUBLISH 1 retransmitted although it was acknowledged with a failure code',
      '#6 client resendOnlyOnResume [MQTT-4.4.0-1] PUBLISH 1 resent on the same connection after its flow completed',
      '#8 client firstSendDupQos2 [MQTT-4.3.3-2] the first transmission of PUBLISH 9 on a new session has DUP 1',
    ]);
  });

  it('MQTT-4.3.2-1 (3.1.1): a late DUP after the flow completed is no fault; a first transmission with DUP 1 is', () => {
    const steps = [...open(4), c(pub('t', 1, 1)), s(ack('puback', 1)), c(pub('t', 1, 1, { dup: true })), s(ack('puback', 1)), c(pub('t', 1, 7, { dup: true })), s(ack('puback', 7))];
    expect(lines(steps)).toEqual(['#6 client firstSendDupQos1 [MQTT-4.3.2-1] the first transmission of PUBLISH 7 on a new session has DUP 1']);
  });

  it('MQTT-4.3.3-1 (3.1.1): a DUP resend after the PUBREL names the first PUBREL, not a repeated one', () => {
    const steps = [...open(4), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), c(ack('pubrel', 1)), c(pub('t', 2, 1, { dup: true })), s(ack('pubcomp', 1))];
    expect(lines(steps)).toEqual(['#6 client resendAfterPubrel [MQTT-4.3.3-1] PUBLISH 1 resent after its PUBREL (#4)']);
    const conv = feed(steps);
    expect(conv.records[5].answers).toBe(3); // the repeated PUBREL answers the PUBREC
    expect(conv.records[7].answers).toBe(4); // the PUBCOMP answers the first PUBREL
  });
});

describe('PUBLISH identifiers shared with SUBSCRIBE / UNSUBSCRIBE', () => {
  it('MQTT-2.3.1-2 (3.1.1): a client PUBLISH on the identifier of a pending SUBSCRIBE is reported; a server PUBLISH on it is not', () => {
    const steps = [...open(4), c(sub(5, [['t', 1]])), s(pub('t', 1, 5)), c(ack('puback', 5)), c(pub('t', 1, 5)), s(suback(5, [1])), s(ack('puback', 5))];
    expect(lines(steps)).toEqual(['#5 client clientRequestIdInUse [MQTT-2.3.1-2] PUBLISH takes packet identifier 5, in use by SUBSCRIBE #2']);
  });

  it('MQTT-2.3.1-2 (3.1.1): a SUBSCRIBE / UNSUBSCRIBE on an identifier in use names the packet using it', () => {
    const steps = [...open(4), c(sub(1, [['a', 0]])), c(unsub(1, ['a'])), c(pub('t', 1, 2)), c(sub(2, [['b', 0]])), s(unsuback(1)), s(suback(2, [0])), s(ack('puback', 2))];
    expect(lines(steps)).toEqual([
      '#3 client clientRequestIdInUse [MQTT-2.3.1-2] UNSUBSCRIBE takes packet identifier 1, still in use by #2',
      '#5 client clientRequestIdInUse [MQTT-2.3.1-2] SUBSCRIBE takes packet identifier 2, still in use by #4',
    ]);
    const conv = feed(steps);
    expect([conv.records[6].answers, conv.records[7].answers]).toEqual([3, 5]);
  });
});

describe('Receive Maximum (5.0)', () => {
  it('MQTT-3.3.4-7 / MQTT-3.3.4-9 (5.0): the message gives the QoS, the count in flight and the maximum', () => {
    const steps = [...open(5, { properties: { receiveMaximum: 1 } }, { properties: { receiveMaximum: 1 } }), c(pub('t', 1, 1)), c(pub('t', 1, 2)), s(pub('t', 2, 1)), s(pub('t', 2, 2))];
    expect(lines(steps)).toEqual([
      "#3 client clientReceiveMaximum [MQTT-3.3.4-7] a QoS 1 PUBLISH while 1 are unacknowledged; the server's Receive Maximum is 1",
      "#5 server serverReceiveMaximum [MQTT-3.3.4-9] a QoS 2 PUBLISH while 1 are unacknowledged; the client's Receive Maximum is 1",
    ]);
  });
});

describe('PUBACK, PUBREC, PUBCOMP', () => {
  it('MQTT-2.3.1-6 / MQTT-4.3.3-2 (3.1.1): an acknowledgement nothing awaits names what it should answer', () => {
    expect(lines([...open(4), s(ack('puback', 1)), s(ack('pubrec', 2)), s(ack('pubcomp', 3))])).toEqual([
      '#2 server pubackUnknown [MQTT-2.3.1-6] PUBACK 1: no QoS 1 PUBLISH with this identifier awaits it',
      '#3 server pubrecUnknown [MQTT-2.3.1-6] PUBREC 2: no QoS 2 PUBLISH with this identifier awaits it',
      '#4 server pubcompUnknown [MQTT-4.3.3-2] PUBCOMP 3: no PUBREL with this identifier awaits it',
    ]);
  });

  it('a resumed session: an unknown PUBCOMP may answer a PUBREL of the earlier connection; an unknown PUBACK is still reported', () => {
    expect(lines([...resume(4), s(ack('pubcomp', 3)), s(ack('puback', 4))])).toEqual(['#3 server pubackUnknown [MQTT-2.3.1-6] PUBACK 4: no QoS 1 PUBLISH with this identifier awaits it']);
  });

  it('MQTT-4.3.3-2 (3.1.1): a PUBCOMP before the PUBREL says what the QoS 2 flow awaits', () => {
    const steps = [...open(4), c(pub('t', 2, 1)), s(ack('pubcomp', 1)), s(ack('pubrec', 1)), s(ack('pubcomp', 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1))];
    expect(lines(steps)).toEqual([
      '#3 server pubcompUnknown [MQTT-4.3.3-2] PUBCOMP 1 before the PUBREL (the PUBLISH #2 is awaiting PUBREC)',
      '#5 server pubcompUnknown [MQTT-4.3.3-2] PUBCOMP 1 before the PUBREL (the PUBLISH #2 is awaiting PUBREL)',
    ]);
    expect(feed(steps).records[7].answers).toBe(6);
  });

  it('MQTT-3.3.4-1: PUBREC to a QoS 1 PUBLISH and PUBACK to a QoS 2 one name the acknowledgement needed', () => {
    expect(lines([...open(4), c(pub('t', 1, 1)), c(pub('t', 2, 2)), s(ack('pubrec', 1)), s(ack('puback', 2))])).toEqual([
      '#4 server wrongAckForQos [MQTT-3.3.4-1] PUBREC 1 answers a QoS 1 PUBLISH (#2), which needs PUBACK',
      '#5 server wrongAckForQos [MQTT-3.3.4-1] PUBACK 2 answers a QoS 2 PUBLISH (#3), which needs PUBREC',
    ]);
  });

  it('a PUBREL for no QoS 2 flow, then a PUBACK of that identifier: the PUBACK is still unknown, a PUBCOMP answers the stray PUBREL', () => {
    const steps = [...open(4), c(ack('pubrel', 7)), s(ack('puback', 7)), s(ack('pubcomp', 7))];
    expect(lines(steps)).toEqual([
      '#2 client pubrelBeforePubrec [MQTT-2.3.1-6] PUBREL 7: no QoS 2 PUBLISH with this identifier has been received with PUBREC',
      '#3 server pubackUnknown [MQTT-2.3.1-6] PUBACK 7: no QoS 1 PUBLISH with this identifier awaits it',
    ]);
    expect(feed(steps).records[4].answers).toBe(2);
  });

  it('MQTT-4.6.0-2 / MQTT-4.6.0-3: the client acknowledges in arrival order, per QoS; a repeated PUBREC is no reordering', () => {
    const steps = [
      ...open(4),
      s(pub('t', 1, 1)),
      s(pub('t', 2, 2)),
      c(ack('pubrec', 2)), // the first QoS 2 PUBLISH awaiting PUBREC: in order, though a QoS 1 one came first
      c(ack('puback', 1)),
      s(pub('t', 1, 3)),
      s(pub('t', 1, 4)),
      c(ack('puback', 4)),
      c(ack('puback', 3)),
      s(pub('t', 2, 5)),
      s(pub('t', 2, 6)),
      c(ack('pubrec', 6)),
      c(ack('pubrec', 5)),
      c(ack('pubrec', 2)), // repeated (for a DUP PUBLISH): PUBLISH 5 and 6 are received already
    ];
    expect(lines(steps)).toEqual([
      '#8 client pubackOrder [MQTT-4.6.0-2] PUBACK 4 before the PUBACK of PUBLISH 3, which arrived earlier',
      '#12 client pubrecOrder [MQTT-4.6.0-3] PUBREC 6 before the PUBREC of PUBLISH 5, which arrived earlier',
    ]);
  });

  it('MQTT-4.6.0-3: a PUBREC repeated while a later QoS 2 PUBLISH awaits its own is no reordering, and answers the PUBLISH', () => {
    const steps = [...open(4), s(pub('t', 2, 1)), s(pub('t', 2, 2)), c(ack('pubrec', 1)), c(ack('pubrec', 1)), c(ack('pubrec', 2)), s(ack('pubrel', 2)), s(ack('pubrel', 1)), c(ack('pubcomp', 2)), c(ack('pubcomp', 1))];
    expect(lines(steps)).toEqual([]); // the server's PUBRELs need no order either
    expect(feed(steps).records[5].answers).toBe(2);
  });
});

describe('PUBREL', () => {
  it('MQTT-2.3.1-6 (3.1.1): a PUBREL for a QoS 1 flow or before the PUBREC names what is wrong', () => {
    const steps = [...open(4), c(pub('t', 1, 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1)), c(pub('t', 2, 2)), c(ack('pubrel', 2))];
    expect(lines(steps)).toEqual([
      '#3 client pubrelBeforePubrec [MQTT-2.3.1-6] PUBREL 1: no QoS 2 PUBLISH with this identifier has been received with PUBREC',
      '#4 server pubcompUnknown [MQTT-4.3.3-2] PUBCOMP 1 before the PUBREL (the PUBLISH #2 is awaiting PUBREC)',
      '#6 client pubrelBeforePubrec [MQTT-2.3.1-6] PUBREL 2 before the PUBREC of PUBLISH #5',
    ]);
  });

  it('a resumed session: a PUBREL for an unknown identifier may continue an earlier flow, one for a QoS 1 flow may not', () => {
    expect(lines([...resume(4), c(ack('pubrel', 8)), c(pub('t', 1, 1)), c(ack('pubrel', 1))])).toEqual([
      '#4 client pubrelBeforePubrec [MQTT-2.3.1-6] PUBREL 1: no QoS 2 PUBLISH with this identifier has been received with PUBREC',
    ]);
  });

  it('MQTT-4.4.0-1 (5.0): a PUBREL repeated on the same connection names the first; 3.1.1 does not number it', () => {
    const steps = (v: V): Step[] => [...open(v), c(pub('t', 2, 1)), s(ack('pubrec', 1)), c(ack('pubrel', 1)), c(ack('pubrel', 1)), s(ack('pubcomp', 1))];
    expect(lines(steps(5))).toEqual(['#5 client resendOnlyOnResume [MQTT-4.4.0-1] PUBREL 1 resent on the same connection (first #4)']);
    expect(lines(steps(4))).toEqual([]);
    for (const v of [4, 5] as const) {
      const conv = feed(steps(v));
      expect([conv.records[5].answers, conv.records[6].answers]).toEqual([3, 4]);
    }
  });

  it('MQTT-4.6.0-4: the client sends PUBRELs in the order the PUBRECs arrived', () => {
    const steps = [
      ...open(4),
      c(pub('t', 2, 1)),
      c(pub('t', 2, 2)),
      s(ack('pubrec', 1)),
      s(ack('pubrec', 2)),
      c(ack('pubrel', 1)), // in order: the earliest PUBREC, though a later one is also waiting
      c(ack('pubrel', 2)),
      c(pub('t', 2, 3)),
      c(pub('t', 2, 4)),
      s(ack('pubrec', 4)),
      s(ack('pubrec', 3)),
      c(ack('pubrel', 3)),
      c(ack('pubrel', 4)),
    ];
    expect(lines(steps)).toEqual(['#12 client pubrelOrder [MQTT-4.6.0-4] PUBREL 3 before the PUBREL for PUBREC 4, which arrived earlier']);
  });
});

describe('SUBACK and UNSUBACK', () => {
  it('a conversation started mid-connection: a SUBACK to a SUBSCRIBE seen is its answer (nothing left unanswered)', () => {
    const conv = new Conversation({ protocolVersion: 4, midConnection: true });
    conv.client(sub(1, [['a', 0]]));
    conv.server(suback(1, [0]));
    expect(conv.end()).toEqual([]);
    expect(conv.diagnostics).toEqual([]);
    expect(conv.records[1].answers).toBe(0);
  });

  it('MQTT-3.8.4-2 / MQTT-3.10.4-6 / MQTT-3.10.4-4 / MQTT-3.8.4-4 (3.1.1): answers of the wrong kind, repeated or unknown', () => {
    const steps = [
      ...open(4),
      c(unsub(1, ['a'])),
      s(suback(1, [0])),
      s(unsuback(1)),
      s(unsuback(1)),
      s(unsuback(9)),
      c(sub(2, [['b', 1]])),
      s(suback(2, [1])),
      s(suback(2, [1])),
    ];
    expect(lines(steps)).toEqual([
      '#3 server subackUnknown [MQTT-3.8.4-2] SUBACK 1: no SUBSCRIBE with this identifier awaits it (#2 is UNSUBSCRIBE)',
      '#5 server unsubackTwice [MQTT-3.10.4-6] a second UNSUBACK for UNSUBSCRIBE 1',
      '#6 server unsubackUnknown [MQTT-3.10.4-4] UNSUBACK 9: no UNSUBSCRIBE with this identifier awaits it',
      '#9 server subackTwice [MQTT-3.8.4-4] a second SUBACK for SUBSCRIBE 2',
    ]);
    expect(feed(steps).records[4].answers).toBe(2);
  });

  it('MQTT-3.8.4-6 / MQTT-3.9.3-1 / MQTT-3.8.4-7 / MQTT-3.11.3-1 (5.0): SUBACK and UNSUBACK codes against the request and the Maximum QoS', () => {
    const steps = [
      ...open(5, {}, { properties: { maximumQoS: 1 } }),
      c(sub(1, [['a', 2], ['b', 0]])),
      s(suback(1, [1, 1, 2])), // a third code for no filter: counted, not compared
      c(sub(2, [['c', 2]])),
      s(suback(2, [2])),
      c(unsub(3, ['a', 'b'])),
      s(unsuback(3, [0])),
      c(unsub(4, ['c'])),
      s(unsuback(4)), // given decoded without codes
    ];
    expect(lines(steps)).toEqual([
      '#3 server subackCount [MQTT-3.8.4-6] SUBACK has 3 code(s) for 2 Topic Filter(s)',
      '#3 server subackAboveRequested [MQTT-3.9.3-1] SUBACK code 1 grants QoS 1 to "b", which requested QoS 0',
      "#5 server subackAboveMaximumQos [MQTT-3.8.4-7] SUBACK code 0 grants QoS 2 although the server's Maximum QoS is 1",
      '#7 server unsubackCount [MQTT-3.11.3-1] UNSUBACK has 1 code(s) for 2 Topic Filter(s)',
      '#9 server unsubackCount [MQTT-3.11.3-1] UNSUBACK has 0 code(s) for 1 Topic Filter(s)',
    ]);
  });

  it('MQTT-3.8.4-6 (5.0): one SUBACK code more than the filters is counted, and not checked against the Maximum QoS', () => {
    expect(lines([...open(5, {}, { properties: { maximumQoS: 1 } }), c(sub(1, [['a', 1]])), s(suback(1, [1, 2]))])).toEqual([
      '#3 server subackCount [MQTT-3.8.4-6] SUBACK has 2 code(s) for 1 Topic Filter(s)',
    ]);
  });
});

describe('DISCONNECT', () => {
  it('3.1.1: a DISCONNECT given decoded from the server after a refusing CONNACK is only a packet after the refusal', () => {
    expect(lines([...open(4, {}, { reasonCode: 5 }), s(disconnect())])).toEqual(['#2 server afterFailedConnack [MQTT-3.2.2-5] DISCONNECT after a CONNACK that refused the connection']);
  });

  it('MQTT-3.14.0-1 (5.0): the server, not the client, sends no DISCONNECT before a successful CONNACK', () => {
    expect(lines([c(connect(5)), c(disconnect())])).toEqual([]);
    expect(lines([c(connect(5)), s(disconnect())])).toEqual(['#1 server disconnectBeforeConnack [MQTT-3.14.0-1] the server sends DISCONNECT before a successful CONNACK']);
  });

  it('5.0: a client DISCONNECT setting a Session Expiry Interval after 0 on CONNECT is reported (no numbered rule); a server one, or one with no CONNECT seen, is not', () => {
    expect(lines([...open(5), c(disconnect(0, { sessionExpiryInterval: 30 }))])).toEqual(['#2 client sessionExpiryOnDisconnect [-] DISCONNECT sets Session Expiry Interval 30 after 0 on CONNECT']);
    expect(lines([...open(5), s(disconnect(0, { sessionExpiryInterval: 30 }))])).toEqual([]);
    expect(lines([c(disconnect(0, { sessionExpiryInterval: 30 }))], { protocolVersion: 5, midConnection: true })).toEqual([]);
  });

  it('MQTT-3.3.2-12 (5.0): a server DISCONNECT 0x94 although every client Topic Alias was valid', () => {
    expect(lines([...open(5), s(disconnect(0x94))])).toEqual(['#2 server serverRefusedValidAlias [MQTT-3.3.2-12] DISCONNECT 0x94 (Topic Alias invalid) although every Topic Alias the client sent was valid']);
  });

  it('MQTT-3.14.4-2 (3.1.1): packets after a DISCONNECT name the first DISCONNECT', () => {
    expect(lines([...open(4), c(disconnect()), c(disconnect()), c(PINGREQ)])).toEqual([
      "#3 client afterDisconnect [MQTT-3.14.4-2] DISCONNECT after this side's DISCONNECT (#2)",
      "#4 client afterDisconnect [MQTT-3.14.4-2] PINGREQ after this side's DISCONNECT (#2)",
    ]);
  });
});

describe('AUTH (5.0)', () => {
  it('a conversation started mid-connection: AUTH from either side is not checked against an unseen CONNECT', () => {
    expect(lines([c(auth(0x18)), s(auth(0x18)), c(auth(0x18))], { protocolVersion: 5, midConnection: true })).toEqual([]);
  });

  it('MQTT-4.12.0-7 / MQTT-4.12.0-6 (5.0): AUTH from either side without an Authentication Method in CONNECT', () => {
    expect(lines([...open(5), c(auth(0x19)), s(auth(0))])).toEqual([
      '#2 client authWithoutMethodClient [MQTT-4.12.0-7] AUTH from a client whose CONNECT had no Authentication Method',
      '#3 server authWithoutMethodServer [MQTT-4.12.0-6] AUTH from the server although the CONNECT had no Authentication Method',
    ]);
  });

  it('MQTT-4.12.0-5 (5.0): a client AUTH continuing the exchange (0x18) with another method is a mismatch, not a re-authentication', () => {
    expect(lines([c(connect(5, { properties: { authenticationMethod: 'M' } })), s(auth(0x18, 'M')), c(auth(0x18, 'X'))])).toEqual([
      '#2 client authMethodMismatch [MQTT-4.12.0-5] AUTH with Authentication Method "X", not the CONNECT\'s "M"',
    ]);
  });

  it('MQTT-4.12.0-5 / MQTT-4.12.0-3 / MQTT-4.12.0-2 / MQTT-4.12.1-1 (5.0): an enhanced authentication exchange and a re-authentication', () => {
    const steps = [
      c(connect(5, { properties: { authenticationMethod: 'M' } })),
      s(auth(0x18, 'M')),
      c(auth(0x18, 'M')), // the same method: no fault
      s(auth(0x18, 'X')),
      c(auth(0x19, 'M')), // answers the server's AUTH 0x18 with 0x19
      s(auth(0, 'M')), // before the CONNACK, with 0x00
      s(connack({ properties: { authenticationMethod: 'M' } })),
      c(auth(0x19, 'N')),
      s(auth(0, 'M')), // after the CONNACK: re-authentication succeeded
      c(auth(0x19, 'M')), // the server's AUTH 0x00 asked for nothing
      s(auth(0x18, 'M')),
      c(auth(0x18, 'M')),
      c(auth(0x19, 'M')), // the server's AUTH 0x18 was answered already
    ];
    expect(lines(steps)).toEqual([
      '#3 server authMethodMismatch [MQTT-4.12.0-5] AUTH with Authentication Method "X", not the CONNECT\'s "M"',
      "#4 client authContinueClient [MQTT-4.12.0-3] the client answers the server's AUTH with reason 0x19, not 0x18",
      '#5 server authContinueServer [MQTT-4.12.0-2] server AUTH before CONNACK with reason 0x0, not 0x18 (Continue authentication)',
      '#7 client reauthMethod [MQTT-4.12.1-1] AUTH with Authentication Method "N", not the CONNECT\'s "M"',
    ]);
  });
});

describe('end(): requests and pings left unanswered', () => {
  it('MQTT-3.8.4-1 / MQTT-3.10.4-5 / MQTT-3.12.4-1 (3.1.1): each unanswered request is reported on its packet, as a fault of the server', () => {
    expect(lines([...open(4), c(sub(1, [['a', 0]])), c(unsub(2, ['a'])), c(PINGREQ)])).toEqual([
      '#2 server subscribeUnanswered [MQTT-3.8.4-1] SUBSCRIBE 1 was never answered',
      '#3 server unsubscribeUnanswered [MQTT-3.10.4-5] UNSUBSCRIBE 2 was never answered',
      '#4 server pingreqUnanswered [MQTT-3.12.4-1] PINGREQ was never answered',
    ]);
  });

  it('nothing is unanswered after a server DISCONNECT (5.0)', () => {
    expect(lines([...open(5), c(sub(1, [['a', 0]])), s(disconnect())])).toEqual([]);
  });

  it.each(['client', 'server'] as const)('nothing is unanswered after undecodable bytes from the %s', (side) => {
    const conv = feed([...open(4), c(sub(1, [['a', 0]])), c(PINGREQ), [side, MALFORMED()]]);
    expect(conv.end()).toEqual([]);
    expect(conv.diagnostics.map((d) => `#${d.packetIndex} ${d.side} ${d.check}`)).toEqual([`#4 ${side} malformed`]);
  });
});
