/**
 * `decode` (src/decode.ts), the parts the mutation run found untested: its option checks
 * (protocolVersion, maxPacketSize, rejectDiscouragedCodePoints), the input type check, the size
 * errors at and around the maximum, trailing bytes, and the fixed-header faults a policy relaxes to
 * warnings (flags, non-minimal Remaining Length, the sender's packet type) with their offsets —
 * also as the stream Decoder reports them, whose packets lie at stream offsets other than 0.
 */
import { describe, expect, it } from 'vitest';
import { Decoder, decode, encode, inspect, MqttCodecError, type CheckWarning, type DecodeOptions } from '../src/index.js';
import { codecErrorOf } from './helpers/errors.js';

const PINGREQ = [0xc0, 0x00];
/** PUBLISH QoS 0, topic "a", payload "b": 6 bytes. */
const PUBLISH = [0x30, 0x04, 0x00, 0x01, 0x61, 0x62];

describe('the protocolVersion option', () => {
  it('accepts 3, 4 and 5', () => {
    for (const protocolVersion of [3, 4, 5] as const) {
      expect(decode(new Uint8Array(PINGREQ), { protocolVersion })).toEqual({ type: 'pingreq' });
    }
  });

  it('refuses any other value with 0x84 Unsupported Protocol Version, naming the value', () => {
    for (const bad of [6, 0, 2, '4', null]) {
      const err = codecErrorOf(() => decode(new Uint8Array(PINGREQ), { protocolVersion: bad as never }));
      expect(err.reasonCode).toBe(0x84);
      expect(err.message).toBe(`Unsupported Protocol Version: protocolVersion must be 3, 4 or 5, not ${String(bad)}`);
    }
  });
});

describe('the maxPacketSize option', () => {
  it('accepts 2, the smallest packet, and decodes a 2-byte packet under it', () => {
    expect(decode(new Uint8Array(PINGREQ), { maxPacketSize: 2 })).toEqual({ type: 'pingreq' });
  });

  it('refuses a size under 2, NaN or a non-number with 0x95, naming the value', () => {
    for (const bad of [1, 1.5, 0, -3, NaN, '100', '1']) {
      const err = codecErrorOf(() => decode(new Uint8Array(PINGREQ), { maxPacketSize: bad as never }));
      expect(err.reasonCode).toBe(0x95);
      expect(err.message).toBe(`Packet too large: maxPacketSize must be a number of bytes of at least 2, not ${String(bad)}`);
    }
  });

  it('a packet of exactly maxPacketSize bytes decodes; one byte over the maximum is 0x95 packetTooLarge', () => {
    const bytes = new Uint8Array(PUBLISH);
    expect(decode(bytes, { maxPacketSize: 6 })).toMatchObject({ type: 'publish', topic: 'a' });
    const err = codecErrorOf(() => decode(bytes, { maxPacketSize: 5 }));
    expect(err).toMatchObject({ reasonCode: 0x95, key: 'packetTooLarge', offset: 0, detail: 'packet is 6 bytes; the maximum packet size is 5' });
  });

  it('a packet that announces more than the maximum is too large even when cut short (the size is known from its header)', () => {
    // Announces 2 + 10 bytes, 4 given, maximum 5.
    const err = codecErrorOf(() => decode(new Uint8Array([0x30, 0x0a, 0x00, 0x01]), { maxPacketSize: 5 }));
    expect(err).toMatchObject({ reasonCode: 0x95, key: 'packetTooLarge', detail: 'packet is 12 bytes; the maximum packet size is 5' });
  });
});

describe('the input', () => {
  it('anything but a Uint8Array is 0x81 "decode needs a Uint8Array"', () => {
    for (const bad of [null, undefined, 'c000', [0xc0, 0x00], { length: 2 }]) {
      const err = codecErrorOf(() => decode(bad as never));
      expect(err.reasonCode).toBe(0x81);
      expect(err.message).toBe('Malformed Packet: decode needs a Uint8Array');
    }
  });

  it('bytes after the packet: bytesAfterPacket at the end of the packet, counting them', () => {
    const err = codecErrorOf(() => decode(new Uint8Array([...PINGREQ, 0xaa, 0xbb, 0xcc])));
    expect(err).toMatchObject({ reasonCode: 0x81, key: 'bytesAfterPacket', offset: 2, detail: '3 byte(s) after the end of the packet' });
    expect(err.message).toBe('Malformed Packet: 3 byte(s) after the end of the packet at offset 2');
  });

  it('bytes after the packet are reported under any maximum the packet fits', () => {
    const err = codecErrorOf(() => decode(new Uint8Array([...PUBLISH, 0]), { maxPacketSize: 6 }));
    expect(err).toMatchObject({ reasonCode: 0x81, key: 'bytesAfterPacket', offset: 6, detail: '1 byte(s) after the end of the packet' });
  });

  it('a packet cut short: packetCutShort at the end of the bytes given', () => {
    const err = codecErrorOf(() => decode(new Uint8Array(PUBLISH.slice(0, 4))));
    expect(err).toMatchObject({ reasonCode: 0x81, key: 'packetCutShort', offset: 4, detail: 'packet is cut short: 6 bytes announced, 4 given' });
  });
});

