/**
 * The drop-in's encoders (src/compat/generate.ts), from the sources: `generate` and
 * `writeToStream` write what mqtt-packet 9.0.2 writes (the bytes, and for a CONNECT the same
 * writes), the 5.0 long forms of acknowledgements, the peer's Maximum Packet Size, the stream
 * protocol (cork, uncork on the next tick, destroy on an invalid packet, the return value).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MqttCodecError } from '../src/index.js';
import { generate, writeToStream } from '../src/compat/generate.js';
import type { MqttPacket } from '../src/compat/types.js';

/** mqtt-packet 9.0.2, the reference. */
const upstream: { generate: (p: unknown, o?: unknown) => Buffer; writeToStream: (p: unknown, s: unknown, o?: unknown) => boolean } =
  createRequire(import.meta.url)('mqtt-packet');

/** A stream recording its writes (as hex) and calls. */
function recorder(result: boolean | undefined = true) {
  const writes: string[] = [];
  const calls: string[] = [];
  const destroyed: unknown[] = [];
  const stream = {
    write(chunk: Uint8Array) {
      writes.push(Buffer.from(chunk).toString('hex'));
      return result as boolean;
    },
    destroy(err?: Error) {
      destroyed.push(err);
    },
    cork() {
      calls.push('cork');
    },
    uncork() {
      calls.push('uncork');
    },
  };
  return { stream, writes, calls, destroyed };
}

const hexOf = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bin = (n: number, fill = 0x61) => Buffer.alloc(n, fill);

/** Offsets where the writes end. */
function boundaries(writes: string[]): number[] {
  let at = 0;
  return writes.map((w) => (at += w.length / 2));
}

/** CONNECT objects of every shape: versions, will, user name, password, properties, empty fields. */
const CONNECTS: MqttPacket[] = [];
for (const protocolVersion of [3, 4, 5]) {
  const protocolId = protocolVersion === 3 ? 'MQIsdp' : 'MQTT';
  for (const will of [undefined, { topic: 't', payload: bin(3), qos: 1, retain: true }, { topic: 'wt', payload: bin(0), qos: 0, retain: false }]) {
    for (const username of [undefined, 'u', '']) {
      for (const password of [undefined, bin(2)]) {
        const p: Record<string, unknown> = { cmd: 'connect', protocolId, protocolVersion, clientId: username === '' ? '' : 'cid', clean: true, keepalive: 30 };
        if (will) p.will = protocolVersion === 5 ? { ...will, properties: { willDelayInterval: 5 } } : will;
        if (username !== undefined) p.username = username;
        if (password !== undefined && username !== undefined) p.password = password;
        if (protocolVersion === 5) p.properties = username === 'u' ? { sessionExpiryInterval: 9, userProperties: { a: 'b' } } : {};
        CONNECTS.push(p as unknown as MqttPacket);
      }
    }
  }
}

describe('writeToStream writes a CONNECT in the writes mqtt-packet makes', () => {
  it.each(CONNECTS.map((p, i) => [i, p] as const))('CONNECT %i', (_i, packet) => {
    const ours = recorder();
    const theirs = recorder();
    const opts = { protocolVersion: (packet as { protocolVersion: number }).protocolVersion };
    expect(writeToStream(packet, ours.stream, opts)).toBe(upstream.writeToStream(packet, theirs.stream, opts));
    expect(ours.writes.join('')).toBe(theirs.writes.join(''));
    // mqtt-packet also writes empty Buffers for empty fields; the drop-in leaves them out. It writes
    // a 5.0 property block property by property; the drop-in as one piece.
    if (opts.protocolVersion !== 5) expect(ours.writes).toEqual(theirs.writes.filter((w) => w !== ''));
    else expect(boundaries(theirs.writes)).toEqual(expect.arrayContaining(boundaries(ours.writes)));
  });

  it('a 5.0 CONNECT: header, name, level, flags, keep alive, property block, then each field as length and bytes', () => {
    const ours = recorder();
    writeToStream(CONNECTS.find((p) => (p as { protocolVersion: number }).protocolVersion === 5 && (p as { will?: unknown }).will && (p as { password?: unknown }).password)!, ours.stream, { protocolVersion: 5 });
    expect(ours.writes).toMatchInlineSnapshot(`
      [
        "10",
        "31",
        "0004",
        "4d515454",
        "05",
        "ee",
        "001e",
        "0c110000000926000161000162",
        "0003",
        "636964",
        "051800000005",
        "0001",
        "74",
        "0003",
        "616161",
        "0001",
        "75",
        "0002",
        "6161",
      ]
    `);
  });
});

