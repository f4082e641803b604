/**
 * Packet codecs (src/packets/): the exact fault (detail, key, path, offset, rule) each check of
 * CONNECT reports on decode and encode, and the fields only one branch writes. Written to answer
 * surviving mutants of the `packets` group (issue 21).
 */
import { describe, expect, it } from 'vitest';
import { decode, encode, inspect, type Packet } from '../src/index.js';
import { fromHex, toHex } from './helpers/hex.js';
import { codecErrorOf } from './helpers/errors.js';

/** A whole packet: first byte, one-byte Remaining Length, body given in hex. */
function pkt(first: number, bodyHex: string): Uint8Array {
  const body = fromHex(bodyHex);
  return Uint8Array.of(first, body.length, ...body);
}

const str = (s: string): string => (s.length.toString(16).padStart(4, '0')) + toHex(new TextEncoder().encode(s));
/** CONNECT body head: Protocol Name, Level, Connect Flags, Keep Alive 60. */
const head = (name: string, level: number, flags: number): string =>
  str(name) + level.toString(16).padStart(2, '0') + flags.toString(16).padStart(2, '0') + '003c';

const connect = (p: Record<string, unknown>): Packet => ({ type: 'connect', protocolVersion: 4, clientId: 'c', cleanStart: true, keepAlive: 60, ...p }) as Packet;

describe('CONNECT decode', () => {
  it('reads a bridge Protocol Level 0x84 as level 4 and reports bridgeProtocolLevel; 0x04 is no bridge', () => {
    const res = inspect(pkt(0x10, head('MQTT', 0x84, 2) + str('c')), { checks: { bridgeProtocolLevel: 'warn' } });
    expect(res.packet).toMatchObject({ protocolVersion: 4, bridge: true });
    expect(res.warnings).toHaveLength(1);
    expect(res.warnings[0]).toMatchObject({ detail: "Protocol Level 0x84 is a bridge's (0x80 | 4)", key: 'bridgeProtocolLevel', offset: 8 });
    const plain = inspect(pkt(0x10, head('MQTT', 4, 2) + str('c')), { checks: { bridgeProtocolLevel: 'warn' } });
    expect(plain.warnings).toEqual([]);
    expect('bridge' in plain.packet!).toBe(false);
  });

  it('names an unsupported Protocol Level (0x80 and 0x86 are none) [protocolLevel]', () => {
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 0x86, 2) + str('c'))))).toMatchObject({ detail: 'unsupported Protocol Level 134', key: 'protocolLevel', offset: 8, reasonCode: 0x84 });
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 0x80, 2) + str('c'))))).toMatchObject({ detail: 'unsupported Protocol Level 128' });
  });

  it.each([
    [0x03, 'CONNECT reserved flag is set', 'connectReserved'],
    [0x0a, 'Will QoS is set without the Will Flag', 'willQosZero'],
    [0x22, 'Will Retain is set without the Will Flag', 'willRetainZero'],
    [0x42, 'Password Flag is set without the User Name Flag', 'passwordNeedsUserName'],
  ])('Connect Flags 0x%s: exact fault [MQTT-3.1.2-3, -11, -13, -22]', (flags, detail, key) => {
    const e = codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, flags) + str('c') + (flags & 0x40 ? str('pw') : ''))));
    expect(e).toMatchObject({ detail, key, offset: 9, reasonCode: 0x81 });
  });

  it('Will QoS 3 is named [willQos3, MQTT-3.1.2-14]', () => {
    const e = codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 0x1e) + str('c') + str('t') + str('p'))));
    expect(e).toMatchObject({ detail: 'Will QoS is 3', key: 'willQos3', offset: 9 });
  });

  it('a missing Client Identifier is named with its path [clientIdPresent]', () => {
    const e = codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 2))));
    expect(e).toMatchObject({ detail: 'Client Identifier is flagged but missing', key: 'clientIdPresent', path: 'clientId', offset: 12 });
  });

  it.each([
    [4, 0x06, str('c'), 'Will Message is flagged but missing', 'will', 'willFields'],
    [5, 0x06, '00' + str('c') + '00', 'Will Topic is flagged but missing', 'will.topic', 'willFields'],
    [4, 0x06, str('c') + str('t'), 'Will Payload is flagged but missing', 'will.payload', 'willFields'],
    [4, 0x82, str('c'), 'User Name is flagged but missing', 'username', 'userNamePresent'],
    [4, 0xc2, str('c') + str('u'), 'Password is flagged but missing', 'password', 'passwordPresent'],
  ])('v%s flags 0x%s: a flagged field that is missing is named [willFields, userNamePresent, passwordPresent]', (level, flags, rest, detail, path, key) => {
    const e = codecErrorOf(() => decode(pkt(0x10, head('MQTT', level, flags) + rest)));
    expect(e).toMatchObject({ detail, path, key, reasonCode: 0x81 });
  });

  it('a field cut short names its path', () => {
    expect(codecErrorOf(() => decode(pkt(0x10, '0004 4d51')))).toMatchObject({ path: 'variableHeader.protocolName' });
    expect(codecErrorOf(() => decode(pkt(0x10, str('MQTT'))))).toMatchObject({ path: 'variableHeader.protocolLevel' });
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 0x82) + str('c') + '0005 61')))).toMatchObject({ path: 'username' });
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 0xc2) + str('c') + str('u') + '0005 61')))).toMatchObject({ path: 'password' });
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 0x06) + str('c') + '0005 61')))).toMatchObject({ path: 'will.topic' });
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 0x06) + str('c') + str('t') + '0005 61')))).toMatchObject({ path: 'will.payload' });
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 5, 2) + '05')))).toMatchObject({ path: expect.stringMatching(/^properties/) });
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 5, 6) + '00' + str('c') + '05')))).toMatchObject({ path: expect.stringMatching(/^will\.properties/) });
  });

  it('a Will Topic with a wildcard is a Protocol Error at will.topic [MQTT-3.3.2-2]', () => {
    const e = codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 0x06) + str('c') + str('a/#') + str('p'))));
    expect(e.reasonCode).toBe(0x82);
    expect(e.detail).toMatch(/^Will \S/);
    expect(e).toMatchObject({ key: 'topicNameWildcard', path: 'will.topic', offset: 15, rule: 'MQTT-4.7.1-1' });
  });

  it('before 5.0 no Will Properties and no CONNECT Properties are set', () => {
    const p = decode(pkt(0x10, head('MQTT', 4, 0x06) + str('c') + str('t') + str('p'))) as Extract<Packet, { type: 'connect' }>;
    expect('properties' in p).toBe(false);
    expect('properties' in p.will!).toBe(false);
    expect(p.will).toEqual({ topic: 't', payload: new TextEncoder().encode('p'), qos: 0, retain: false });
  });

  it('a zero-byte ClientId needs CleanSession 1 before 5.0, from a client only [MQTT-3.1.3-8]', () => {
    const from = { from: 'client' } as const;
    const e = codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 0) + str('')), from));
    expect(e).toMatchObject({ detail: 'a zero-byte ClientId needs CleanSession 1 before MQTT 5.0', key: 'clientIdEmptyNeedsClean', offset: 12, reasonCode: 0x82 });
    expect(decode(pkt(0x10, head('MQTT', 4, 2) + str('')), from)).toMatchObject({ clientId: '' });
    expect(decode(pkt(0x10, head('MQTT', 4, 0) + str('c')), from)).toMatchObject({ clientId: 'c', cleanStart: false });
    expect(decode(pkt(0x10, head('MQTT', 5, 0) + '00' + str('')), from)).toMatchObject({ clientId: '' });
    expect(decode(pkt(0x10, head('MQTT', 4, 0) + str('')), { from: 'server', checks: { senderPacketType: 'off' } })).toMatchObject({ clientId: '' });
  });

  it('bytes after the last flagged field: counted, with the likely rule [trailingBytes]', () => {
    const res = inspect(pkt(0x10, head('MQTT', 4, 2) + str('c') + 'aabbcc'), { checks: { trailingBytes: 'warn' } });
    expect(res.warnings[0]).toMatchObject({ detail: '3 byte(s) after the last field the Connect Flags announce', key: 'trailingBytes', offset: 15, rule: 'MQTT-3.1.2-18' });
  });
});