describe('rejectDiscouragedCodePoints', () => {
  // PUBLISH QoS 0 whose topic is U+0001 (a control character: allowed, but SHOULD NOT be used).
  const control = new Uint8Array([0x30, 0x03, 0x00, 0x01, 0x01]);

  it('with the option, a topic with a control character is refused as discouragedCodePoint', () => {
    const err = codecErrorOf(() => decode(control, { rejectDiscouragedCodePoints: true }));
    expect(err).toMatchObject({ reasonCode: 0x81, key: 'discouragedCodePoint', offset: 4 });
  });

  it('without it (or with false) the topic is accepted', () => {
    expect(decode(control)).toMatchObject({ topic: '\u0001' });
    expect(decode(control, { rejectDiscouragedCodePoints: false })).toMatchObject({ topic: '\u0001' });
  });

  it('a string cached by decodes without the option is still checked with it (the cache holds strings that passed the ordinary checks only)', () => {
    // A Topic Name and a User Property pair with control characters, decoded until the caches hold them.
    const topic = 'fleet/\u0001/dev';
    const p5 = encode({ type: 'publish', topic, payload: new Uint8Array(0), qos: 0, retain: false, dup: false, properties: { userProperties: [['k\u0002', 'v']] } }, { protocolVersion: 5 });
    for (let i = 0; i < 50; i++) expect(decode(p5, { protocolVersion: 5 })).toMatchObject({ topic });
    expect(codecErrorOf(() => decode(p5, { protocolVersion: 5, rejectDiscouragedCodePoints: true }))).toMatchObject({ key: 'discouragedCodePoint', offset: 10 });
    const d = new Decoder({ protocolVersion: 5, rejectDiscouragedCodePoints: true });
    expect(codecErrorOf(() => d.push(p5))).toMatchObject({ key: 'discouragedCodePoint', offset: 10 });
  });
});

/** Decodes with `options` plus a policy that relaxes `check` to a warning; returns the warnings. */
function warningsOf(bytes: number[], check: string, options: DecodeOptions = {}): CheckWarning[] {
  const warnings: CheckWarning[] = [];
  decode(new Uint8Array(bytes), { ...options, checks: { [check]: 'warn' }, onWarning: (w) => warnings.push(w) });
  return warnings;
}

/** Pushes `chunks` to a Decoder that relaxes `check` to a warning; returns the warnings. */
function streamWarnings(chunks: number[][], check: string): CheckWarning[] {
  const warnings: CheckWarning[] = [];
  const d = new Decoder({ checks: { [check]: 'warn' }, onWarning: (w) => warnings.push(w) });
  for (const c of chunks) d.push(new Uint8Array(c));
  d.end();
  return warnings;
}

describe('MQTT-1.5.5-1 a non-minimal Remaining Length a policy relaxes is reported as a warning', () => {
  // PINGREQ whose Remaining Length 0 takes two bytes.
  const LONG_PINGREQ = [0xc0, 0x80, 0x00];

  it('decode: one warning, at the Remaining Length (offset 1), with its message and path', () => {
    const [w, ...rest] = warningsOf(LONG_PINGREQ, 'vbiMinimal');
    expect(rest).toEqual([]);
    expect(w).toBeInstanceOf(MqttCodecError);
    expect(w).toMatchObject({
      key: 'vbiMinimal',
      severity: 'warning',
      reasonCode: 0x81,
      offset: 1,
      path: 'header.remainingLength',
      detail: 'Remaining Length is not in its shortest encoding',
    });
  });

  it('Decoder: the offset counts from the start of the stream, in any chunk', () => {
    expect(streamWarnings([PINGREQ, LONG_PINGREQ], 'vbiMinimal').map((w) => w.offset)).toEqual([3]);
    expect(streamWarnings([[...PINGREQ, ...LONG_PINGREQ]], 'vbiMinimal').map((w) => w.offset)).toEqual([3]);
  });

  it('Decoder: far into a chunk, a non-minimal length is still found and a minimal one is not reported', () => {
    // 64 PINGREQs (128 bytes), the long one, 64 more: the packets' positions in the chunk are up to 259.
    const pings = Array.from({ length: 64 }, () => PINGREQ).flat();
    const warnings = streamWarnings([[...pings, ...LONG_PINGREQ, ...pings]], 'vbiMinimal');
    expect(warnings.map((w) => w.offset)).toEqual([129]);
  });
});

