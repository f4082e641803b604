/**
 * The stateful checks of src/conversation/checks.ts (its first part: what came before a packet,
 * Keep Alive, the 5.0 limits and capabilities, CONNECT, CONNACK, Topic Aliases, the QoS granted),
 * each shown with the exact diagnostics a Conversation reports: check, side, packet index, rule id
 * (or none) and message. Packets are pushed decoded (raw bytes only for undecodable packets), so
 * a conversation may carry what encoding would drop (5.0 properties on a 3.1.1 connection).
 */
import { describe, expect, it } from 'vitest';
import type { Packet, ProtocolVersion, Sender } from '../src/index.js';
import { Conversation, type ConversationOptions } from '../src/conversation/index.js';

type Connect = Extract<Packet, { type: 'connect' }>;
type Connack = Extract<Packet, { type: 'connack' }>;
/** A packet sent by a side, with its time and, when given, its size on the wire. */
type Step = [Sender, Packet | Uint8Array, number?, number?];

const c = (p: Packet | Uint8Array, t?: number, size?: number): Step => ['client', p, t, size];
const s = (p: Packet | Uint8Array, t?: number, size?: number): Step => ['server', p, t, size];
const connect = (v: ProtocolVersion, extra: Partial<Connect> = {}): Connect => ({ type: 'connect', protocolVersion: v, clientId: 'c1', cleanStart: true, keepAlive: 0, ...extra });
const connack = (extra: Partial<Connack> = {}): Connack => ({ type: 'connack', sessionPresent: false, reasonCode: 0, ...extra });
const pub = (topic: string, qos: 0 | 1 | 2, packetId?: number, extra: object = {}): Packet =>
  ({ type: 'publish', topic, payload: 'x', qos, retain: false, dup: false, ...(qos > 0 ? { packetId } : {}), ...extra }) as Packet;
const sub = (packetId: number, filters: [string, 0 | 1 | 2][], properties?: object): Packet =>
  ({ type: 'subscribe', packetId, subscriptions: filters.map(([topicFilter, qos]) => ({ topicFilter, qos })), ...(properties ? { properties } : {}) }) as Packet;
const disconnect = (reasonCode = 0): Packet => ({ type: 'disconnect', reasonCode }) as Packet;
const PINGREQ: Packet = { type: 'pingreq' };
const PINGRESP: Packet = { type: 'pingresp' };
/** A PUBLISH with both QoS bits set: not decodable, from either side [MQTT-3.3.1-4]. */
const MALFORMED = new Uint8Array([0x36, 0x00]);

/** Feeds `steps` to a new Conversation, ends it, and returns it. */
function run(options: ConversationOptions, steps: Step[]): Conversation {
  const conv = new Conversation(options);
  for (const [side, p, t, size] of steps) conv.push(side, p, t, size);
  conv.end();
  return conv;
}

/** Each diagnostic as [packet index, side, check, rule id or null, message detail]. */
function found(conv: Conversation): [number, Sender, string, string | null, string][] {
  return conv.diagnostics.map((d) => [d.packetIndex, d.side, d.check, d.rule ?? null, d.detail]);
}

const v4open = (cx: Partial<Connect> = {}, ca: Partial<Connack> = {}): Step[] => [c(connect(4, cx)), s(connack(ca))];
const v5open = (cx: Partial<Connect> = {}, ca: Partial<Connack> = {}): Step[] => [c(connect(5, cx)), s(connack(ca))];

