/**
 * The conversation checker's bookkeeping (src/conversation/: conversation.ts, diagnostic.ts,
 * state.ts, text.ts), pinned down exactly: the options, the records of packets given decoded and
 * of bytes (offsets, sizes, times, indexes, the failed frame), the protocol version the bytes of
 * each side are read with after a CONNECT, what end() finds, the diagnostics' messages and the
 * interleaved text format. Written from the mutants the mutation run left alive (issue 21).
 */
import { describe, expect, it } from 'vitest';
import { decode, encode, MqttCodecError, type Packet, type ProtocolVersion, type Sender } from '../src/index.js';
import { Conversation, ConversationDiagnostic, parseConversationText, type ConversationRecord } from '../src/conversation/index.js';
import { createState } from '../src/conversation/state.js';

type ConnectPacket = Extract<Packet, { type: 'connect' }>;
type ConnackPacket = Extract<Packet, { type: 'connack' }>;

const connect = (v: ProtocolVersion, extra: Partial<ConnectPacket> = {}): ConnectPacket => ({ type: 'connect', protocolVersion: v, clientId: 'c1', cleanStart: true, keepAlive: 0, ...extra });
const connack = (extra: Partial<ConnackPacket> = {}): ConnackPacket => ({ type: 'connack', sessionPresent: false, reasonCode: 0, ...extra });
/** A QoS 0 PUBLISH: its bytes differ between 5.0 (a Property Length) and 3.1 / 3.1.1. */
const PUB: Packet = { type: 'publish', topic: 'a', payload: new Uint8Array([0x78, 0x79]), qos: 0, retain: false, dup: false };
const PINGREQ: Packet = { type: 'pingreq' };
const PINGRESP: Packet = { type: 'pingresp' };
/** A PUBLISH with both QoS bits set: its fixed header is refused [MQTT-3.3.1-4], so its size is unknown. */
const MALFORMED = new Uint8Array([0x36, 0x00]);
/** A QoS 1 PUBLISH of 7 bytes with Packet Identifier 0 (at its byte 5): not decodable [MQTT-2.2.1-3]. */
const ID_ZERO = new Uint8Array([0x32, 0x05, 0x00, 0x01, 0x61, 0x00, 0x00]);
const bytes = (p: Packet, v: ProtocolVersion): Uint8Array => encode(p, { protocolVersion: v });
const checks = (r: ConversationRecord): string[] => r.diagnostics.map((d) => d.check);

describe('Conversation options', () => {
  it('protocolVersion 3, 4 and 5 are accepted and reported until a CONNECT says otherwise', () => {
    for (const v of [3, 4, 5] as const) expect(new Conversation({ protocolVersion: v }).protocolVersion).toBe(v);
    expect(new Conversation().protocolVersion).toBe(4);
  });

  it('another protocolVersion is an MqttCodecError 0x84 that names it', () => {
    const thrown = (() => {
      try {
        new Conversation({ protocolVersion: 6 as ProtocolVersion });
      } catch (e) {
        return e;
      }
    })() as MqttCodecError;
    expect(thrown).toBeInstanceOf(MqttCodecError);
    expect(thrown.reasonCode).toBe(0x84);
    expect(thrown.detail).toBe('protocolVersion must be 3, 4 or 5, not 6');
  });

  it('keepRecords false keeps no record (of packets or of bytes that do not decode), but client() and server() still return them', () => {
    const conv = new Conversation({ keepRecords: false });
    const a = conv.client(bytes(connect(4), 4));
    const b = conv.server(MALFORMED);
    expect(a.map((r) => r.packet?.type)).toEqual(['connect']);
    expect(b.map((r) => [r.index, checks(r)])).toEqual([[1, ['malformed']]]);
    expect(conv.records).toEqual([]);
    expect(conv.diagnostics).toEqual([]);
  });

  it('keepRecords true (as by default) keeps every record', () => {
    for (const conv of [new Conversation({ keepRecords: true }), new Conversation()]) {
      conv.client(connect(4));
      conv.server(MALFORMED);
      expect(conv.records.map((r) => r.index)).toEqual([0, 1]);
    }
  });
});

