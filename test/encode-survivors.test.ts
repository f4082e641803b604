/**
 * Behaviour of encode, encodeVectored, encodeInto, encodedLength, the encode plan and
 * fitToMaximumPacketSize that the mutation run (issue 21, reports/stryker-incremental-encode.json)
 * found untested: where results are stored (own array, a view of the shared slab, which part of
 * the slab), the exact pieces of a vectored encode, the errors for a bad target, offset, version,
 * sender or size (code, key, rule, message), the policy's warnings on encode, and that no call
 * keeps a reference to the caller's data once it has returned.
 *
 * These tests run in one module cache with the other test files in the mutation configuration
 * (`isolate: false`), so none assumes a fresh slab: each first learns where the slab stands.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { encode, encodedLength, encodeInto, encodeVectored, fitToMaximumPacketSize, MqttCodecError, type Packet, type PublishPacket } from '../src/index.js';
import { ON_HEAP_MAX_BYTES, POOL_MAX_BYTES, SLAB_BYTES } from '../src/encode.js';
import { VECTOR_MIN_BYTES } from '../src/encode-plan.js';
import { VBI_MAX } from '../src/wire/vbi.js';
import { concat } from './helpers/bytes.js';
import { codecErrorOf } from './helpers/errors.js';

const V5 = { protocolVersion: 5 } as const;

/**
 * A 3.1.1 PUBLISH of exactly `total` bytes (5 to 16,386 but 130), topic "t", payload all `fill`.
 * Fixed header 1 + Remaining Length (1 or 2) + topic 3 + payload.
 */
function publishOfSize(total: number, fill = 0): Packet {
  if (total < 5 || total === 130 || total > 16386) throw new Error(`no PUBLISH of ${total} bytes`);
  const payload = new Uint8Array(total - (total <= 129 ? 5 : 6)).fill(fill);
  return { type: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false };
}

/** A 3.1.1 PUBLISH whose vectored head (all but the payload) is `head` bytes, with a payload of `payload` bytes. */
function publishWithHead(head: number, payload: number): Packet {
  // head = 1 + Remaining Length bytes + 2 + topic, Remaining Length = 2 + topic + payload
  let topic = head - 4;
  while (1 + vbiBytes(2 + topic + payload) + 2 + topic > head) topic--;
  if (1 + vbiBytes(2 + topic + payload) + 2 + topic !== head) throw new Error(`no head of ${head} bytes`);
  return { type: 'publish', topic: 'x'.repeat(topic), payload: new Uint8Array(payload).fill(0xa5), qos: 0, retain: false, dup: false };
}

function vbiBytes(n: number): number {
  return n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : 4;
}

/** Encodes a 65-byte PUBLISH (the smallest result carved from the slab) and returns it: where the slab stands now. */
function slabProbe(): Uint8Array {
  const probe = encode(publishOfSize(ON_HEAP_MAX_BYTES + 1));
  expect(probe.buffer.byteLength).toBe(SLAB_BYTES);
  return probe;
}

/** Bytes of the slab left after `result` (a view of it). */
function roomAfter(result: Uint8Array): number {
  return SLAB_BYTES - (result.byteOffset + result.length);
}

/** A probe of the slab after which at least `bytes` (at most 4,000) are left in the same slab. */
function probeWithRoom(bytes: number): Uint8Array {
  let probe = slabProbe();
  if (roomAfter(probe) < bytes + ON_HEAP_MAX_BYTES + 1) {
    // A result that does not fit starts a new slab.
    const filler = roomAfter(probe) + 1;
    encode(publishOfSize(filler === 130 ? 131 : Math.max(filler, ON_HEAP_MAX_BYTES + 1)));
    probe = slabProbe();
  }
  expect(roomAfter(probe)).toBeGreaterThanOrEqual(bytes);
  return probe;
}

/** WeakRef (ES2021, in Node since 14.6; the project's `lib` setting is older). */
interface Weak<T> {
  deref(): T | undefined;
}
const WeakRefOf = (globalThis as unknown as { WeakRef: new <T extends object>(target: T) => Weak<T> }).WeakRef;

