/**
 * inspect(): spans tile every valid packet, `packet` equals decode's result, diagnostics[0]
 * equals decode's error (checked on every invalid fixture), every fault is reported, and it
 * never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, type Field, inspect, MqttCodecError, peekHeader } from '../src/index.js';
import { anyPacket, VERSIONS } from './arbitraries.js';
import { loadFixtureFiles } from './helpers/fixtures.js';
import { fromHex } from './helpers/hex.js';
import { minCount, mutationRun } from './helpers/runs.js';

/** Every byte of [0, length) is covered by leaves whose masks are disjoint and add up to 0xFF. */
function expectTiling(fields: Field[], length: number): void {
  const covered = new Array<number>(length).fill(0);
  for (const f of fields) {
    expect(f.start).toBeLessThanOrEqual(f.end);
    expect(f.end).toBeLessThanOrEqual(length);
    const mask = f.mask ?? 0xff;
    for (let i = f.start; i < f.end; i++) {
      expect(covered[i] & mask, `byte ${i} covered twice (${f.path})`).toBe(0);
      covered[i] |= mask;
    }
  }
  covered.forEach((bits, i) => expect(bits, `byte ${i} not covered`).toBe(0xff));
  // Leaves come in wire order.
  for (let i = 1; i < fields.length; i++) expect(fields[i].start).toBeGreaterThanOrEqual(fields[i - 1].start);
}