describe('Conversation.client / server / push', () => {
  it('server() takes what the server sends and returns its records', () => {
    const conv = new Conversation();
    conv.client(connect(4));
    const out = conv.server(bytes(connack(), 4), 0.5);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ index: 1, side: 'server', offset: 0, length: 4, time: 0.5, answers: 0, diagnostics: [] });
    expect(out[0].packet).toEqual(decode(bytes(connack(), 4), { protocolVersion: 4 }));
  });

  it('a side that is neither client nor server is a TypeError that names it', () => {
    const conv = new Conversation();
    expect(() => conv.push('broker' as Sender, PINGREQ)).toThrow(new TypeError("side must be 'client' or 'server', not broker"));
    expect(() => conv.push('broker' as Sender, new Uint8Array([0xc0, 0x00]))).toThrow(TypeError);
    expect(conv.records).toEqual([]);
  });

  it('a packet given decoded returns its record; its size given is its length and moves the offset of the next', () => {
    const conv = new Conversation();
    const [r0] = conv.client(connect(4));
    const first = conv.push('client', PINGREQ, undefined, 40);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ index: 1, side: 'client', offset: r0.length, length: 40 });
    const [r2] = conv.client(PINGREQ);
    expect(r2).toMatchObject({ index: 2, offset: r0.length! + 40, length: 2 });
  });

  it('a packet given decoded that cannot be encoded has no length and does not move the offset', () => {
    const conv = new Conversation();
    conv.client(connect(4));
    const bad = { type: 'publish', topic: 'a/+', payload: 'x', qos: 0, retain: false, dup: false } as Packet;
    const [r] = conv.client(bad);
    expect(r.length).toBeUndefined();
    expect(r.offset).toBe(16);
    expect(conv.client(PINGREQ)[0].offset).toBe(16);
  });

  it('a record has no time property when no time is given, for packets and for bytes that do not decode', () => {
    const conv = new Conversation();
    const [a] = conv.client(connect(4));
    const [b] = conv.server(MALFORMED);
    expect('time' in a).toBe(false);
    expect('time' in b).toBe(false);
    expect(Object.keys(b).sort()).toEqual(['diagnostics', 'index', 'length', 'offset', 'side']);
  });

  it('the record of bytes that do not decode takes the time of their chunk, the next index, and stops only its side', () => {
    const conv = new Conversation();
    conv.client(bytes(connect(4), 4), 1);
    conv.server(bytes(connack(), 4), 2);
    const [bad] = conv.client(ID_ZERO, 3.25);
    expect(bad).toMatchObject({ index: 2, side: 'client', offset: 16, length: 7, time: 3.25 });
    expect(bad.packet).toBeUndefined();
    expect(bad.diagnostics.map((d) => [d.check, d.packetIndex, d.offset])).toEqual([['malformed', 2, 16 + 5]]);
    // The client's later bytes are not read; the server's are, and are faults.
    expect(conv.client(bytes(PINGREQ, 4), 4)).toEqual([]);
    const [next] = conv.server(bytes(PINGRESP, 4), 5);
    expect(next).toMatchObject({ index: 3, side: 'server', offset: 4, time: 5 });
    expect(next.diagnostics.map((d) => d.detail)).toContain("the server goes on sending after the client's undecodable packet #2");
  });

  it("after the server's undecodable bytes the client's are still read (and are faults), naming the server", () => {
    const conv = new Conversation();
    conv.client(bytes(connect(4), 4));
    const [bad] = conv.server(MALFORMED);
    expect(bad).toMatchObject({ index: 1, side: 'server', offset: 0, length: undefined });
    expect(conv.server(bytes(PINGRESP, 4))).toEqual([]);
    const out = conv.client(bytes(PINGREQ, 4));
    expect(out.map((r) => [r.index, r.offset])).toEqual([[2, 16]]);
    expect(out[0].diagnostics.map((d) => d.detail)).toContain("the client goes on sending after the server's undecodable packet #1");
  });

  it('an empty chunk returns nothing and makes no decoder: the version of a side is the one in force when its first bytes arrive', () => {
    const conv = new Conversation();
    expect(conv.client(new Uint8Array(0))).toEqual([]);
    conv.server(connect(5)); // the first CONNECT seen sets the version, whichever side sent it
    expect(conv.protocolVersion).toBe(5);
    const [r] = conv.client(bytes(PUB, 5));
    expect(r.packet).toEqual(decode(bytes(PUB, 5), { protocolVersion: 5 }));
  });

  it("a conversation begun mid-connection reads the client's first bytes with the version it was given", () => {
    const conv = new Conversation({ protocolVersion: 5, midConnection: true });
    const [r] = conv.client(bytes(PUB, 5));
    expect(r.packet).toEqual(decode(bytes(PUB, 5), { protocolVersion: 5 }));
    expect(r.diagnostics).toEqual([]);
  });

  it('negotiation gives the CONNECT and CONNACK seen (null before)', () => {
    const conv = new Conversation();
    expect(conv.negotiation).toEqual({ connect: null, connack: null });
    const c = connect(4);
    const a = connack();
    conv.client(c);
    conv.server(a);
    expect(conv.negotiation).toEqual({ connect: c, connack: a });
  });
});