/** 5.0 acknowledgements, DISCONNECT and AUTH in every form mqtt-packet distinguishes. */
const ACKS: MqttPacket[] = [];
for (const cmd of ['puback', 'pubrec', 'pubrel', 'pubcomp']) {
  ACKS.push({ cmd, messageId: 7 } as MqttPacket);
  ACKS.push({ cmd, messageId: 7, reasonCode: 0 } as MqttPacket);
  ACKS.push({ cmd, messageId: 7, reasonCode: 0, properties: {} } as MqttPacket);
  ACKS.push({ cmd, messageId: 7, reasonCode: cmd === 'pubrel' || cmd === 'pubcomp' ? 146 : 16 } as MqttPacket);
  ACKS.push({ cmd, messageId: 7, reasonCode: 0, properties: { reasonString: 'r' } } as MqttPacket);
}
for (const cmd of ['disconnect', 'auth']) {
  ACKS.push({ cmd } as MqttPacket);
  ACKS.push({ cmd, reasonCode: 0 } as MqttPacket);
  ACKS.push({ cmd, reasonCode: cmd === 'auth' ? 24 : 4 } as MqttPacket);
  ACKS.push({ cmd, reasonCode: 0, properties: {} } as MqttPacket);
  ACKS.push({ cmd, reasonCode: cmd === 'auth' ? 24 : 4, properties: { reasonString: 'r' } } as MqttPacket);
}

describe('generate writes what mqtt-packet writes', () => {
  it.each(ACKS.map((p) => [JSON.stringify(p), p] as const))('5.0 %s (its long forms)', (_name, packet) => {
    const theirs = hexOf(upstream.generate(packet, { protocolVersion: 5 }));
    expect(hexOf(generate(packet, { protocolVersion: 5 }))).toBe(theirs);
    const s = recorder();
    writeToStream(packet, s.stream, { protocolVersion: 5 });
    expect(s.writes.join('')).toBe(theirs);
  });

  it.each([3, 4])('%i: acknowledgements keep their short form', (protocolVersion) => {
    for (const cmd of ['puback', 'pubrec', 'pubrel', 'pubcomp']) {
      const packet = { cmd, messageId: 7 } as MqttPacket;
      expect(hexOf(generate(packet, { protocolVersion }))).toBe(hexOf(upstream.generate(packet, { protocolVersion })));
    }
    expect(hexOf(generate({ cmd: 'disconnect' } as MqttPacket, { protocolVersion }))).toBe('e000');
  });

  it('PUBLISH payloads around the sizes where the encoder hands the payload back by reference', () => {
    for (const n of [0, 1, 64, 255, 256, 2047, 2048, 5000]) {
      const packet = { cmd: 'publish', topic: 't', payload: bin(n, n & 0xff), qos: 0, retain: false, dup: false } as unknown as MqttPacket;
      expect(hexOf(generate(packet)), `${n}`).toBe(hexOf(upstream.generate(packet)));
    }
    const noPayload = { cmd: 'publish', topic: 't', qos: 0 } as unknown as MqttPacket;
    expect(hexOf(generate(noPayload))).toBe(hexOf(upstream.generate(noPayload)));
  });

  it('a packet longer than a Remaining Length can say: mqtt-packet\'s message with the size', () => {
    const payload = new Uint8Array(268_435_456); // untouched zero pages: not resident
    const packet = { cmd: 'publish', topic: 't', payload, qos: 0 } as unknown as MqttPacket;
    expect(() => generate(packet)).toThrow(MqttCodecError);
    expect(() => generate(packet)).toThrow(/^Invalid variable byte integer: 268435459$/);
    const s = recorder();
    expect(writeToStream(packet, s.stream)).toBe(false);
    expect((s.destroyed[0] as Error).message).toBe('Invalid variable byte integer: 268435459');
    expect(s.writes).toEqual([]);
  });

  it('not an object: an MqttCodecError, thrown by generate, given to destroy by writeToStream', () => {
    expect(() => generate(null as unknown as MqttPacket)).toThrow(MqttCodecError);
    const s = recorder();
    expect(writeToStream(null as unknown as MqttPacket, s.stream)).toBe(false);
    expect(s.destroyed[0]).toBeInstanceOf(MqttCodecError);
    expect(s.writes).toEqual([]);
  });
});

