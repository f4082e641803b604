/**
 * Tests written for the conformance matrix (docs/conformance.json): rules better shown in code
 * than as single fixtures — what encode writes by construction, every value of a reserved field,
 * the stream Decoder, the topic helpers and the Maximum Packet Size fit helper. Every name starts
 * with the normative statement id(s) it proves and the version whose numbering they use.
 */
import { describe, expect, it } from 'vitest';
import {
  Decoder,
  decode,
  encode,
  encodedLength,
  fitToMaximumPacketSize,
  MqttCodecError,
  type Packet,
  peekHeader,
  type ProtocolVersion,
  topicMatches,
} from '../src/index.js';
import { fromHex, toHex } from './helpers/hex.js';
import { codecErrorOf } from './helpers/errors.js';

const err = codecErrorOf;

const V5 = { protocolVersion: 5 } as const;
const empty = new Uint8Array(0);

/** One valid packet of every type for version `v`, with the fixed-header flags it must carry. */
function everyType(v: ProtocolVersion): [Packet, number][] {
  const out: [Packet, number][] = [
    [{ type: 'connect', protocolVersion: v, clientId: 'c', cleanStart: true, keepAlive: 10 }, 0],
    [{ type: 'connack', sessionPresent: false, reasonCode: 0 }, 0],
    [{ type: 'puback', packetId: 1 }, 0],
    [{ type: 'pubrec', packetId: 2 }, 0],
    [{ type: 'pubrel', packetId: 3 }, 2],
    [{ type: 'pubcomp', packetId: 4 }, 0],
    [{ type: 'subscribe', packetId: 5, subscriptions: [{ topicFilter: 'a/+', qos: 1 }] }, 2],
    [{ type: 'suback', packetId: 5, reasonCodes: [1] }, 0],
    [{ type: 'unsubscribe', packetId: 6, topicFilters: ['a/+'] }, 2],
    v === 5 ? [{ type: 'unsuback', packetId: 6, reasonCodes: [0] }, 0] : [{ type: 'unsuback', packetId: 6 }, 0],
    [{ type: 'pingreq' }, 0],
    [{ type: 'pingresp' }, 0],
    [{ type: 'disconnect' }, 0],
  ];
  if (v === 5) out.push([{ type: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'm' } }, 0]);
  return out;
}

/** Decode must accept `first` with flags `ok` and reject the 15 other flag values citing `rule`. */
function onlyFlags(firstNibble: number, ok: number, body: string, v: ProtocolVersion, rule: string): void {
  for (let flags = 0; flags < 16; flags++) {
    const bytes = fromHex(((firstNibble << 4) | flags).toString(16).padStart(2, '0') + body);
    if (flags === ok) {
      expect(() => decode(bytes, { protocolVersion: v })).not.toThrow();
    } else {
      expect(err(() => decode(bytes, { protocolVersion: v }))).toMatchObject({ reasonCode: 0x81, rule, offset: 0 });
    }
  }
}

