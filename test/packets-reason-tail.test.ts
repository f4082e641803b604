import { describe, expect, it } from 'vitest';
import { encode } from '../src/index.js';
import { checkFilter } from '../src/packets/common.js';
import { Reader } from '../src/wire/reader.js';
import { StringCache } from '../src/wire/string-cache.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// 5.0 sections 3.4.2.1 / 3.14.2.1 / 3.15.2.1: the Reason Code and Property Length may be omitted
// when the code is 0x00 and there are no properties; encode writes the shortest form.
describe('5.0 reason-code tails are written in their shortest form, also for an empty property bag', () => {
  it('PUBACK with code 0x00 and properties {} writes neither (Remaining Length 2)', () => {
    expect(hex(encode({ type: 'puback', packetId: 1, reasonCode: 0, properties: {} }, { protocolVersion: 5 }))).toBe('40020001');
  });

  it('PUBACK with code 0x10 and properties {} writes the code alone (Remaining Length 3)', () => {
    expect(hex(encode({ type: 'puback', packetId: 1, reasonCode: 0x10, properties: {} }, { protocolVersion: 5 }))).toBe('4003000110');
  });

  it('PUBACK with a property writes the code and the properties', () => {
    expect(hex(encode({ type: 'puback', packetId: 1, reasonCode: 0, properties: { reasonString: 'a' } }, { protocolVersion: 5 }))).toBe('4008000100041f000161');
  });

  it('AUTH with code 0x18 and properties {} keeps its Property Length (AUTH writes the length whenever it writes a code)', () => {
    expect(hex(encode({ type: 'auth', reasonCode: 0x18, properties: {} }, { protocolVersion: 5 }))).toBe('f0021800');
    expect(hex(encode({ type: 'auth', reasonCode: 0x18 }, { protocolVersion: 5 }))).toBe('f0021800');
    expect(hex(encode({ type: 'auth', reasonCode: 0, properties: {} }, { protocolVersion: 5 }))).toBe('f000');
  });

  it('DISCONNECT with code 0x04 and properties {} writes the code alone', () => {
    expect(hex(encode({ type: 'disconnect', reasonCode: 4, properties: {} }, { protocolVersion: 5 }))).toBe('e00104');
  });
});

/** A Reader over a UTF-8 string field holding `s`, reading with `cache`, at protocol version `v`. */
function readFilter(s: string, v: number, cache: StringCache): { r: Reader; filter: string } {
  const body = new TextEncoder().encode(s);
  const bytes = new Uint8Array(2 + body.length);
  bytes[1] = body.length;
  bytes.set(body, 2);
  const r = new Reader();
  r.strings = cache;
  r.reset(bytes, 0, bytes.length, v, 0);
  return { r, filter: r.utf8('payload.topicFilter') };
}

// A Topic Filter's validity depends on the version [MQTT-4.8.2-1: a Shared Subscription's
// ShareName is at least one character]: the cache remembers it per version.
describe('a Topic Filter checked under one version is not taken as valid under another', () => {
  it('"$share//t" valid in 3.1.1, then read again in 5.0, is refused there', () => {
    const cache = new StringCache();
    const a = readFilter('$share//t', 4, cache);
    expect(checkFilter(a.r, a.filter, 4)).toBeNull();
    const b = readFilter('$share//t', 5, cache);
    expect(b.r.slot).toBe(a.r.slot); // the same cached string
    expect(checkFilter(b.r, b.filter, 5)).not.toBeNull();
    // And valid in 3.1.1 again, from the cache.
    const c = readFilter('$share//t', 4, cache);
    expect(checkFilter(c.r, c.filter, 4)).toBeNull();
  });

  it('a filter valid in 5.0 first is still checked in full under 3.1.1', () => {
    const cache = new StringCache();
    const a = readFilter('$share/g/t', 5, cache);
    expect(checkFilter(a.r, a.filter, 5)).toBeNull();
    const b = readFilter('$share/g/t', 4, cache);
    expect(checkFilter(b.r, b.filter, 4)).toBeNull();
    const bad = readFilter('a/b#', 5, cache);
    expect(checkFilter(bad.r, bad.filter, 5)).not.toBeNull();
    const again = readFilter('a/b#', 4, cache);
    expect(checkFilter(again.r, again.filter, 4)).not.toBeNull();
  });
});
