/**
 * The stream Decoder (src/decoder.ts), the parts the mutation run found untested: the
 * protocolVersion setter, the frames and rejectDiscouragedCodePoints options, what push does with
 * something that is not a Uint8Array (idle or mid-packet), a failed decoder offered a lone byte,
 * the messages of `end`, a throwing onWarning callback, and fixed headers that arrive in pieces
 * (their errors' stream offsets, and a header still incomplete after a piece of several bytes).
 */
import { describe, expect, it } from 'vitest';
import { Decoder, decode, encode, type Packet } from '../src/index.js';
import { codecErrorOf } from './helpers/errors.js';
import { concat } from './helpers/bytes.js';

const PINGREQ = Uint8Array.of(0xc0, 0x00);

/** Every way to cut `bytes` into three chunks with both cuts at or before `within`. */
function threeWaySplits(bytes: Uint8Array, within: number): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  for (let a = 0; a <= within; a++) {
    for (let b = a; b <= within; b++) out.push([bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)]);
  }
  return out;
}

/** Pushes `chunks` to `d` and returns every packet, or the error that failed it. */
function pushAll(d: Decoder, chunks: Uint8Array[]): Packet[] {
  const out: Packet[] = [];
  for (const c of chunks) out.push(...d.push(c));
  return out;
}

describe('the protocolVersion setter', () => {
  it('accepts 3, 4 and 5', () => {
    const d = new Decoder();
    for (const v of [3, 5, 4] as const) {
      d.protocolVersion = v;
      expect(d.protocolVersion).toBe(v);
    }
  });

  it('refuses anything else with 0x84, naming the value, and keeps the version', () => {
    const d = new Decoder({ protocolVersion: 5 });
    for (const bad of [6, 0, '5', undefined]) {
      const err = codecErrorOf(() => {
        d.protocolVersion = bad as never;
      });
      expect(err.reasonCode).toBe(0x84);
      expect(err.message).toBe(`Unsupported Protocol Version: protocolVersion must be 3, 4 or 5, not ${String(bad)}`);
      expect(d.protocolVersion).toBe(5);
    }
  });

  it('3 set on a decoder applies to the packets after it (AUTH, type 15, is reserved before 5.0)', () => {
    const d = new Decoder({ protocolVersion: 5 });
    expect(d.push(Uint8Array.of(0xf0, 0x00))).toEqual([decode(Uint8Array.of(0xf0, 0x00), { protocolVersion: 5 })]);
    d.protocolVersion = 3;
    expect(codecErrorOf(() => d.push(Uint8Array.of(0xf0, 0x00)))).toMatchObject({ key: 'reservedType', offset: 2 });
  });
});

describe('the frames option', () => {
  it('without it, frames stays empty however many packets a push completes', () => {
    for (const d of [new Decoder(), new Decoder({ frames: false })]) {
      expect(d.push(concat([PINGREQ, PINGREQ]))).toHaveLength(2);
      expect(d.frames).toEqual([]);
      d.push(Uint8Array.of(0xc0));
      expect(d.push(Uint8Array.of(0x00))).toHaveLength(1);
      expect(d.frames).toEqual([]);
    }
  });

  it('with it, three numbers per packet of the last push', () => {
    const d = new Decoder({ frames: true });
    d.push(concat([PINGREQ, PINGREQ]));
    expect(d.frames).toEqual([0, 2, 0, 2, 2, 0]);
    d.push(Uint8Array.of(0xc0));
    expect(d.frames).toEqual([]);
    d.push(Uint8Array.of(0x00));
    expect(d.frames).toEqual([4, 2, 0]);
  });
});

describe('rejectDiscouragedCodePoints', () => {
  // PUBLISH QoS 0 whose topic is U+0001 (allowed, but SHOULD NOT be used).
  const control = Uint8Array.of(0x30, 0x03, 0x00, 0x01, 0x01);

  it('with the option, the Decoder refuses a topic with a control character (discouragedCodePoint)', () => {
    const d = new Decoder({ rejectDiscouragedCodePoints: true });
    expect(codecErrorOf(() => d.push(control))).toMatchObject({ reasonCode: 0x81, key: 'discouragedCodePoint', offset: 4 });
  });

  it('without it, the topic is accepted', () => {
    expect(new Decoder().push(control)).toMatchObject([{ topic: '\u0001' }]);
    expect(new Decoder({ rejectDiscouragedCodePoints: false }).push(control)).toMatchObject([{ topic: '\u0001' }]);
  });
});