describe('fixed-header flags', () => {
  it('MQTT-2.2.2-1 (3.1.1) encode writes the Table 2.2 flags of every packet type, in 3.1 and 3.1.1', () => {
    for (const v of [3, 4] as const) {
      for (const [p, flags] of everyType(v)) {
        const bytes = encode(p, { protocolVersion: v });
        expect(bytes[0] & 15, p.type).toBe(flags);
        expect(decode(bytes, { protocolVersion: v }).type).toBe(p.type);
      }
    }
  });

  it('MQTT-2.1.3-1 (5.0) encode writes the reserved flag values of every packet type, AUTH included', () => {
    for (const [p, flags] of everyType(5)) {
      const bytes = encode(p, V5);
      expect(bytes[0] & 15, p.type).toBe(flags);
      expect(decode(bytes, V5).type).toBe(p.type);
    }
  });

  it('MQTT-2.2.2-1 (3.1.1) decode rejects every other flag value of PINGREQ, CONNACK and PUBACK', () => {
    onlyFlags(12, 0, '00', 4, 'MQTT-2.2.2-1');
    onlyFlags(2, 0, '02 0000', 4, 'MQTT-2.2.2-1');
    onlyFlags(4, 0, '02 0001', 3, 'MQTT-2.2.2-1');
  });

  it('MQTT-2.1.3-1 (5.0) decode rejects every other flag value of PINGRESP, SUBACK and UNSUBACK', () => {
    onlyFlags(13, 0, '00', 5, 'MQTT-2.1.3-1');
    onlyFlags(9, 0, '04 0001 00 00', 5, 'MQTT-2.1.3-1');
    onlyFlags(11, 0, '04 0001 00 00', 5, 'MQTT-2.1.3-1');
  });

  it('MQTT-2.2.2-1 (3.1.1) peekHeader rejects wrong flags from the fixed header alone', () => {
    expect(peekHeader(fromHex('c8'), 0, 4)).toBeUndefined();
    expect(err(() => peekHeader(fromHex('c800'), 0, 4))).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-2.2.2-1' });
  });

  it('MQTT-2.1.3-1 (5.0) peekHeader rejects wrong flags from the fixed header alone', () => {
    expect(err(() => peekHeader(fromHex('c800'), 0, 5))).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-2.1.3-1' });
    expect(err(() => peekHeader(fromHex('f101'), 0, 5))).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-3.15.1-1' });
  });

  it('MQTT-3.6.1-1 (3.1.1) PUBREL: encode writes 0010, decode accepts only 0010', () => {
    for (const v of [3, 4] as const) {
      expect(encode({ type: 'pubrel', packetId: 9 }, { protocolVersion: v })[0]).toBe(0x62);
      onlyFlags(6, 2, '02 0009', v, 'MQTT-3.6.1-1');
    }
  });

  it('MQTT-3.6.1-1 (5.0) PUBREL: encode writes 0010, decode accepts only 0010', () => {
    expect(encode({ type: 'pubrel', packetId: 9, reasonCode: 0x92 }, V5)[0]).toBe(0x62);
    onlyFlags(6, 2, '03 0009 92', 5, 'MQTT-3.6.1-1');
  });

  it('MQTT-3.8.1-1 (3.1.1) SUBSCRIBE: encode writes 0010, decode accepts only 0010', () => {
    for (const v of [3, 4] as const) {
      expect(encode({ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 0 }] }, { protocolVersion: v })[0]).toBe(0x82);
      onlyFlags(8, 2, '06 0001 000161 00', v, 'MQTT-3.8.1-1');
    }
  });

  it('MQTT-3.8.1-1 (5.0) SUBSCRIBE: encode writes 0010, decode accepts only 0010', () => {
    expect(encode({ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 0 }] }, V5)[0]).toBe(0x82);
    onlyFlags(8, 2, '07 0001 00 000161 00', 5, 'MQTT-3.8.1-1');
  });

  it('MQTT-3.10.1-1 (3.1.1) UNSUBSCRIBE: encode writes 0010, decode accepts only 0010', () => {
    for (const v of [3, 4] as const) {
      expect(encode({ type: 'unsubscribe', packetId: 1, topicFilters: ['a'] }, { protocolVersion: v })[0]).toBe(0xa2);
      onlyFlags(10, 2, '05 0001 000161', v, 'MQTT-3.10.1-1');
    }
  });

  it('MQTT-3.10.1-1 (5.0) UNSUBSCRIBE: encode writes 0010, decode accepts only 0010', () => {
    expect(encode({ type: 'unsubscribe', packetId: 1, topicFilters: ['a'] }, V5)[0]).toBe(0xa2);
    onlyFlags(10, 2, '06 0001 00 000161', 5, 'MQTT-3.10.1-1');
  });

  it('MQTT-3.14.1-1 (3.1.1) DISCONNECT: encode writes 0000, decode accepts only 0000', () => {
    for (const v of [3, 4] as const) {
      expect(toHex(encode({ type: 'disconnect' }, { protocolVersion: v }))).toBe('e000');
      onlyFlags(14, 0, '00', v, 'MQTT-3.14.1-1');
    }
  });

  it('MQTT-3.14.1-1 (5.0) DISCONNECT: encode writes 0000, decode accepts only 0000', () => {
    expect(encode({ type: 'disconnect', reasonCode: 0x8b }, V5)[0]).toBe(0xe0);
    onlyFlags(14, 0, '01 8b', 5, 'MQTT-3.14.1-1');
  });

  it('MQTT-3.15.1-1 (5.0) AUTH: encode writes 0000, decode accepts only 0000', () => {
    expect(encode({ type: 'auth', reasonCode: 0x19, properties: { authenticationMethod: 'm' } }, V5)[0]).toBe(0xf0);
    onlyFlags(15, 0, '06 19 04 150001 6d', 5, 'MQTT-3.15.1-1');
  });
});