describe('payload comparison of a PUBLISH sent again with its packet identifier in use', () => {
  it('MQTT-3.3.1-1: the same string payload again without DUP is a resend without DUP, not an identifier reuse', () => {
    const conv = run({}, [...v4open(), c(pub('t', 1, 1, { payload: 'x' })), c(pub('t', 1, 1, { payload: 'x' }))]);
    expect(found(conv)).toEqual([[3, 'client', 'resendWithoutDup', 'MQTT-3.3.1-1', 'PUBLISH 1 is sent again (first as #2) without DUP']]);
  });

  it('MQTT-2.3.1-2: a longer payload that starts with the first one is a new message reusing the identifier', () => {
    const conv = run({}, [...v4open(), c(pub('t', 1, 1, { payload: new Uint8Array([1]) })), c(pub('t', 1, 1, { payload: new Uint8Array([1, 2]) }))]);
    expect(found(conv)).toEqual([[3, 'client', 'clientPublishIdInUse', 'MQTT-2.3.1-2', 'PUBLISH reuses packet identifier 1, still in use by #2']]);
  });

  it('MQTT-2.3.1-2: a payload of the same length with other bytes is a new message reusing the identifier', () => {
    const conv = run({}, [...v4open(), c(pub('t', 1, 1, { payload: new Uint8Array([1, 2]) })), c(pub('t', 1, 1, { payload: new Uint8Array([1, 3]) }))]);
    expect(found(conv)).toEqual([[3, 'client', 'clientPublishIdInUse', 'MQTT-2.3.1-2', 'PUBLISH reuses packet identifier 1, still in use by #2']]);
  });

  it('MQTT-2.3.1-2: the same bytes given as a Uint8Array are the same payload', () => {
    const conv = run({}, [...v4open(), c(pub('t', 1, 1, { payload: new Uint8Array([1, 2]) })), c(pub('t', 1, 1, { payload: new Uint8Array([1, 2]) }))]);
    expect(found(conv).map((d) => d[2])).toEqual(['resendWithoutDup']);
  });

  // A text payload is its UTF-8 bytes: the same bytes given once as text and once as bytes are the
  // same payload (a resend), not an identifier reuse. (Only packets built by hand mix the two.)
  for (const [name, first, second] of [
    ['text then its bytes', 'ab', new Uint8Array([0x61, 0x62])],
    ['empty text then empty bytes', '', new Uint8Array(0)],
    ['empty bytes then empty text', new Uint8Array(0), ''],
    ['bytes then their text, non-ASCII', new Uint8Array([0xc3, 0xa9]), 'é'],
  ] as const) {
    it(`MQTT-3.3.1-1: a payload given as ${name} is the same payload (resend without DUP)`, () => {
      const conv = run({}, [...v4open(), c(pub('t', 1, 1, { payload: first })), c(pub('t', 1, 1, { payload: second }))]);
      expect(found(conv).map((d) => d[2])).toEqual(['resendWithoutDup']);
    });
  }
});

describe('a text payload and a byte payload that differ', () => {
  it('MQTT-2.3.1-2: "ab" then the bytes of "ac" is an identifier reuse, not a resend', () => {
    const conv = run({}, [...v4open(), c(pub('t', 1, 1, { payload: 'ab' })), c(pub('t', 1, 1, { payload: new Uint8Array([0x61, 0x63]) }))]);
    expect(found(conv).map((d) => d[2])).toEqual(['clientPublishIdInUse']);
  });
});

describe('midConnection: earlier packets are unknown only until a CONNECT is seen', () => {
  it('MQTT-3.12.4-1: after a CONNECT seen mid-capture, a PINGRESP without PINGREQ is a fault', () => {
    const conv = run({ protocolVersion: 5, midConnection: true }, [...v5open(), s(PINGRESP)]);
    expect(found(conv)).toEqual([[2, 'server', 'pingrespUnasked', 'MQTT-3.12.4-1', 'PINGRESP without a PINGREQ awaiting it']]);
  });

  it('before any CONNECT, a PINGRESP without PINGREQ may answer one sent before the capture', () => {
    const conv = run({ protocolVersion: 5, midConnection: true }, [s(PINGRESP)]);
    expect(found(conv)).toEqual([]);
  });
});

describe('afterMalformed: the receiver of an undecodable packet closes', () => {
  it('MQTT-4.8.0-1 (3.1.1): the client goes on after the server’s undecodable packet: reported once, citing the rule', () => {
    const conv = run({}, [...v4open(), s(MALFORMED), c(PINGREQ), c(PINGREQ)]);
    expect(found(conv)).toEqual([
      [2, 'server', 'malformed', 'MQTT-3.3.1-4', expect.any(String)],
      [3, 'client', 'afterMalformed', 'MQTT-4.8.0-1', "the client goes on sending after the server's undecodable packet #2"],
    ]);
  });

  it('3.1.1: a client DISCONNECT after the server’s undecodable packet is still a packet sent after it', () => {
    const conv = run({}, [...v4open(), s(MALFORMED), c(disconnect())]);
    expect(found(conv).slice(1)).toEqual([[3, 'client', 'afterMalformed', 'MQTT-4.8.0-1', "the client goes on sending after the server's undecodable packet #2"]]);
  });

  it('5.0: a client going on is reported without a rule id; each side is reported once, for its own peer', () => {
    const conv = run({}, [...v5open(), s(MALFORMED), c(PINGREQ), c(MALFORMED), s(PINGRESP), s(PINGRESP)]);
    expect(found(conv).filter((d) => d[2] === 'afterMalformed')).toEqual([
      [3, 'client', 'afterMalformed', null, "the client goes on sending after the server's undecodable packet #2"],
      [5, 'server', 'afterMalformed', 'MQTT-4.13.1-1', "the server goes on sending after the client's undecodable packet #4"],
    ]);
  });

  it('a side that sent an undecodable packet itself is not reported for going on (only its peer’s fault counts)', () => {
    const conv = run({}, [...v4open(), c(MALFORMED), c(PINGREQ)]);
    expect(found(conv).map((d) => d[2])).toEqual(['malformed']);
  });
});

