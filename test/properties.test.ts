/**
 * The MQTT 5.0 property block (section 2.2.2) through the public API: reading it (decode, inspect)
 * and writing it (encode), with the table's rules — which packets allow a property, which repeat,
 * value rules — and the relaxed paths a policy opens (README "Strictness as a policy").
 */
import { describe, expect, it } from 'vitest';
import { decode, encode, encodedLength, inspect, type MqttCodecError, type Packet } from '../src/index.js';
import { codecErrorOf } from './helpers/errors.js';

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

const V5 = { protocolVersion: 5 } as const;

/** A 5.0 PUBLISH, QoS 0, to "t", whose property block holds `props` (Property Length and all under 128). */
function publish5(props: number[]): Uint8Array {
  return Uint8Array.of(0x30, 4 + props.length, 0, 1, 0x74, props.length, ...props);
}

/** A 5.0 CONNECT (Clean Start, keep alive 60, empty Client Identifier) with these properties. */
function connect5(props: number[]): Uint8Array {
  const body = [0, 4, 0x4d, 0x51, 0x54, 0x54, 5, 0x02, 0, 60, props.length, ...props, 0, 0];
  return Uint8Array.of(0x10, body.length, ...body);
}

/** A 5.0 CONNECT with a QoS 0 Will to "w" (empty payload) whose Will Properties are `willProps`. */
function connectWill5(willProps: number[]): Uint8Array {
  const body = [0, 4, 0x4d, 0x51, 0x54, 0x54, 5, 0x06, 0, 60, 0, 0, 0, willProps.length, ...willProps, 0, 1, 0x77, 0, 0];
  return Uint8Array.of(0x10, body.length, ...body);
}

/** A QoS 0 PUBLISH to "t" with these properties. */
function publishWith(properties: unknown): Packet {
  return { type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false, properties } as Packet;
}

function decodeError(bytes: Uint8Array, options: object = V5): MqttCodecError {
  return codecErrorOf(() => decode(bytes, options));
}

function encodeError(packet: Packet, options: object = V5): MqttCodecError {
  return codecErrorOf(() => encode(packet, options));
}

const keysOf = (errors: readonly MqttCodecError[]): string[] => errors.map((e) => e.key);

// ---------------------------------------------------------------------------------------------
// decoding
// ---------------------------------------------------------------------------------------------

