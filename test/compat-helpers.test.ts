/**
 * The drop-in's helpers, from the sources: the event emitter (src/compat/emitter.ts: listener
 * order, once, off, prepend, the listener lists) and the binary helpers (src/compat/bytes.ts:
 * Buffers where globalThis.Buffer exists, plain Uint8Arrays where it does not, Bun's Buffer).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Emitter } from '../src/compat/emitter.js';
import { parserMessage } from '../src/compat/messages.js';
import type { MqttCodecError } from '../src/index.js';
import { concatBinary, encodedBinary, textOf, toBinary, utf8Bytes } from '../src/compat/bytes.js';

describe('Emitter', () => {
  /** An emitter and a log of the calls its listeners receive. */
  function setup() {
    const e = new Emitter();
    const calls: string[] = [];
    const make = (name: string) => (...args: unknown[]) => calls.push(`${name}(${args.join(',')})`);
    return { e, calls, make };
  }

  it('calls listeners in the order added, with every argument, and with the emitter as this', () => {
    const { e, calls, make } = setup();
    let self: unknown;
    e.on('x', make('a')).addListener('x', make('b'));
    e.on('y', function (this: unknown) {
      self = this;
    });
    expect(e.emit('x', 1, 2)).toBe(true);
    expect(e.emit('x')).toBe(true);
    expect(e.emit('y', 1)).toBe(true);
    expect(self).toBe(e);
    expect(calls).toEqual(['a(1,2)', 'b(1,2)', 'a()', 'b()']);
    expect(e.emit('z', 1)).toBe(false);
  });

  it('a single listener receives every argument (none, one, several)', () => {
    const { e, calls, make } = setup();
    e.on('x', make('a'));
    e.emit('x');
    e.emit('x', 1);
    e.emit('x', 1, 2, 3);
    expect(calls).toEqual(['a()', 'a(1)', 'a(1,2,3)']);
  });

  it('prependListener and prependOnceListener put the listener first', () => {
    const { e, calls, make } = setup();
    e.prependListener('x', make('a')); // on an event without listeners
    e.prependListener('x', make('b'));
    e.prependOnceListener('x', make('c'));
    e.prependOnceListener('y', make('d'));
    expect(e.listenerCount('x')).toBe(3);
    e.emit('x', 1);
    e.emit('x', 2);
    e.emit('y', 3);
    e.emit('y', 4);
    expect(calls).toEqual(['c(1)', 'b(1)', 'a(1)', 'b(2)', 'a(2)', 'd(3)']);
    expect(e.listenerCount('y')).toBe(0);
  });

  it('once listeners run once, also when they share the event with others (a listener removing itself does not skip the next)', () => {
    const { e, calls, make } = setup();
    e.once('x', make('a')).on('x', make('b')).once('x', make('c'));
    e.emit('x', 1);
    e.emit('x', 2);
    expect(calls).toEqual(['a(1)', 'b(1)', 'c(1)', 'b(2)']);
    expect(e.listenerCount('x')).toBe(1);
  });

  it('off removes only the given listener, its last registration, and leaves other events alone', () => {
    const { e, calls, make } = setup();
    const a = make('a');
    const b = make('b');
    expect(e.off('none', a)).toBe(e); // no listeners at all
    e.on('x', a).on('x', b).on('x', a);
    e.off('x', a);
    expect(e.listeners('x')).toEqual([a, b]);
    e.emit('x', 1);
    e.on('x', a);
    e.removeListener('x', b);
    expect(e.listeners('x')).toEqual([a, a]);
    e.off('x', make('other')); // not registered: nothing removed
    expect(e.listenerCount('x')).toBe(2);
    e.off('x', a).off('x', a);
    expect(e.listenerCount('x')).toBe(0);
    expect(e.eventNames()).toEqual([]);
    expect(calls).toEqual(['a(1)', 'b(1)']);
  });

  it('off finds a once listener by the function given; listeners() gives originals, rawListeners() the wrappers', () => {
    const { e, make } = setup();
    const a = make('a');
    const b = make('b');
    e.once('x', a).on('x', b);
    expect(e.listeners('x')).toEqual([a, b]);
    const raw = e.rawListeners('x');
    expect(raw).toHaveLength(2);
    expect(raw[0]).not.toBe(a);
    expect((raw[0] as { listener?: unknown }).listener).toBe(a);
    expect(raw[1]).toBe(b);
    raw.pop(); // a copy: the emitter's list is unchanged
    expect(e.listenerCount('x')).toBe(2);
    e.off('x', a);
    expect(e.listeners('x')).toEqual([b]);
    expect(e.listeners('none')).toEqual([]);
    expect(e.rawListeners('none')).toEqual([]);
  });

  it('removeAllListeners(event) clears that event only; without an event, all', () => {
    const { e, make } = setup();
    e.on('x', make('a')).on('y', make('b'));
    expect(e.eventNames()).toEqual(['x', 'y']);
    e.removeAllListeners('x');
    expect(e.eventNames()).toEqual(['y']);
    expect(e.listenerCount('y')).toBe(1);
    e.on('x', make('a')).removeAllListeners();
    expect(e.eventNames()).toEqual([]);
  });

  it("an 'error' without listeners is thrown; with one, it is handed over", () => {
    const { e } = setup();
    const err = new Error('boom');
    expect(() => e.emit('error', err)).toThrow(err);
    let got: unknown;
    e.on('error', (x) => (got = x));
    expect(e.emit('error', err)).toBe(true);
    expect(got).toBe(err);
  });

  it('setMaxListeners is remembered (10 by default) and chains', () => {
    const e = new Emitter();
    expect(e.getMaxListeners()).toBe(10);
    expect(e.setMaxListeners(3)).toBe(e);
    expect(e.getMaxListeners()).toBe(3);
  });
});