describe('afterDisconnect: nothing after DISCONNECT', () => {
  it('MQTT-3.14.4-2 (3.1.1): a client packet after its DISCONNECT, named in capitals', () => {
    const conv = run({}, [...v4open(), c(disconnect()), c(PINGREQ)]);
    expect(found(conv)).toEqual([[3, 'client', 'afterDisconnect', 'MQTT-3.14.4-2', "PINGREQ after this side's DISCONNECT (#2)"]]);
  });

  it('3.1.1 has no server DISCONNECT rule: a server packet after a server DISCONNECT is reported without a rule id', () => {
    const conv = run({}, [...v4open(), s(disconnect()), s(pub('t', 0))]);
    expect(found(conv)).toEqual([[3, 'server', 'afterDisconnect', null, "PUBLISH after this side's DISCONNECT (#2)"]]);
  });
});

describe('a CONNACK that refused the connection', () => {
  it('MQTT-3.1.4-5 MQTT-3.2.2-5 (3.1.1): server answers and packets after it; the client is not at fault; a second CONNACK is only connackTwice', () => {
    const conv = run({}, [...v4open({}, { reasonCode: 5 }), c(PINGREQ), s(PINGRESP), s(pub('t', 0)), s(connack())]);
    expect(found(conv)).toEqual([
      [3, 'server', 'processedAfterRejection', 'MQTT-3.1.4-5', 'PINGRESP answers a client packet although the CONNACK refused the connection'],
      [4, 'server', 'afterFailedConnack', 'MQTT-3.2.2-5', 'PUBLISH after a CONNACK that refused the connection'],
      [5, 'server', 'connackTwice', null, 'a second CONNACK (the first is #1)'],
    ]);
    expect(conv.records[3].answers).toBe(2);
  });

  it('MQTT-3.2.2-7 (5.0): reason code 0x80 refuses the connection', () => {
    const conv = run({}, [...v5open({}, { reasonCode: 0x80 }), s(pub('t', 0))]);
    expect(found(conv)).toEqual([[2, 'server', 'afterFailedConnack', 'MQTT-3.2.2-7', 'PUBLISH after a CONNACK that refused the connection']]);
  });

  it('MQTT-3.2.0-2 (5.0): a second CONNACK cites the rule', () => {
    const conv = run({}, [...v5open(), s(connack())]);
    expect(found(conv)).toEqual([[2, 'server', 'connackTwice', 'MQTT-3.2.0-2', 'a second CONNACK (the first is #1)']]);
  });
});

describe('Session Present', () => {
  it('MQTT-3.2.2-2 MQTT-3.2.2-4 (5.0): Session Present 1 on Clean Start 1; only the client going on is its fault, reported once', () => {
    const conv = run({}, [...v5open({}, { sessionPresent: true }), s(pub('t', 0)), c(PINGREQ), s(PINGRESP), c(PINGREQ), s(PINGRESP)]);
    expect(found(conv)).toEqual([
      [1, 'server', 'sessionPresentClean', 'MQTT-3.2.2-2', 'Session Present 1 on a connection with Clean Start 1'],
      [3, 'client', 'sessionPresentUnexpected', 'MQTT-3.2.2-4', 'the client has no session (Clean Start 1) but goes on after a CONNACK with Session Present 1'],
    ]);
  });

  it('MQTT-3.2.2-1 (3.1.1): Session Present 1 on CleanSession 1; the client going on breaks no 3.1.1 rule', () => {
    const conv = run({}, [...v4open({}, { sessionPresent: true }), c(PINGREQ), s(PINGRESP)]);
    expect(found(conv)).toEqual([[1, 'server', 'sessionPresentClean', 'MQTT-3.2.2-1', 'Session Present 1 on a connection with CleanSession 1']]);
  });

  it('5.0: a client with Clean Start 0 goes on after Session Present 1', () => {
    const conv = run({}, [...v5open({ cleanStart: false }, { sessionPresent: true }), c(PINGREQ), s(PINGRESP)]);
    expect(found(conv)).toEqual([]);
  });
});