describe('CONNECT encode', () => {
  it('a Protocol Name of another level is protocolNameLevel; an unknown one is protocolName [MQTT-3.1.2-1]', () => {
    expect(codecErrorOf(() => encode(connect({ protocolName: 'MQIsdp' })))).toMatchObject({ detail: 'protocolName "MQIsdp" does not go with protocolVersion 4', key: 'protocolNameLevel', reasonCode: 0x84 });
    expect(codecErrorOf(() => encode(connect({ protocolVersion: 3, protocolName: 'MQTT' })))).toMatchObject({ key: 'protocolNameLevel' });
    expect(codecErrorOf(() => encode(connect({ protocolName: 'XYZ' })))).toMatchObject({ key: 'protocolName' });
  });

  it('bridge: true breaches bridgeProtocolLevel and writes 0x84 when relaxed; false writes 0x04', () => {
    expect(codecErrorOf(() => encode(connect({ bridge: true }), { checks: { bridgeProtocolLevel: 'error' } }))).toMatchObject({ detail: "a bridge's Protocol Level (0x80 | 4)", key: 'bridgeProtocolLevel' });
    expect(encode(connect({ bridge: true }), { checks: { bridgeProtocolLevel: 'off' } })[8]).toBe(0x84);
    expect(encode(connect({ bridge: false }))[8]).toBe(0x04);
    expect(codecErrorOf(() => encode(connect({ bridge: 1 })))).toMatchObject({ detail: 'CONNECT bridge must be a boolean, not 1' });
  });

  it('names each field whose value is of the wrong kind', () => {
    expect(codecErrorOf(() => encode(connect({ cleanStart: 1 }))).detail).toBe('CONNECT cleanStart must be a boolean, not 1');
    expect(codecErrorOf(() => encode(connect({ keepAlive: 70000 }))).detail).toBe('CONNECT keepAlive must be an integer from 0 to 65535, not 70000');
    expect(codecErrorOf(() => encode(connect({ protocolName: 7 }), { checks: { protocolName: 'off' } })).detail).toMatch(/^CONNECT protocolName /);
    expect(codecErrorOf(() => encode(connect({ clientId: 7 }))).detail).toMatch(/^CONNECT clientId /);
    expect(codecErrorOf(() => encode(connect({ username: 7 }))).detail).toMatch(/^CONNECT username /);
    expect(codecErrorOf(() => encode(connect({ username: 'u', password: 7 }))).detail).toMatch(/^CONNECT password /);
  });

  it('a zero-byte ClientId needs cleanStart before 5.0, from a client only [MQTT-3.1.3-8]', () => {
    const from = { from: 'client' } as const;
    expect(codecErrorOf(() => encode(connect({ clientId: '', cleanStart: false }), from))).toMatchObject({ detail: 'a zero-byte ClientId needs CleanSession 1 before MQTT 5.0', key: 'clientIdEmptyNeedsClean', reasonCode: 0x82 });
    expect(encode(connect({ clientId: '', cleanStart: true }), from)[9]).toBe(0x02);
    expect(encode(connect({ clientId: 'c', cleanStart: false }), from)[9]).toBe(0x00);
    expect(encode(connect({ protocolVersion: 5, clientId: '', cleanStart: false }), from)[9]).toBe(0x00);
    expect(encode(connect({ clientId: '', cleanStart: false }))[9]).toBe(0x00);
  });

  it('a Client Identifier or User Name longer than a UTF-8 Encoded String can be is an invalid value', () => {
    const long = 'x'.repeat(65536);
    expect(codecErrorOf(() => encode(connect({ clientId: long })))).toMatchObject({ key: 'invalidValue', reasonCode: 0x81 });
    expect(codecErrorOf(() => encode(connect({ username: long })))).toMatchObject({ key: 'invalidValue', reasonCode: 0x81 });
  });

  it('AUTH exists only in 5.0, in 3.1 as in 3.1.1; a CONNECT of an unknown version is named as such', () => {
    for (const protocolVersion of [3, 4]) {
      expect(codecErrorOf(() => encode({ type: 'auth', reasonCode: 0 } as Packet, { protocolVersion: protocolVersion as 3 | 4 }))).toMatchObject({ detail: 'AUTH exists only in MQTT 5.0', key: 'v5Only' });
    }
    expect(codecErrorOf(() => encode(connect({ protocolVersion: 6 })))).toMatchObject({ detail: 'unsupported protocolVersion 6', reasonCode: 0x84 });
  });

  it('a password needs a user name before 5.0 [MQTT-3.1.2-22]', () => {
    expect(codecErrorOf(() => encode(connect({ password: new Uint8Array(1) })))).toMatchObject({ detail: 'a password needs a user name before MQTT 5.0', key: 'passwordNeedsUserName' });
  });

  it('the Will: an object with QoS 0..2 and a boolean retain', () => {
    const w = { topic: 't', payload: new Uint8Array(0), qos: 0, retain: false };
    expect(codecErrorOf(() => encode(connect({ will: null })))).toMatchObject({ detail: 'CONNECT will must be an object, not null', key: 'invalidValue' });
    expect(codecErrorOf(() => encode(connect({ will: 'x' })))).toMatchObject({ detail: 'CONNECT will must be an object, not "x"' });
    expect(codecErrorOf(() => encode(connect({ will: { ...w, qos: 3 } })))).toMatchObject({ detail: 'Will QoS 3 is not a QoS level', key: 'willQos3' });
    expect(codecErrorOf(() => encode(connect({ will: { ...w, qos: 4 } }))).detail).toBe('Will qos must be an integer from 0 to 2, not 4');
    expect(codecErrorOf(() => encode(connect({ will: { ...w, retain: 1 } }))).detail).toBe('Will retain must be a boolean, not 1');
    expect(codecErrorOf(() => encode(connect({ will: { ...w, topic: 7 } }))).detail).toMatch(/^Will topic /);
    expect(codecErrorOf(() => encode(connect({ will: { ...w, topic: 'x'.repeat(70000) } })))).toMatchObject({ key: 'topicMaxLength' });
    const wild = codecErrorOf(() => encode(connect({ will: { ...w, topic: 'a/+' } })));
    expect(wild).toMatchObject({ key: 'topicNameWildcard', rule: 'MQTT-4.7.1-1', reasonCode: 0x82 });
    expect(wild.detail).toMatch(/^Will \S/);
  });

  it('a Will payload given as text is written as its UTF-8, within Binary Data limits', () => {
    const bytes = encode(connect({ will: { topic: 't', payload: 'hé', qos: 1, retain: true } }));
    expect(toHex(bytes.subarray(-5))).toBe('000368c3a9');
    expect(bytes[9]).toBe(0x02 | 0x04 | 0x08 | 0x20);
    const w = { topic: 't', qos: 0, retain: false };
    expect(codecErrorOf(() => encode(connect({ will: { ...w, payload: '\ud800' } })))).toMatchObject({ detail: 'Will payload string has an unpaired surrogate', key: 'utf8WellFormed' });
    expect(codecErrorOf(() => encode(connect({ will: { ...w, payload: 'x'.repeat(65536) } })))).toMatchObject({ detail: 'Will payload is 65536 bytes; Binary Data holds at most 65,535', key: 'invalidValue' });
    expect(encode(connect({ will: { ...w, payload: 'x'.repeat(65535) } })).length).toBeGreaterThan(65535);
    // Payload text is any text: U+0000 is written like any character, and an empty string is empty Binary Data.
    expect(toHex(encode(connect({ will: { ...w, payload: 'a\u0000' } })).subarray(-4))).toBe('00026100');
    expect(toHex(encode(connect({ will: { ...w, payload: '' } })).subarray(-2))).toBe('0000');
    expect(codecErrorOf(() => encode(connect({ will: { ...w, payload: 7 } }))).detail).toMatch(/^Will payload /);
  });
});