describe('reading a property block', () => {
  it('a missing Property Length is an error [MQTT-2.2.2-1], and inspect reports it alone (nothing after it is read)', () => {
    // CONNECT cut right after the Keep Alive: no Property Length, no Client Identifier.
    const bytes = Uint8Array.of(0x10, 10, 0, 4, 0x4d, 0x51, 0x54, 0x54, 5, 0x02, 0, 60);
    const err = decodeError(bytes);
    expect(err.key).toBe('propertyLengthZero');
    expect(err.message).toContain('Property Length is missing');
    const { packet, diagnostics } = inspect(bytes, V5);
    expect(packet).toBeUndefined();
    expect(keysOf(diagnostics)).toEqual(['propertyLengthZero']);
  });

  it('a Property Length running past the packet is a framing fault named after the block', () => {
    const err = decodeError(Uint8Array.of(0x30, 5, 0, 1, 0x74, 5, 1));
    expect(err.key).toBe('truncated');
    expect(err.message).toContain('Property Length runs past the end of the packet');
    expect(err.path).toBe('properties.length');
  });

  it('a Will Property Length running past the packet has the Will Properties path', () => {
    const body = [0, 4, 0x4d, 0x51, 0x54, 0x54, 5, 0x06, 0, 60, 0, 0, 0, 9];
    const err = decodeError(Uint8Array.of(0x10, body.length, ...body));
    expect(err.key).toBe('truncated');
    expect(err.message).toContain('Property Length runs past the end of the packet');
    expect(err.path).toBe('will.properties.length');
  });

  it('a property identifier cut short by the block end names the identifier field', () => {
    // 0x80: a Variable Byte Integer with its continuation bit set, the last byte of the block.
    const err = decodeError(publish5([0x80]));
    expect(err.key).toBe('truncated');
    expect(err.path).toBe('properties.id');
    expect(err.message).toContain('properties.id runs past the end');
    const willErr = decodeError(connectWill5([0x80]));
    expect(willErr.key).toBe('truncated');
    expect(willErr.path).toBe('will.properties.id');
    expect(willErr.message).toContain('will.properties.id runs past the end');
  });

  it('an unknown property identifier is a framing fault that names the identifier in hex', () => {
    const err = decodeError(publish5([0x04, 1]));
    expect(err.key).toBe('unknownProperty');
    expect(err.message).toContain('unknown property identifier 0x4');
    expect(err.offset).toBe(6);
    expect(decodeError(publish5([0x50, 1])).message).toContain('unknown property identifier 0x50');
  });

  it('inspect numbers each repeat of a repeatable property in its field paths', () => {
    // Two User Properties ("a"="b", "c"="d") and two Subscription Identifiers (1, 2).
    const props = [0x26, 0, 1, 0x61, 0, 1, 0x62, 0x0b, 1, 0x26, 0, 1, 0x63, 0, 1, 0x64, 0x0b, 2];
    const { packet, fields } = inspect(publish5(props), V5);
    expect((packet as { properties: unknown }).properties).toEqual({
      userProperties: [['a', 'b'], ['c', 'd']],
      subscriptionIdentifiers: [1, 2],
    });
    const paths = fields.map((f) => f.path);
    for (const p of [
      'properties.userProperties[0].id', 'properties.userProperties[0].name', 'properties.userProperties[0].value',
      'properties.userProperties[1].id', 'properties.userProperties[1].name', 'properties.userProperties[1].value',
      'properties.subscriptionIdentifiers[0].id', 'properties.subscriptionIdentifiers[0]',
      'properties.subscriptionIdentifiers[1].id', 'properties.subscriptionIdentifiers[1]',
    ]) {
      expect(paths).toContain(p);
    }
    const second = fields.find((f) => f.path === 'properties.userProperties[1].name');
    expect(second?.value).toBe('c');
  });
});

describe('a property in a packet that does not allow it (propertyNotAllowed)', () => {
  it('is an error naming the property, its identifier (two hex digits) and the packet', () => {
    const err = decodeError(publish5([0x11, 0, 0, 0, 1]));
    expect(err.key).toBe('propertyNotAllowed');
    expect(err.message).toContain('Session Expiry Interval (0x11) is not allowed in PUBLISH');
    expect(decodeError(connect5([0x01, 1])).message).toContain('Payload Format Indicator (0x01) is not allowed in CONNECT');
    expect(decodeError(connectWill5([0x23, 0, 1])).message).toContain('Topic Alias (0x23) is not allowed in Will Properties');
  });

  it('relaxed to a warning, the property is kept', () => {
    const warnings: MqttCodecError[] = [];
    const packet = decode(publish5([0x11, 0, 0, 0, 1]), { ...V5, checks: { propertyNotAllowed: 'warn' }, onWarning: (w) => warnings.push(w as MqttCodecError) });
    expect((packet as { properties: unknown }).properties).toEqual({ sessionExpiryInterval: 1 });
    expect(keysOf(warnings)).toEqual(['propertyNotAllowed']);
  });

  it('reported as an error by inspect, the property is left out: its value rule, repeats and Authentication Data are not checked', () => {
    // Receive Maximum 0 (breaks its non-zero rule) in PUBLISH, twice; Authentication Data without a method.
    const { packet, diagnostics } = inspect(publish5([0x21, 0, 0, 0x21, 0, 0, 0x16, 0, 1, 0xaa]), V5);
    expect(packet).toBeUndefined();
    expect(keysOf(diagnostics)).toEqual(['propertyNotAllowed', 'propertyNotAllowed', 'propertyNotAllowed']);
  });
});

