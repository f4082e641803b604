/**
 * The drop-in parser (src/compat/parser.ts) against mqtt-packet 9.0.2 itself, from the sources so
 * that a mutation run sees it: for every decode fixture, the same 'packet' and 'error' events (with
 * mqtt-packet's messages) and the same `parse` return values, whether the bytes come whole, one
 * byte at a time or cut at every split point; plus the drop-in's own rules (strict, deferred
 * reserved types, short acknowledgements, bridge mode, the version option).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MqttCodecError } from '../src/index.js';
import { parser, type MqttPacket } from '../src/compat/index.js';

/** mqtt-packet 9.0.2, the reference. */
const upstream: { parser: (o?: object) => any } = createRequire(import.meta.url)('mqtt-packet');

interface Case {
  name: string;
  hex?: string;
  protocolVersion: number;
  error?: unknown;
}

const FIXTURES: Case[] = readdirSync(join(__dirname, '..', 'fixtures', 'packets')).flatMap((file) => {
  const data = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'packets', file), 'utf8'));
  return ((Array.isArray(data) ? data : data.cases) as Case[]).filter((c) => c.hex !== undefined).map((c) => ({ ...c, name: `${file} ${c.name}` }));
});

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Events ('packet' objects, 'error' messages) and parse results of `lib`'s parser fed `chunks`. */
function run(lib: { parser: (o?: any) => any }, chunks: Uint8Array[], opts?: object): { events: unknown[]; returns: number[] } {
  const p = lib.parser(opts);
  const events: unknown[] = [];
  p.on('packet', (x: MqttPacket) => events.push(['packet', x]));
  p.on('error', (e: Error) => events.push(['error', e.message]));
  // Up to the first error: what follows it is parsed afresh from mid-packet bytes (both parsers
  // do so, but from where each stopped reading).
  const returns: number[] = [];
  for (const c of chunks) {
    if (events.some((e) => (e as unknown[])[0] === 'error')) break;
    returns.push(p.parse(c));
  }
  return { events, returns };
}

/** `x` with Buffers as hex and without prototypes (mqtt-packet's objects are Packet instances). */
const norm = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v) => (v?.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data).toString('hex') : v)));

/** `bytes` cut at `cuts`. */
function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(at, c));
    at = c;
  }
  return out;
}

/**
 * Fixtures where mqtt-packet reads what the drop-in rejects or reads otherwise (documented in
 * test/compat-diff.test.ts): duplicated properties (mqtt-packet makes arrays), fields read past the
 * end of a packet or a property block, AUTH's flags checked later by mqtt-packet.
 */
const KNOWN = [
  'twice',
  'Property Length runs past the end',
  'Binary Data length runs past the property length',
  'Subscription Identifier with 5 bytes',
  'string length runs past the end of the packet',
  'User Property with its value missing',
  'Two Byte Integer cut short by the property length',
  'property length covers half of the next field',
  'property id 0x00 is not defined',
  'AUTH remaining length 0 means reason 0x00',
  'CONNECT fixed header flags 1000 (5.0)',
  'AUTH fixed header flags',
  'only one byte left for the packet id',
  'SUBACK remaining length 1',
  'UNSUBACK remaining length',
  'Message Expiry Interval value cut short',
];

const known = (name: string) => KNOWN.some((k) => name.includes(k));
const errored = (r: { events: unknown[] }) => r.events.some((e) => (e as unknown[])[0] === 'error');

/** Asserts both parsers give the same events, and the same parse results until an error. */
function agree(name: string, chunks: Buffer[], opts?: object): void {
  const a = run(upstream, chunks, opts);
  const b = run({ parser }, chunks, opts);
  const where = `${name} ${JSON.stringify(opts)} cut ${chunks.map((c) => c?.length)}`;
  if (!isDeepStrictEqual(norm(a.events), norm(b.events))) expect(norm(b.events), where).toEqual(norm(a.events));
  // Every parse returns what mqtt-packet's returns, the one that fails included.
  if (!isDeepStrictEqual(a.returns, b.returns)) expect(b.returns, where).toEqual(a.returns);
}