describe('Packet Identifier and reason codes (common to the acknowledgements)', () => {
  const puback = (p: Record<string, unknown>): Packet => ({ type: 'puback', packetId: 1, ...p }) as Packet;

  it('Packet Identifier 0 is a Protocol Error on decode, at its offset [MQTT-2.2.1-3]', () => {
    expect(codecErrorOf(() => decode(pkt(0x40, '0000')))).toMatchObject({ detail: 'PUBACK has Packet Identifier 0', key: 'packetIdNonZero', offset: 2, reasonCode: 0x82 });
  });

  it('encode takes a Packet Identifier from 1 to 65535, naming the packet otherwise [MQTT-2.2.1-3]', () => {
    expect(toHex(encode(puback({ packetId: 1 })))).toBe('40020001');
    expect(toHex(encode(puback({ packetId: 0xffff })))).toBe('4002ffff');
    expect(codecErrorOf(() => encode(puback({ packetId: 0 })))).toMatchObject({ detail: 'PUBACK has Packet Identifier 0', key: 'packetIdNonZero', reasonCode: 0x82 });
    expect(toHex(encode(puback({ packetId: 0 }), { checks: { packetIdNonZero: 'off' } }))).toBe('40020000');
    expect(codecErrorOf(() => encode(puback({ packetId: undefined })))).toMatchObject({ detail: 'PUBACK needs a packetId', key: 'packetIdNonZero' });
    expect(codecErrorOf(() => encode(puback({ packetId: 0x10000 }))).detail).toBe('PUBACK packetId must be an integer from 1 to 65535, not 65536');
    expect(codecErrorOf(() => encode(puback({ packetId: 1.5 }))).detail).toBe('PUBACK packetId must be an integer from 1 to 65535, not 1.5');
    expect(codecErrorOf(() => encode(puback({ packetId: '1' }))).detail).toBe('PUBACK packetId must be an integer from 1 to 65535, not "1"');
    expect(codecErrorOf(() => encode(puback({ packetId: -1 }))).detail).toBe('PUBACK packetId must be an integer from 1 to 65535, not -1');
  });

  it('an unknown reason code is named in two hex digits, at its offset [MQTT-3.4.2-1]', () => {
    const e = codecErrorOf(() => decode(pkt(0x40, '0001 07'), { protocolVersion: 5 }));
    expect(e).toMatchObject({ detail: '0x07 is not a PUBACK reason code', key: 'pubackReasonCode', offset: 4, reasonCode: 0x82 });
  });

  it('encode refuses an unknown reason code, writes it when relaxed, and never a non-byte', () => {
    const v5 = { protocolVersion: 5 } as const;
    expect(codecErrorOf(() => encode(puback({ reasonCode: 1 }), v5))).toMatchObject({ detail: '1 is not a PUBACK reason code', key: 'pubackReasonCode', reasonCode: 0x82 });
    const off = { protocolVersion: 5, checks: { pubackReasonCode: 'off' } } as const;
    expect(toHex(encode(puback({ reasonCode: 1 }), off))).toBe('4003000101');
    expect(codecErrorOf(() => encode(puback({ reasonCode: 'x' }), off)).detail).toBe('"x" is not a PUBACK reason code');
    expect(codecErrorOf(() => encode(puback({ reasonCode: '0' }), v5)).detail).toBe('"0" is not a PUBACK reason code');
    expect(codecErrorOf(() => encode(puback({ reasonCode: 300 }), off)).detail).toBe('PUBACK reasonCode must be an integer from 0 to 255, not 300');
    expect(toHex(encode(puback({ reasonCode: 0x10 }), v5))).toBe('4003000110');
  });

  it('before 5.0 only reason code 0 may be given, and it is not written [v5Only]', () => {
    expect(codecErrorOf(() => encode(puback({ reasonCode: 0x10 })))).toMatchObject({ detail: 'PUBACK reasonCode exists only in MQTT 5.0', key: 'v5Only', reasonCode: 0x81 });
    expect(toHex(encode(puback({ reasonCode: 0 })))).toBe('40020001');
  });

  it('a 5.0 reason tail: properties set only when present, faults in them under properties', () => {
    const p = decode(pkt(0x40, '0001 10 00'), { protocolVersion: 5 });
    expect(p).toEqual({ type: 'puback', packetId: 1, reasonCode: 0x10 });
    expect('properties' in p).toBe(false);
    const e = codecErrorOf(() => decode(pkt(0x40, '0001 10 05 26'), { protocolVersion: 5 }));
    expect(e).toMatchObject({ path: 'properties.length', offset: 5 });
    const paths = inspect(pkt(0x40, '0001 10 00'), { protocolVersion: 5 }).fields.map((f) => f.path);
    expect(paths).toEqual(['header.type', 'header.flags', 'header.remainingLength', 'variableHeader.packetId', 'variableHeader.reasonCode', 'properties.length']);
  });
});