describe('the version the bytes of each side are read with', () => {
  /** The client's bytes: a CONNECT of `from`, then `steps`, then a PUBLISH encoded for `v`, whose record is returned. */
  function publishAfter(from: ProtocolVersion, steps: (conv: Conversation) => void, v: ProtocolVersion): ConversationRecord {
    const conv = new Conversation();
    conv.client(bytes(connect(from), from));
    steps(conv);
    const out = conv.client(bytes(PUB, v));
    expect(out).toHaveLength(1);
    return out[0];
  }

  for (const [from, to] of [[5, 3], [5, 4], [4, 5]] as const) {
    it(`a CONNECT ${to} given decoded after the client's bytes of a CONNECT ${from} switches the client's later bytes to ${to}`, () => {
      const r = publishAfter(from, (conv) => conv.client(connect(to)), to);
      expect(r.packet).toEqual(decode(bytes(PUB, to), { protocolVersion: to }));
      expect(r.diagnostics).toEqual([]);
    });
  }

  it("a packet other than CONNECT given decoded leaves the client's version alone (even one carrying a protocolVersion field)", () => {
    const r = publishAfter(5, (conv) => conv.client(PINGREQ), 5);
    expect(r.packet).toEqual(decode(bytes(PUB, 5), { protocolVersion: 5 }));
    const odd = { type: 'pingreq', protocolVersion: 5 } as unknown as Packet;
    const r4 = publishAfter(4, (conv) => conv.client(odd), 4);
    expect(r4.packet).toEqual(decode(bytes(PUB, 4), { protocolVersion: 4 }));
  });

  it("a decoded packet from the server leaves the client's version alone, even a CONNECT", () => {
    const r = publishAfter(4, (conv) => conv.server(connect(5)), 4);
    expect(r.packet).toEqual(decode(bytes(PUB, 4), { protocolVersion: 4 }));
    const r5 = publishAfter(5, (conv) => conv.server(connack()), 5);
    expect(r5.packet).toEqual(decode(bytes(PUB, 5), { protocolVersion: 5 }));
  });

  it("a second CONNECT given decoded sets the version of the client's first bytes after it (the connection's stays the first's)", () => {
    const conv = new Conversation();
    conv.client(connect(5));
    conv.client(connect(3));
    expect(conv.protocolVersion).toBe(5);
    const [r] = conv.client(bytes(PUB, 3));
    expect(r.packet).toEqual(decode(bytes(PUB, 3), { protocolVersion: 3 }));
  });

  it("the server's bytes are read with the version of the client's CONNECT, even a packet begun before it", () => {
    const ack = bytes(connack({ properties: { receiveMaximum: 7 } }), 5);
    const conv = new Conversation();
    expect(conv.server(ack.subarray(0, 1))).toEqual([]);
    conv.client(bytes(connect(5), 5));
    const out = conv.server(ack.subarray(1));
    expect(out.map((r) => [r.index, r.offset, r.length])).toEqual([[1, 0, ack.length]]);
    expect(out[0].packet).toEqual(decode(ack, { protocolVersion: 5 }));
    expect(out[0].diagnostics).toEqual([]);
  });
});

describe('Conversation.end', () => {
  it("reports each side's bytes left inside a packet, at the end of that side's stream", () => {
    const conv = new Conversation();
    const c = bytes(connect(4), 4);
    const p = bytes({ ...PUB, qos: 1, packetId: 1 } as Packet, 4);
    conv.client(c);
    conv.client(p.subarray(0, 3));
    conv.server(bytes(connack(), 4));
    conv.server(new Uint8Array([0xd0]));
    const found = conv.end();
    expect(found.map((d) => [d.check, d.side, d.packetIndex, d.offset, d.reasonCode, d.detail])).toEqual([
      ['malformed', 'client', 2, c.length + 3, 0x81, "the client's stream ends inside a packet (3 byte(s) of it)"],
      ['malformed', 'server', 2, 4 + 1, 0x81, "the server's stream ends inside a packet (1 byte(s) of it)"],
    ]);
  });

  it('attaches an unanswered request to its own record, and a second end() finds nothing more', () => {
    const conv = new Conversation();
    conv.client(connect(4));
    conv.server(connack());
    conv.client({ type: 'subscribe', packetId: 3, subscriptions: [{ topicFilter: 't', qos: 0 }] });
    const found = conv.end();
    expect(found.map((d) => [d.check, d.packetIndex, d.detail])).toEqual([['subscribeUnanswered', 2, 'SUBSCRIBE 3 was never answered']]);
    expect(conv.records.map(checks)).toEqual([[], [], ['subscribeUnanswered']]);
    expect(conv.end()).toEqual([]);
    expect(conv.records.map(checks)).toEqual([[], [], ['subscribeUnanswered']]);
  });
});

