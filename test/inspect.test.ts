/**
 * inspect(): spans tile every valid packet, `packet` equals decode's result, diagnostics[0]
 * equals decode's error (checked on every invalid fixture), every fault is reported, and it
 * never throws.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode, encode, type Field, inspect, MqttCodecError, peekHeader } from '../src/index.js';
import { anyPacket, VERSIONS } from './arbitraries.js';
import { loadFixtureFiles } from './fixtures.test.js';
import { fromHex } from './helpers/hex.js';

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