describe('CONNECT field paths (inspect)', () => {
  it('names every field of a 5.0 CONNECT with Will, User Name and Password', () => {
    const body = head('MQTT', 5, 0xc6) + '00' + str('c') + '00' + str('t') + str('p') + str('u') + str('w');
    const paths = inspect(pkt(0x10, body)).fields.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining([
      'variableHeader.protocolName', 'variableHeader.protocolLevel', 'variableHeader.connectFlags', 'variableHeader.keepAlive',
      'properties.length', 'clientId', 'will.properties.length', 'will.topic', 'will.payload', 'username', 'password',
    ]));
  });
});

describe('PUBLISH', () => {
  const pub = (p: Record<string, unknown>): Packet => ({ type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false, ...p }) as Packet;
  const v5 = { protocolVersion: 5 } as const;

  it('decode: faults named exactly, at their offsets [MQTT-3.3.1-4, MQTT-3.3.1-2, MQTT-4.7.3-1, MQTT-3.3.2-2]', () => {
    expect(codecErrorOf(() => decode(pkt(0x36, str('t') + '0001')))).toMatchObject({ detail: 'PUBLISH has both QoS bits set', key: 'publishQos3', offset: 0, reasonCode: 0x81 });
    expect(codecErrorOf(() => decode(pkt(0x32, str('t') + '0000')))).toMatchObject({ detail: 'PUBLISH has Packet Identifier 0', offset: 5 });
    expect(codecErrorOf(() => decode(pkt(0x30, str(''))))).toMatchObject({ detail: 'PUBLISH Topic Name is empty', key: 'topicNonEmpty', offset: 2 });
    expect(codecErrorOf(() => decode(pkt(0x30, str('') + '00'), v5))).toMatchObject({ detail: 'PUBLISH Topic Name is empty and there is no Topic Alias', key: 'topicNameNoAlias', offset: 2 });
    const w = codecErrorOf(() => decode(pkt(0x30, str('ab/+'))));
    expect(w).toMatchObject({ key: 'topicNameWildcard', offset: 7 });
    expect(w.detail).toMatch(/^PUBLISH \S/);
    expect(codecErrorOf(() => decode(pkt(0x30, str('t') + '05 0b'), v5))).toMatchObject({ path: 'properties.length' });
    expect(codecErrorOf(() => decode(pkt(0x30, str('t') + '02 0b01'), { protocolVersion: 5, from: 'client' }))).toMatchObject({ detail: 'a PUBLISH from a client carries a Subscription Identifier', key: 'publishClientSubscriptionId', offset: 0 });
  });

  it('decode: no properties key before 5.0, at QoS 0 and above', () => {
    const q0 = decode(pkt(0x30, str('t') + '61'));
    const q1 = decode(pkt(0x32, str('t') + '0001 61'));
    expect('properties' in q0).toBe(false);
    expect('properties' in q1).toBe(false);
    expect(q1).toMatchObject({ qos: 1, packetId: 1 });
  });

  it('encode: faults named exactly [MQTT-3.3.1-4, MQTT-3.3.1-2, MQTT-2.2.1-2]', () => {
    expect(codecErrorOf(() => encode(pub({ qos: 3 })))).toMatchObject({ detail: 'PUBLISH qos 3 is not a QoS level', key: 'publishQos3' });
    expect(codecErrorOf(() => encode(pub({ qos: 4 }))).detail).toBe('PUBLISH qos must be an integer from 0 to 2, not 4');
    expect(codecErrorOf(() => encode(pub({ retain: 1 }))).detail).toBe('PUBLISH retain must be a boolean, not 1');
    expect(codecErrorOf(() => encode(pub({ dup: 1 }))).detail).toBe('PUBLISH dup must be a boolean, not 1');
    expect(codecErrorOf(() => encode(pub({ dup: true })))).toMatchObject({ detail: 'PUBLISH has DUP set with QoS 0', key: 'publishDupQos0' });
    expect(codecErrorOf(() => encode(pub({ packetId: 1 })))).toMatchObject({ detail: 'PUBLISH with QoS 0 must not have a packetId', key: 'publishQos0NoPacketId' });
    expect(codecErrorOf(() => encode(pub({ qos: 1 }))).detail).toBe('PUBLISH needs a packetId');
    expect(codecErrorOf(() => encode(pub({ topic: 7 }))).detail).toMatch(/^PUBLISH topic /);
    expect(codecErrorOf(() => encode(pub({ topic: 'x'.repeat(70000) })))).toMatchObject({ key: 'topicMaxLength' });
  });

  it('encode: the Topic Name rules, a wildcard in first place too [MQTT-3.3.2-2, MQTT-4.7.3-1, MQTT-3.3.2-8]', () => {
    for (const topic of ['+', '#', 'a/+']) {
      const e = codecErrorOf(() => encode(pub({ topic })));
      expect(e).toMatchObject({ key: 'topicNameWildcard', reasonCode: 0x82 });
      expect(e.detail).toMatch(/^PUBLISH \S/);
    }
    expect(codecErrorOf(() => encode(pub({ topic: '' })))).toMatchObject({ detail: 'PUBLISH Topic Name is empty', key: 'topicNonEmpty' });
    expect(codecErrorOf(() => encode(pub({ topic: '' }), v5))).toMatchObject({ detail: 'PUBLISH Topic Name is empty and there is no Topic Alias', key: 'topicNameNoAlias' });
    expect(encode(pub({ topic: '', properties: { topicAlias: 1 } }), v5)[0]).toBe(0x30);
  });

  it('encode: a client sends no Subscription Identifier [MQTT-3.3.4-6]', () => {
    const p = pub({ properties: { subscriptionIdentifiers: [1] } });
    expect(codecErrorOf(() => encode(p, { protocolVersion: 5, from: 'client' }))).toMatchObject({ detail: 'a PUBLISH from a client must not carry a Subscription Identifier', key: 'publishClientSubscriptionId' });
  });

  it('encode: a text payload is its UTF-8 (U+0000 allowed), lone surrogates and other kinds refused', () => {
    expect(toHex(encode(pub({ payload: 'é\u0000' })))).toBe('3006' + '000174' + 'c3a900');
    expect(codecErrorOf(() => encode(pub({ payload: 'a\udc00' })))).toMatchObject({ detail: 'PUBLISH payload string has an unpaired surrogate', key: 'utf8WellFormed' });
    expect(codecErrorOf(() => encode(pub({ payload: 7 })))).toMatchObject({ detail: 'PUBLISH payload must be a Uint8Array or a string', key: 'invalidValue' });
  });
});

