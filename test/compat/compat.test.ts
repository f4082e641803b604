/**
 * The compat entry's own contract, beyond mqtt-packet's suite: the event methods, the parser's
 * state rules, the object shapes both ways for every packet the round-trip arbitraries generate,
 * Buffers viewing the input, errors as MqttCodecError with rule and offset, and writeToStream.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Decoder, decode, encode, MqttCodecError, type Packet } from '../../src/index.js';
import mqttPacket, { generate, parser, writeToStream, type MqttPacket } from '../../src/compat/index.js';
import { Emitter } from '../../src/compat/emitter.js';
import { anyPacket, VERSIONS } from '../arbitraries.js';
import { createRequire } from 'node:module';

/** mqtt-packet 9.0.2 itself, the reference for what the drop-in writes by default. */
const upstreamGenerate: (packet: unknown, opts?: unknown) => Uint8Array = createRequire(import.meta.url)('mqtt-packet').generate;

/** Parses `bytes` with a fresh parser; returns the packets and errors emitted, and parse's result. */
function parseAll(bytes: Uint8Array, opts?: { protocolVersion?: number; strict?: boolean }, chunks: number[] = []) {
  const p = parser(opts);
  const packets: MqttPacket[] = [];
  const errors: MqttCodecError[] = [];
  p.on('packet', (x) => packets.push(x));
  p.on('error', (e) => errors.push(e));
  let left = 0;
  let at = 0;
  for (const cut of [...chunks, bytes.length]) {
    left = p.parse(bytes.subarray(at, Math.max(at, cut)));
    at = Math.max(at, cut);
  }
  return { packets, errors, left, parser: p };
}

describe('event methods', () => {
  it('on, once, off, removeListener, removeAllListeners, listenerCount, emit', () => {
    const e = new Emitter();
    const calls: string[] = [];
    const a = (x: string) => calls.push(`a${x}`);
    const b = (x: string) => calls.push(`b${x}`);
    e.on('x', a).once('x', b);
    expect(e.listenerCount('x')).toBe(2);
    expect(e.emit('x', '1')).toBe(true);
    expect(e.emit('x', '2')).toBe(true);
    expect(calls).toEqual(['a1', 'b1', 'a2']);
    e.once('y', b).off('y', b); // a once listener is found by the function given
    expect(e.listenerCount('y')).toBe(0);
    e.removeListener('x', a);
    expect(e.emit('x', '3')).toBe(false);
    e.on('x', a).on('z', b).removeAllListeners();
    expect(e.eventNames()).toEqual([]);
  });

  it("emitting 'error' with no listener throws it, as Node's EventEmitter does", () => {
    const err = new Error('boom');
    expect(() => new Emitter().emit('error', err)).toThrow(err);
    const p = parser();
    expect(() => p.parse(new Uint8Array([0x00, 0x00]))).toThrow(MqttCodecError);
  });
});