describe('property value rules on decode', () => {
  it('a boolean property above 1 is refused with its value', () => {
    const err = decodeError(publish5([0x01, 2]));
    expect(err.key).toBe('propertyValue');
    expect(err.message).toContain('Payload Format Indicator must be 0 or 1, not 2');
  });

  it('a non-zero property of 0 is refused', () => {
    const err = decodeError(connect5([0x21, 0, 0]));
    expect(err.key).toBe('propertyValue');
    expect(err.message).toContain('Receive Maximum must not be 0');
  });

  it('a Response Topic with a wildcard is refused [MQTT-3.3.2-14]', () => {
    const err = decodeError(publish5([0x08, 0, 1, 0x2b]));
    expect(err.key).toBe('responseTopicWildcard');
    expect(err.message).toContain('Response Topic contains a wildcard');
  });

  it('an empty Response Topic is refused [MQTT-4.7.3-1]; relaxed, it is kept and reported', () => {
    const err = decodeError(publish5([0x08, 0, 0]));
    expect(err.key).toBe('topicNonEmpty');
    expect(err.message).toContain('Response Topic is empty');
    expect(err.offset).toBe(7);
    const warnings: MqttCodecError[] = [];
    const packet = decode(publish5([0x08, 0, 0]), { ...V5, checks: { topicNonEmpty: 'warn' }, onWarning: (w) => warnings.push(w as MqttCodecError) });
    expect((packet as { properties: unknown }).properties).toEqual({ responseTopic: '' });
    expect(keysOf(warnings)).toEqual(['topicNonEmpty']);
    expect(warnings[0]!.message).toContain('Response Topic is empty');
  });

  it('a property that may appear once is refused the second time, by name', () => {
    const err = decodeError(publish5([0x03, 0, 0, 0x03, 0, 0]));
    expect(err.key).toBe('propertyDuplicate');
    expect(err.message).toContain('Content Type appears more than once');
  });

  it('Authentication Data without an Authentication Method is refused', () => {
    const err = decodeError(connect5([0x16, 0, 1, 0xaa]));
    expect(err.key).toBe('authDataWithoutMethod');
    expect(err.message).toContain('Authentication Data without an Authentication Method');
  });
});

// ---------------------------------------------------------------------------------------------
// encoding
// ---------------------------------------------------------------------------------------------