describe('SUBSCRIBE', () => {
  const sub = (subscriptions: unknown, p: Record<string, unknown> = {}): Packet => ({ type: 'subscribe', packetId: 1, subscriptions, ...p }) as Packet;
  const v5 = { protocolVersion: 5 } as const;
  const s0 = (o: Record<string, unknown> = {}) => [{ topicFilter: 'a', qos: 0, ...o }];

  it('decode: faults named exactly, at their offsets [MQTT-3.8.3-4, MQTT-3.8.3-5, MQTT-3.8.3-3, MQTT-3.8.3-2]', () => {
    expect(codecErrorOf(() => decode(pkt(0x82, '0001' + str('a') + '03')))).toMatchObject({ detail: 'Subscription Options request QoS 3', key: 'subscribeQos3', offset: 7, reasonCode: 0x81 });
    expect(codecErrorOf(() => decode(pkt(0x82, '0001 00' + str('a') + '03'), v5))).toMatchObject({ detail: 'Subscription Options request Maximum QoS 3', key: 'subscribeQos3', offset: 8, reasonCode: 0x82 });
    expect(codecErrorOf(() => decode(pkt(0x82, '0000' + str('a') + '00')))).toMatchObject({ detail: 'SUBSCRIBE has Packet Identifier 0' });
    expect(codecErrorOf(() => decode(pkt(0x82, '0001' + str('a') + '04')))).toMatchObject({ detail: 'Subscription Options reserved bits are set', key: 'subscribeReservedBits', offset: 7 });
    expect(codecErrorOf(() => decode(pkt(0x82, '0001 00' + str('a') + '30'), v5))).toMatchObject({ detail: 'Retain Handling is 3', key: 'retainHandling3', offset: 8 });
    expect(codecErrorOf(() => decode(pkt(0x82, '0001 00' + str('$share/g/a') + '04'), v5))).toMatchObject({ detail: 'No Local is set on a Shared Subscription', key: 'subscribeNoLocalShared' });
    expect(codecErrorOf(() => decode(pkt(0x82, '0001')))).toMatchObject({ detail: 'SUBSCRIBE has no Topic Filter', key: 'subscribeNonEmpty', offset: 4 });
  });

  it('decode: no properties key before 5.0', () => {
    const p = decode(pkt(0x82, '0001' + str('a') + '01'));
    expect(p).toEqual({ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 1 }] });
    expect('properties' in p).toBe(false);
  });

  it('encode: the list and each entry are checked, naming the entry', () => {
    expect(codecErrorOf(() => encode(sub(s0(), { packetId: undefined }))).detail).toBe('SUBSCRIBE needs a packetId');
    expect(codecErrorOf(() => encode(sub('x')))).toMatchObject({ detail: 'SUBSCRIBE subscriptions must be an array, not "x"', key: 'invalidValue' });
    expect(codecErrorOf(() => encode(sub([])))).toMatchObject({ detail: 'SUBSCRIBE has no Topic Filter', key: 'subscribeNonEmpty' });
    expect(codecErrorOf(() => encode(sub([null])))).toMatchObject({ detail: 'subscriptions[0] must be an object', key: 'invalidValue' });
    expect(codecErrorOf(() => encode(sub([...s0(), 'x']))).detail).toBe('subscriptions[1] must be an object');
    expect(codecErrorOf(() => encode(sub(s0({ topicFilter: 7 })))).detail).toMatch(/^subscriptions\[0\]\.topicFilter /);
    expect(codecErrorOf(() => encode(sub(s0({ topicFilter: 'x'.repeat(70000) }))))).toMatchObject({ key: 'topicMaxLength', reasonCode: 0x81 });
    expect(codecErrorOf(() => encode(sub(s0({ qos: 'x' })))).detail).toBe('subscriptions[0].qos must be an integer from 0 to 255, not "x"');
    expect(codecErrorOf(() => encode(sub(s0({ noLocal: 1 })), v5)).detail).toBe('subscriptions[0].noLocal must be a boolean, not 1');
    expect(codecErrorOf(() => encode(sub(s0({ retainAsPublished: 1 })), v5)).detail).toBe('subscriptions[0].retainAsPublished must be a boolean, not 1');
    expect(codecErrorOf(() => encode(sub(s0({ retainHandling: 5 })), v5)).detail).toBe('subscriptions[0].retainHandling must be an integer from 0 to 2, not 5');
  });

  it('encode: QoS 3, QoS above 3 and Retain Handling 3 [MQTT-3.8.3-4, MQTT-3.8.3-5]', () => {
    expect(codecErrorOf(() => encode(sub(s0({ qos: 4 }))))).toMatchObject({ detail: 'subscriptions[0].qos 4 sets reserved Subscription Options bits', key: 'subscribeReservedBits' });
    expect(codecErrorOf(() => encode(sub(s0({ qos: 3 }))))).toMatchObject({ detail: 'Subscription Options request QoS 3', key: 'subscribeQos3' });
    expect(codecErrorOf(() => encode(sub(s0({ retainHandling: 3 })), v5))).toMatchObject({ detail: 'Retain Handling is 3', key: 'retainHandling3', reasonCode: 0x82 });
  });

  it('encode: before 5.0 no No Local, Retain As Published or Retain Handling, each alone [v5Only]', () => {
    const msg = 'No Local, Retain As Published and Retain Handling exists only in MQTT 5.0';
    expect(codecErrorOf(() => encode(sub(s0({ noLocal: true })))).detail).toBe(msg);
    expect(codecErrorOf(() => encode(sub(s0({ retainAsPublished: true })))).detail).toBe(msg);
    expect(codecErrorOf(() => encode(sub(s0({ retainHandling: 1 })))).detail).toBe(msg);
    expect(toHex(encode(sub(s0({ noLocal: false, retainAsPublished: false, retainHandling: 0 }))))).toBe('8206' + '0001' + str('a') + '00');
  });

  it('encode 5.0: the options byte, and No Local refused on a Shared Subscription [MQTT-3.8.3-4]', () => {
    expect(encode(sub(s0({ qos: 1, noLocal: true, retainAsPublished: true, retainHandling: 2 })), v5).at(-1)).toBe(0x2d);
    expect(codecErrorOf(() => encode(sub(s0({ topicFilter: '$share/g/a', noLocal: true })), v5))).toMatchObject({ detail: 'No Local is set on a Shared Subscription', key: 'subscribeNoLocalShared' });
  });
});