describe('a minimal Remaining Length of two bytes is not reported as non-minimal', () => {
  it('inspect, no policy: a packet cut short reports only that it is cut short (its length is read from the header, not the bytes given)', () => {
    // Remaining Length 206 (two bytes, c8 01), 20 of the 208 bytes given.
    const publish = encode({ type: 'publish', topic: 't', payload: new Uint8Array(203), qos: 0, dup: false, retain: false });
    expect(Array.from(publish.subarray(0, 3))).toEqual([0x30, 0xce, 0x01]);
    const { diagnostics, warnings } = inspect(publish.subarray(0, 20));
    expect(diagnostics.map((d) => d.key)).toEqual(['packetCutShort']);
    expect(warnings).toEqual([]);
  });

  it('inspect with a policy: the same packet cut short is not reported as vbiMinimal (it was, comparing with the bytes given)', () => {
    const publish = encode({ type: 'publish', topic: 't', payload: new Uint8Array(203), qos: 0, dup: false, retain: false });
    for (const options of [{ preset: 'strict' as const }, { checks: { vbiMinimal: 'warn' as const } }]) {
      const { diagnostics, warnings } = inspect(publish.subarray(0, 20), options);
      expect(diagnostics.map((d) => d.key)).toEqual(['packetCutShort']);
      expect(warnings).toEqual([]);
    }
  });

  it('inspect with a policy that relaxes vbiMinimal: a Remaining Length really written too long is still reported, as a warning', () => {
    // PINGREQ with Remaining Length 0 written in two bytes (80 00).
    const { diagnostics, warnings } = inspect(new Uint8Array([0xc0, 0x80, 0x00]), { checks: { vbiMinimal: 'warn' } });
    expect(diagnostics).toEqual([]);
    expect(warnings.map((w) => [w.key, w.offset])).toEqual([['vbiMinimal', 1]]);
  });
});

describe('fixed-header flags a policy relaxes are reported once, at the packet', () => {
  it('decode: PINGREQ with flags 0001 warns reservedFlags at offset 0', () => {
    const warnings = warningsOf([0xc1, 0x00], 'reservedFlags');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ key: 'reservedFlags', offset: 0, path: 'header.flags', severity: 'warning' });
  });

  it('Decoder: the offset counts from the start of the stream, whatever chunk the packet is in', () => {
    const bad = [0xc1, 0x00];
    expect(streamWarnings([PINGREQ, bad], 'reservedFlags').map((w) => w.offset)).toEqual([2]);
    expect(streamWarnings([PINGREQ, PINGREQ, [...PINGREQ, ...bad]], 'reservedFlags').map((w) => w.offset)).toEqual([6]);
    expect(streamWarnings([PINGREQ, [0xc1], [0x00]], 'reservedFlags').map((w) => w.offset)).toEqual([2]);
  });
});

describe('the from option: a packet type the sender may not send (senderPacketType)', () => {
  it('decode: PINGRESP from a client is a Protocol Error at offset 0', () => {
    const err = codecErrorOf(() => decode(new Uint8Array([0xd0, 0x00]), { from: 'client' }));
    expect(err).toMatchObject({ reasonCode: 0x82, key: 'senderPacketType', offset: 0 });
  });

  it('Decoder: its offset counts from the start of the stream, in a later chunk too', () => {
    for (const chunks of [[PINGREQ, [0xd0, 0x00]], [PINGREQ, PINGREQ, [0xd0], [0x00]], [[...PINGREQ, ...PINGREQ, 0xd0, 0x00]]]) {
      const d = new Decoder({ from: 'client' });
      const err = codecErrorOf(() => {
        for (const c of chunks) d.push(new Uint8Array(c));
      });
      const at = chunks.flat().length - 2;
      expect(err).toMatchObject({ reasonCode: 0x82, key: 'senderPacketType', offset: at });
    }
  });
});