describe('the stream Decoder after invalid flags', () => {
  it('MQTT-2.2.2-2 (3.1.1) invalid flags: the Decoder throws 0x81 and stays failed, so nothing more is processed', () => {
    const d = new Decoder({ protocolVersion: 4 });
    expect(d.push(fromHex('c000'))).toEqual([{ type: 'pingreq' }]);
    const e = err(() => d.push(fromHex('62020001 a2050001000161 60020001')));
    expect(e).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-3.6.1-1', offset: 13 });
    expect(e.packets).toEqual([{ type: 'pubrel', packetId: 1 }, { type: 'unsubscribe', packetId: 1, topicFilters: ['a'] }]);
    expect(() => d.push(fromHex('c000'))).toThrow(e);
    expect(() => d.end()).toThrow(e);
    expect(d.error).toBe(e);
  });

  it('MQTT-2.2.2-2 (3.1.1) a packet with invalid flags split across chunks fails the Decoder on its first byte, as when whole', () => {
    const d = new Decoder({ protocolVersion: 4 });
    const e = err(() => d.push(fromHex('c1')));
    expect(e).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-2.2.2-1', offset: 0 });
    expect(e.packets).toBeUndefined();
    expect(() => d.push(fromHex('00 c000'))).toThrow(e);
    expect(err(() => new Decoder({ protocolVersion: 4 }).push(fromHex('c100 c000')))).toMatchObject({ rule: 'MQTT-2.2.2-1', offset: 0 });
  });

  it('MQTT-4.13.1-1 (5.0) after a Malformed Packet or Protocol Error the Decoder is failed (closing is the caller\'s)', () => {
    for (const bad of ['c1 00', '30 03 0000 00', '40 03 0001 01']) {
      const d = new Decoder(V5);
      const e = err(() => d.push(fromHex(bad)));
      expect([0x81, 0x82]).toContain(e.reasonCode);
      expect(() => d.push(fromHex('c000'))).toThrow(e);
    }
  });
});

/** The Connect Flags byte of an encoded CONNECT. */
function connectFlags(bytes: Uint8Array): number {
  const h = peekHeader(bytes, 0, 5)!.headerLength;
  const nameLength = (bytes[h] << 8) | bytes[h + 1];
  return bytes[h + 2 + nameLength + 1];
}

/** The payload fields of an encoded CONNECT, read in wire order as length-prefixed hex strings. */
function connectPayload(bytes: Uint8Array, v: ProtocolVersion): string[] {
  const h = peekHeader(bytes, 0, 5)!.headerLength;
  let pos = h + 2 + ((bytes[h] << 8) | bytes[h + 1]) + 1 + 1 + 2;
  const flags = connectFlags(bytes);
  const props = (): string => {
    const start = pos;
    let len = 0;
    let mult = 1;
    for (;;) {
      const b = bytes[pos++];
      len += (b & 0x7f) * mult;
      mult *= 128;
      if (b < 0x80) break;
    }
    pos += len;
    return `props:${toHex(bytes.subarray(start, pos))}`;
  };
  const field = (): string => {
    const n = (bytes[pos] << 8) | bytes[pos + 1];
    const s = toHex(bytes.subarray(pos + 2, pos + 2 + n));
    pos += 2 + n;
    return s;
  };
  if (v === 5) props();
  const out = [field()];
  if (flags & 0x04) {
    if (v === 5) out.push(props());
    out.push(field(), field());
  }
  if (flags & 0x80) out.push(field());
  if (flags & 0x40) out.push(field());
  expect(pos).toBe(bytes.length);
  return out;
}