/** A full garbage collection: `gc` of V8, which the test process gets by asking V8 for it. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/**
 * Whether the Uint8Array `use` is given (made here, and referenced by nothing else) can be
 * collected once `use` has returned: a WeakRef cannot be cleared within the job that made it, so
 * this waits for a macrotask before collecting.
 */
async function releasedAfter(use: (bytes: Uint8Array) => void): Promise<boolean> {
  const ref = ((): Weak<Uint8Array> => {
    const bytes = new Uint8Array(4096).fill(3);
    use(bytes);
    return new WeakRefOf(bytes);
  })();
  await new Promise((resolve) => setTimeout(resolve, 0));
  collectGarbage();
  return ref.deref() === undefined;
}

describe('where encode stores its result', () => {
  it('ends a slab exactly: a result that fills the last bytes of the slab is a view of it, at its end', () => {
    let last = slabProbe();
    // Bring the room left into [65, 4096) and off 130 (no PUBLISH of that size), filling with 2,000-byte results.
    if (roomAfter(last) <= ON_HEAP_MAX_BYTES) last = slabProbe(); // starts a new slab
    while (roomAfter(last) >= POOL_MAX_BYTES || roomAfter(last) === 130) {
      const filler = encode(publishOfSize(roomAfter(last) === 130 ? ON_HEAP_MAX_BYTES + 1 : 2000));
      expect(filler.buffer).toBe(last.buffer);
      last = filler;
    }
    const room = roomAfter(last);
    const end = encode(publishOfSize(room, 7));
    expect(end.buffer).toBe(last.buffer);
    expect(end.byteOffset).toBe(SLAB_BYTES - room);
    expect(end).toEqual(encode(publishOfSize(room, 7), { standalone: true }));
    // The slab is full: the next result starts a new one.
    const next = slabProbe();
    expect(next.buffer).not.toBe(last.buffer);
    expect(next.byteOffset).toBe(0);
  });

  it('encodeVectored without standalone returns a small packet as a view of the slab', () => {
    const before = probeWithRoom(200);
    const [only, ...rest] = encodeVectored(publishOfSize(100, 4));
    expect(rest).toEqual([]);
    expect(only.buffer).toBe(before.buffer);
    expect(only.byteOffset).toBe(before.byteOffset + before.length);
    expect(only).toEqual(encode(publishOfSize(100, 4)));
  });

  it('encodeVectored returns a packet of at most 64 bytes (and no large field) in an array of its own', () => {
    for (const p of [{ type: 'pingreq' } as Packet, publishOfSize(ON_HEAP_MAX_BYTES)]) {
      const pieces = encodeVectored(p);
      expect(pieces.length).toBe(1);
      expect(pieces[0].byteOffset).toBe(0);
      expect(pieces[0].buffer.byteLength).toBe(pieces[0].length);
      expect(pieces[0]).toEqual(encode(p));
    }
  });

  it('encodeVectored with a large field: a head under 4 KiB is a view of the slab, one of 4 KiB or more is an array of its own', () => {
    const small = publishWithHead(POOL_MAX_BYTES - 1, VECTOR_MIN_BYTES);
    const [head, payload] = encodeVectored(small);
    expect(head.length).toBe(POOL_MAX_BYTES - 1);
    expect(head.buffer.byteLength).toBe(SLAB_BYTES);
    expect(payload).toBe((small as { payload: Uint8Array }).payload);

    for (const size of [POOL_MAX_BYTES, POOL_MAX_BYTES + 200, SLAB_BYTES + 100]) {
      const p = publishWithHead(size, VECTOR_MIN_BYTES + 44);
      const pieces = encodeVectored(p);
      expect(pieces.length).toBe(2);
      expect(pieces[0].length).toBe(size);
      expect(pieces[0].byteOffset).toBe(0);
      expect(pieces[0].buffer.byteLength).toBe(size);
      expect(pieces[1]).toBe((p as { payload: Uint8Array }).payload);
      expect(concat(pieces)).toEqual(encode(p));
    }
  });

  it('encodeVectored with standalone takes nothing from the slab, and each piece is a copy of its part that owns its buffer', () => {
    // Pieces: the head up to the Correlation Data, the Correlation Data, the Content Type, the payload.
    const correlationData = new Uint8Array(300).fill(2);
    const properties = { correlationData, contentType: 'c' };
    const p: Packet = { type: 'publish', topic: 'a/b', payload: new Uint8Array(600).fill(1), qos: 0, retain: false, dup: false, properties };
    const before = probeWithRoom(400);
    const pieces = encodeVectored(p, { ...V5, standalone: true });
    const after = slabProbe();
    expect(after.buffer).toBe(before.buffer);
    expect(after.byteOffset).toBe(before.byteOffset + before.length);
    expect(pieces.map((x) => x.length)).toEqual([13, 300, 4, 600]);
    expect(pieces[1]).toBe(correlationData);
    expect(concat(pieces)).toEqual(encode(p, V5));
    for (const piece of pieces) {
      expect(piece.byteOffset).toBe(0);
      expect(piece.buffer.byteLength).toBe(piece.length);
    }
  });

  it('encodeVectored puts no empty piece between two large fields that touch (Correlation Data last, then the payload)', () => {
    const correlationData = new Uint8Array(300).fill(1);
    const payload = new Uint8Array(300).fill(2);
    const p: Packet = { type: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false, properties: { correlationData } };
    for (const standalone of [false, true]) {
      const pieces = encodeVectored(p, { ...V5, standalone });
      expect(pieces.length).toBe(3);
      expect(pieces[1]).toBe(correlationData);
      expect(pieces[2]).toBe(payload);
      expect(concat(pieces)).toEqual(encode(p, V5));
    }
  });

  it(`encodeVectored hands back a field of exactly ${VECTOR_MIN_BYTES} bytes by reference (payload and Binary Data), one byte less is copied`, () => {
    for (const n of [VECTOR_MIN_BYTES, VECTOR_MIN_BYTES - 1]) {
      const payload = new Uint8Array(n).fill(5);
      const correlationData = new Uint8Array(n).fill(6);
      for (const p of [
        { type: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false },
        { type: 'publish', topic: 't', payload: new Uint8Array(3), qos: 0, retain: false, dup: false, properties: { correlationData } },
      ] as PublishPacket[]) {
        const pieces = encodeVectored(p, V5);
        expect(concat(pieces)).toEqual(encode(p, V5));
        const byReference = pieces.filter((x) => x === payload || x === correlationData).length;
        expect(byReference).toBe(n === VECTOR_MIN_BYTES ? 1 : 0);
        expect(pieces.length).toBe(n === VECTOR_MIN_BYTES ? (p.properties === undefined ? 2 : 3) : 1);
      }
    }
  });
});