describe("the peer's Maximum Packet Size (options.properties.maximumPacketSize, 5.0)", () => {
  // A new object each time: mqtt-packet deletes the properties it drops from the caller's object.
  const big = () => ({ cmd: 'puback', messageId: 1, reasonCode: 0, properties: { reasonString: 'x'.repeat(100), userProperties: { k: 'v'.repeat(150) } } }) as unknown as MqttPacket;
  const opts = (max: unknown, protocolVersion = 5, strict?: boolean) => ({ protocolVersion, strict, properties: { maximumPacketSize: max } }) as never;

  // Remaining Length 264 whole, 161 without the Reason String, 4 without the User Properties too.
  it.each([300, 264, 263, 162, 161, 160, 100, 10, 4, 3, 1])('fits an acknowledgement as mqtt-packet does, max %i', (max) => {
    const theirs = hexOf(upstream.generate(big(), opts(max)));
    expect(hexOf(generate(big(), opts(max)))).toBe(theirs);
    const s = recorder();
    const r = writeToStream(big(), s.stream, opts(max));
    expect(s.writes.join('')).toBe(theirs);
    expect(r).toBe(theirs !== '');
  });

  it('a Remaining Length of 128 (two bytes, the first 0x80) is measured as 128, as mqtt-packet does', () => {
    // A new object each time: mqtt-packet deletes the properties it drops from the caller's object.
    const at128 = () => ({ cmd: 'puback', messageId: 1, reasonCode: 0, properties: { reasonString: 'r'.repeat(121) } }) as unknown as MqttPacket;
    expect(hexOf(generate(at128(), { protocolVersion: 5 })).slice(0, 6)).toBe('408001');
    for (const max of [128, 127]) expect(hexOf(generate(at128(), opts(max))), `${max}`).toBe(hexOf(upstream.generate(at128(), opts(max))));
    expect(generate(at128(), opts(128)).length).toBe(131);
    expect(generate(at128(), opts(127)).length).toBe(6);
  });

  it('drops the User Properties only after the Reason String; gives up when the Reason String is absent', () => {
    const noReason = { cmd: 'disconnect', reasonCode: 0, properties: { userProperties: { k: 'v'.repeat(150) } } } as unknown as MqttPacket;
    for (const max of [10, 200]) expect(hexOf(generate(noReason, opts(max)))).toBe(hexOf(upstream.generate(noReason, opts(max))));
    expect(hexOf(generate(noReason, opts(10)))).toBe('');
    const noProps = { cmd: 'puback', messageId: 1, reasonCode: 16 } as unknown as MqttPacket;
    expect(hexOf(generate(noProps, opts(1)))).toBe(hexOf(upstream.generate(noProps, opts(1))));
  });

  it('other packets, other versions and a maximum that is not a positive number: written whole', () => {
    const publish = { cmd: 'publish', topic: 't', payload: bin(300), qos: 0, properties: { userProperties: { a: 'b' } } } as unknown as MqttPacket;
    expect(hexOf(generate(publish, opts(10)))).toBe(hexOf(upstream.generate(publish, opts(10))));
    const whole = hexOf(generate(big(), { protocolVersion: 5 }));
    expect(whole.length / 2).toBe(267);
    for (const max of [0, -1, '10', undefined]) expect(hexOf(generate(big(), opts(max))), `${max}`).toBe(whole);
    const v4 = { cmd: 'puback', messageId: 1 } as MqttPacket;
    expect(hexOf(generate(v4, opts(1, 4)))).toBe('40020001');
    expect(hexOf(generate(v4, opts(1, 4, true)))).toBe('40020001'); // strict too: the option is 5.0's
  });

  it("strict: fitted by mqtt-codec's fitToMaximumPacketSize, an error when nothing fits; the caller's object untouched", () => {
    const packet = big();
    const before = JSON.stringify(packet);
    expect(generate(packet, opts(267, 5, true)).length).toBe(267);
    const fitted = generate(packet, opts(100, 5, true));
    expect(fitted.length).toBeLessThanOrEqual(100);
    expect(generate(packet, opts(20, 5, true)).length).toBeLessThanOrEqual(20);
    expect(() => generate(packet, opts(3, 5, true))).toThrow('PUBACK does not fit the Maximum Packet Size of 3 bytes');
    expect(JSON.stringify(packet)).toBe(before);
    // Not strict either: the caller's object is never modified (mqtt-packet deletes what it drops).
    generate(packet, opts(10));
    expect(JSON.stringify(packet)).toBe(before);
    const connect = { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 5, clientId: 'c'.repeat(100), clean: true, keepalive: 0 } as unknown as MqttPacket;
    let err: unknown;
    try {
      generate(connect, opts(20, 5, true));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MqttCodecError);
    expect((err as Error).message).not.toMatch(/^Invalid variable byte integer/);
  });
});