const hexOf = (s: string) => toHex(new TextEncoder().encode(s));

function connectVariants(v: ProtocolVersion): Packet[] {
  const out: Packet[] = [];
  for (const cleanStart of [false, true]) {
    for (const qos of [undefined, 0, 1, 2] as const) {
      for (const retain of [false, true]) {
        if (qos === undefined && retain) continue;
        for (const username of [undefined, 'u']) {
          for (const password of [undefined, Uint8Array.of(1, 2)]) {
            if (v !== 5 && password !== undefined && username === undefined) continue;
            const p: Packet = { type: 'connect', protocolVersion: v, clientId: 'id', cleanStart, keepAlive: 30 };
            if (qos !== undefined) p.will = { topic: 'w', payload: Uint8Array.of(9), qos, retain };
            if (username !== undefined) p.username = username;
            if (password !== undefined) p.password = password;
            out.push(p);
          }
        }
      }
    }
  }
  return out;
}

describe('what encode writes in a CONNECT', () => {
  it('MQTT-3.1.2-3 (3.1.1) encode never sets the reserved Connect Flag, whatever the other fields', () => {
    for (const v of [3, 4] as const) {
      for (const p of connectVariants(v)) {
        const bytes = encode(p);
        expect(connectFlags(bytes) & 1).toBe(0);
        expect(decode(bytes, { protocolVersion: v })).toMatchObject({ clientId: 'id' });
      }
    }
  });

  it('MQTT-3.1.2-3 (5.0) encode never sets the reserved Connect Flag, whatever the other fields', () => {
    for (const p of connectVariants(5)) expect(connectFlags(encode(p)) & 1).toBe(0);
  });

  it('MQTT-3.1.2-9 (3.1.1) with a will, encode sets the Will Flag and writes Will Topic and Will Message after the ClientId', () => {
    for (const p of connectVariants(4).filter((c) => c.type === 'connect' && c.will !== undefined)) {
      const bytes = encode(p);
      expect(connectFlags(bytes) & 0x04).toBe(4);
      expect(connectPayload(bytes, 4).slice(0, 3)).toEqual([hexOf('id'), hexOf('w'), '09']);
    }
  });

  it('MQTT-3.1.2-9 (5.0) with a will, encode sets the Will Flag and writes Will Properties, Will Topic and Will Payload', () => {
    const p: Packet = {
      type: 'connect', protocolVersion: 5, clientId: 'id', cleanStart: true, keepAlive: 0,
      will: { topic: 'w', payload: Uint8Array.of(9), qos: 1, retain: false },
    };
    expect(connectPayload(encode(p), 5)).toEqual([hexOf('id'), 'props:00', hexOf('w'), '09']);
    const withProps = { ...p, will: { ...p.will!, properties: { willDelayInterval: 5 } } } as Packet;
    expect(connectPayload(encode(withProps), 5)).toEqual([hexOf('id'), 'props:051800000005', hexOf('w'), '09']);
  });

  it('MQTT-3.1.2-11 MQTT-3.1.2-13 MQTT-3.1.2-15 (3.1.1) without a will, encode writes Will QoS 0, Will Retain 0 and no Will fields', () => {
    for (const v of [3, 4] as const) {
      for (const p of connectVariants(v).filter((c) => c.type === 'connect' && c.will === undefined)) {
        const bytes = encode(p);
        expect(connectFlags(bytes) & 0x3c).toBe(0);
        expect(connectPayload(bytes, v)[0]).toBe(hexOf('id'));
        expect(connectPayload(bytes, v)).not.toContain(hexOf('w'));
      }
    }
  });

  it('MQTT-3.1.2-11 MQTT-3.1.2-13 (5.0) without a will, encode writes Will QoS 0, Will Retain 0 and no Will fields', () => {
    for (const p of connectVariants(5).filter((c) => c.type === 'connect' && c.will === undefined)) {
      const bytes = encode(p);
      expect(connectFlags(bytes) & 0x3c).toBe(0);
      expect(connectPayload(bytes, 5)).not.toContain(hexOf('w'));
    }
  });

  it('MQTT-3.1.2-14 (3.1.1) encode writes the Will QoS given (0, 1 or 2) into bits 4-3', () => {
    for (const qos of [0, 1, 2] as const) {
      const p: Packet = { type: 'connect', clientId: 'c', cleanStart: true, keepAlive: 0, will: { topic: 't', payload: empty, qos, retain: false } };
      expect((connectFlags(encode(p)) >> 3) & 3).toBe(qos);
    }
  });

  it('MQTT-3.1.2-18 MQTT-3.1.2-19 MQTT-3.1.2-20 MQTT-3.1.2-21 (3.1.1) encode sets the User Name and Password Flags exactly when the fields are present', () => {
    for (const v of [3, 4] as const) {
      for (const p of connectVariants(v)) {
        if (p.type !== 'connect') continue;
        const bytes = encode(p);
        const payload = connectPayload(bytes, v);
        expect((connectFlags(bytes) & 0x80) !== 0).toBe(p.username !== undefined);
        expect((connectFlags(bytes) & 0x40) !== 0).toBe(p.password !== undefined);
        expect(payload.includes(hexOf('u'))).toBe(p.username !== undefined);
        expect(payload.includes('0102')).toBe(p.password !== undefined);
      }
    }
  });

  it('MQTT-3.1.2-16 MQTT-3.1.2-17 MQTT-3.1.2-18 MQTT-3.1.2-19 (5.0) encode sets the User Name and Password Flags exactly when the fields are present', () => {
    for (const p of connectVariants(5)) {
      if (p.type !== 'connect') continue;
      const bytes = encode(p);
      const payload = connectPayload(bytes, 5);
      expect((connectFlags(bytes) & 0x80) !== 0).toBe(p.username !== undefined);
      expect((connectFlags(bytes) & 0x40) !== 0).toBe(p.password !== undefined);
      expect(payload.includes(hexOf('u'))).toBe(p.username !== undefined);
      expect(payload.includes('0102')).toBe(p.password !== undefined);
    }
  });

  it('MQTT-3.1.3-1 MQTT-3.1.3-3 (3.1.1) encode writes the ClientId first, then Will Topic, Will Message, User Name, Password', () => {
    const p: Packet = {
      type: 'connect', protocolVersion: 4, clientId: 'id', cleanStart: true, keepAlive: 0,
      will: { topic: 'w', payload: Uint8Array.of(9), qos: 0, retain: false }, username: 'u', password: Uint8Array.of(1, 2),
    };
    expect(connectPayload(encode(p), 4)).toEqual([hexOf('id'), hexOf('w'), '09', hexOf('u'), '0102']);
    expect(connectPayload(encode({ ...p, will: undefined, username: undefined, password: undefined } as Packet), 4)).toEqual([hexOf('id')]);
  });

  it('MQTT-3.1.3-1 MQTT-3.1.3-3 (5.0) encode writes the ClientID first, then Will Properties, Will Topic, Will Payload, User Name, Password', () => {
    const p: Packet = {
      type: 'connect', protocolVersion: 5, clientId: 'id', cleanStart: true, keepAlive: 0,
      will: { topic: 'w', payload: Uint8Array.of(9), qos: 0, retain: false }, username: 'u', password: Uint8Array.of(1, 2),
    };
    expect(connectPayload(encode(p), 5)).toEqual([hexOf('id'), 'props:00', hexOf('w'), '09', hexOf('u'), '0102']);
    expect(connectPayload(encode({ ...p, will: undefined, username: undefined, password: undefined } as Packet), 5)).toEqual([hexOf('id')]);
  });

  it('MQTT-3.1.2-22 (3.1.1) encode refuses a password without a user name in 3.1 and 3.1.1, not in 5.0', () => {
    for (const v of [3, 4] as const) {
      const p: Packet = { type: 'connect', protocolVersion: v, clientId: 'c', cleanStart: true, keepAlive: 0, password: Uint8Array.of(1) };
      expect(err(() => encode(p))).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-3.1.2-22' });
    }
    expect(connectFlags(encode({ type: 'connect', protocolVersion: 5, clientId: 'c', cleanStart: true, keepAlive: 0, password: Uint8Array.of(1) }))).toBe(0x42);
  });

  it('MQTT-3.1.3-7 (3.1.1) with from: client, a zero-byte ClientId without CleanSession is refused both ways; without from it is accepted (the server answers CONNACK 0x02)', () => {
    for (const v of [3, 4] as const) {
      const p: Packet = { type: 'connect', protocolVersion: v, clientId: '', cleanStart: false, keepAlive: 0 };
      expect(err(() => encode(p, { from: 'client' }))).toMatchObject({ reasonCode: 0x82, rule: 'MQTT-3.1.3-7' });
      const bytes = encode(p);
      expect(decode(bytes)).toMatchObject({ clientId: '', cleanStart: false });
      expect(err(() => decode(bytes, { from: 'client' }))).toMatchObject({ reasonCode: 0x82, rule: 'MQTT-3.1.3-7' });
      expect(connectFlags(encode({ ...p, cleanStart: true } as Packet)) & 0x02).toBe(2);
    }
    // MQTT-3.1.3-8 is the server's answer to such a CONNECT, so decode must let it through
    expect(decode(fromHex('100c 00044d515454 04 00 0000 0000'))).toMatchObject({ clientId: '', cleanStart: false });
    // 5.0 has no such rule (the server assigns a ClientId)
    expect(() => encode({ type: 'connect', protocolVersion: 5, clientId: '', cleanStart: false, keepAlive: 0 })).not.toThrow();
  });
});