describe('UNSUBSCRIBE', () => {
  const unsub = (topicFilters: unknown, p: Record<string, unknown> = {}): Packet => ({ type: 'unsubscribe', packetId: 1, topicFilters, ...p }) as Packet;
  const v5 = { protocolVersion: 5 } as const;

  it('decode: Packet Identifier 0, no Topic Filter, properties [MQTT-3.10.3-2]', () => {
    expect(codecErrorOf(() => decode(pkt(0xa2, '0000' + str('a'))))).toMatchObject({ detail: 'UNSUBSCRIBE has Packet Identifier 0' });
    expect(codecErrorOf(() => decode(pkt(0xa2, '0001')))).toMatchObject({ detail: 'UNSUBSCRIBE has no Topic Filter', key: 'unsubscribeNonEmpty', offset: 4 });
    expect(codecErrorOf(() => decode(pkt(0xa2, '0001 05' + str('a')), v5))).toMatchObject({ path: 'properties.length' });
    const p = decode(pkt(0xa2, '0001' + str('a')));
    expect('properties' in p).toBe(false);
  });

  it('encode: the list and each filter are checked, naming the entry; shared-subscription rules only in 5.0 [MQTT-4.8.2-1]', () => {
    expect(codecErrorOf(() => encode(unsub(['a'], { packetId: undefined }))).detail).toBe('UNSUBSCRIBE needs a packetId');
    expect(codecErrorOf(() => encode(unsub('x')))).toMatchObject({ detail: 'UNSUBSCRIBE topicFilters must be an array, not "x"', key: 'invalidValue' });
    expect(codecErrorOf(() => encode(unsub([])))).toMatchObject({ detail: 'UNSUBSCRIBE has no Topic Filter', key: 'unsubscribeNonEmpty' });
    expect(codecErrorOf(() => encode(unsub([7]))).detail).toMatch(/^topicFilters\[0\] /);
    expect(codecErrorOf(() => encode(unsub(['a', 7]))).detail).toMatch(/^topicFilters\[1\] /);
    expect(codecErrorOf(() => encode(unsub(['x'.repeat(70000)])))).toMatchObject({ key: 'topicMaxLength' });
    expect(encode(unsub(['$share//x']))[0]).toBe(0xa2);
    expect(codecErrorOf(() => encode(unsub(['$share//x']), v5)).reasonCode).toBe(0x82);
  });
});