describe('state: resuming a session, Keep Alive, the receiver, AUTH, the other side', () => {
  const pubrel = (packetId: number): Packet => ({ type: 'pubrel', packetId });
  const rel = (steps: Packet[]): string[] => {
    const conv = new Conversation();
    for (const p of steps) conv.push(p.type === 'connack' ? 'server' : 'client', p);
    return checks(conv.records[conv.records.length - 1]);
  };

  it('a CONNECT with Clean Start 1 starts no session, with or without a CONNACK: a PUBREL for no PUBLISH is a fault', () => {
    expect(rel([connect(4), pubrel(7)])).toEqual(['pubrelBeforePubrec']);
    expect(rel([connect(4), connack(), pubrel(7)])).toEqual(['pubrelBeforePubrec']);
  });

  it('a CONNECT with Clean Start 0 may resume until a CONNACK with Session Present 0 says it did not', () => {
    expect(rel([connect(4, { cleanStart: false }), pubrel(7)])).toEqual([]);
    expect(rel([connect(4, { cleanStart: false }), connack({ sessionPresent: true }), pubrel(7)])).toEqual([]);
    expect(rel([connect(4, { cleanStart: false }), connack(), pubrel(7)])).toEqual(['pubrelBeforePubrec']);
  });

  it('3.1.1: a Server Keep Alive on a CONNACK object is ignored, the Keep Alive of the CONNECT stays in force', () => {
    const conv = new Conversation();
    conv.client(connect(4, { keepAlive: 10 }), 0);
    conv.server(connack({ properties: { serverKeepAlive: 100 } } as Partial<ConnackPacket>), 0);
    const [r] = conv.client(PINGREQ, 30);
    expect(checks(r)).toContain('keepAliveClient');
  });

  it('5.0: a client AUTH with no server AUTH before it is no answer to one (re-authentication 0x19)', () => {
    const conv = new Conversation();
    conv.client(connect(5, { properties: { authenticationMethod: 'M' } }));
    conv.server(connack({ properties: { authenticationMethod: 'M' } }));
    const [r] = conv.client({ type: 'auth', reasonCode: 0x19, properties: { authenticationMethod: 'M' } });
    expect(r.diagnostics).toEqual([]);
  });

  it('messages about a limit name the other side: the server for a client packet, the client for a server packet', () => {
    const conv = new Conversation();
    conv.client(connect(5));
    conv.server(connack());
    const [a] = conv.client({ ...PUB, properties: { topicAlias: 1 } } as Packet);
    const [b] = conv.server({ ...PUB, properties: { topicAlias: 1 } } as Packet);
    expect(a.diagnostics.map((d) => d.detail)).toEqual(['Topic Alias 1 although the server announced no Topic Alias Maximum']);
    expect(b.diagnostics.map((d) => d.detail)).toEqual(['Topic Alias 1 although the client announced no Topic Alias Maximum']);
  });

  it('createState: a connection followed from its start unless told otherwise', () => {
    expect(createState(4).midConnection).toBe(false);
    expect(createState(4, true).midConnection).toBe(true);
  });
});