describe('the first packets: CONNECT, CONNACK', () => {
  it('MQTT-3.1.0-1 (5.0): a CONNACK before any CONNECT answers nothing; the client’s first packet is then not CONNECT', () => {
    const conv = run({ protocolVersion: 5 }, [s(connack({ sessionPresent: true })), c(PINGREQ), s(PINGRESP)]);
    expect(found(conv)).toEqual([[1, 'client', 'connectFirst', 'MQTT-3.1.0-1', "the client's first packet is PINGREQ, not CONNECT"]]);
    expect(conv.records[0].answers).toBeUndefined();
    expect(conv.records[2].answers).toBe(1);
  });

  it('MQTT-3.1.0-2: a second CONNECT, naming the first', () => {
    const conv = run({}, [...v4open(), c(connect(4))]);
    expect(found(conv)).toEqual([[2, 'client', 'connectTwice', 'MQTT-3.1.0-2', 'a second CONNECT (the first is #0)']]);
  });

  it('MQTT-3.2.0-1 (3.1.1): a server packet before the CONNACK, named in capitals', () => {
    const conv = run({}, [c(connect(4)), s(pub('t', 0)), s(connack())]);
    expect(found(conv)).toEqual([[1, 'server', 'connackFirst', 'MQTT-3.2.0-1', 'PUBLISH from the server before its CONNACK']]);
  });

  it('5.0: a server DISCONNECT before the CONNACK is disconnectBeforeConnack, not connackFirst', () => {
    const conv = run({}, [c(connect(5)), s(disconnect(0x87))]);
    expect(found(conv)).toEqual([[1, 'server', 'disconnectBeforeConnack', 'MQTT-3.14.0-1', 'the server sends DISCONNECT before a successful CONNACK']]);
  });

  it('a CONNECT without protocolVersion keeps the version of the options', () => {
    const conv = new Conversation({ protocolVersion: 5 });
    conv.client({ type: 'connect', clientId: 'c1', cleanStart: true, keepAlive: 0 } as Packet);
    expect(conv.protocolVersion).toBe(5);
  });
});

describe('authBeforeConnack (5.0): with an Authentication Method, only AUTH or DISCONNECT before CONNACK', () => {
  it('MQTT-3.1.2-30: a PINGREQ is reported; a second CONNECT only as connectTwice; a DISCONNECT is allowed', () => {
    const conv = run({}, [c(connect(5, { properties: { authenticationMethod: 'M' } })), c(PINGREQ), c(connect(5)), c(disconnect())]);
    expect(found(conv)).toEqual([
      [1, 'client', 'authBeforeConnack', 'MQTT-3.1.2-30', 'PINGREQ before CONNACK while authenticating with "M"'],
      [2, 'client', 'connectTwice', 'MQTT-3.1.0-2', 'a second CONNECT (the first is #0)'],
    ]);
  });
});

describe('5.0 properties on a 3.1.1 connection (packets given decoded) are not announcements', () => {
  it('no Maximum Packet Size from a 3.1.1 CONNECT', () => {
    const conv = run({}, [c(connect(4, { properties: { maximumPacketSize: 2 } })), s(connack(), undefined, 4)]);
    expect(found(conv)).toEqual([]);
  });

  it('no Wildcard Subscription Available from a 3.1.1 CONNACK', () => {
    const conv = run({}, [...v4open({}, { properties: { wildcardSubscriptionAvailable: 0 } }), c(sub(1, [['a/+', 0]])), s({ type: 'suback', packetId: 1, reasonCodes: [0] })]);
    expect(found(conv)).toEqual([]);
  });

  it('MQTT-3.1.2-23 (3.1.1): no Server Keep Alive from a 3.1.1 CONNACK: the client’s own Keep Alive counts', () => {
    const conv = run({}, [c(connect(4, { keepAlive: 10 }), 0), s(connack({ properties: { serverKeepAlive: 5 } }), 0), c(PINGREQ, 12), s(PINGRESP, 12)]);
    expect(found(conv)).toEqual([[2, 'client', 'keepAliveClient', 'MQTT-3.1.2-23', 'the client was silent for 12 s; Keep Alive is 10 s']]);
  });

  it('no Assigned Client Identifier is due in 3.1.1', () => {
    const conv = run({}, v4open({ clientId: '' }));
    expect(found(conv)).toEqual([]);
  });

  it('no Topic Alias check in 3.1.1', () => {
    const conv = run({}, [...v4open(), c(pub('t', 0, undefined, { properties: { topicAlias: 1 } }))]);
    expect(found(conv)).toEqual([]);
    expect(conv.records[2].topic).toBe('t');
  });
});