describe('parser', () => {
  it('keeps fields callers put on it (Aedes sets parser.client and parser._queue)', () => {
    const p = parser() as ReturnType<typeof parser> & { client?: unknown; _queue?: unknown[] };
    p.client = { id: 'c1' };
    p._queue = [];
    p.on('packet', (packet) => p._queue!.push(packet));
    p.parse(new Uint8Array([0xc0, 0x00, 0xd0, 0x00]));
    expect(p.client).toEqual({ id: 'c1' });
    expect(p._queue!.map((x) => (x as MqttPacket).cmd)).toEqual(['pingreq', 'pingresp']);
  });

  it('returns what mqtt-packet returns: body bytes held after the fixed header, 0 when none', () => {
    const publish = encode({ type: 'publish', topic: 'test', payload: new Uint8Array(249), qos: 0, retain: false, dup: false });
    expect(publish.length).toBe(258); // 3-byte fixed header
    const p = parser();
    expect(p.parse(publish.subarray(0, 1))).toBe(0); // mqtt-packet consumes the first byte at once
    expect(p.parse(publish.subarray(1, 2))).toBe(1); // an incomplete Remaining Length is held
    expect(p.parse(publish.subarray(2, 9))).toBe(6);
    expect(p.parse(publish.subarray(9))).toBe(0);
  });

  it('a CONNECT sets the version of what follows, and becomes the settings', () => {
    const connect = encode({ type: 'connect', protocolVersion: 5, clientId: 'c', cleanStart: true, keepAlive: 0 });
    const puback = encode({ type: 'puback', packetId: 7, reasonCode: 0x10 }, { protocolVersion: 5 });
    const { packets, parser: p } = parseAll(new Uint8Array([...connect, ...puback]));
    expect(packets[1]).toMatchObject({ cmd: 'puback', messageId: 7, reasonCode: 0x10 });
    expect((p.settings as MqttPacket).protocolVersion).toBe(5);
  });

  it('after an error the next parse starts afresh', () => {
    const p = parser();
    const seen: string[] = [];
    p.on('packet', (x) => seen.push(x.cmd));
    p.on('error', (e) => seen.push(`error ${e.message}`));
    p.parse(new Uint8Array([0xc0, 0x00, 0x31, 0x00, 0xc0])); // PINGREQ, then QoS-0 PUBLISH with no topic
    p.parse(new Uint8Array([0xd0, 0x00]));
    expect(seen).toEqual(['pingreq', 'error Cannot parse topic', 'pingresp']);
  });

  it("errors are MqttCodecError with mqtt-packet's message and mqtt-codec's reason code, rule and offset", () => {
    const bytes = new Uint8Array([0x10, 0x12, 0x00, 0x06, ...new TextEncoder().encode('AAAAAA'), 3, 0, 0, 10, 0, 4, 116, 101, 115, 116]);
    const { errors } = parseAll(new Uint8Array([0xc0, 0x00, ...bytes]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(MqttCodecError);
    expect(errors[0].message).toBe('Invalid protocolId');
    expect(errors[0]).toMatchObject({ reasonCode: 0x84, rule: 'MQTT-3.1.2-1', offset: 4 });
    expect(errors[0].detail).toMatch(/AAAAAA/);
  });

  it("with strict: true, faults only mqtt-codec finds keep mqtt-codec's message (3.1.1 PUBLISH DUP with QoS 0 [MQTT-3.3.1-2])", () => {
    const bytes = new Uint8Array([0x38, 0x06, 0x00, 0x01, 0x61, 0x61, 0x62, 0x63]);
    const { errors } = parseAll(bytes, { strict: true });
    expect(errors[0].message).toMatch(/^Protocol Error: PUBLISH has DUP set with QoS 0 \[MQTT-3\.3\.1-2\] at offset 0$/);
    expect(errors[0]).toMatchObject({ key: 'publishDupQos0', rule: 'MQTT-3.3.1-2' });
    // By default the parser accepts what mqtt-packet accepts: the same PUBLISH is a packet.
    const lenient = parseAll(bytes);
    expect(lenient.errors).toEqual([]);
    expect(lenient.packets[0]).toMatchObject({ cmd: 'publish', dup: true, qos: 0, topic: 'a' });
  });

  it('binary fields are Buffers viewing the input (no copy) where Buffer exists', () => {
    const bytes = encode({ type: 'publish', topic: 't', payload: new TextEncoder().encode('hello'), qos: 0, retain: false, dup: false });
    const { packets } = parseAll(bytes);
    const payload = packets[0].payload as Buffer;
    expect(Buffer.isBuffer(payload)).toBe(true);
    expect(payload.toString()).toBe('hello');
    expect(payload).toStrictEqual(Buffer.from('hello')); // Buffer.prototype itself, not a look-alike
    expect(payload.buffer).toBe(bytes.buffer);
  });
});

/**
 * mqtt-packet's User Properties are an object: values of one name are grouped, and JavaScript
 * orders integer-like names first. Compare them in name order (stable), which that shape keeps.
 */
function byName(p: Packet): Packet {
  const sort = (props?: { userProperties?: [string, string][] }) => {
    if (props?.userProperties) props.userProperties = [...props.userProperties].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  };
  sort((p as { properties?: { userProperties?: [string, string][] } }).properties);
  if (p.type === 'connect') sort(p.will?.properties);
  return p;
}

describe.each(VERSIONS)('objects both ways, protocol version %i', (v) => {
  // mqtt-packet (and so this entry, by default) refuses a 3.1 CONNECT without a ClientId (3.1 wants 1
  // to 23 characters), and in every version an empty ClientId with clean false and a password
  // without a user name (5.0 allows both: strict: true writes them).
  const refused = (p: Packet) =>
    p.type === 'connect' && ((p.clientId === '' && (p.protocolVersion === 3 || !p.cleanStart)) || (p.password !== undefined && p.username === undefined));
  const packets = anyPacket(v).filter((p) => !refused(p));
  it('parse then generate gives back the packet, whole or in any chunks', () => {
    fc.assert(
      fc.property(packets, fc.array(fc.nat(400), { maxLength: 4 }), (p: Packet, cuts) => {
        const opts = { protocolVersion: v };
        const bytes = encode(p, opts);
        const whole = parseAll(bytes, opts);
        expect(whole.errors).toEqual([]);
        expect(whole.left).toBe(0);
        expect(whole.packets).toHaveLength(1);
        const o = whole.packets[0];
        expect(o.length).toBe(bytes.length - (bytes.length > 129 ? 3 : 2) + (bytes.length > 16386 ? -1 : 0));
        const split = parseAll(bytes, opts, [...cuts].sort((a, b) => a - b));
        expect(split.packets).toEqual(whole.packets);
        const again = generate(o, opts);
        expect(byName(decode(new Uint8Array(again), opts))).toEqual(byName(decode(bytes, opts)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('generate and writeToStream', () => {
  const ack = { cmd: 'puback', messageId: 1, reasonCode: 0x10, properties: { reasonString: 'x'.repeat(40), userProperties: { a: 'b' } } } as MqttPacket;

  it("drop the Reason String, then User Properties, to fit the peer's Maximum Packet Size; never the caller's object", () => {
    const copy = JSON.parse(JSON.stringify(ack));
    for (const strict of [false, true]) {
      const bytes = generate(ack, { protocolVersion: 5, properties: { maximumPacketSize: 20 }, strict });
      expect(decode(bytes, { protocolVersion: 5 })).toEqual({ type: 'puback', packetId: 1, reasonCode: 0x10, properties: { userProperties: [['a', 'b']] } });
      expect(ack).toEqual(copy);
    }
    // Still too large: mqtt-packet writes nothing (and raises nothing); strict refuses with 0x95.
    expect(generate(ack, { protocolVersion: 5, properties: { maximumPacketSize: 3 } })).toHaveLength(0);
    const written: Uint8Array[] = [];
    expect(writeToStream(ack, { write: (c: Uint8Array) => written.push(c) > 0 }, { protocolVersion: 5, properties: { maximumPacketSize: 3 } })).toBe(false);
    expect(written).toEqual([]);
    expect(() => generate(ack, { protocolVersion: 5, properties: { maximumPacketSize: 3 }, strict: true })).toThrow(MqttCodecError);
  });

  it('as mqtt-packet, the Maximum Packet Size applies to acknowledgements, DISCONNECT and AUTH only: a CONNECT is written whatever its size', () => {
    const connect = { cmd: 'connect', clientId: 'x'.repeat(100), protocolVersion: 5 } as unknown as MqttPacket;
    const bytes = generate(connect, { protocolVersion: 5, properties: { maximumPacketSize: 50 } });
    expect(bytes.length).toBeGreaterThan(100);
    expect(Buffer.from(bytes)).toEqual(Buffer.from(upstreamGenerate(connect, { protocolVersion: 5, properties: { maximumPacketSize: 50 } })));
  });

  it('writeToStream returns what write returned; an invalid packet is destroyed, not written', () => {
    const written: Uint8Array[] = [];
    const destroyed: Error[] = [];
    const stream = { write: (c: Uint8Array) => (written.push(c), false), destroy: (e?: Error) => destroyed.push(e!) };
    expect(writeToStream({ cmd: 'pingreq' } as MqttPacket, stream)).toBe(false);
    expect(Buffer.concat(written)).toEqual(Buffer.from([0xc0, 0x00]));
    const wildcard = { cmd: 'publish', topic: 'a/+', payload: 'x', qos: 0 } as unknown as MqttPacket;
    expect(writeToStream(wildcard, stream, { strict: true })).toBe(false);
    expect(written).toHaveLength(1);
    expect(destroyed[0]).toBeInstanceOf(MqttCodecError);
    expect((destroyed[0] as MqttCodecError).rule).toBe('MQTT-3.3.2-2'); // no wildcard in a Topic Name
    // By default it is written as mqtt-packet writes it (a broker's test suite sends such packets on purpose).
    writeToStream(wildcard, stream);
    expect(Buffer.from(written[1])).toEqual(Buffer.from(upstreamGenerate(wildcard)));
    expect(destroyed).toHaveLength(1);
  });

  it('writeToStream hands a large payload to the stream by reference, after its header, corked', async () => {
    const payload = Buffer.alloc(1000, 7);
    const calls: string[] = [];
    const written: Uint8Array[] = [];
    const stream = {
      write: (c: Uint8Array) => (written.push(c), calls.push('write'), true),
      cork: () => calls.push('cork'),
      uncork: () => calls.push('uncork'),
    };
    const packet = { cmd: 'publish', topic: 'big', payload, qos: 1, messageId: 9 } as unknown as MqttPacket;
    expect(writeToStream(packet, stream, { protocolVersion: 5 })).toBe(true);
    // As mqtt-packet: uncorked on the next tick, so what the caller writes in this tick goes with it.
    expect(calls).toEqual(['cork', 'write', 'write']);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(calls).toEqual(['cork', 'write', 'write', 'uncork']);
    expect(written[1]).toBe(payload); // not copied
    expect(Buffer.concat(written)).toEqual(generate(packet, { protocolVersion: 5 }));
    expect(written.every((w) => Buffer.isBuffer(w))).toBe(true);
  });

  it('generate never hands out a byte twice: results kept across thousands of calls stay intact and disjoint', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 50, maxLength: 400 }), (sizes) => {
        const kept = sizes.map((n, i) => {
          const out = generate({ cmd: 'publish', topic: `t/${i}`, payload: Buffer.alloc(n, i & 0xff), qos: 0 } as unknown as MqttPacket);
          return { out, copy: Buffer.from(out) };
        });
        for (const { out, copy } of kept) expect(Buffer.compare(out as Buffer, copy)).toBe(0);
        const byBuffer = new Map<ArrayBufferLike, [number, number][]>();
        for (const { out } of kept) {
          if (out.length === 0) continue;
          const list = byBuffer.get(out.buffer) ?? [];
          list.push([out.byteOffset, out.byteOffset + out.length]);
          byBuffer.set(out.buffer, list);
        }
        for (const list of byBuffer.values()) {
          list.sort((x, y) => x[0] - y[0]);
          for (let i = 1; i < list.length; i++) expect(list[i][0]).toBeGreaterThanOrEqual(list[i - 1][1]);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('generate returns a Buffer and takes Buffers and strings where mqtt-packet does', () => {
    const out = generate({ cmd: 'publish', topic: Buffer.from('t') as unknown as string, payload: 'hi', qos: 1, messageId: 3 } as MqttPacket);
    expect(Buffer.isBuffer(out)).toBe(true);
    expect((out as Buffer).toString('hex')).toBe('32070001740003' + '6869');
  });

  it('the default export is the same API (CommonJS interop: MQTT.js reads .default)', () => {
    expect(mqttPacket.parser).toBe(parser);
    expect(mqttPacket.generate).toBe(generate);
    expect(mqttPacket.writeToStream).toBe(writeToStream);
    mqttPacket.writeToStream.cacheNumbers = false;
    expect(mqttPacket.writeToStream.cacheNumbers).toBe(false);
    mqttPacket.writeToStream.cacheNumbers = true;
  });
});

describe('Decoder frames option', () => {
  it('gives offset, fixed-header length and Remaining Length of each packet a push returned', () => {
    const a = encode({ type: 'pingreq' });
    const b = encode({ type: 'publish', topic: 't', payload: new Uint8Array(200), qos: 0, retain: false, dup: false });
    const stream = new Uint8Array([...a, ...b, ...a]);
    const d = new Decoder({ frames: true });
    expect(d.push(stream.subarray(0, 5))).toHaveLength(1);
    expect(d.frames).toEqual([0, 2, 0]);
    expect(d.push(stream.subarray(5, 6))).toHaveLength(0);
    expect(d.frames).toEqual([]);
    expect(d.push(stream.subarray(6))).toHaveLength(2);
    expect(d.frames).toEqual([2, 3, 203, 208, 2, 0]);
    expect(new Decoder().frames).toEqual([]);
  });
});

describe("mqtt-packet's messages, checked against mqtt-packet itself", () => {
  /** Invalid decode fixtures where mqtt-packet's message names another fault than the one it meets. */
  const MISREAD: Record<string, string> = {
    // mqtt-packet reads the Reason String's length past the block and takes the next bytes for an
    // identifier: 'Unknown property'. The fault is the string running past the packet.
    'string length runs past the end of the packet (5.0 Reason String)': 'Unknown property',
  };

  it('every invalid decode fixture that mqtt-packet also rejects gets the same message', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { createRequire } = await import('node:module');
    const upstream = createRequire(import.meta.url)('mqtt-packet');
    const dir = join(__dirname, '..', '..', 'fixtures', 'packets');
    const firstError = (lib: { parser: (o: { protocolVersion: number }) => any }, bytes: Uint8Array, v: number): string | undefined => {
      const p = lib.parser({ protocolVersion: v });
      let message: string | undefined;
      p.on('packet', () => {});
      p.on('error', (e: Error) => {
        message ??= e.message;
      });
      p.parse(Buffer.from(bytes));
      return message;
    };
    let both = 0;
    const differ: string[] = [];
    for (const file of readdirSync(dir)) {
      const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      for (const c of (Array.isArray(data) ? data : data.cases) as { name: string; hex?: string; error?: unknown; protocolVersion: number }[]) {
        if (c.error === undefined || c.hex === undefined) continue;
        const bytes = Buffer.from(c.hex.replace(/\s+/g, ''), 'hex');
        const theirs = firstError(upstream, bytes, c.protocolVersion);
        if (theirs === undefined) continue; // mqtt-packet accepts it, or waits for more bytes
        both++;
        const ours = firstError(mqttPacket, bytes, c.protocolVersion);
        expect(ours, `${file} "${c.name}": mqtt-packet rejects it too`).toBeDefined();
        if (ours !== theirs) differ.push(c.name);
        if (MISREAD[c.name] !== undefined) expect(theirs).toBe(MISREAD[c.name]);
      }
    }
    expect(both).toBeGreaterThanOrEqual(100);
    expect(differ).toEqual(Object.keys(MISREAD));
  });
});