describe('CONNACK acknowledge flags', () => {
  it('MQTT-3.2.2-1 (5.0) encode writes only the Session Present bit; decode rejects any of bits 7-1', () => {
    expect(toHex(encode({ type: 'connack', sessionPresent: true, reasonCode: 0 }, V5))).toBe('2003010000');
    expect(toHex(encode({ type: 'connack', sessionPresent: false, reasonCode: 0x87 }, V5))).toBe('2003008700');
    for (let flags = 2; flags < 256; flags++) {
      const bytes = fromHex(`2003 ${flags.toString(16).padStart(2, '0')} 00 00`);
      expect(err(() => decode(bytes, V5))).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-3.2.2-1', offset: 2 });
    }
  });
});

describe('Property Length', () => {
  it('MQTT-2.2.2-1 (5.0) encode writes a Property Length of 0 when a packet has no properties', () => {
    const cases: [Packet, string][] = [
      [{ type: 'connect', protocolVersion: 5, clientId: 'c', cleanStart: true, keepAlive: 0, will: { topic: 't', payload: empty, qos: 0, retain: false } },
        '101400044d5154540506000000' + '000163' + '00' + '000174' + '0000'],
      [{ type: 'connack', sessionPresent: false, reasonCode: 0 }, '2003000000'],
      [{ type: 'publish', topic: 'a', payload: empty, qos: 1, packetId: 1, retain: false, dup: false }, '32060001610001' + '00'],
      [{ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 0 }] }, '82070001' + '00' + '00016100'],
      [{ type: 'suback', packetId: 1, reasonCodes: [0] }, '90040001' + '00' + '00'],
      [{ type: 'unsubscribe', packetId: 1, topicFilters: ['a'] }, 'a2060001' + '00' + '000161'],
      [{ type: 'unsuback', packetId: 1, reasonCodes: [0] }, 'b0040001' + '00' + '00'],
      [{ type: 'auth', reasonCode: 0x18 }, 'f00218' + '00'],
    ];
    for (const [p, hex] of cases) expect(toHex(encode(p, V5)), p.type).toBe(hex);
  });

  it('MQTT-2.2.2-1 (5.0) the acknowledgements and DISCONNECT use the short forms the specification allows', () => {
    expect(toHex(encode({ type: 'puback', packetId: 1, reasonCode: 0 }, V5))).toBe('40020001');
    expect(toHex(encode({ type: 'puback', packetId: 1, reasonCode: 0x10 }, V5))).toBe('4003000110');
    expect(toHex(encode({ type: 'disconnect', reasonCode: 0x04 }, V5))).toBe('e00104');
    expect(decode(fromHex('e00104'), V5)).toEqual({ type: 'disconnect', reasonCode: 4 });
    expect(decode(fromHex('4003000110'), V5)).toEqual({ type: 'puback', packetId: 1, reasonCode: 0x10 });
  });

  it('MQTT-1.5.5-1 (5.0) encode writes Property Lengths and Subscription Identifiers in their shortest form', () => {
    const p: Packet = {
      type: 'publish', topic: 't', payload: empty, qos: 0, retain: false, dup: false,
      properties: { subscriptionIdentifiers: [127, 128, 16383, 16384], userProperties: [['k', 'v'.repeat(120)]] },
    };
    const bytes = encode(p, V5);
    // Property Length (1+1) + (1+2) + (1+2) + (1+3) + (1+2+1+2+120) = 138 -> 8A 01; Remaining Length 143 -> 8F 01
    expect(toHex(bytes.subarray(0, 6))).toBe('308f01' + '000174');
    expect(toHex(bytes.subarray(6, 6 + 2 + 12))).toBe('8a01' + '0b7f' + '0b8001' + '0bff7f' + '0b808001');
    expect(decode(bytes, V5)).toEqual(p);
  });
});