describe('Keep Alive', () => {
  it('Keep Alive 0: no silence is too long', () => {
    const conv = run({}, [...v4open({ keepAlive: 0 }).map((x, i) => [x[0], x[1], i] as Step), c(PINGREQ, 100), s(PINGRESP, 100)]);
    expect(found(conv)).toEqual([]);
  });

  it('MQTT-3.1.2-23 (3.1.1): only client packets count as the client’s activity, and only client packets are faults of the client', () => {
    const conv = run({}, [c(connect(4, { keepAlive: 10 }), 0), s(connack(), 0), s(pub('t', 0), 12), c(PINGREQ, 12.3456), s(PINGRESP, 12.4)]);
    expect(found(conv)).toEqual([[3, 'client', 'keepAliveClient', 'MQTT-3.1.2-23', 'the client was silent for 12.346 s; Keep Alive is 10 s']]);
  });

  it('a silence of exactly Keep Alive plus the tolerance is allowed', () => {
    const conv = run({}, [c(connect(4, { keepAlive: 10 }), 0), s(connack(), 0), c(PINGREQ, 11), s(PINGRESP, 11)]);
    expect(found(conv)).toEqual([]);
  });

  it('a packet without a time does not reset the client’s last time', () => {
    const conv = run({}, [c(connect(4, { keepAlive: 10 }), 0), s(connack(), 0), c(PINGREQ), s(PINGRESP), c(PINGREQ, 20), s(PINGRESP, 20)]);
    expect(found(conv)).toEqual([
      [4, 'client', 'keepAliveClient', 'MQTT-3.1.2-23', 'the client was silent for 20 s; Keep Alive is 10 s'],
      [4, 'client', 'keepAliveServer', 'MQTT-3.1.2-24', 'the connection is still open after the client was silent for 20 s, over 1.5 × Keep Alive (10 s)'],
    ]);
  });

  it('MQTT-3.1.2-24 (3.1.1): the server’s duty to close starts over 1.5 × Keep Alive plus the tolerance; reported once', () => {
    const conv = run({}, [
      c(connect(4, { keepAlive: 10 }), 0), s(connack(), 0),
      c(PINGREQ, 15), s(PINGRESP, 15), // 15 s: over Keep Alive, within 1.5 ×
      c(PINGREQ, 31), s(PINGRESP, 31), // 16 s: exactly 1.5 × plus the tolerance
      c(PINGREQ, 47.5), s(PINGRESP, 47.5), // 16.5 s
      c(PINGREQ, 64), s(PINGRESP, 64), // 16.5 s again: the server's fault is reported once
    ]);
    expect(found(conv)).toEqual([
      [2, 'client', 'keepAliveClient', 'MQTT-3.1.2-23', 'the client was silent for 15 s; Keep Alive is 10 s'],
      [4, 'client', 'keepAliveClient', 'MQTT-3.1.2-23', 'the client was silent for 16 s; Keep Alive is 10 s'],
      [6, 'client', 'keepAliveClient', 'MQTT-3.1.2-23', 'the client was silent for 16.5 s; Keep Alive is 10 s'],
      [6, 'client', 'keepAliveServer', 'MQTT-3.1.2-24', 'the connection is still open after the client was silent for 16.5 s, over 1.5 × Keep Alive (10 s)'],
      [8, 'client', 'keepAliveClient', 'MQTT-3.1.2-23', 'the client was silent for 16.5 s; Keep Alive is 10 s'],
    ]);
  });

  it('MQTT-3.1.2-24 (3.1.1): a client DISCONNECT after a long silence does not excuse the server', () => {
    const conv = run({}, [c(connect(4, { keepAlive: 10 }), 0), s(connack(), 0), c(disconnect(), 20)]);
    expect(found(conv)).toEqual([
      [2, 'client', 'keepAliveClient', 'MQTT-3.1.2-23', 'the client was silent for 20 s; Keep Alive is 10 s'],
      [2, 'client', 'keepAliveServer', 'MQTT-3.1.2-24', 'the connection is still open after the client was silent for 20 s, over 1.5 × Keep Alive (10 s)'],
    ]);
  });

  it('MQTT-3.1.2-20 (5.0): a server that sent DISCONNECT has closed; a server DISCONNECT that is not a Keep Alive timeout is not early', () => {
    const conv = run({}, [c(connect(5, { keepAlive: 10 }), 0), s(connack(), 0), s(disconnect(0), 1), c(PINGREQ, 20)]);
    expect(found(conv)).toEqual([[3, 'client', 'keepAliveClient', 'MQTT-3.1.2-20', 'the client was silent for 20 s; Keep Alive is 10 s']]);
  });

  it('MQTT-3.1.2-21 (5.0): the Server Keep Alive replaces the client’s, and the message says so', () => {
    const conv = run({}, [c(connect(5, { keepAlive: 10 }), 0), s(connack({ properties: { serverKeepAlive: 5 } }), 0), c(PINGREQ, 6.5), s(PINGRESP, 6.5)]);
    expect(found(conv)).toEqual([[2, 'client', 'serverKeepAliveClient', 'MQTT-3.1.2-21', 'the client was silent for 6.5 s; Keep Alive is 5 s (Server Keep Alive)']]);
  });

  it('MQTT-3.2.2-22 (5.0): a server Keep Alive timeout before 1.5 × Keep Alive minus the tolerance', () => {
    const conv = run({}, [c(connect(5, { keepAlive: 10 }), 0), s(connack(), 0), s(disconnect(0x8d), 7.5)]);
    expect(found(conv)).toEqual([[2, 'server', 'keepAliveEarly', 'MQTT-3.2.2-22', "Keep Alive timeout after 7.5 s of client silence; the client's Keep Alive is 10 s (1.5 × = 15 s)"]]);
  });

  it('5.0: a Keep Alive timeout at exactly 1.5 × Keep Alive minus the tolerance is not early', () => {
    const conv = run({}, [c(connect(5, { keepAlive: 10 }), 0), s(connack(), 0), s(disconnect(0x8d), 14)]);
    expect(found(conv)).toEqual([]);
  });

  it('5.0: a client DISCONNECT with reason 0x8d is not the server’s early timeout', () => {
    const conv = run({}, [c(connect(5, { keepAlive: 10 }), 0), s(connack(), 0), c(disconnect(0x8d), 5)]);
    expect(found(conv)).toEqual([]);
  });

  it('3.1.1: a server DISCONNECT with 0x8d (given decoded) is no 5.0 Keep Alive timeout', () => {
    const conv = run({}, [c(connect(4, { keepAlive: 10 }), 0), s(connack(), 0), s(disconnect(0x8d), 5)]);
    expect(found(conv)).toEqual([]);
  });
});

