/**
 * MqttCodecError as constructed (src/errors.ts): its name, message, key, severity and optional
 * fields, and the specification version a cited rule comes from. Written for the survivors of a
 * mutation run over src/errors.ts.
 */
import { describe, expect, it } from 'vitest';
import { MqttCodecError } from '../src/index.js';
import { codecError } from '../src/errors.js';

describe('MqttCodecError', () => {
  it('is named MqttCodecError; its message is the reason name and detail; key invalid, severity error, no path', () => {
    const e = new MqttCodecError(0x81, 'bad');
    expect([e.name, e.message, e.key, e.severity, e.detail]).toEqual(['MqttCodecError', 'Malformed Packet: bad', 'invalid', 'error', 'bad']);
    expect('path' in e).toBe(false);
    // The optional fields not given are absent, not undefined (an analyzer tests them with `in`).
    for (const k of ['size', 'rule', 'specVersion', 'offset']) expect(k in e).toBe(false);
    expect(String(e)).toBe('MqttCodecError: Malformed Packet: bad');
  });

  it('a 0x95 error without a key is packetTooLarge', () => {
    expect(new MqttCodecError(0x95, 'big').key).toBe('packetTooLarge');
  });

  it('a reason code without a name is written as two hex digits', () => {
    expect(new MqttCodecError(0x07, 'odd').message).toBe('Reason 0x07: odd');
  });

  it('the message adds the rule and the offset when given, and the path is kept', () => {
    const e = new MqttCodecError(0x82, 'no', { rule: 'MQTT-1.2.3-4', offset: 3, path: 'payload' });
    expect(e.message).toBe('Protocol Error: no [MQTT-1.2.3-4] at offset 3');
    expect(e.path).toBe('payload');
  });
});

describe('MQTT-1.5.5-1 a cross-version rule cites the version that numbers it', () => {
  it('vbiMinimal (numbered only in 5.0, applying to every version) cites the 5.0 id in 3.1.1 too', () => {
    const v4 = codecError(0x81, 'x', 'vbiMinimal', 4);
    const v5 = codecError(0x81, 'x', 'vbiMinimal', 5);
    expect([v4.rule, v4.specVersion]).toEqual(['MQTT-1.5.5-1', '5.0']);
    expect([v5.rule, v5.specVersion]).toEqual(['MQTT-1.5.5-1', '5.0']);
  });

  it('a rule the version does not number cites nothing: no rule, no specVersion, no id in the message', () => {
    // subscribeQos3 is numbered in 3.1.1 only (MQTT-3-8.3-4), connackReserved in 5.0 only (MQTT-3.2.2-1).
    for (const e of [codecError(0x82, 'QoS 3', 'subscribeQos3', 5), codecError(0x81, 'flags', 'connackReserved', 4, 2)]) {
      expect('rule' in e).toBe(false);
      expect('specVersion' in e).toBe(false);
      expect(e.message).not.toContain('[');
    }
    expect(codecError(0x82, 'QoS 3', 'subscribeQos3', 4)).toMatchObject({ rule: 'MQTT-3-8.3-4', specVersion: '3.1.1' });
  });
});