describe('encodeInto refuses a bad target or offset, writing nothing', () => {
  const pingreq: Packet = { type: 'pingreq' };

  it('a target that is not a Uint8Array: 0x81', () => {
    const target = [9, 9, 9, 9];
    const e = codecErrorOf(() => encodeInto(pingreq, target as unknown as Uint8Array));
    expect(e.reasonCode).toBe(0x81);
    expect(e.detail).toBe('encodeInto needs a Uint8Array target');
    expect(target).toEqual([9, 9, 9, 9]);
  });

  it('too little room, a negative offset, a fractional offset: 0x95 naming the packet, its size, the offset and the target length', () => {
    for (const [size, offset, detail] of [
      [1, 0, 'PINGREQ needs 2 bytes at offset 0; the target has 1'],
      [4, 3, 'PINGREQ needs 2 bytes at offset 3; the target has 4'],
      [8, -1, 'PINGREQ needs 2 bytes at offset -1; the target has 8'],
      [8, 1.5, 'PINGREQ needs 2 bytes at offset 1.5; the target has 8'],
    ] as const) {
      const target = new Uint8Array(size).fill(0xee);
      const e = codecErrorOf(() => encodeInto(pingreq, target, offset));
      expect(e.reasonCode).toBe(0x95);
      expect(e.detail).toBe(detail);
      expect(target.every((b) => b === 0xee)).toBe(true);
    }
    // The limits themselves are fine.
    const target = new Uint8Array(4);
    expect(encodeInto(pingreq, target, 2)).toBe(2);
    expect([...target]).toEqual([0, 0, 0xc0, 0]);
  });
});