describe('SUBSCRIBE options', () => {
  it('MQTT-3-8.3-4 (3.1.1) encode writes only the QoS bits; decode rejects reserved bits 7-2 and QoS 3', () => {
    for (const qos of [0, 1, 2] as const) {
      const bytes = encode({ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos }] });
      expect(bytes[bytes.length - 1]).toBe(qos);
    }
    for (let options = 3; options < 256; options++) {
      const bytes = fromHex(`8206 0001 000161 ${options.toString(16).padStart(2, '0')}`);
      expect(err(() => decode(bytes))).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-3-8.3-4', offset: 7 });
    }
  });

  it('MQTT-3.8.3-5 (5.0) encode leaves reserved bits 7-6 zero for every option combination; decode rejects them', () => {
    for (const qos of [0, 1, 2] as const) {
      for (const noLocal of [false, true]) {
        for (const retainAsPublished of [false, true]) {
          for (const retainHandling of [0, 1, 2] as const) {
            const s = { topicFilter: 'a', qos, noLocal, retainAsPublished, retainHandling };
            const bytes = encode({ type: 'subscribe', packetId: 1, subscriptions: [s] }, V5);
            expect(bytes[bytes.length - 1] & 0xc0).toBe(0);
            expect(decode(bytes, V5)).toMatchObject({ subscriptions: [s] });
          }
        }
      }
    }
    for (let options = 0x40; options < 256; options++) {
      const bytes = fromHex(`8207 0001 00 000161 ${options.toString(16).padStart(2, '0')}`);
      expect(err(() => decode(bytes, V5))).toMatchObject({ reasonCode: 0x81, rule: 'MQTT-3.8.3-5', offset: 8 });
    }
  });
});