describe('5.0 limits the receiver announced', () => {
  it('MQTT-3.1.2-24 (5.0): a server packet over the client’s Maximum Packet Size (one of exactly the maximum is allowed)', () => {
    const conv = run({}, [c(connect(5, { properties: { maximumPacketSize: 5 } })), s(connack(), undefined, 5), s(pub('t', 0), undefined, 6)]);
    expect(found(conv)).toEqual([[2, 'server', 'serverPacketTooLarge', 'MQTT-3.1.2-24', "PUBLISH is 6 bytes; the client's Maximum Packet Size is 5"]]);
  });

  it('a packet of unknown size (given decoded, not encodable) is not measured against the maximum', () => {
    const unencodable = { type: 'publish', topic: 't', payload: 'x', qos: 3, retain: false, dup: false, packetId: 9 } as unknown as Packet;
    const conv = new Conversation();
    conv.client(connect(5, { properties: { maximumPacketSize: 5 } }));
    conv.server(connack());
    const [record] = conv.server(unencodable);
    expect(record.length).toBeUndefined();
    expect(record.diagnostics.filter((d) => d.check === 'serverPacketTooLarge')).toEqual([]);
  });

  it('MQTT-3.2.2-15 (5.0): a client packet over the server’s Maximum Packet Size', () => {
    const conv = run({}, [...v5open({}, { properties: { maximumPacketSize: 20 } }), c(PINGREQ, undefined, 21), s(PINGRESP)]);
    expect(found(conv)).toEqual([[2, 'client', 'clientPacketTooLarge', 'MQTT-3.2.2-15', "PINGREQ is 21 bytes; the server's Maximum Packet Size is 20"]]);
  });

  const subackWith = (properties: object): Packet => ({ type: 'suback', packetId: 1, reasonCodes: [0], properties }) as Packet;

  it('MQTT-3.1.2-29 (5.0): a server SUBACK with a Reason String, or with only a User Property, after Request Problem Information 0', () => {
    const conv = run({}, [
      ...v5open({ properties: { requestProblemInformation: 0 } }),
      c(sub(1, [['a', 0]])), s(subackWith({ reasonString: 'why' })),
      c(sub(1, [['a', 0]])), s(subackWith({ userProperties: [['k', 'v']] })),
    ]);
    expect(found(conv)).toEqual([
      [3, 'server', 'problemInformation', 'MQTT-3.1.2-29', 'SUBACK carries a Reason String although the client set Request Problem Information to 0'],
      [5, 'server', 'problemInformation', 'MQTT-3.1.2-29', 'SUBACK carries a User Property although the client set Request Problem Information to 0'],
    ]);
  });

  it('5.0: Request Problem Information binds the server only, and only when it is 0', () => {
    const withReason = { type: 'puback', packetId: 1, reasonCode: 0, properties: { reasonString: 'ok' } } as Packet;
    const quiet = run({}, [...v5open({ properties: { requestProblemInformation: 0 } }), s(pub('t', 1, 1)), c(withReason)]);
    expect(found(quiet)).toEqual([]);
    const asked = run({}, [...v5open(), c(sub(1, [['a', 0]])), s(subackWith({ reasonString: 'why' }))]);
    expect(found(asked)).toEqual([]);
  });
});