describe('what encode refuses, and how it says so', () => {
  it('a packet that is not an object: 0x81 saying what it got', () => {
    for (const [value, what] of [
      [undefined, 'undefined'],
      [null, 'null'],
      [42, '42'],
      ['pingreq', '"pingreq"'],
    ] as const) {
      const e = codecErrorOf(() => encode(value as unknown as Packet));
      expect(e.reasonCode).toBe(0x81);
      expect(e.detail).toBe(`encode needs a packet object, not ${what}`);
    }
  });

  it('an unknown packet type: 0x81 naming it', () => {
    const e = codecErrorOf(() => encode({ type: 'pingpong' } as unknown as Packet));
    expect(e.reasonCode).toBe(0x81);
    expect(e.detail).toBe('unknown packet type "pingpong"');
  });

  it('only a CONNECT carries its own protocolVersion: the field is ignored on other packets', () => {
    const ping = { type: 'pingreq', protocolVersion: 9 } as unknown as Packet;
    expect([...encode(ping)]).toEqual([0xc0, 0x00]);
    // 3.1.1 PUBLISH, not 5.0 (which would have a Property Length byte)
    const publish = { type: 'publish', topic: 't', payload: new Uint8Array([1]), qos: 0, retain: false, dup: false, protocolVersion: 5 } as Packet;
    expect([...encode(publish)]).toEqual([0x30, 0x04, 0x00, 0x01, 0x74, 0x01]);
  });

  it('a CONNECT of an unsupported protocolVersion: 0x84 naming it', () => {
    const connect = { type: 'connect', protocolVersion: 6, clientId: 'a', clean: true, keepalive: 0 } as unknown as Packet;
    const e = codecErrorOf(() => encode(connect));
    expect(e.reasonCode).toBe(0x84);
    expect(e.key).toBe('protocolLevel');
    expect(e.detail).toBe('unsupported protocolVersion 6');
  });

  it('AUTH before 5.0: 0x81 v5Only', () => {
    const e = codecErrorOf(() => encode({ type: 'auth', reasonCode: 0 }, { protocolVersion: 4 }));
    expect(e.reasonCode).toBe(0x81);
    expect(e.key).toBe('v5Only');
    expect(e.detail).toBe('AUTH exists only in MQTT 5.0');
  });

  it('a packet the sender does not send: 0x82 senderPacketType', () => {
    const e = codecErrorOf(() => encode({ type: 'connack', sessionPresent: false, reasonCode: 0 }, { from: 'client' }));
    expect(e.reasonCode).toBe(0x82);
    expect(e.key).toBe('senderPacketType');
    expect(e.detail).toBe('CONNACK is not sent by a client');
  });

  it('maxPacketSize: a packet of exactly that size is encoded, one byte more is 0x95 citing the rule of the sender', () => {
    const p: Packet = { type: 'puback', packetId: 1, reasonCode: 0x10, properties: { reasonString: 'r' } };
    const size = encodedLength(p, V5);
    expect(encode(p, { ...V5, maxPacketSize: size }).length).toBe(size);
    for (const [from, rule] of [
      [undefined, undefined],
      ['client', 'MQTT-3.2.2-15'],
      ['server', 'MQTT-3.1.2-24'],
    ] as const) {
      const e = codecErrorOf(() => encode(p, { ...V5, from, maxPacketSize: size - 1 }));
      expect(e.reasonCode).toBe(0x95);
      expect(e.key).toBe('packetTooLarge');
      expect(e.rule).toBe(rule);
      expect(e.detail).toBe(`PUBACK would be ${size} bytes; the maximum packet size is ${size - 1}`);
    }
  });

  it(`a Remaining Length over ${VBI_MAX}: 0x95 packetTooLarge at header.remainingLength, with the size; exactly ${VBI_MAX} is measured`, () => {
    // The payloads are never written (nothing is encoded), so their zero pages are never touched.
    const atLimit: Packet = { type: 'publish', topic: 't', payload: new Uint8Array(VBI_MAX - 3), qos: 0, retain: false, dup: false };
    expect(encodedLength(atLimit)).toBe(1 + 4 + VBI_MAX);
    const over: Packet = { ...atLimit, payload: new Uint8Array(VBI_MAX - 2) };
    for (const call of [() => encodedLength(over), () => encode(over), () => encodeVectored(over)]) {
      const e = codecErrorOf(call);
      expect(e.reasonCode).toBe(0x95);
      expect(e.key).toBe('packetTooLarge');
      expect(e.path).toBe('header.remainingLength');
      expect(e.size).toBe(VBI_MAX + 1);
      expect(e.detail).toBe(`PUBLISH would have a Remaining Length of ${VBI_MAX + 1}; at most ${VBI_MAX} is possible`);
    }
  });

  it('after an encode that threw, each entry point encodes again correctly', () => {
    const p: Packet = { type: 'publish', topic: 'a', payload: new Uint8Array(300).fill(8), qos: 1, packetId: 2, retain: false, dup: false };
    const expected = encode(p).slice();
    for (const call of [
      () => encode({ type: 'publish', topic: 'a/+', payload: new Uint8Array(0), qos: 0, retain: false, dup: false }),
      () => encodeVectored(p, { maxPacketSize: 10 }),
      () => encodeInto(p, new Uint8Array(5)),
      () => encodedLength({ type: 'auth' }),
    ]) {
      expect(codecErrorOf(call)).toBeInstanceOf(MqttCodecError);
      expect(encode(p)).toEqual(expected);
      expect(concat(encodeVectored(p))).toEqual(expected);
      expect(encodedLength(p)).toBe(expected.length);
      const target = new Uint8Array(expected.length + 1);
      expect(encodeInto(p, target, 1)).toBe(expected.length);
      expect(target.subarray(1)).toEqual(expected);
    }
  });
});