describe('topic helpers', () => {
  it('MQTT-3.3.2-3 (3.1.1) topicMatches tells a server whether an outgoing Topic Name matches the subscription', () => {
    expect(topicMatches('sport/tennis/+', 'sport/tennis/player1')).toBe(true);
    expect(topicMatches('sport/#', 'sport')).toBe(true);
    expect(topicMatches('sport/tennis/+', 'sport/tennis/player1/ranking')).toBe(false);
    expect(topicMatches('sport/+', 'Sport/x')).toBe(false);
  });

  it('MQTT-3.3.2-3 (5.0) topicMatches tells a server whether an outgoing Topic Name matches the subscription', () => {
    expect(topicMatches('a/+/c', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+/c', 'a/b/d')).toBe(false);
    expect(topicMatches('+/#', '$SYS/a')).toBe(false);
    expect(topicMatches('$SYS/#', '$SYS/a')).toBe(true);
  });
});

describe('Maximum Packet Size: dropping Reason String, then User Properties', () => {
  const reasonString = 'x'.repeat(40);
  const userProperties: [string, string][] = [['k', 'v'.repeat(20)]];
  const PACKETS: [string, string, Packet][] = [
    ['MQTT-3.2.2-19 (5.0) CONNACK', 'MQTT-3.2.2-20 (5.0) CONNACK', { type: 'connack', sessionPresent: false, reasonCode: 0x80 }],
    ['MQTT-3.4.2-2 (5.0) PUBACK', 'MQTT-3.4.2-3 (5.0) PUBACK', { type: 'puback', packetId: 1, reasonCode: 0x80 }],
    ['MQTT-3.5.2-2 (5.0) PUBREC', 'MQTT-3.5.2-3 (5.0) PUBREC', { type: 'pubrec', packetId: 1, reasonCode: 0x80 }],
    ['MQTT-3.6.2-2 (5.0) PUBREL', 'MQTT-3.6.2-3 (5.0) PUBREL', { type: 'pubrel', packetId: 1, reasonCode: 0x92 }],
    ['MQTT-3.7.2.1-2 (5.0) PUBCOMP', 'MQTT-3.7.2.1-3 (5.0) PUBCOMP', { type: 'pubcomp', packetId: 1, reasonCode: 0x92 }],
    ['MQTT-3.9.2-1 (5.0) SUBACK', 'MQTT-3.9.2-2 (5.0) SUBACK', { type: 'suback', packetId: 1, reasonCodes: [0x80, 1] }],
    ['MQTT-3.11.2-1 (5.0) UNSUBACK', 'MQTT-3.11.2-2 (5.0) UNSUBACK', { type: 'unsuback', packetId: 1, reasonCodes: [0x11] }],
    ['MQTT-3.14.2-3 (5.0) DISCONNECT', 'MQTT-3.14.2-4 (5.0) DISCONNECT', { type: 'disconnect', reasonCode: 0x80 }],
    ['MQTT-3.15.2-2 (5.0) AUTH', 'MQTT-3.15.2-3 (5.0) AUTH', { type: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'm' } }],
  ];
  const withProps = (p: Packet, extra: object): Packet => ({ ...p, properties: { ...(p as { properties?: object }).properties, ...extra } }) as Packet;
  const size = (p: Packet) => encodedLength(p, V5);

  describe.each(PACKETS)('%s', (reasonTitle, userTitle, bare) => {
    const full = withProps(bare, { reasonString, userProperties });
    const noReason = withProps(bare, { userProperties });

    it(`${reasonTitle}: fitToMaximumPacketSize drops the Reason String when that makes the packet fit`, () => {
      const before = structuredClone(full);
      expect(fitToMaximumPacketSize(full, size(full), V5)).toBe(full);
      const fitted = fitToMaximumPacketSize(full, size(full) - 1, V5)!;
      expect(fitted).toEqual(noReason);
      expect(size(fitted)).toBeLessThanOrEqual(size(full) - 1);
      expect(full).toEqual(before);
      // without the helper, encode refuses to exceed the limit instead of dropping anything
      expect(err(() => encode(full, { ...V5, maxPacketSize: size(full) - 1 })).reasonCode).toBe(0x95);
    });

    it(`${userTitle}: fitToMaximumPacketSize then drops the User Properties; undefined when nothing fits`, () => {
      expect(fitToMaximumPacketSize(full, size(noReason) - 1, V5)).toEqual(bare);
      expect(fitToMaximumPacketSize(noReason, size(bare), V5)).toEqual(bare);
      expect(fitToMaximumPacketSize(full, size(bare) - 1, V5)).toBeUndefined();
    });
  });
});