describe('writing a property block', () => {
  it('properties must be an object (not null, a string, a number or an array)', () => {
    for (const [bad, shown] of [[null, 'null'], ['ab', '"ab"'], [5, '5'], [[], 'array(0)']] as const) {
      const err = encodeError(publishWith(bad));
      expect(err.key).toBe('invalidValue');
      expect(err.message).toContain(`properties must be an object, not ${shown}`);
    }
  });

  it('before 5.0 an empty bag (or one of undefined values) writes nothing, any property is refused', () => {
    const bare = encode(publishWith(undefined), { protocolVersion: 4 });
    expect(Array.from(encode(publishWith({}), { protocolVersion: 4 }))).toEqual(Array.from(bare));
    expect(Array.from(encode(publishWith({ contentType: undefined }), { protocolVersion: 4 }))).toEqual(Array.from(bare));
    const err = encodeError(publishWith({ contentType: 'x' }), { protocolVersion: 4 });
    expect(err.key).toBe('v5Only');
    expect(err.message).toContain('properties exist only in MQTT 5.0');
    expect(encodeError(publishWith({ messageExpiryInterval: 5, contentType: undefined }), { protocolVersion: 4 }).key).toBe('v5Only');
  });

  it('a key whose value is undefined is skipped', () => {
    expect(Array.from(encode(publishWith({ contentType: undefined, messageExpiryInterval: 5 }), V5))).toEqual(
      Array.from(encode(publishWith({ messageExpiryInterval: 5 }), V5)),
    );
  });

  it('an unknown key is refused by name', () => {
    const err = encodeError(publishWith({ zzz: 1 }));
    expect(err.key).toBe('unknownProperty');
    expect(err.message).toContain('unknown property "zzz"');
  });

  it('a property in a packet that does not allow it is refused by name, key and packet', () => {
    const err = encodeError(publishWith({ sessionExpiryInterval: 2 }));
    expect(err.key).toBe('propertyNotAllowed');
    expect(err.message).toContain('Session Expiry Interval ("sessionExpiryInterval") is not allowed in PUBLISH');
  });

  it('a repeatable property must be given as an array', () => {
    for (const bad of [{}, 'ab']) {
      const err = encodeError(publishWith({ userProperties: bad }));
      expect(err.key).toBe('invalidValue');
      expect(err.message).toContain('userProperties must be an array');
    }
  });

  it('a User Property must be a [name, value] pair of strings [MQTT-1.5.7-1]', () => {
    for (const bad of ['ab', ['a', 'b', 'c'], ['a']]) {
      const err = encodeError(publishWith({ userProperties: [bad] }));
      expect(err.key).toBe('invalidValue');
      expect(err.message).toContain('a User Property must be a [name, value] pair');
    }
    expect(encodeError(publishWith({ userProperties: [[1, 'x']] })).message).toContain('User Property name must be a string');
    expect(encodeError(publishWith({ userProperties: [['x', 1]] })).message).toContain('User Property value must be a string');
    // Longer than a UTF-8 Encoded String can be: an invalid value, named, for either half of the pair.
    const long = 'x'.repeat(65536);
    expect(encodeError(publishWith({ userProperties: [[long, 'x']] }))).toMatchObject({ key: 'invalidValue', reasonCode: 0x81 });
    expect(encodeError(publishWith({ userProperties: [[long, 'x']] })).message).toContain('User Property name');
    expect(encodeError(publishWith({ userProperties: [['x', long]] }))).toMatchObject({ key: 'invalidValue', reasonCode: 0x81 });
  });

  it('Authentication Data without an Authentication Method is refused, whatever else is there', () => {
    const packet = {
      type: 'connect', protocolVersion: 5, clientId: 'c', cleanStart: true, keepAlive: 0,
      properties: { authenticationData: Uint8Array.of(1), sessionExpiryInterval: 10 },
    } as Packet;
    const err = encodeError(packet);
    expect(err.key).toBe('authDataWithoutMethod');
    expect(err.reasonCode).toBe(0x82);
    expect(err.message).toContain('Authentication Data without an Authentication Method');
    const relaxed = { ...V5, checks: { authDataWithoutMethod: 'off' as const } };
    expect(() => encode(packet, relaxed)).not.toThrow();
  });

  it('a Response Topic with a wildcard anywhere is refused [MQTT-3.3.2-14]', () => {
    for (const topic of ['a/+', '+/a', '+', 'a/#', '#']) {
      const err = encodeError(publishWith({ responseTopic: topic }));
      expect(err.key).toBe('responseTopicWildcard');
      expect(err.message).toContain('Response Topic contains a wildcard');
    }
    expect(() => encode(publishWith({ responseTopic: 'a/b' }), V5)).not.toThrow();
  });

  it('an empty Response Topic is refused [MQTT-4.7.3-1]', () => {
    const err = encodeError(publishWith({ responseTopic: '' }));
    expect(err.key).toBe('topicNonEmpty');
    expect(err.message).toContain('Response Topic is empty');
  });

  it('value rules are named in the refusal', () => {
    expect(encodeError(publishWith({ payloadFormatIndicator: 2 })).message).toContain('Payload Format Indicator must be 0 or 1, not 2');
    expect(encodeError(publishWith({ topicAlias: 0 })).message).toContain('Topic Alias must not be 0');
  });

  it('a property block over 268,435,455 bytes (the largest Variable Byte Integer) is refused as such', () => {
    // 2,048 User Properties of two 65,535-byte strings (21,845 three-byte characters each): a
    // block of 2,048 × 131,075 = 268,441,600 bytes. Sized only (encodedLength), never written.
    const big = '\u0800'.repeat(21845);
    const pair = [big, big];
    const err = codecErrorOf(() => encodedLength(publishWith({ userProperties: new Array(2048).fill(pair) }), V5));
    expect(err.key).toBe('packetTooLarge');
    expect(err.reasonCode).toBe(0x95);
    expect(err.message).toContain('property block is larger than a packet can be');
  });

  it('a Byte property relaxed past its value rule is still written as one byte', () => {
    // Payload Format Indicator 200 with propertyValue off: Property Length 2, then 0x01 0xc8.
    const bytes = encode(publishWith({ payloadFormatIndicator: 200 }), { ...V5, checks: { propertyValue: 'off' } });
    expect(Array.from(bytes)).toEqual([0x30, 6, 0, 1, 0x74, 2, 0x01, 0xc8]);
  });
});