describe('ConversationDiagnostic', () => {
  const make = (init: Partial<ConstructorParameters<typeof ConversationDiagnostic>[1]> = {}) =>
    new ConversationDiagnostic('what', { check: 'malformed', side: 'server', packetIndex: 4, offset: 9, ...init });

  it('names its reason code from whichever 5.0 table has it (DISCONNECT, PUBACK, PUBREL, CONNACK), else by number', () => {
    const name = (reasonCode: number) => make({ reasonCode }).message;
    expect(name(0x04)).toBe('server packet #4 at offset 9: Disconnect with Will Message: what');
    expect(name(0x10)).toBe('server packet #4 at offset 9: No matching subscribers: what');
    expect(name(0x92)).toBe('server packet #4 at offset 9: Packet Identifier not found: what');
    expect(name(0x84)).toBe('server packet #4 at offset 9: Unsupported Protocol Version: what');
    expect(name(0xff)).toBe('server packet #4 at offset 9: Reason 0xff: what');
  });

  it('cites its rule, with its specification when given; a specification without a rule is dropped', () => {
    expect(make({ rule: 'MQTT-1.2.3-4', specVersion: '5.0' }).message).toBe('server packet #4 at offset 9: Malformed Packet: what [MQTT-1.2.3-4 (5.0)]');
    expect(make({ rule: 'MQTT-1.2.3-4' }).message).toBe('server packet #4 at offset 9: Malformed Packet: what [MQTT-1.2.3-4]');
    const bare = make({ specVersion: '5.0' });
    expect(bare.message).toBe('server packet #4 at offset 9: Malformed Packet: what');
    expect(bare.rule).toBeUndefined();
    expect(bare.specVersion).toBeUndefined();
    expect(bare.toJSON()).toEqual({ check: 'malformed', side: 'server', packetIndex: 4, offset: 9, reasonCode: 0x81, rule: undefined, specVersion: undefined, message: 'what' });
  });

  it("is named 'ConversationDiagnostic' and is an MqttCodecError", () => {
    const d = make();
    expect(d.name).toBe('ConversationDiagnostic');
    expect(d).toBeInstanceOf(MqttCodecError);
    expect(String(d)).toBe('ConversationDiagnostic: server packet #4 at offset 9: Malformed Packet: what');
  });
});

describe('parseConversationText', () => {
  const fails = (text: string): MqttCodecError => {
    try {
      parseConversationText(text);
    } catch (e) {
      return e as MqttCodecError;
    }
    throw new Error(`parsed: ${JSON.stringify(text)}`);
  };

  it('reads every byte of a chunk, in order', () => {
    expect(parseConversationText('c 0102a0ff\ns 7F\n')).toEqual([
      { side: 'client', bytes: new Uint8Array([0x01, 0x02, 0xa0, 0xff]), line: 1 },
      { side: 'server', bytes: new Uint8Array([0x7f]), line: 2 },
    ]);
  });

  it('a line that is not a chunk is an MqttCodecError 0x81 naming its line', () => {
    for (const [text, detail] of [
      ['\nx 00', 'line 2: direction must be c, client, >, s, server or <, not "x"'],
      ['c', 'line 1: expected DIRECTION [TIME] HEX'],
      ['# a\nc 00zz', 'line 2: the chunk must be an even number of hex digits'],
      ['c zz00', 'line 1: the chunk must be an even number of hex digits'],
      ['c 1e3 00', 'line 1: time must be seconds as a decimal number, not "1e3"'],
      ['c -1 00', 'line 1: time must be seconds as a decimal number, not "-1"'],
      ['c 0x10 00', 'line 1: time must be seconds as a decimal number, not "0x10"'],
      [`c ${'9'.repeat(400)} 00`, `line 1: time must be seconds as a decimal number, not "${'9'.repeat(400)}"`],
    ] as const) {
      const e = fails(text);
      expect(e).toBeInstanceOf(MqttCodecError);
      expect([e.reasonCode, e.detail]).toEqual([0x81, detail]);
    }
  });

  it('a time is whole or decimal seconds, of any number of digits', () => {
    expect(parseConversationText('c 12 00\ns 12.5 00\n> 0.125 00').map((c) => c.time)).toEqual([12, 12.5, 0.125]);
  });

  it('a comment runs to the end of its line, whatever characters it holds', () => {
    expect(parseConversationText('c 00 # a\rb\ns 01 # \u2028 x\n').map((c) => [c.side, c.bytes[0]])).toEqual([
      ['client', 0],
      ['server', 1],
    ]);
  });
});