describe('SUBACK and UNSUBACK', () => {
  const v5 = { protocolVersion: 5 } as const;

  it('decode: a 3.1.1 UNSUBACK is only a Packet Identifier [unsubackLength]', () => {
    expect(codecErrorOf(() => decode(pkt(0xb0, '0001 00')))).toMatchObject({ detail: '1 unexpected byte(s) after the Packet Identifier of UNSUBACK', key: 'unsubackLength', offset: 4 });
    expect(inspect(pkt(0xb0, '0001 0000'), { checks: { unsubackLength: 'warn' } }).warnings[0].detail).toBe('2 unexpected byte(s) after the Packet Identifier of UNSUBACK');
  });

  it('decode: unknown codes, no codes, properties [MQTT-3.9.3-1]', () => {
    expect(codecErrorOf(() => decode(pkt(0x90, '0001 03')))).toMatchObject({ detail: '0x03 is not a SUBACK reason code', key: 'subackReasonCode', offset: 4 });
    expect(codecErrorOf(() => decode(pkt(0x90, '0001')))).toMatchObject({ detail: 'SUBACK has no reason codes', key: 'subackNonEmpty', offset: 4 });
    expect(codecErrorOf(() => decode(pkt(0x90, '0001 05 00'), v5))).toMatchObject({ path: 'properties.length' });
    expect('properties' in decode(pkt(0x90, '0001 00 00'), v5)).toBe(false);
  });

  it('encode: UNSUBACK reason codes only in 5.0; SUBACK needs a non-empty array', () => {
    const ua = (reasonCodes: unknown): Packet => ({ type: 'unsuback', packetId: 1, reasonCodes }) as Packet;
    const sa = (reasonCodes: unknown): Packet => ({ type: 'suback', packetId: 1, reasonCodes }) as Packet;
    expect(codecErrorOf(() => encode(ua([0]))).detail).toBe('UNSUBACK reasonCodes exists only in MQTT 5.0');
    expect(codecErrorOf(() => encode(ua('x'))).detail).toBe('UNSUBACK reasonCodes exists only in MQTT 5.0');
    expect(toHex(encode(ua([])))).toBe('b0020001');
    expect(toHex(encode(ua(undefined)))).toBe('b0020001');
    expect(codecErrorOf(() => encode(sa('x')))).toMatchObject({ detail: 'SUBACK reasonCodes must be an array, not "x"', key: 'invalidValue' });
    expect(codecErrorOf(() => encode(sa([])))).toMatchObject({ detail: 'SUBACK has no reason codes', key: 'subackNonEmpty' });
    expect(codecErrorOf(() => encode(ua([]), v5))).toMatchObject({ detail: 'UNSUBACK has no reason codes' });
  });
});

describe('CONNACK', () => {
  const v5 = { protocolVersion: 5 } as const;
  const ca = (p: Record<string, unknown>): Packet => ({ type: 'connack', sessionPresent: false, reasonCode: 0, ...p }) as Packet;

  it('decode: reserved flags (all of them in 3.1), Session Present [MQTT-3.2.2-1]', () => {
    expect(codecErrorOf(() => decode(pkt(0x20, '0200')))).toMatchObject({ detail: 'CONNACK reserved acknowledge flags are set', key: 'connackReserved', offset: 2 });
    expect(codecErrorOf(() => decode(pkt(0x20, '0100'), { protocolVersion: 3 }))).toMatchObject({ key: 'connackReserved' });
    expect(decode(pkt(0x20, '0100'))).toMatchObject({ sessionPresent: true });
    expect(decode(pkt(0x20, '0100'), { protocolVersion: 3, checks: { connackReserved: 'off' } })).toMatchObject({ sessionPresent: false });
    expect(codecErrorOf(() => decode(pkt(0x20, '0105')))).toMatchObject({ detail: 'CONNACK has Session Present set with a non-zero reason code', key: 'connackSessionPresent', offset: 2 });
  });

  it('decode: a missing code is named, with the field each version calls it; relaxed it reads as 0', () => {
    expect(codecErrorOf(() => decode(pkt(0x20, '00')))).toMatchObject({ detail: 'CONNACK has no Connect Reason Code', key: 'connackReasonCodePresent', path: 'variableHeader.returnCode', offset: 3 });
    expect(codecErrorOf(() => decode(pkt(0x20, '00'), v5))).toMatchObject({ path: 'variableHeader.reasonCode' });
    const strict = inspect(pkt(0x20, '00'));
    expect(strict.packet).toBeUndefined();
    expect(strict.diagnostics.map((d) => d.detail)).toEqual(['CONNACK has no Connect Reason Code']);
    const res = inspect(pkt(0x20, '00'), { checks: { connackReasonCodePresent: 'warn' } });
    expect(res.packet).toEqual({ type: 'connack', sessionPresent: false, reasonCode: 0 });
    expect(res.warnings[0].detail).toBe('CONNACK has no Connect Reason Code');
  });

  it('decode: unknown codes per version, paths and properties [MQTT-3.2.2-6]', () => {
    expect(codecErrorOf(() => decode(pkt(0x20, '0006')))).toMatchObject({ detail: '0x06 is not a CONNACK reason code', key: 'connackReturnCode', offset: 3 });
    expect(codecErrorOf(() => decode(pkt(0x20, '0007 00'), v5))).toMatchObject({ detail: '0x07 is not a CONNACK reason code', key: 'connackReasonCode' });
    expect(inspect(pkt(0x20, '0000')).fields.map((f) => f.path)).toEqual(expect.arrayContaining(['variableHeader.acknowledgeFlags', 'variableHeader.returnCode']));
    expect(inspect(pkt(0x20, '0000 00'), v5).fields.map((f) => f.path)).toEqual(expect.arrayContaining(['variableHeader.reasonCode', 'properties.length']));
    expect(codecErrorOf(() => decode(pkt(0x20, '0000 05 11'), v5))).toMatchObject({ path: 'properties.length' });
    expect('properties' in decode(pkt(0x20, '0000 00'), v5)).toBe(false);
  });

  it('encode: faults named exactly', () => {
    expect(codecErrorOf(() => encode(ca({ sessionPresent: 1 }))).detail).toBe('CONNACK sessionPresent must be a boolean, not 1');
    expect(codecErrorOf(() => encode(ca({ reasonCode: 7 }), v5))).toMatchObject({ detail: '7 is not a CONNACK reason code', key: 'connackReasonCode' });
    expect(codecErrorOf(() => encode(ca({ reasonCode: 6 })))).toMatchObject({ detail: '6 is not a CONNACK reason code', key: 'connackReturnCode' });
    expect(codecErrorOf(() => encode(ca({ sessionPresent: true, reasonCode: 5 })))).toMatchObject({ detail: 'CONNACK has Session Present set with a non-zero reason code', key: 'connackSessionPresent' });
    expect(codecErrorOf(() => encode(ca({ sessionPresent: true }), { protocolVersion: 3 }))).toMatchObject({ detail: 'MQTT 3.1 CONNACK has no Session Present flag', key: 'invalidValue' });
  });
});