describe.each(VERSIONS)('inspect, protocol version %i', (v) => {
  it('the leaf fields of a valid packet tile it, and packet equals decode', () => {
    fc.assert(
      fc.property(anyPacket(v), (p) => {
        const bytes = encode(p, { protocolVersion: v });
        const r = inspect(bytes, { protocolVersion: v });
        expect(r.diagnostics).toEqual([]);
        expect(r.length).toBe(bytes.length);
        expect(r.packet).toEqual(decode(bytes, { protocolVersion: v }));
        expectTiling(r.fields, bytes.length);
      }),
      { numRuns: 300 },
    );
  });

  it('each field value is the value decode read: every field that names a packet key agrees with it', () => {
    /** The packet value a field path names (User Property name/value are the pair's [0]/[1]), if any. */
    const lookup = (packet: unknown, path: string): unknown => {
      let at: unknown = packet;
      for (const part of path.replace(/^variableHeader\./, '').replace(/\.name$/, '[0]').replace(/\.value$/, '[1]').split(/[.[\]]+/)) {
        if (part === '' || at === undefined || at === null) continue;
        at = (at as Record<string, unknown>)[part];
      }
      return at;
    };
    let compared = 0;
    fc.assert(
      fc.property(anyPacket(v), (p) => {
        const bytes = encode(p, { protocolVersion: v });
        const r = inspect(bytes, { protocolVersion: v });
        for (const f of r.fields) {
          if (/^header\.|\.(length|id)$/.test(f.path)) continue;
          const expected = lookup(r.packet, f.path);
          if (expected === undefined || (typeof expected === 'object' && !(expected instanceof Uint8Array))) continue;
          expect(f.value, f.path).toEqual(expected);
          compared++;
        }
      }),
      { numRuns: 200 },
    );
    expect(compared).toBeGreaterThan(minCount(200));
  });

  it('never throws, and diagnostics[0] is the error decode throws', () => {
    fc.assert(
      fc.property(anyPacket(v), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(), (p, at, value, cut) => {
        const bytes = encode(p, { protocolVersion: v }).slice();
        bytes[at % bytes.length] = value;
        for (const input of [bytes, bytes.subarray(0, cut % (bytes.length + 1))]) {
          const r = inspect(input, { protocolVersion: v });
          let error: unknown;
          try {
            decode(input, { protocolVersion: v });
          } catch (e) {
            error = e;
          }
          if (error === undefined) {
            expect(r.diagnostics).toEqual([]);
            expect(r.packet).toBeDefined();
          } else {
            expect(r.packet).toBeUndefined();
            expect(r.diagnostics[0]).toBeInstanceOf(MqttCodecError);
            expect(r.diagnostics[0].message).toBe((error as Error).message);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('inspect on every invalid fixture: diagnostics[0] has the fixture rule', () => {
  for (const [file, cases] of loadFixtureFiles()) {
    for (const c of cases) {
      if (c.error === undefined || c.hex === undefined) continue;
      it(`${file}: ${c.name}`, () => {
        const r = inspect(fromHex(c.hex!), { protocolVersion: c.protocolVersion, ...(c.from ? { from: c.from } : {}) });
        expect(r.packet).toBeUndefined();
        expect({ reasonCode: r.diagnostics[0]?.reasonCode, rule: r.diagnostics[0]?.rule ?? null }).toEqual({
          reasonCode: c.error!.reasonCode,
          rule: c.error!.rule,
        });
      });
    }
  }
});

describe('report-all diagnostics', () => {
  it('lists every fault of a 5.0 PUBLISH with three faults, each with its rule and offset', () => {
    // PUBLISH DUP=1 QoS 0; topic "a+b"; properties: Topic Alias 0, Topic Alias 5 (duplicate)
    const bytes = fromHex('38 0d 0003 612b62 06 230000 230005 00');
    const r = inspect(bytes, { protocolVersion: 5 });
    expect(r.diagnostics.map((d) => [d.reasonCode, d.rule ?? null, d.offset])).toEqual([
      [0x82, 'MQTT-3.3.1-2', 0], // DUP with QoS 0
      [0x82, 'MQTT-3.3.2-8', 9], // Topic Alias 0
      [0x82, null, 11], // Topic Alias twice
      [0x82, 'MQTT-3.3.2-2', 5], // wildcard in the Topic Name
    ]);
    expect(() => decode(bytes, { protocolVersion: 5 })).toThrow(r.diagnostics[0].message);
    expect(r.fields.map((f) => f.path)).toContain('payload');
  });

  it('MQTT-3.3.2-2 the offset of a wildcard after multi-byte characters counts bytes', () => {
    // PUBLISH topic "é𝄞+" (2 + 4 + 1 bytes): the "+" is at byte 2 + 2 + 6 = 10
    const topic = new TextEncoder().encode('é𝄞+');
    const bytes = Uint8Array.from([0x30, 2 + topic.length, 0, topic.length, ...topic]);
    expect(inspect(bytes).diagnostics[0]).toMatchObject({ rule: 'MQTT-3.3.2-2', offset: 10 });
    expect(() => decode(bytes)).toThrowError(expect.objectContaining({ offset: 10 }));
  });

  it('list elements carry their index in the path: subscriptions, reason codes, filters, User Properties', () => {
    const V5 = { protocolVersion: 5 } as const;
    const spans = (bytes: Uint8Array) => inspect(bytes, V5).fields.map((f) => `${f.start}-${f.end} ${f.path}`);
    const sub = (topicFilter: string) => ({ topicFilter, qos: 1 as const, noLocal: false, retainAsPublished: false, retainHandling: 0 as const });
    const subscribe = encode({ type: 'subscribe', packetId: 7, properties: { subscriptionIdentifier: 5, userProperties: [['a', 'b'], ['c', 'd']] }, subscriptions: [sub('x'), sub('y/#')] }, V5);
    expect(spans(subscribe).slice(4)).toEqual([
      '4-5 properties.length',
      '5-6 properties.subscriptionIdentifier.id',
      '6-7 properties.subscriptionIdentifier',
      '7-8 properties.userProperties[0].id',
      '8-10 properties.userProperties[0].name.length',
      '10-11 properties.userProperties[0].name',
      '11-13 properties.userProperties[0].value.length',
      '13-14 properties.userProperties[0].value',
      '14-15 properties.userProperties[1].id',
      '15-17 properties.userProperties[1].name.length',
      '17-18 properties.userProperties[1].name',
      '18-20 properties.userProperties[1].value.length',
      '20-21 properties.userProperties[1].value',
      '21-23 subscriptions[0].topicFilter.length',
      '23-24 subscriptions[0].topicFilter',
      '24-25 subscriptions[0].options',
      '25-27 subscriptions[1].topicFilter.length',
      '27-30 subscriptions[1].topicFilter',
      '30-31 subscriptions[1].options',
    ]);
    expect(spans(encode({ type: 'suback', packetId: 7, reasonCodes: [0, 1, 0x80] }, V5)).slice(5)).toEqual(['5-6 reasonCodes[0]', '6-7 reasonCodes[1]', '7-8 reasonCodes[2]']);
    expect(spans(encode({ type: 'unsubscribe', packetId: 7, topicFilters: ['a', 'b'] }, V5)).slice(5)).toEqual([
      '5-7 topicFilters[0].length',
      '7-8 topicFilters[0]',
      '8-10 topicFilters[1].length',
      '10-11 topicFilters[1]',
    ]);
    const will = { topic: 'w', payload: new Uint8Array([1]), qos: 0 as const, retain: false, properties: { userProperties: [['k', 'v']] as [string, string][], willDelayInterval: 3 } };
    const connect = encode({ type: 'connect', protocolVersion: 5, clientId: 'c', cleanStart: true, keepAlive: 0, will }, V5);
    expect(spans(connect).slice(11, 19)).toEqual([
      '16-17 will.properties.length',
      '17-18 will.properties.userProperties[0].id',
      '18-20 will.properties.userProperties[0].name.length',
      '20-21 will.properties.userProperties[0].name',
      '21-23 will.properties.userProperties[0].value.length',
      '23-24 will.properties.userProperties[0].value',
      '24-25 will.properties.willDelayInterval.id',
      '25-29 will.properties.willDelayInterval',
    ]);
  });

  it('fields are built on first read and kept; JSON.stringify includes them, and packet only when present', () => {
    const r = inspect(fromHex('c000'));
    const first = r.fields;
    expect(r.fields).toBe(first);
    expect(JSON.parse(JSON.stringify(r))).toEqual({
      packet: { type: 'pingreq' },
      length: 2,
      fields: [
        { path: 'header.type', start: 0, end: 1, value: 12, mask: 0xf0 },
        { path: 'header.flags', start: 0, end: 1, value: 0, mask: 0x0f },
        { path: 'header.remainingLength', start: 1, end: 2, value: 0 },
      ],
      diagnostics: [],
      warnings: [],
    });
    const bad = inspect(fromHex('c001'));
    expect('packet' in bad).toBe(false);
    expect(Object.keys(JSON.parse(JSON.stringify(bad)))).toEqual(['length', 'fields', 'diagnostics', 'warnings']);
  });

  it.skipIf(mutationRun)('a packet of 10,000 User Properties: 50,000 spans that tile it, the last one indexed 9,999; a small packet after it', () => {
    const V5 = { protocolVersion: 5 } as const;
    const userProperties = Array.from({ length: 10_000 }, (_, i): [string, string] => [`k${i % 7}`, '']);
    const big = encode({ type: 'publish', topic: 't', payload: new Uint8Array(0), qos: 0, retain: false, dup: false, properties: { userProperties } }, V5);
    const r = inspect(big, V5);
    expect(r.diagnostics).toEqual([]);
    const small = inspect(encode({ type: 'pingreq' }, V5), V5);
    expect(r.fields).toHaveLength(3 + 2 + 1 + 10_000 * 5 + 1);
    expectTiling(r.fields, big.length);
    expect(r.fields.at(-2)).toMatchObject({ path: 'properties.userProperties[9999].value', start: big.length, end: big.length, value: '' });
    expect(r.fields[8]).toMatchObject({ path: 'properties.userProperties[0].name', value: 'k0' });
    expect(small.fields.map((f) => f.path)).toEqual(['header.type', 'header.flags', 'header.remainingLength']);
  });

  it('two results keep their own fields: the span log is reused between calls, not shared', () => {
    const a = inspect(encode({ type: 'puback', packetId: 258 }));
    const b = inspect(encode({ type: 'unsuback', packetId: 772 }));
    expect(a.fields.at(-1)).toEqual({ path: 'variableHeader.packetId', start: 2, end: 4, value: 258 });
    expect(b.fields.at(-1)).toEqual({ path: 'variableHeader.packetId', start: 2, end: 4, value: 772 });
    expect(a.fields[0].value).toBe(4);
    expect(b.fields[0].value).toBe(11);
  });

  it('a broken framing is recorded last, with the fields read so far', () => {
    // SUBSCRIBE with a reserved option bit, then a filter whose length runs past the end
    const r = inspect(fromHex('82 0a 0001 0001 61 04 0009 6162'), { protocolVersion: 4 });
    expect(r.diagnostics.map((d) => d.rule ?? null)).toEqual(['MQTT-3-8.3-4', null]);
    expect(r.fields.at(-1)?.path).toBe('subscriptions[0].options');
  });

  it('handles empty input, a cut-short header and a reserved type without throwing', () => {
    expect(inspect(new Uint8Array(0)).diagnostics[0].reasonCode).toBe(0x81);
    expect(inspect(fromHex('30 ff')).diagnostics[0].offset).toBe(2);
    const reserved = inspect(fromHex('00 00'));
    expect(reserved.fields.map((f) => f.path)).toEqual(['header.type', 'header.flags']);
    expect(inspect('nope' as unknown as Uint8Array).diagnostics[0]).toBeInstanceOf(MqttCodecError);
  });
});

describe('peekHeader', () => {
  it('returns undefined while the header is incomplete, the header once complete', () => {
    expect(peekHeader(fromHex('30'))).toBeUndefined();
    expect(peekHeader(fromHex('30 80'))).toBeUndefined();
    expect(peekHeader(fromHex('30 80 01'))).toEqual({ type: 3, flags: 0, remainingLength: 128, headerLength: 3 });
    expect(peekHeader(fromHex('c000 82 05'), 2)).toEqual({ type: 8, flags: 2, remainingLength: 5, headerLength: 2 });
  });
  it('throws MqttCodecError when the fixed header is already invalid', () => {
    expect(() => peekHeader(fromHex('00 00'))).toThrow(MqttCodecError);
    expect(() => peekHeader(fromHex('80 00'))).toThrowError(expect.objectContaining({ rule: 'MQTT-3.8.1-1' }));
    expect(() => peekHeader(fromHex('36 00'))).toThrowError(expect.objectContaining({ rule: 'MQTT-3.3.1-4' }));
    expect(() => peekHeader(fromHex('30 80 00'))).toThrowError(expect.objectContaining({ rule: 'MQTT-1.5.5-1' }));
    expect(() => peekHeader(fromHex('f0 00'), 0, 4)).toThrow(MqttCodecError);
  });
});
