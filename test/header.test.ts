/**
 * The fixed header at its edges (src/header.ts): where the bytes end, reserved packet types, the
 * Remaining Length's encodings, the flags and the size limit — each error's reason code, key,
 * offset, path and wording. Written for the survivors of a mutation run over src/header.ts.
 */
import { describe, expect, it } from 'vitest';
import { decode, Decoder, peekHeader } from '../src/index.js';
import { fromHex } from './helpers/hex.js';
import { codecErrorOf } from './helpers/errors.js';

describe('MQTT-2.1.1 the fixed header needs its bytes', () => {
  it('peekHeader at the end of the bytes, or of no bytes, says more are needed', () => {
    expect(peekHeader(new Uint8Array(0))).toBeUndefined();
    expect(peekHeader(fromHex('c000'), 2)).toBeUndefined();
    // ...and reads the header that is there.
    expect(peekHeader(fromHex('c000 c000'), 2)).toEqual({ type: 12, flags: 0, remainingLength: 0, headerLength: 2 });
  });
});

describe('MQTT-2.1.2 reserved packet types', () => {
  it('type 0 is reserved in every version; the error names it, at the packet\'s offset', () => {
    for (const v of [3, 4, 5] as const) {
      const e = codecErrorOf(() => peekHeader(fromHex('c000 0000'), 2, v));
      expect([e.reasonCode, e.key, e.offset, e.detail]).toEqual([0x81, 'reservedType', 2, 'packet type 0 is reserved']);
    }
  });

  it('type 15 is reserved before MQTT 5.0 and says AUTH came with 5.0; in 5.0 it is AUTH', () => {
    const e = codecErrorOf(() => peekHeader(fromHex('f000'), 0, 4));
    expect([e.key, e.offset, e.detail]).toEqual(['reservedType', 0, 'packet type 15 is reserved before MQTT 5.0 (AUTH)']);
    expect(peekHeader(fromHex('f000'), 0, 5)).toEqual({ type: 15, flags: 0, remainingLength: 0, headerLength: 2 });
  });
});

describe('MQTT-1.5.5-1 the Remaining Length', () => {
  it('a non-minimal Remaining Length fails at its first byte, with its key and path', () => {
    const e = codecErrorOf(() => decode(fromHex('c0 8000'), { protocolVersion: 4 }));
    expect([e.reasonCode, e.key, e.offset, e.path, e.detail]).toEqual([0x81, 'vbiMinimal', 1, 'header.remainingLength', 'Remaining Length is not in its shortest encoding']);
  });

  it('a policy that relaxes vbiMinimal reads its value and the header length it takes', () => {
    const d = new Decoder({ protocolVersion: 4, checks: { vbiMinimal: 'off' } });
    // PINGREQ with Remaining Length 0 in two bytes, then a PUBLISH whose Remaining Length 5 takes three.
    expect(d.push(fromHex('c0 8000 30 858000 0001 61 6263'))).toEqual([
      { type: 'pingreq' },
      { type: 'publish', topic: 'a', payload: fromHex('6263'), qos: 0, retain: false, dup: false },
    ]);
  });

  it('a relaxed vbiMinimal reads the value of every group, not only the first', () => {
    // 128 as 80 81 00 (3 bytes; 80 01 is its shortest form): a PUBLISH of 128 bytes after its header.
    const body = new Uint8Array(128);
    body.set([0x00, 0x01, 0x61]);
    const packet = decode(new Uint8Array([0x30, 0x80, 0x81, 0x00, ...body]), { protocolVersion: 4, checks: { vbiMinimal: 'off' } });
    expect(packet).toMatchObject({ type: 'publish', topic: 'a' });
    expect((packet as { payload: Uint8Array }).payload.length).toBe(125);
  });

  it('the Remaining Length errors of a Decoder count from the start of the stream', () => {
    const minimal = new Decoder({ protocolVersion: 4 });
    expect(minimal.push(fromHex('c000'))).toHaveLength(1);
    expect(codecErrorOf(() => minimal.push(fromHex('c0 8000')))).toMatchObject({ key: 'vbiMinimal', offset: 3 });
    const long = new Decoder({ protocolVersion: 4 });
    expect(long.push(fromHex('c000'))).toHaveLength(1);
    expect(codecErrorOf(() => long.push(fromHex('30 ffffffff7f')))).toMatchObject({ key: 'vbiTooLong', offset: 3 });
  });

  it('a Remaining Length longer than 4 bytes fails at its first byte', () => {
    const e = codecErrorOf(() => peekHeader(fromHex('00 30 ffffffff7f'), 1, 4));
    expect([e.reasonCode, e.key, e.offset, e.path, e.detail]).toEqual([0x81, 'vbiTooLong', 2, 'header.remainingLength', 'Remaining Length is longer than 4 bytes']);
  });
});

describe('MQTT-2.1.3-1 fixed-header flags and the size limit', () => {
  it('wrong flags name the packet, its flags and the flags required, as four bits each', () => {
    const e = codecErrorOf(() => peekHeader(fromHex('c1 00'), 0, 5));
    expect([e.key, e.offset, e.path, e.detail]).toEqual(['reservedFlags', 0, 'header.flags', 'PINGREQ fixed-header flags are 0001, not 0000']);
    const q = codecErrorOf(() => peekHeader(fromHex('36 00'), 0, 5));
    expect([q.key, q.detail]).toEqual(['publishQos3', 'PUBLISH has both QoS bits set']);
    expect(peekHeader(fromHex('32 00'), 0, 5)).toEqual({ type: 3, flags: 2, remainingLength: 0, headerLength: 2 });
  });

  it('a packet over the maximum packet size fails with 0x95, its size and the limit', () => {
    const d = new Decoder({ protocolVersion: 5, maxPacketSize: 10 });
    const e = codecErrorOf(() => d.push(fromHex('c000 30 0a')));
    expect([e.reasonCode, e.key, e.offset, e.detail]).toEqual([0x95, 'packetTooLarge', 2, 'packet is 12 bytes; the maximum packet size is 10']);
  });
});