describe('Conversation.pushPacket and the records without faults', () => {
  it('pushPacket gives the one record push gives in a list, for either side, and rejects another side', () => {
    const a = new Conversation();
    const b = new Conversation();
    const viaPush = [...a.push('client', connect(4), 1, 16), ...a.push('server', connack(), 2)];
    const viaOne = [b.pushPacket('client', connect(4), 1, 16), b.pushPacket('server', connack(), 2)];
    expect(viaOne).toEqual(viaPush);
    expect(viaOne.map((r) => [r.offset, r.length])).toEqual([
      [0, 16],
      [0, 4],
    ]);
    expect(() => b.pushPacket('broker' as Sender, PINGREQ)).toThrow(new TypeError("side must be 'client' or 'server', not broker"));
    // push checks it too, for bytes as for packets.
    expect(() => b.push('broker' as Sender, bytes(PINGREQ, 4))).toThrow(new TypeError("side must be 'client' or 'server', not broker"));
    expect(() => b.push('broker' as Sender, PINGREQ)).toThrow(new TypeError("side must be 'client' or 'server', not broker"));
  });

  it('a packet without faults has the shared, frozen empty list; a fault found by end() gives its record a list of its own', () => {
    const conv = new Conversation();
    const [c] = conv.client(connect(4));
    const [k] = conv.server(connack());
    const [p] = conv.client(PINGREQ);
    expect(c.diagnostics).toEqual([]);
    expect(Object.isFrozen(c.diagnostics)).toBe(true);
    expect(k.diagnostics).toBe(c.diagnostics);
    // The PINGREQ is never answered: end() reports it [MQTT-3.12.4-1] on its record.
    const found = conv.end();
    expect(found.map((d) => [d.check, d.rule])).toEqual([['pingreqUnanswered', 'MQTT-3.12.4-1']]);
    expect(p.diagnostics).toEqual(found);
    expect(p.diagnostics).not.toBe(c.diagnostics);
    expect(c.diagnostics).toEqual([]);
  });
});

describe('the version of the connection follows its CONNECT', () => {
  it('a CONNECT of 3.1 or 3.1.1 sets the version whatever the option said; one the codec cannot speak leaves it', () => {
    for (const [option, level] of [[5, 3], [5, 4], [4, 3], [3, 5]] as [ProtocolVersion, ProtocolVersion][]) {
      const conv = new Conversation({ protocolVersion: option });
      conv.push('client', { type: 'connect', protocolVersion: level, clientId: 'c', cleanStart: true, keepAlive: 0 } as Packet);
      expect(conv.protocolVersion, `option ${option}, CONNECT ${level}`).toBe(level);
    }
    const odd = new Conversation({ protocolVersion: 5 });
    odd.push('client', { type: 'connect', protocolVersion: 6, clientId: 'c', cleanStart: true, keepAlive: 0 } as unknown as Packet);
    expect(odd.protocolVersion).toBe(5);
  });

  it('a text payload and a byte payload with the same UTF-8 are the same message', () => {
    // A QoS 1 PUBLISH sent again without DUP, once as text and once as its bytes: a resend, not a new message.
    const text = 'hé';
    const bytes = new TextEncoder().encode(text);
    for (const [first, second] of [[text, bytes], [bytes, text]]) {
      const conv = new Conversation({ protocolVersion: 4 });
      conv.push('client', { type: 'connect', protocolVersion: 4, clientId: 'c', cleanStart: true, keepAlive: 0 } as Packet);
      conv.push('server', { type: 'connack', sessionPresent: false, reasonCode: 0 } as Packet);
      conv.push('client', { type: 'publish', topic: 't', payload: first, qos: 1, packetId: 1, retain: false, dup: false } as Packet);
      conv.push('client', { type: 'publish', topic: 't', payload: second, qos: 1, packetId: 1, retain: false, dup: false } as Packet);
      conv.end();
      const checks = conv.diagnostics.map((d) => d.check);
      expect(checks).toContain('resendWithoutDup');
      expect(checks).not.toContain('clientPublishIdInUse');
    }
  });
});

describe('payloads given as strings are compared as strings', () => {
  it('two different lone surrogates are different payloads (as UTF-8 both would be U+FFFD): a reused identifier, not a resend', () => {
    const conv = new Conversation({ protocolVersion: 4 });
    conv.push('client', { type: 'connect', protocolVersion: 4, clientId: 'c', cleanStart: true, keepAlive: 0 } as Packet);
    conv.push('server', { type: 'connack', sessionPresent: false, reasonCode: 0 } as Packet);
    conv.push('client', { type: 'publish', topic: 't', payload: '\ud800', qos: 1, packetId: 1, retain: false, dup: false } as Packet);
    conv.push('client', { type: 'publish', topic: 't', payload: '\udc00', qos: 1, packetId: 1, retain: false, dup: false } as Packet);
    conv.end();
    const checks = conv.diagnostics.map((d) => d.check);
    expect(checks).toContain('clientPublishIdInUse');
    expect(checks).not.toContain('resendWithoutDup');
  });
});