/** A small seeded generator (the cuts of the random-chunk tests). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const byFile = new Map<string, Case[]>();
for (const c of FIXTURES) {
  const file = c.name.split(' ')[0];
  byFile.set(file, [...(byFile.get(file) ?? []), c]);
}

describe('the drop-in parser gives what mqtt-packet 9.0.2 gives, for every split point of every decode fixture', () => {
  it('the known differences are still differences (else the list would hide a regression)', () => {
    const still = FIXTURES.filter((c) => known(c.name)).filter((c) => {
      const chunks = [hex(c.hex!)];
      const opts = { protocolVersion: c.protocolVersion };
      return !isDeepStrictEqual(norm(run(upstream, chunks, opts).events), norm(run({ parser }, chunks, opts).events));
    });
    expect(still.length).toBeGreaterThanOrEqual(20);
  });

  it.each([...byFile.keys()])('%s: whole, byte by byte and cut in two at every point; with and without the version option', (file) => {
    for (const c of byFile.get(file)!) {
      if (known(c.name)) continue;
      const bytes = hex(c.hex!);
      const opts = { protocolVersion: c.protocolVersion };
      agree(c.name, [bytes], opts);
      // Without the option mqtt-packet reads 3.1.1 until a CONNECT says otherwise.
      if (c.protocolVersion === 4 || bytes[0] >> 4 === 1) agree(c.name, [bytes], undefined);
      if (bytes.length > 600) continue;
      agree(c.name, cut(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)), opts);
      if (bytes.length > 200) continue;
      for (let i = 1; i < bytes.length; i++) agree(c.name, cut(bytes, [i]), opts);
    }
  });

  it.each([3, 4, 5])('protocol version %i: a stream of every valid fixture, whole, byte by byte and in random chunks', (v) => {
    const valid = FIXTURES.filter((c) => c.protocolVersion === v && c.error === undefined && !known(c.name)).filter(
      (c) => !errored(run(upstream, [hex(c.hex!)], { protocolVersion: v })),
    );
    // CONNECTs change the version of what follows only without the option: keep them out.
    // A 5.0 DISCONNECT cut short has mqtt-packet read its properties from the next packet: out too.
    const bytes = Buffer.concat(valid.filter((c) => (hex(c.hex!)[0] >> 4) !== 1 && (hex(c.hex!)[0] >> 4) !== 14).map((c) => hex(c.hex!)));
    expect(bytes.length).toBeGreaterThan(100);
    const opts = { protocolVersion: v };
    agree(`stream ${v}`, [bytes], opts);
    agree(`stream ${v}`, cut(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)), opts);
    const rnd = lcg(v);
    for (let round = 0; round < 20; round++) {
      const cuts: number[] = [];
      for (let at = Math.floor(rnd() * 8) + 1; at < bytes.length; at += Math.floor(rnd() * 12) + 1) cuts.push(at);
      agree(`stream ${v} round ${round}`, cut(bytes, cuts), opts);
    }
  });

  it('each invalid fixture after a run of valid packets, in random chunks: same packets, then the same error', () => {
    // PUBLISH, PUBACK, PINGREQ, PINGRESP
    const leads: Record<number, Buffer> = { 3: hex('3005 0001 61 6263 4002 0007 c000 d000'), 4: hex('3005 0001 61 6263 4002 0007 c000 d000'), 5: hex('3006 0001 61 00 6263 4002 0007 c000 d000') };
    const rnd = lcg(99);
    for (const c of FIXTURES) {
      if (c.error === undefined || known(c.name) || c.protocolVersion === 5 && (hex(c.hex!)[0] >> 4) === 15) continue;
      const bytes = Buffer.concat([leads[c.protocolVersion], hex(c.hex!)]);
      const opts = { protocolVersion: c.protocolVersion };
      const cuts: number[] = [];
      for (let at = Math.floor(rnd() * 4) + 1; at < bytes.length; at += Math.floor(rnd() * 6) + 1) cuts.push(at);
      agree(c.name, cut(bytes, cuts), opts);
      agree(c.name, [bytes], opts);
    }
  });
});

describe('rules of the drop-in parser', () => {
  it('an acknowledgement cut short takes its Packet Identifier from the next two bytes, as mqtt-packet does, or -1', () => {
    const rnd = lcg(7);
    for (const first of [0x40, 0x50, 0x62, 0x70]) {
      for (const body of ['00', '01 05']) {
        // Second in its chunk (after a PINGREQ), then followed by a PUBACK whose bytes it reads.
        const bytes = hex(`c000 ${first.toString(16)}${body} 4002 1234 d000`);
        agree(`short ${first}`, [bytes], { protocolVersion: 4 });
        agree(`short ${first}`, cut(bytes, [2]), { protocolVersion: 4 });
        agree(`short ${first}`, cut(bytes, [bytes.length - 4]), { protocolVersion: 4 });
        agree(`short ${first}`, cut(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)), { protocolVersion: 4 });
        for (let round = 0; round < 5; round++) {
          const cuts = [1, 2, 3, 4, 5, 6, 7].filter(() => rnd() < 0.4);
          agree(`short ${first} ${cuts}`, cut(bytes, cuts), { protocolVersion: 4 });
        }
        // At the end of the stream: nothing to read, -1.
        const last = hex(`c000 ${first.toString(16)}${body}`);
        agree(`short last ${first}`, [last], { protocolVersion: 4 });
        const ids: number[] = [];
        const p = parser({ protocolVersion: 4 });
        p.on('packet', (x: MqttPacket) => ids.push((x as { messageId?: number }).messageId ?? NaN));
        p.parse(bytes);
        p.parse(last);
        expect(ids.slice(1, 3)).toEqual([body === '00' ? 0x4002 : 0x0540, 0x1234]);
        expect(ids[ids.length - 1]).toBe(-1);
      }
    }
  });

  it("a chunk that is not a Uint8Array is read as mqtt-packet reads it: nothing for undefined or null, a string's or a number's UTF-8 bytes, another typed array's bytes, each element's of an array", () => {
    const cases: unknown[][] = [[undefined], [null], [5], ['ab'], ['\u00c0'], [hex('c000'), undefined, hex('d000')], [[hex('c0'), hex('00')]], [new Uint16Array([0x00c0])], [hex('30'), 7, 'a']];
    for (const chunks of cases) agree(`chunks ${String(chunks)}`, chunks as Buffer[]);
    // Anything else, or an array holding it: mqtt-packet throws a TypeError (from Buffer.from); the
    // drop-in emits an MqttCodecError, without an offset, and returns 0.
    for (const odd of [{}, [{}], [hex('c0'), {}]]) {
      const errors: MqttCodecError[] = [];
      const p = parser();
      p.on('error', (e: MqttCodecError) => errors.push(e));
      expect(p.parse(odd as unknown as Uint8Array)).toBe(0);
      expect(errors.map((e) => [e instanceof MqttCodecError, e.offset, e.message])).toEqual([[true, undefined, 'Malformed Packet: Decoder.push needs a Uint8Array']]);
    }
  });
});

describe('reserved packet types and the strict option', () => {
  it('types 0 and 15 (before 5.0): flags checked at once, "Not supported" when the whole packet is there, as mqtt-packet', () => {
    const rnd = lcg(15);
    for (const v of [3, 4]) {
      for (const packet of ['0000', '0203 010203', '0085 01 0102030405', 'f000', 'f002 0102', '0800', '0a00']) {
        const bytes = Buffer.concat([hex('c000'), hex(packet)]);
        const opts = { protocolVersion: v };
        agree(packet, [bytes], opts);
        agree(packet, cut(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)), opts);
        for (let i = 1; i < bytes.length; i++) agree(packet, cut(bytes, [i]), opts);
        for (let round = 0; round < 4; round++) agree(packet, cut(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1).filter(() => rnd() < 0.5)), opts);
      }
    }
  });

  // Defect found here: a reserved type whose first byte mqtt-packet rejects at once (type 0 with
  // both QoS bits set, type 15 with flags before 5.0) fails at once, as in mqtt-packet, but with
  // 'Not supported' ('… auth packet for this version MQTT') where mqtt-packet names the fault it
  // met ('Packet must not have both QoS bits set to 1', 'Invalid header flag bits, must be 0x0
  // for auth packet').
  it.fails.each(['0600', '0e00', 'f100', 'f700'])("reserved type, first byte %s: mqtt-packet's message for its flags", (packet) => {
    agree(packet, [hex(`c000 ${packet}`)], { protocolVersion: 4 });
  });

  it('type 0 with both QoS bits set fails at once, the bytes after it unread', () => {
    const r = run({ parser }, cut(hex('c000 06 02 0102'), [3]), { protocolVersion: 4 });
    expect(r.events.map((e) => (e as unknown[])[0])).toEqual(['packet', 'error']);
    expect(r.returns).toEqual([1]);
  });

  it('type 15 with flags (before 5.0) fails at once too, as mqtt-packet (its message aside, above): an error in the chunk of its first byte', () => {
    for (const first of ['f1', 'f7']) {
      const chunks = cut(hex(`c000 ${first}02 0102`), [3]);
      const ours = run({ parser }, chunks, { protocolVersion: 4 });
      const theirs = run(upstream, chunks, { protocolVersion: 4 });
      expect(ours.events.map((e) => (e as unknown[])[0])).toEqual(['packet', 'error']);
      expect(theirs.events.map((e) => (e as unknown[])[0])).toEqual(['packet', 'error']);
      expect(ours.returns).toEqual(theirs.returns);
    }
  });

  it('with strict: true, a fault only mqtt-codec finds is an error with mqtt-codec\'s message, whole or byte by byte', () => {
    const bytes = hex('3805 0001 61 6263'); // 3.1.1 PUBLISH with DUP and QoS 0 [MQTT-3.3.1-2]
    const messages = (chunks: Buffer[], opts: object) => run({ parser }, chunks, opts).events;
    expect(messages([bytes], { protocolVersion: 4 })).toHaveLength(1);
    expect((messages([bytes], { protocolVersion: 4 })[0] as unknown[])[0]).toBe('packet');
    const whole = messages([bytes], { protocolVersion: 4, strict: true });
    expect(whole).toHaveLength(1);
    expect((whole[0] as unknown[])[0]).toBe('error');
    expect(typeof (whole[0] as unknown[])[1]).toBe('string');
    expect((whole[0] as string[])[1]).toMatch(/DUP/);
    for (let i = 1; i < bytes.length; i++) expect(messages(cut(bytes, [i]), { protocolVersion: 4, strict: true }), `cut ${i}`).toEqual(whole);
    expect(messages(cut(bytes, [1, 2, 3, 4, 5, 6]), { protocolVersion: 4, strict: true })).toEqual(whole);
    // The error is an MqttCodecError; the parser keeps it as .error until the next parse.
    const p = parser({ protocolVersion: 4, strict: true });
    let err: unknown;
    p.on('error', (e: unknown) => (err = e));
    expect(p.parse(bytes)).toBe(bytes.length);
    expect(err).toBeInstanceOf(MqttCodecError);
    expect(p.error).toBe(err);
  });
});

describe('bridge mode', () => {
  it("after a bridge CONNECT (level 0x84), SUBSCRIBE subscriptions get nl, rap and rh as mqtt-packet gives them", () => {
    const connect = hex('1019 0004 4d515454 84 02 0000 000d 62726964676520636c69656e74');
    const subscribe = hex('8206 0001 0001 61 01');
    const rnd = lcg(84);
    const bytes = Buffer.concat([connect, subscribe]);
    agree('bridge', [bytes], undefined);
    agree('bridge', cut(bytes, [connect.length]), undefined);
    for (let round = 0; round < 4; round++) agree('bridge', cut(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1).filter(() => rnd() < 0.3)), undefined);
    const events = run({ parser }, [bytes]).events as [string, Record<string, unknown>][];
    expect(events[0][1].bridgeMode).toBe(true);
    expect(events[1][1].subscriptions).toEqual([{ topic: 'a', qos: 1, rh: 0, rap: true, nl: true }]);
    // Without the bridge bit, the same SUBSCRIBE in 3.1.1 has no such fields.
    const plain = run({ parser }, [subscribe], { protocolVersion: 4 }).events as [string, Record<string, unknown>][];
    agree('plain', [subscribe], { protocolVersion: 4 });
    expect((plain[0][1].subscriptions as object[])[0]).not.toHaveProperty('nl');
  });
});

describe('the protocolVersion option', () => {
  it('3, 4 and 5 are taken; anything else is no option (a CONNECT will tell), as mqtt-packet', () => {
    const puback5 = hex('4004 0001 10 00'); // 5.0 PUBACK with reason 0x10
    for (const v of [3, 4, 5, 6, 0, '4', null]) agree(`version ${v}`, [puback5], { protocolVersion: v });
    const v3 = run({ parser }, [hex('4002 0001')], { protocolVersion: 3 });
    expect(v3.events).toHaveLength(1);
    expect(run({ parser }, [puback5], { protocolVersion: 7 }).events).toEqual(run({ parser }, [puback5], {}).events);
    // With strict too: only 3 and 5 are passed on to the Decoder (7 would be refused there).
    expect(run({ parser }, [puback5], { protocolVersion: 7, strict: true }).events).toEqual(run({ parser }, [puback5], { strict: true }).events);
  });

  it('3 is read as mqtt-packet reads it, as 3.1.1: a CONNACK\'s bit 0 is Session Present, bits 7-1 are refused', () => {
    for (const flags of ['00', '01', '02', '80']) agree(`3.1 CONNACK flags ${flags}`, [hex(`2002 ${flags}00`)], { protocolVersion: 3 });
    const p = run({ parser }, [hex('2002 0100')], { protocolVersion: 3 });
    expect(p.events).toHaveLength(1);
    expect(JSON.stringify(p.events[0])).toContain('"sessionPresent":true');
    // With strict: true, mqtt-codec's 3.1 rule: the flags byte is all reserved (the fault has mqtt-packet's message).
    expect(firstError([hex('2002 0100')], { protocolVersion: 3, strict: true })?.message).toBe('Invalid connack flags, bits 7-1 must be set to 0');
    expect(firstError([hex('2002 0100')], { protocolVersion: 4, strict: true })).toBeNull();
  });
});

/** The first error of the drop-in parser fed `chunks`: its message and stream offset, or null. */
function firstError(chunks: Uint8Array[], opts: Record<string, unknown>): { message: string; offset: number | undefined } | null {
  const p = parser(opts);
  let err: MqttCodecError | null = null;
  p.on('error', (e: MqttCodecError) => (err ??= e));
  for (const c of chunks) {
    if (err !== null) break;
    p.parse(c);
  }
  const e = err as MqttCodecError | null;
  return e === null ? null : { message: e.message, offset: e.offset };
}