describe('the policy on encode', () => {
  const withNull: Packet = { type: 'puback', packetId: 1, reasonCode: 0x10, properties: { reasonString: 'a\u0000b' } };

  it("a check set to 'warn' is reported with severity 'warning', and the packet is written as given", () => {
    const warnings: { key: string; severity: string }[] = [];
    const bytes = encode(withNull, { ...V5, checks: { utf8NoNull: 'warn' }, onWarning: (w) => warnings.push({ key: w.key, severity: w.severity }) });
    expect(warnings).toEqual([{ key: 'utf8NoNull', severity: 'warning' }]);
    expect(bytes.length).toBe(encodedLength(withNull, { ...V5, checks: { utf8NoNull: 'off' } }));
  });

  it("a check set to 'warn' without an onWarning handler: encoded, nothing thrown", () => {
    expect(encode(withNull, { ...V5, checks: { utf8NoNull: 'warn' } }).length).toBe(12);
  });

  it("a check set to 'off' is not reported", () => {
    const warnings: unknown[] = [];
    encode(withNull, { ...V5, checks: { utf8NoNull: 'off' }, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([]);
  });

  it('an unpaired surrogate is refused whatever the policy says of utf8WellFormed, and not reported as a warning', () => {
    const p: Packet = { type: 'puback', packetId: 1, reasonCode: 0x10, properties: { reasonString: 'a\ud800' } };
    for (const severity of ['warn', 'off'] as const) {
      const warnings: unknown[] = [];
      const e = codecErrorOf(() => encode(p, { ...V5, checks: { utf8WellFormed: severity }, onWarning: (w) => warnings.push(w) }));
      expect(e.key).toBe('utf8WellFormed');
      expect(warnings).toEqual([]);
    }
  });
});

describe('no call keeps a reference to the caller’s data after it returns', () => {
  it('the test can tell: an array still referenced is not collected, one let go of is', async () => {
    const kept: Uint8Array[] = [];
    expect(await releasedAfter((bytes) => kept.push(bytes))).toBe(false);
    expect(kept.length).toBe(1);
    expect(await releasedAfter(() => {})).toBe(true);
  });

  it('encodedLength, encodeInto, encodeVectored and encode let go of the payload and Binary Data', async () => {
    const publish = (payload: Uint8Array): PublishPacket => ({ type: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false });
    const withData = (correlationData: Uint8Array): Packet => ({ ...publish(new Uint8Array(1)), properties: { correlationData } });
    expect(await releasedAfter((b) => encodedLength(publish(b)))).toBe(true);
    expect(await releasedAfter((b) => encodedLength(withData(b), V5))).toBe(true);
    expect(await releasedAfter((b) => encodeInto(publish(b), new Uint8Array(5000)))).toBe(true);
    expect(await releasedAfter((b) => codecErrorOf(() => encodeInto(publish(b), new Uint8Array(10))))).toBe(true);
    expect(await releasedAfter((b) => codecErrorOf(() => encodeVectored(publish(b), { maxPacketSize: 100 })))).toBe(true);
    expect(await releasedAfter((b) => encodeVectored(withData(b), V5))).toBe(true);
    expect(await releasedAfter((b) => encode(publish(b)))).toBe(true);
  });
});

describe('fitToMaximumPacketSize', () => {
  it('drops the Reason String, then the User Properties, of a packet that has them', () => {
    const full: Packet = { type: 'puback', packetId: 1, reasonCode: 0x10, properties: { reasonString: 'why', userProperties: [['k', 'v']] } };
    const noReason: Packet = { type: 'puback', packetId: 1, reasonCode: 0x10, properties: { userProperties: [['k', 'v']] } };
    const bare: Packet = { type: 'puback', packetId: 1, reasonCode: 0x10 };
    expect(fitToMaximumPacketSize(full, encodedLength(noReason, V5), V5)).toEqual(noReason);
    expect(fitToMaximumPacketSize(full, encodedLength(bare, V5), V5)).toEqual(bare);
    expect(fitToMaximumPacketSize(full, encodedLength(bare, V5) - 1, V5)).toBeUndefined();
  });

  it('never trims a PUBLISH, even when dropping its User Properties would make it fit', () => {
    const p: Packet = { type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false, properties: { userProperties: [['k', 'v'.repeat(50)]] } };
    const bare = encodedLength({ ...p, properties: {} }, V5);
    expect(fitToMaximumPacketSize(p, bare, V5)).toBeUndefined();
  });

  it('a packet with nothing to drop is not copied: one whose fields are getters of a class gives undefined, not an error', () => {
    class Ack {
      get type(): 'puback' {
        return 'puback';
      }
      get packetId(): number {
        return 1;
      }
      get reasonCode(): number {
        return 0x80;
      }
    }
    const ack = new Ack() as unknown as Packet;
    expect(encodedLength(ack, V5)).toBe(5);
    expect(fitToMaximumPacketSize(ack, 5, V5)).toBe(ack);
    expect(fitToMaximumPacketSize(ack, 4, V5)).toBeUndefined();
  });
});

describe('a byte array resized during encode (a view of a resizable ArrayBuffer)', () => {
  /** A 5.0 PUBLISH whose Correlation Data is resized to `to` bytes by the getter of a property read after it. */
  function resizedDuringEncode(to: number): Record<string, unknown> {
    const ab = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void })(16, { maxByteLength: 1024 });
    const correlationData = new Uint8Array(ab); // length-tracking: follows the buffer's size
    const properties = {
      correlationData,
      get userProperties() {
        ab.resize(to);
        return [['k', 'v']];
      },
    };
    return { type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false, properties };
  }

  for (const to of [2, 40, 300]) {
    it(`16 bytes when measured, ${to} when written: an MqttCodecError, not wrong bytes or a RangeError`, () => {
      for (const run of [
        (p: Record<string, unknown>) => encode(p as never, { protocolVersion: 5 }),
        (p: Record<string, unknown>) => encodeVectored(p as never, { protocolVersion: 5 }),
      ]) {
        let err: unknown;
        try {
          run(resizedDuringEncode(to));
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(MqttCodecError);
        expect((err as MqttCodecError).message).toContain(`16 bytes when measured, ${to} when written`);
      }
    });
  }
});

describe('the maxPacketSize option of encode is validated as decode validates it', () => {
  for (const bad of [null, Number.NaN, 1, 0, -5, '100']) {
    it(`maxPacketSize ${String(bad)} is refused with 0x95, not taken as 0 or as no limit`, () => {
      let err: unknown;
      try {
        encode({ type: 'pingreq' }, { maxPacketSize: bad as number });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(MqttCodecError);
      expect((err as MqttCodecError).reasonCode).toBe(0x95);
      expect((err as MqttCodecError).message).toContain(`maxPacketSize must be a number of bytes of at least 2, not ${String(bad)}`);
    });
  }
});
