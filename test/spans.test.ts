/**
 * inspect's field spans (src/wire/spans.ts): a log longer than its first allocation keeps every
 * field; a result's fields, built on first read, stay its own after later inspections (the span
 * log is reused); and each kind of value is read back from its bytes as the Reader decoded it.
 */
import { describe, expect, it } from 'vitest';
import { encode, type Field, inspect } from '../src/index.js';

/** The field at `path` (the test fails when there is none). */
function field(fields: Field[], path: string): Field {
  const f = fields.find((x) => x.path === path);
  expect(f, path).toBeDefined();
  return f!;
}

/** A SUBSCRIBE with `n` subscriptions (3 fields each: length, Topic Filter, options). */
function bigSubscribe(n: number): Uint8Array {
  const subscriptions = Array.from({ length: n }, (_, i) => ({ topicFilter: `t/${i}`, qos: (i % 3) as 0 | 1 | 2 }));
  return encode({ type: 'subscribe', packetId: 7, subscriptions });
}

describe('the span log', () => {
  it('keeps every field of a packet with more fields than its first allocation (64)', () => {
    const r = inspect(bigSubscribe(40));
    expect(r.diagnostics).toEqual([]);
    // 3 header fields (type, flags, Remaining Length), the Packet Identifier, 3 per subscription.
    expect(r.fields).toHaveLength(4 + 3 * 40);
    const last = r.fields[r.fields.length - 1];
    expect(last).toMatchObject({ path: 'subscriptions[39].options', value: 0, end: r.length });
    expect(field(r.fields, 'subscriptions[39].topicFilter').value).toBe('t/39');
    expect(field(r.fields, 'subscriptions[20].options').value).toBe(2);
    // Past the type and flags (which share byte 0), each field starts where the one before ended.
    for (let i = 2; i < r.fields.length; i++) expect(r.fields[i].start, r.fields[i].path).toBe(r.fields[i - 1].end);
  });

  it("a result's fields are its own: inspecting other packets before they are read changes nothing", () => {
    for (const first of [Uint8Array.of(0x40, 0x02, 0x00, 0x01), bigSubscribe(60)]) {
      const expected = inspect(first).fields.map((f) => ({ ...f }));
      const a = inspect(first);
      inspect(bigSubscribe(70));
      inspect(encode({ type: 'publish', topic: 'some/other/topic', payload: 'xyz', qos: 1, packetId: 9, retain: false, dup: false }));
      expect(a.fields.map((f) => ({ ...f }))).toEqual(expected);
    }
  });
});

describe('field values are read back from their bytes', () => {
  it('a Four Byte Integer with its top byte set (Message Expiry Interval 0x01020304)', () => {
    const bytes = encode({ type: 'publish', topic: 'a', payload: '', qos: 0, retain: false, dup: false, properties: { messageExpiryInterval: 0x01020304 } }, { protocolVersion: 5 });
    expect(field(inspect(bytes, { protocolVersion: 5 }).fields, 'properties.messageExpiryInterval').value).toBe(0x01020304);
  });

  it('a one-byte Variable Byte Integer followed by other bytes (Remaining Length 2)', () => {
    const r = inspect(Uint8Array.of(0x40, 0x02, 0x00, 0x01));
    expect(field(r.fields, 'header.remainingLength')).toEqual({ path: 'header.remainingLength', start: 1, end: 2, value: 2 });
  });

  it('a two-byte Variable Byte Integer (Remaining Length 200)', () => {
    const bytes = encode({ type: 'publish', topic: 'a', payload: new Uint8Array(197), qos: 0, retain: false, dup: false });
    const r = inspect(bytes);
    expect(field(r.fields, 'header.remainingLength')).toEqual({ path: 'header.remainingLength', start: 1, end: 3, value: 200 });
  });

  it('a short string with a lone continuation byte reads back with U+FFFD, as decoded', () => {
    const r = inspect(Uint8Array.of(0x30, 0x04, 0x00, 0x02, 0x61, 0x80));
    expect(r.diagnostics.map((d) => d.key)).toEqual(['utf8WellFormed']);
    expect(field(r.fields, 'variableHeader.topicName').value).toBe('a\ufffd');
  });
});
