/**
 * Sender-dependent rules, checked when `from` is given (encode, decode and Decoder), and the
 * Maximum Packet Size fit helper.
 */
import { describe, expect, it } from 'vitest';
import { Decoder, decode, encode, fitToMaximumPacketSize, MqttCodecError, type Packet } from '../src/index.js';
import { codecErrorOf } from './helpers/errors.js';

const err = codecErrorOf;

const V5 = { protocolVersion: 5 } as const;
const publishWithSubId: Packet = {
  type: 'publish', topic: 'a', payload: new Uint8Array(0), qos: 0, retain: false, dup: false,
  properties: { subscriptionIdentifiers: [7] },
};
const serverDisconnect: Packet = { type: 'disconnect', reasonCode: 0x8b, properties: { sessionExpiryInterval: 10 } };

describe('MQTT-3.3.4-6 a PUBLISH from a client must not contain a Subscription Identifier', () => {
  it('decode with from: client rejects it (0x82)', () => {
    const bytes = encode(publishWithSubId, V5);
    expect(err(() => decode(bytes, { ...V5, from: 'client' }))).toMatchObject({ reasonCode: 0x82, rule: 'MQTT-3.3.4-6' });
    expect(decode(bytes, { ...V5, from: 'server' })).toEqual(publishWithSubId);
    expect(decode(bytes, V5)).toEqual(publishWithSubId);
  });
  it('encode with from: client refuses it', () => {
    expect(err(() => encode(publishWithSubId, { ...V5, from: 'client' }))).toMatchObject({ reasonCode: 0x82, rule: 'MQTT-3.3.4-6' });
  });
  it('the Decoder applies it too', () => {
    const d = new Decoder({ ...V5, from: 'client' });
    expect(err(() => d.push(encode(publishWithSubId, V5)))).toMatchObject({ rule: 'MQTT-3.3.4-6' });
  });
});

describe('MQTT-3.14.2-2 a server must not send Session Expiry Interval on DISCONNECT', () => {
  it('decode with from: server rejects it; from: client accepts it', () => {
    const bytes = encode(serverDisconnect, V5);
    expect(err(() => decode(bytes, { ...V5, from: 'server' }))).toMatchObject({ reasonCode: 0x82, rule: 'MQTT-3.14.2-2' });
    expect(decode(bytes, { ...V5, from: 'client' })).toEqual(serverDisconnect);
  });
  it('encode with from: server refuses it', () => {
    expect(err(() => encode(serverDisconnect, { ...V5, from: 'server' }))).toMatchObject({ rule: 'MQTT-3.14.2-2' });
  });
});

describe('packet types flow one way', () => {
  const clientOnly: Packet[] = [
    { type: 'connect', protocolVersion: 5, clientId: 'c', cleanStart: true, keepAlive: 0 },
    { type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 0 }] },
    { type: 'unsubscribe', packetId: 1, topicFilters: ['a'] },
    { type: 'pingreq' },
  ];
  const serverOnly: Packet[] = [
    { type: 'connack', sessionPresent: false, reasonCode: 0 },
    { type: 'suback', packetId: 1, reasonCodes: [0] },
    { type: 'unsuback', packetId: 1, reasonCodes: [0] },
    { type: 'pingresp' },
  ];
  for (const p of clientOnly) {
    it(`${p.type} is refused from a server and accepted from a client`, () => {
      const bytes = encode(p, V5);
      expect(err(() => decode(bytes, { ...V5, from: 'server' })).reasonCode).toBe(0x82);
      expect(err(() => encode(p, { ...V5, from: 'server' })).reasonCode).toBe(0x82);
      expect(decode(bytes, { ...V5, from: 'client' }).type).toBe(p.type);
    });
  }
  for (const p of serverOnly) {
    it(`${p.type} is refused from a client and accepted from a server`, () => {
      const bytes = encode(p, V5);
      expect(err(() => decode(bytes, { ...V5, from: 'client' })).reasonCode).toBe(0x82);
      expect(decode(bytes, { ...V5, from: 'server' }).type).toBe(p.type);
    });
  }
  it('in 3.1.1 only a client sends DISCONNECT', () => {
    const bytes = encode({ type: 'disconnect' });
    expect(err(() => decode(bytes, { from: 'server' })).reasonCode).toBe(0x82);
    expect(decode(bytes, { from: 'client' })).toEqual({ type: 'disconnect' });
  });
});

describe('Maximum Packet Size', () => {
  const big: Packet = {
    type: 'puback', packetId: 5, reasonCode: 0x80,
    properties: { reasonString: 'x'.repeat(50), userProperties: [['k', 'v'.repeat(20)]] },
  };
  const size = (p: Packet) => encode(p, V5).length;

  it('MQTT-3.2.2-15 encode with from: client throws 0x95 rather than exceed maxPacketSize', () => {
    expect(err(() => encode(big, { ...V5, from: 'client', maxPacketSize: 10 }))).toMatchObject({ reasonCode: 0x95, rule: 'MQTT-3.2.2-15' });
  });
  it('MQTT-3.1.2-24 encode with from: server throws 0x95 rather than exceed maxPacketSize', () => {
    expect(err(() => encode(big, { ...V5, from: 'server', maxPacketSize: 10 }))).toMatchObject({ reasonCode: 0x95, rule: 'MQTT-3.1.2-24' });
  });
  it('MQTT-3.4.2-2 fit drops the Reason String first, leaving the caller object untouched', () => {
    const before = structuredClone(big);
    const noReason = { ...big, properties: { userProperties: big.properties!.userProperties } } as Packet;
    const fitted = fitToMaximumPacketSize(big, size(noReason), V5);
    expect(fitted).toEqual(noReason);
    expect(big).toEqual(before);
  });
  it('MQTT-3.4.2-3 fit then drops the User Properties', () => {
    const bare: Packet = { type: 'puback', packetId: 5, reasonCode: 0x80 };
    expect(fitToMaximumPacketSize(big, size(bare), V5)).toEqual(bare);
    expect(fitToMaximumPacketSize(big, size(bare) - 1, V5)).toBeUndefined();
  });
  it('a packet that fits is returned as is; a PUBLISH is never trimmed', () => {
    expect(fitToMaximumPacketSize(big, 1000, V5)).toBe(big);
    const pub: Packet = { type: 'publish', topic: 't', payload: new Uint8Array(10), qos: 0, retain: false, dup: false, properties: { userProperties: [['a', 'b']] } };
    expect(fitToMaximumPacketSize(pub, 10, V5)).toBeUndefined();
  });
});