describe('5.0 SUBSCRIBE against the capabilities the CONNACK announced', () => {
  const none = { subscriptionIdentifiersAvailable: 0, sharedSubscriptionAvailable: 0, wildcardSubscriptionAvailable: 0 };

  it('a plain SUBSCRIBE without properties breaks none of them', () => {
    const conv = run({}, [...v5open({}, { properties: none }), c(sub(1, [['a', 0]])), s({ type: 'suback', packetId: 1, reasonCodes: [0] } as Packet)]);
    expect(found(conv)).toEqual([]);
  });

  it('5.0 sections 3.2.2.3.14-16: a Subscription Identifier, a Shared Subscription, a wildcard: reported without a rule id', () => {
    const conv = run({}, [...v5open({}, { properties: none }), c(sub(1, [['$share/g/a', 0], ['a/+', 0]], { subscriptionIdentifier: 3 })), s({ type: 'suback', packetId: 1, reasonCodes: [0x9e, 0xa2] } as Packet)]);
    expect(found(conv)).toEqual([
      [2, 'client', 'subscriptionIdUnavailable', null, 'SUBSCRIBE carries a Subscription Identifier although the server announced Subscription Identifiers Available 0'],
      [2, 'client', 'sharedUnavailable', null, 'SUBSCRIBE to the Shared Subscription "$share/g/a" although the server announced Shared Subscription Available 0'],
      [2, 'client', 'wildcardUnavailable', null, 'SUBSCRIBE to the wildcard filter "a/+" although the server announced Wildcard Subscription Available 0'],
    ]);
  });

  it('a Shared Subscription is allowed when the CONNACK has properties but not Shared Subscription Available 0', () => {
    const conv = run({}, [...v5open({}, { properties: { maximumQoS: 1 } }), c(sub(1, [['$share/g/a', 0]])), s({ type: 'suback', packetId: 1, reasonCodes: [0] } as Packet)]);
    expect(found(conv)).toEqual([]);
  });
});

describe('what the successful 5.0 CONNACK says', () => {
  it('MQTT-3.1.2-28: Response Information the client did not request', () => {
    const conv = run({}, v5open({}, { properties: { responseInformation: 'r/' } }));
    expect(found(conv)).toEqual([[1, 'server', 'responseInformationUnasked', 'MQTT-3.1.2-28', 'CONNACK carries Response Information that the client did not request']]);
  });

  it('MQTT-4.12.0-6: an Authentication Method in CONNACK when the CONNECT had none (and no mismatch then)', () => {
    const conv = run({}, v5open({}, { properties: { authenticationMethod: 'X' } }));
    expect(found(conv)).toEqual([[1, 'server', 'authWithoutMethodServer', 'MQTT-4.12.0-6', 'CONNACK carries Authentication Method "X" but the CONNECT had none']]);
  });

  it('MQTT-4.12.0-5: the successful CONNACK’s Authentication Method differs from the CONNECT’s, or is missing', () => {
    const other = run({}, [c(connect(5, { properties: { authenticationMethod: 'M' } })), s(connack({ properties: { authenticationMethod: 'N' } }))]);
    expect(found(other)).toEqual([[1, 'server', 'authMethodMismatch', 'MQTT-4.12.0-5', `the successful CONNACK's Authentication Method is "N", not the CONNECT's "M"`]]);
    const missing = run({}, [c(connect(5, { properties: { authenticationMethod: 'M' } })), s(connack())]);
    expect(found(missing)).toEqual([[1, 'server', 'authMethodMismatch', 'MQTT-4.12.0-5', `the successful CONNACK's Authentication Method is undefined, not the CONNECT's "M"`]]);
    const same = run({}, [c(connect(5, { properties: { authenticationMethod: 'M' } })), s(connack({ properties: { authenticationMethod: 'M' } }))]);
    expect(found(same)).toEqual([]);
  });

  it('MQTT-3.2.2-16: an empty ClientId without Assigned Client Identifier', () => {
    const conv = run({}, v5open({ clientId: '' }));
    expect(found(conv)).toEqual([[1, 'server', 'assignedClientId', 'MQTT-3.2.2-16', 'the CONNECT had an empty ClientId but the CONNACK has no Assigned Client Identifier']]);
  });

  const will = (qos: 0 | 1 | 2, retain: boolean) => ({ topic: 'w', payload: new Uint8Array(1), qos, retain });

  it('MQTT-3.2.2-12: a Will QoS above the Maximum QoS accepted; a Will QoS at the maximum or under the default 2 is fine', () => {
    expect(found(run({}, v5open({ will: will(2, false) }, { properties: { maximumQoS: 1 } })))).toEqual([
      [1, 'server', 'willQosUnsupported', 'MQTT-3.2.2-12', 'the connection is accepted with a Will of QoS 2 although Maximum QoS is 1'],
    ]);
    expect(found(run({}, v5open({ will: will(1, false) }, { properties: { maximumQoS: 1 } })))).toEqual([]);
    expect(found(run({}, v5open({ will: will(0, false) })))).toEqual([]);
  });

  it('MQTT-3.2.2-13: a retained Will accepted with Retain Available 0; otherwise fine', () => {
    expect(found(run({}, v5open({ will: will(0, true) }, { properties: { retainAvailable: 0 } })))).toEqual([
      [1, 'server', 'willRetainUnsupported', 'MQTT-3.2.2-13', 'the connection is accepted with a retained Will although Retain Available is 0'],
    ]);
    expect(found(run({}, v5open({ will: will(0, false) }, { properties: { retainAvailable: 0 } })))).toEqual([]);
    expect(found(run({}, v5open({}, { properties: { retainAvailable: 0 } })))).toEqual([]);
    expect(found(run({}, v5open({ will: will(0, true) }, { properties: { maximumQoS: 2 } })))).toEqual([]);
    expect(found(run({}, v5open({ will: will(0, true) })))).toEqual([]);
  });
});