describe('binary helpers where Buffer exists (Node)', () => {
  it('toBinary views the same memory as a Buffer; a Buffer is returned as it is', () => {
    const bytes = new Uint8Array([9, 1, 2, 3, 9]).subarray(1, 4);
    const out = toBinary(bytes);
    expect(Buffer.isBuffer(out)).toBe(true);
    expect(out.buffer).toBe(bytes.buffer);
    expect(out.byteOffset).toBe(1);
    expect([...out]).toEqual([1, 2, 3]);
    const buf = Buffer.from([1, 2]);
    expect(toBinary(buf)).toBe(buf);
  });

  it('encodedBinary copies results of 64 bytes or less into a Buffer, views larger ones, returns Buffers as they are', () => {
    for (const n of [0, 1, 63, 64]) {
      const bytes = new Uint8Array(n).map((_, i) => i + 1);
      const out = encodedBinary(bytes);
      expect(Buffer.isBuffer(out), `${n}`).toBe(true);
      expect(out.buffer, `${n}`).not.toBe(bytes.buffer);
      expect([...out]).toEqual([...bytes]);
    }
    for (const n of [65, 300]) {
      const bytes = new Uint8Array(n).map((_, i) => i);
      const out = encodedBinary(bytes);
      expect(Buffer.isBuffer(out), `${n}`).toBe(true);
      expect(out.buffer, `${n}`).toBe(bytes.buffer);
    }
    const buf = Buffer.from([1, 2, 3]);
    expect(encodedBinary(buf)).toBe(buf);
  });

  it('concatBinary joins the pieces in order into one new Buffer', () => {
    const out = concatBinary([new Uint8Array([1, 2]), new Uint8Array(0), Buffer.from([3]), new Uint8Array([4, 5, 6])]);
    expect(Buffer.isBuffer(out)).toBe(true);
    expect([...out]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(concatBinary([])).toHaveLength(0);
  });

  it('utf8Bytes and textOf: UTF-8 both ways; textOf gives undefined for malformed UTF-8 and keeps a BOM', () => {
    expect([...utf8Bytes('aé€')]).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac]);
    expect(textOf(new Uint8Array([0x61, 0xc3, 0xa9]))).toBe('aé');
    expect(textOf(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toBe('\ufeffa');
    expect(textOf(new Uint8Array([0x61, 0xc3]))).toBeUndefined();
    expect(textOf(new Uint8Array([0xff]))).toBeUndefined();
  });
});

describe('binary helpers loaded without Buffer (browsers) and with a Buffer whose species is itself (Bun)', () => {
  const realBuffer = globalThis.Buffer;
  afterEach(() => {
    globalThis.Buffer = realBuffer;
    vi.resetModules();
  });

  it('without Buffer: plain Uint8Arrays, the input itself where no copy is needed', async () => {
    vi.resetModules();
    // @ts-expect-error removed for the load of the module only
    delete globalThis.Buffer;
    const m = await import('../src/compat/bytes.js');
    globalThis.Buffer = realBuffer;
    const bytes = new Uint8Array([1, 2, 3]);
    expect(m.toBinary(bytes)).toBe(bytes);
    expect(m.encodedBinary(bytes)).toBe(bytes);
    const big = new Uint8Array(100);
    expect(m.encodedBinary(big)).toBe(big);
    const joined = m.concatBinary([bytes, new Uint8Array([4])]);
    expect(Object.getPrototypeOf(joined)).toBe(Uint8Array.prototype);
    expect([...joined]).toEqual([1, 2, 3, 4]);
  });

  it("with Bun's Buffer (species is Buffer itself): toBinary uses Buffer.from(arrayBuffer, offset, length)", async () => {
    vi.resetModules();
    const calls: unknown[][] = [];
    class FakeBuffer extends Uint8Array {}
    const fake: Record<string | symbol, unknown> = {
      from(buffer: ArrayBuffer, byteOffset: number, length: number): Uint8Array {
        calls.push([buffer, byteOffset, length]);
        return new FakeBuffer(buffer, byteOffset, length);
      },
      allocUnsafe: (size: number): Uint8Array => new FakeBuffer(size),
    };
    fake[Symbol.species] = fake;
    (globalThis as { Buffer: unknown }).Buffer = fake;
    const m = await import('../src/compat/bytes.js');
    globalThis.Buffer = realBuffer;
    const whole = new Uint8Array([0, 1, 2, 3, 4]);
    const out = m.toBinary(whole.subarray(1, 4));
    expect(out).toBeInstanceOf(FakeBuffer);
    expect(calls).toEqual([[whole.buffer, 1, 3]]);
    expect([...out]).toEqual([1, 2, 3]);
    const small = m.encodedBinary(new Uint8Array([7, 8]));
    expect(small).toBeInstanceOf(FakeBuffer);
    expect([...small]).toEqual([7, 8]);
    const joined = m.concatBinary([new Uint8Array([1]), new Uint8Array([2])]);
    expect(joined).toBeInstanceOf(FakeBuffer);
    expect([...joined]).toEqual([1, 2]);
  });
});

describe("parserMessage: mqtt-packet's wording for each fault", () => {
  const fault = (key: string, path?: string) => ({ key, path }) as unknown as MqttCodecError;

  it('missing Packet Identifier, CONNACK code, Property Length', () => {
    expect(parserMessage(fault('packetIdPresent', 'variableHeader.packetId'), 'puback', 4, 1)).toBe('Cannot parse messageId');
    expect(parserMessage(fault('connackReasonCodePresent', 'variableHeader.returnCode'), 'connack', 4, 1)).toBe('Cannot parse return code');
    expect(parserMessage(fault('propertyLengthZero'), 'connect', 5, 10)).toBe('Packet too short');
    expect(parserMessage(fault('propertyLengthZero'), 'publish', 5, 10)).toBeUndefined();
  });

  it('empty lists', () => {
    expect(parserMessage(fault('subscribeNonEmpty'), 'subscribe', 4, 2)).toBe('Malformed subscribe, no payload specified');
    expect(parserMessage(fault('unsubscribeNonEmpty'), 'unsubscribe', 4, 2)).toBe('Malformed unsubscribe, no payload specified');
    expect(parserMessage(fault('subackNonEmpty'), 'suback', 4, 2)).toBe('Malformed suback, no payload specified');
    expect(parserMessage(fault('subackNonEmpty'), 'unsuback', 5, 3)).toBe('Malformed unsuback, no payload specified');
  });

  it('a list packet without its Packet Identifier: what mqtt-packet meets next', () => {
    const id = (cmd: string, v: number, length: number) => parserMessage(fault('truncated', 'variableHeader.packetId'), cmd, v, length);
    expect(id('unsuback', 4, 1)).toBe('Malformed unsuback, payload length must be 2');
    expect(id('unsuback', 3, 0)).toBe('Malformed unsuback, payload length must be 2');
    expect(id('unsuback', 5, 0)).toBe('Malformed unsuback, no payload specified');
    expect(id('unsuback', 5, 1)).toBe('Cannot parse topic');
    expect(id('subscribe', 4, 0)).toBe('Malformed subscribe, no payload specified');
    expect(id('subscribe', 4, 1)).toBe('Cannot parse topic');
    expect(id('unsubscribe', 5, 1)).toBe('Cannot parse topic');
    expect(id('suback', 4, 0)).toBe('Malformed suback, no payload specified');
    expect(id('suback', 4, 1)).toBeUndefined();
    // Not a list packet: the table's message.
    expect(id('puback', 4, 1)).toBe('Cannot parse messageId');
  });

  it('faults without a path, and keys mqtt-packet does not report', () => {
    expect(parserMessage(fault('truncated'), 'publish', 4, 1)).toBeUndefined();
    expect(parserMessage(fault('willFields'), 'connect', 4, 1)).toBeUndefined();
    expect(parserMessage(fault('willFields', 'will.topic'), 'connect', 4, 1)).toBe('Cannot parse will topic');
    expect(parserMessage(fault('noSuchKey'), 'connect', 4, 1)).toBeUndefined();
    expect(parserMessage(fault('unknownProperty'), 'puback', 5, 4)).toBe('Unknown property');
    expect(parserMessage(fault('unknownProperty'), 'puback', 5, 4, 0)).toBe('Cannot parse property code type');
  });
});