describe('the same error for any chunking (a packet that began in an earlier chunk)', () => {
  // Defect found by the drop-in fuzz target: a packet that failed after arriving in pieces got a
  // message chosen from less than its whole header (a SUBSCRIBE of Remaining Length 0 said 'Cannot
  // parse topic'), and with strict: true a packet whole in its chunk was searched for a later fault
  // mqtt-packet words (and the bytes after it in the chunk were searched with it), one in pieces
  // was not: three answers for the same bytes.
  it.each([
    ['SUBSCRIBE of Remaining Length 0', '8200', 4],
    ['UNSUBSCRIBE of Remaining Length 0', 'a200', 4],
    ['SUBACK of Remaining Length 0', '9000', 5],
    ['UNSUBACK of Remaining Length 0', 'b000', 5],
    ['UNSUBACK of Remaining Length 0 (3.1.1)', 'b000', 4],
    ['PUBLISH whose Topic Name runs past the end', '3801 00', 4],
    ['5.0 PUBACK with property identifier 0', '4005 0001 00 01 00', 5],
    ['5.0 PUBACK with an unknown property identifier', '4005 0001 00 01 7f', 5],
    // Identifier 0 among the first 5 bytes, which the parser keeps when they came in an earlier chunk.
    ['5.0 DISCONNECT with property identifier 0 in its first 5 bytes', 'e004 00 02 00 ff', 5],
    ['5.0 AUTH with property identifier 0 in its first 5 bytes', 'f004 00 02 00 ff', 5],
    // What parse returns after each kind of fault: of the first byte, of the Remaining Length, of the body.
    ['PUBREL with flags 0', '6002 0001', 4],
    ['a Remaining Length of five bytes', '30ff ffff ff01', 4],
    ['UNSUBACK with a payload byte, then a PINGREQ', 'b003 0001 00 c000', 4],
    ['SUBSCRIBE requesting QoS 3', '8206 0001 0001 6103', 4],
    ['5.0 PUBACK with reason code 0x07', '4003 0001 07', 5],
    ['5.0 PUBLISH with property identifier 0x7f', '3006 0001 61 027f 00', 5],
  ])('%s: mqtt-packet\'s message and parse returns whole, cut at every point, and after a good packet in the chunk', (_name, packet, v) => {
    const bytes = hex(packet);
    const opts = { protocolVersion: v };
    agree(packet, [bytes], opts);
    for (let i = 1; i < bytes.length; i++) agree(packet, cut(bytes, [i]), opts);
    agree(packet, cut(bytes, Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)), opts);
    // A PINGREQ, and a PUBACK: a good packet with a body (its frame's three numbers all count).
    for (const good of ['c000', '4002 0007']) {
      const lead = Buffer.concat([hex(good), bytes]);
      for (let i = 1; i < lead.length; i++) agree(packet, cut(lead, [i]), opts);
    }
  });

  it('with strict: true, a Remaining Length not in its shortest form: the bytes after the first, as for any Remaining Length fault', () => {
    const p = parser({ protocolVersion: 4, strict: true });
    const errors: string[] = [];
    p.on('error', (e: MqttCodecError) => errors.push(e.message));
    expect(p.parse(hex('c0 8000'))).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('with strict: true, the first fault of a packet with several, whole, cut, or followed by more bytes [MQTT-3.3.1-2]', () => {
    // DUP with QoS 0 (only mqtt-codec checks it), then a Topic Name that runs past the end.
    const bytes = hex('3801 00');
    const opts = { protocolVersion: 4, strict: true };
    const whole = firstError([bytes], opts);
    expect(whole?.message).toMatch(/DUP set with QoS 0 \[MQTT-3\.3\.1-2\] at offset 0/);
    for (let i = 1; i < bytes.length; i++) expect(firstError(cut(bytes, [i]), opts), `cut ${i}`).toEqual(whole);
    expect(firstError([Buffer.concat([bytes, hex('c000')])], opts)).toEqual(whole);
    expect(firstError([Buffer.concat([bytes, hex('00')])], opts)).toEqual(whole);
    // The default parser names the fault mqtt-packet names, whatever the chunking.
    expect(firstError([bytes], { protocolVersion: 4 })?.message).toBe('Cannot parse topic');
    expect(firstError(cut(bytes, [1]), { protocolVersion: 4 })?.message).toBe('Cannot parse topic');
  });

  it('every fixture and seeded mutations of them: the same error whole and cut in two at every point, default and strict', () => {
    const rnd = lcg(2026);
    const inputs: [string, Buffer, number][] = [];
    for (const c of FIXTURES) {
      const b = hex(c.hex!);
      if (b.length > 120) continue;
      inputs.push([c.name, b, c.protocolVersion]);
      for (let round = 0; round < 4; round++) {
        const m = Buffer.from(b);
        for (let k = 1 + Math.floor(rnd() * 3); k > 0; k--) {
          const r = rnd();
          m[Math.floor(rnd() * m.length)] = r < 0.3 ? 0 : r < 0.5 ? 0xff : Math.floor(rnd() * 256);
        }
        inputs.push([`${c.name} mutated ${m.toString('hex')}`, m, c.protocolVersion]);
      }
    }
    let compared = 0;
    let unkept = 0;
    for (const [name, b, v] of inputs) {
      for (const opts of [{ protocolVersion: v }, { protocolVersion: v, strict: true }]) {
        const whole = firstError([b], opts);
        for (let i = 1; i < b.length; i++) {
          const got = firstError(cut(b, [i]), opts);
          compared++;
          // The one exception, documented: mqtt-packet's message for an unknown property quotes
          // whether its identifier is 0, a byte the parser does not keep when it lies in an
          // earlier chunk past the packet's first 5 bytes (the key, code and offset are the same).
          if (whole?.message === 'Cannot parse property code type' && got?.message === 'Unknown property' && whole.offset! >= 5 && whole.offset! < i) {
            unkept++;
            continue;
          }
          if (!isDeepStrictEqual(got, whole)) expect(got, `${name} ${JSON.stringify(opts)} cut ${i}`).toEqual(whole);
        }
      }
    }
    expect(compared).toBeGreaterThan(20_000);
    expect(unkept).toBeLessThan(compared / 50);
  });
});