describe('5.0 Topic Aliases', () => {
  it('MQTT-3.2.2-18: a client Topic Alias when the server announced none; the server may then refuse it with 0x94', () => {
    const conv = run({}, [...v5open(), c(pub('t', 0, undefined, { properties: { topicAlias: 1 } })), s(disconnect(0x94))]);
    expect(found(conv)).toEqual([[2, 'client', 'clientAliasUnallowed', 'MQTT-3.2.2-18', 'Topic Alias 1 although the server announced no Topic Alias Maximum']]);
  });

  it('MQTT-3.2.2-17: a client Topic Alias above the server’s maximum; an empty Topic Name with an alias not mapped', () => {
    const conv = run({}, [
      ...v5open({}, { properties: { topicAliasMaximum: 2 } }),
      c(pub('t', 0, undefined, { properties: { topicAlias: 3 } })),
      c(pub('', 0, undefined, { properties: { topicAlias: 2 } })),
    ]);
    expect(found(conv)).toEqual([
      [2, 'client', 'clientAliasAboveMaximum', 'MQTT-3.2.2-17', "Topic Alias 3 is above the server's Topic Alias Maximum 2"],
      [3, 'client', 'aliasUnmapped', null, 'empty Topic Name with Topic Alias 2, which this connection has not mapped'],
    ]);
  });
});

describe('deliveryAboveGranted: the QoS granted to the filters matching a delivered topic', () => {
  const suback = (packetId: number, codes: number[]): Packet => ({ type: 'suback', packetId, reasonCodes: codes }) as Packet;
  const unsub = (packetId: number, topicFilters: string[]): Packet => ({ type: 'unsubscribe', packetId, topicFilters }) as Packet;
  const report = (i: number, qos: number, topic: string, granted: number): [number, Sender, string, string, string] =>
    [i, 'server', 'deliveryAboveGranted', 'MQTT-3.8.4-8', `QoS ${qos} delivery on ${JSON.stringify(topic)}; the matching subscriptions were granted at most QoS ${granted}`];

  it('MQTT-3.8.4-8: a Shared Subscription grants to its Topic Filter', () => {
    const conv = run({}, [...v5open(), c(sub(1, [['$share/g/t', 0]])), s(suback(1, [0])), s(pub('t', 1, 1))]);
    expect(found(conv)).toEqual([report(4, 1, 't', 0)]);
  });

  it('a malformed Shared Subscription grants nothing, not even to a topic spelled like it', () => {
    const conv = run({}, [...v5open(), c(sub(1, [['$share/g', 0]])), s(suback(1, [0])), s(pub('$share/g', 1, 1))]);
    expect(found(conv)).toEqual([]);
  });

  it('a subscription to another topic grants nothing to this one', () => {
    const conv = run({}, [...v5open(), c(sub(1, [['a', 0]])), s(suback(1, [0])), s(pub('b', 1, 1))]);
    expect(found(conv)).toEqual([]);
  });

  it('MQTT-3.8.4-8: a pending SUBSCRIBE counts with its requested QoS; a pending UNSUBSCRIBE does not lift the grant', () => {
    const pending = run({}, [...v5open(), c(sub(1, [['t', 0]])), s(pub('t', 1, 1)), s(suback(1, [0]))]);
    expect(found(pending)).toEqual([report(3, 1, 't', 0)]);
    const leaving = run({}, [...v5open(), c(sub(1, [['t', 0]])), s(suback(1, [0])), c(unsub(2, ['t'])), s(pub('t', 1, 1)), s({ type: 'unsuback', packetId: 2, reasonCodes: [0] } as Packet)]);
    expect(found(leaving)).toEqual([report(5, 1, 't', 0)]);
  });
});

describe('a CONNECT given decoded with a version the codec cannot speak', () => {
  it('leaves the version in force, and bytes pushed afterwards are still decoded (no 0x84 from push)', () => {
    const conv = new Conversation({ protocolVersion: 4 });
    conv.client({ type: 'connect', protocolVersion: 6 as 4, protocolName: 'MQTT', clientId: 'x', cleanStart: true, keepAlive: 0 });
    expect(conv.protocolVersion).toBe(4);
    const records = conv.server(new Uint8Array([0x20, 0x02, 0x00, 0x00]));
    expect(records.map((r) => r.packet?.type)).toEqual(['connack']);
  });
});