describe('PUBACK family cut short [packetIdPresent]', () => {
  it('names the missing Packet Identifier; relaxed it reads as 0 (and Success in 5.0)', () => {
    expect(codecErrorOf(() => decode(pkt(0x40, '')))).toMatchObject({ detail: 'PUBACK has no Packet Identifier', key: 'packetIdPresent', path: 'variableHeader.packetId', offset: 2 });
    expect(codecErrorOf(() => decode(pkt(0x40, '00')))).toMatchObject({ detail: 'PUBACK has no Packet Identifier', offset: 2 });
    const strict = inspect(pkt(0x40, ''));
    expect(strict.packet).toBeUndefined();
    expect(strict.diagnostics.map((d) => d.detail)).toEqual(['PUBACK has no Packet Identifier']);
    const relaxed = { checks: { packetIdPresent: 'warn' } } as const;
    const p4 = inspect(pkt(0x40, ''), relaxed);
    expect(p4.packet).toEqual({ type: 'puback', packetId: 0 });
    expect('reasonCode' in p4.packet!).toBe(false);
    expect(p4.warnings[0].detail).toBe('PUBACK has no Packet Identifier');
    expect(inspect(pkt(0x40, ''), { ...relaxed, protocolVersion: 5 }).packet).toEqual({ type: 'puback', packetId: 0, reasonCode: 0 });
  });
});

describe('who sends what [senderPacketType]', () => {
  it('names the packet and the sender, DISCONNECT from a server only before 5.0', () => {
    expect(codecErrorOf(() => decode(pkt(0x20, '0000'), { from: 'client' }))).toMatchObject({ detail: 'CONNACK is not sent by a client', key: 'senderPacketType' });
    expect(codecErrorOf(() => decode(pkt(0xe0, ''), { from: 'server' }))).toMatchObject({ detail: 'DISCONNECT is not sent by a server before MQTT 5.0', key: 'senderPacketType' });
    expect(decode(pkt(0xe0, ''), { from: 'server', protocolVersion: 5 })).toEqual({ type: 'disconnect', reasonCode: 0 });
    expect(decode(pkt(0x20, '0000'), { from: 'server' })).toMatchObject({ type: 'connack' });
    expect(codecErrorOf(() => encode({ type: 'pingresp' } as Packet, { from: 'client' })).detail).toBe('PINGRESP is not sent by a client');
  });

  it('refuses a from option other than client or server', () => {
    expect(codecErrorOf(() => decode(pkt(0xc0, ''), { from: 'x' as never })).detail).toBe("from must be 'client' or 'server', not x");
  });
});

describe('DISCONNECT and AUTH', () => {
  const sei = '11 00000001';
  it('decode: a server DISCONNECT carries no Session Expiry Interval; a client one and AUTH may [MQTT-3.14.2-2]', () => {
    expect(codecErrorOf(() => decode(pkt(0xe0, '00 05' + sei), { protocolVersion: 5, from: 'server' }))).toMatchObject({ detail: 'a DISCONNECT from a server carries a Session Expiry Interval', key: 'disconnectServerSessionExpiry', offset: 0 });
    expect(decode(pkt(0xe0, '00 05' + sei), { protocolVersion: 5, from: 'client' })).toMatchObject({ properties: { sessionExpiryInterval: 1 } });
    expect(decode(pkt(0xf0, '00 05' + sei), { protocolVersion: 5, from: 'server', checks: { propertyNotAllowed: 'off' } })).toMatchObject({ type: 'auth' });
  });

  it('encode: the same rule [MQTT-3.14.2-2]', () => {
    const d = { type: 'disconnect', reasonCode: 0, properties: { sessionExpiryInterval: 1 } } as Packet;
    expect(codecErrorOf(() => encode(d, { protocolVersion: 5, from: 'server' }))).toMatchObject({ detail: 'a DISCONNECT from a server must not carry a Session Expiry Interval', key: 'disconnectServerSessionExpiry' });
    expect(encode(d, { protocolVersion: 5, from: 'client' })[0]).toBe(0xe0);
    const a = { type: 'auth', reasonCode: 0, properties: { sessionExpiryInterval: 1 } } as Packet;
    expect(encode(a, { protocolVersion: 5, from: 'server', checks: { propertyNotAllowed: 'off' } })[0]).toBe(0xf0);
  });
});

describe('CONNECT Will Topic faults keep their own key', () => {
  it('an empty Will Topic is topicNonEmpty, not topicNameWildcard [MQTT-4.7.3-1]', () => {
    expect(codecErrorOf(() => decode(pkt(0x10, head('MQTT', 4, 0x06) + str('c') + str('') + str('p'))))).toMatchObject({ key: 'topicNonEmpty', path: 'will.topic', offset: 15 });
    expect(codecErrorOf(() => encode(connect({ will: { topic: '', payload: new Uint8Array(0), qos: 0, retain: false } })))).toMatchObject({ key: 'topicNonEmpty' });
  });
});

describe('PUBLISH wildcard offset counts bytes', () => {
  it('a U+0000 before the wildcard (allowed when utf8NoNull is off) still counts one byte [MQTT-3.3.2-2]', () => {
    const e = codecErrorOf(() => decode(pkt(0x30, '0004 6100 2f2b'), { checks: { utf8NoNull: 'off', topicNoNull: 'off' } }));
    expect(e).toMatchObject({ key: 'topicNameWildcard', offset: 7 });
  });
});