describe('push with something that is not a Uint8Array', () => {
  it('idle: 0x81 "Decoder.push needs a Uint8Array", and the decoder is failed', () => {
    for (const bad of [null, undefined, 'c000', [0xc0, 0x00]]) {
      const d = new Decoder();
      const err = codecErrorOf(() => d.push(bad as never));
      expect(err.reasonCode).toBe(0x81);
      expect(err.message).toBe('Malformed Packet: Decoder.push needs a Uint8Array');
      expect(d.error).toBe(err);
    }
  });

  it('in the middle of a packet: refused the same way, not taken as bytes of the packet', () => {
    // PUBLISH QoS 0, topic "a", payload of 8 bytes: 13 bytes; 3 of them pushed.
    const packet = Uint8Array.of(0x30, 0x0b, 0x00, 0x01, 0x61, 1, 2, 3, 4, 5, 6, 7, 8);
    for (const bad of ['ab', [1, 2], { length: 2 }]) {
      const d = new Decoder();
      d.push(packet.subarray(0, 3));
      const err = codecErrorOf(() => d.push(bad as never));
      expect(err.message).toBe('Malformed Packet: Decoder.push needs a Uint8Array');
      expect(d.buffered).toBe(0);
    }
  });
});

describe('MQTT-4.8.0-1 a failed decoder stays failed', () => {
  it('a lone first byte of a valid packet type pushed after the failure throws the same error', () => {
    const d = new Decoder();
    const err = codecErrorOf(() => d.push(Uint8Array.of(0x00, 0x00))); // reserved type 0
    for (const byte of [0x30, 0xc0, 0x82]) {
      expect(codecErrorOf(() => d.push(Uint8Array.of(byte)))).toBe(err);
      expect(d.buffered).toBe(0);
    }
    expect(codecErrorOf(() => d.end())).toBe(err);
  });
});

describe('end inside a packet', () => {
  it('inside the fixed header: the size is unknown', () => {
    const d = new Decoder();
    d.push(concat([PINGREQ, Uint8Array.of(0x30)]));
    const err = codecErrorOf(() => d.end());
    expect(err).toMatchObject({ reasonCode: 0x81, key: 'packetCutShort', offset: 3 });
    expect(err.detail).toBe('the stream ended inside a packet (1 of an unknown number of bytes received)');
    expect(codecErrorOf(() => d.end())).toBe(err);
  });

  it('inside the body: the bytes received of the packet size', () => {
    const d = new Decoder();
    d.push(concat([PINGREQ, Uint8Array.of(0x30, 0x03, 0x00)]));
    const err = codecErrorOf(() => d.end());
    expect(err).toMatchObject({ reasonCode: 0x81, key: 'packetCutShort', offset: 5 });
    expect(err.detail).toBe('the stream ended inside a packet (3 of 5 bytes received)');
  });

  it('between packets, end is quiet', () => {
    const d = new Decoder();
    d.push(PINGREQ);
    expect(() => d.end()).not.toThrow();
  });
});

describe('everything thrown is an MqttCodecError', () => {
  it('an onWarning callback that throws fails the decoder with 0x83, naming what it threw', () => {
    const d = new Decoder({
      checks: { reservedFlags: 'warn' },
      onWarning: () => {
        throw new Error('boom');
      },
    });
    const err = codecErrorOf(() => d.push(Uint8Array.of(0xc1, 0x00)));
    expect(err.reasonCode).toBe(0x83);
    expect(err.message).toBe('Implementation specific error: internal error: Error: boom');
    expect(d.error).toBe(err);
  });
});

describe('a fixed header that arrives in pieces', () => {
  it('an invalid Remaining Length: the same error at the same stream offset for every split', () => {
    const cases = [
      { bad: Uint8Array.of(0x30, 0x80, 0x00), key: 'vbiMinimal' }, // not minimal
      { bad: Uint8Array.of(0x30, 0xff, 0xff, 0xff, 0xff, 0x01), key: 'vbiTooLong' }, // five bytes
    ];
    for (const { bad, key } of cases) {
      const stream = concat([PINGREQ, bad]);
      const whole = codecErrorOf(() => new Decoder().push(stream));
      expect(whole).toMatchObject({ key, offset: 3 });
      for (const chunks of threeWaySplits(stream, stream.length)) {
        const d = new Decoder();
        const err = codecErrorOf(() => pushAll(d, chunks));
        expect(err.message).toBe(whole.message);
        expect(d.failedFrame).toEqual({ offset: 2, size: undefined });
      }
    }
  });

  it('a four-byte header cut twice, the middle piece of several bytes: the same packets for every split', () => {
    // PUBLISH with a Remaining Length of 16,384 (three bytes: 80 80 01), between two PINGREQs.
    const publish = encode({ type: 'publish', topic: 'a', payload: new Uint8Array(16381).fill(7), qos: 0, dup: false, retain: false });
    expect(Array.from(publish.subarray(0, 4))).toEqual([0x30, 0x80, 0x80, 0x01]);
    const stream = concat([PINGREQ, publish, PINGREQ]);
    // The payload compared as text: 45 element-by-element comparisons of 16 KiB would be slow.
    const summary = (packets: Packet[]) =>
      packets.map((p) => (p.type === 'publish' ? { ...p, payload: Buffer.from(p.payload).toString('latin1') } : p));
    const expected = summary([{ type: 'pingreq' }, decode(publish), { type: 'pingreq' }]);
    for (const chunks of threeWaySplits(stream, 8)) {
      const d = new Decoder();
      expect(summary(pushAll(d, chunks))).toEqual(expected);
      d.end();
    }
  });
});