describe('writeToStream and the stream', () => {
  const ping = { cmd: 'pingreq' } as MqttPacket;

  it('returns what the last write returned', () => {
    for (const result of [true, false]) {
      const s = recorder(result);
      expect(writeToStream(ping, s.stream)).toBe(result);
      expect(s.writes).toEqual(['c000']);
    }
  });

  it('a PUBLISH payload of 256 bytes or more is a write of its own; smaller, one write', () => {
    for (const [n, count] of [[255, 1], [256, 2]] as const) {
      const s = recorder();
      writeToStream({ cmd: 'publish', topic: 't', payload: bin(n), qos: 0 } as unknown as MqttPacket, s.stream);
      expect(s.writes, `${n}`).toHaveLength(count);
    }
    const s = recorder();
    writeToStream({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a'.repeat(300), qos: 0 }] } as unknown as MqttPacket, s.stream);
    expect(s.writes).toHaveLength(1);
    // Only the payload counts: a small PUBLISH with 300 bytes of Correlation Data is one write.
    const corr = recorder();
    writeToStream({ cmd: 'publish', topic: 't', payload: bin(10), qos: 0, properties: { correlationData: bin(300) } } as unknown as MqttPacket, corr.stream, { protocolVersion: 5 });
    expect(corr.writes).toHaveLength(1);
    // A CONNECT with a 300-byte Will payload (and a stray `payload` property, which no packet but
    // PUBLISH reads) is written in mqtt-packet's CONNECT pieces, the Will payload's among them.
    const connect = { cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clientId: 'c', clean: true, keepalive: 30, will: { topic: 't', payload: bin(300), qos: 0, retain: false }, payload: bin(300) };
    const ours = recorder();
    const theirs = recorder();
    writeToStream(connect as unknown as MqttPacket, ours.stream);
    upstream.writeToStream(connect, theirs.stream);
    expect(ours.writes).toEqual(theirs.writes.filter((w) => w !== ''));
  });

  it('corks, and uncorks on the next tick (after the promise jobs of this one)', async () => {
    const s = recorder();
    writeToStream(ping, s.stream);
    expect(s.calls).toEqual(['cork']);
    await Promise.resolve();
    expect(s.calls).toEqual(['cork']);
    await new Promise((r) => setImmediate(r));
    expect(s.calls).toEqual(['cork', 'uncork']);
  });

  it.each([
    ['without process.nextTick', process as object, 'nextTick'],
    ['without process at all (a browser)', globalThis as object, 'process'],
  ] as const)('%s, uncorks in a microtask', async (_name, holder, key) => {
    const s = recorder();
    const slot = holder as Record<string, unknown>;
    const saved = slot[key];
    slot[key] = undefined;
    try {
      writeToStream(ping, s.stream);
    } finally {
      slot[key] = saved;
    }
    expect(s.calls).toEqual(['cork']);
    await Promise.resolve();
    expect(s.calls).toEqual(['cork', 'uncork']);
  });

  it('a stream with cork but no uncork (or the reverse) is neither corked nor uncorked; one without destroy is left alone', async () => {
    const writes: string[] = [];
    let corked = 0;
    const onlyCork = { write: (c: Uint8Array) => writes.push(hexOf(c)) > 0, cork: () => corked++ };
    expect(writeToStream(ping, onlyCork)).toBe(true);
    const onlyUncork = { write: (c: Uint8Array) => writes.push(hexOf(c)) > 0, uncork: () => corked-- };
    expect(writeToStream(ping, onlyUncork)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(corked).toBe(0);
    expect(writes).toEqual(['c000', 'c000']);
    expect(writeToStream({ cmd: 'nonsense' } as unknown as MqttPacket, { write: () => true })).toBe(false);
  });
});
