/**
 * The MQTT 5.0 property table (section 2.2.2.2) and the reason-code tables (section 2.4 and each
 * packet's Reason Code section), checked against the specification, then exercised through
 * encode/decode: every property round-trips where it is allowed, is rejected (0x81) where it is
 * not, and a non-repeatable property given twice is a Protocol Error (0x82).
 */
import { describe, expect, it } from 'vitest';
import {
  AUTH_REASON_CODES,
  CONNACK_REASON_CODES,
  CONNACK_RETURN_CODES_V3,
  DISCONNECT_REASON_CODES,
  MqttCodecError,
  PROPERTIES,
  PUBACK_REASON_CODES,
  PUBCOMP_REASON_CODES,
  PUBREC_REASON_CODES,
  PUBREL_REASON_CODES,
  REASON_CODES,
  RULES,
  SUBACK_REASON_CODES,
  SUBACK_RETURN_CODES_V3,
  UNSUBACK_REASON_CODES,
  decode,
  decodeVariableByteInteger,
  encode,
  encodeVariableByteInteger,
  propertyById,
  reasonCodeName,
  type Packet,
  type PropertyContext,
  type PropertyDataType,
  type ReasonCodeTable,
  type RuleKey,
} from '../src/index.js';
import { codecErrorOf } from './helpers/errors.js';

// ---------------------------------------------------------------------------------------------
// helpers
// ---------------------------------------------------------------------------------------------

const V5 = { protocolVersion: 5 } as const;
const hex2 = (n: number): string => `0x${n.toString(16).padStart(2, '0').toUpperCase()}`;
const latin1 = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
const sorted = <T>(xs: readonly T[]): T[] => [...xs].sort();

// ---------------------------------------------------------------------------------------------
// The property table, written from MQTT 5.0 section 2.2.2.2 (Table 2-4 Properties)
// ---------------------------------------------------------------------------------------------

const ALL_CONTEXTS: PropertyContext[] = [
  'connect', 'connack', 'publish', 'will', 'puback', 'pubrec', 'pubrel', 'pubcomp',
  'subscribe', 'suback', 'unsubscribe', 'unsuback', 'disconnect', 'auth',
];

interface SpecRow {
  id: number;
  name: string;
  type: PropertyDataType;
  contexts: PropertyContext[];
}

const SPEC_PROPERTIES: SpecRow[] = [
  { id: 0x01, name: 'Payload Format Indicator', type: 'byte', contexts: ['publish', 'will'] },
  { id: 0x02, name: 'Message Expiry Interval', type: 'fourByteInteger', contexts: ['publish', 'will'] },
  { id: 0x03, name: 'Content Type', type: 'utf8String', contexts: ['publish', 'will'] },
  { id: 0x08, name: 'Response Topic', type: 'utf8String', contexts: ['publish', 'will'] },
  { id: 0x09, name: 'Correlation Data', type: 'binaryData', contexts: ['publish', 'will'] },
  { id: 0x0b, name: 'Subscription Identifier', type: 'variableByteInteger', contexts: ['publish', 'subscribe'] },
  { id: 0x11, name: 'Session Expiry Interval', type: 'fourByteInteger', contexts: ['connect', 'connack', 'disconnect'] },
  { id: 0x12, name: 'Assigned Client Identifier', type: 'utf8String', contexts: ['connack'] },
  { id: 0x13, name: 'Server Keep Alive', type: 'twoByteInteger', contexts: ['connack'] },
  { id: 0x15, name: 'Authentication Method', type: 'utf8String', contexts: ['connect', 'connack', 'auth'] },
  { id: 0x16, name: 'Authentication Data', type: 'binaryData', contexts: ['connect', 'connack', 'auth'] },
  { id: 0x17, name: 'Request Problem Information', type: 'byte', contexts: ['connect'] },
  { id: 0x18, name: 'Will Delay Interval', type: 'fourByteInteger', contexts: ['will'] },
  { id: 0x19, name: 'Request Response Information', type: 'byte', contexts: ['connect'] },
  { id: 0x1a, name: 'Response Information', type: 'utf8String', contexts: ['connack'] },
  { id: 0x1c, name: 'Server Reference', type: 'utf8String', contexts: ['connack', 'disconnect'] },
  {
    id: 0x1f,
    name: 'Reason String',
    type: 'utf8String',
    contexts: ['connack', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'suback', 'unsuback', 'disconnect', 'auth'],
  },
  { id: 0x21, name: 'Receive Maximum', type: 'twoByteInteger', contexts: ['connect', 'connack'] },
  { id: 0x22, name: 'Topic Alias Maximum', type: 'twoByteInteger', contexts: ['connect', 'connack'] },
  { id: 0x23, name: 'Topic Alias', type: 'twoByteInteger', contexts: ['publish'] },
  { id: 0x24, name: 'Maximum QoS', type: 'byte', contexts: ['connack'] },
  { id: 0x25, name: 'Retain Available', type: 'byte', contexts: ['connack'] },
  { id: 0x26, name: 'User Property', type: 'utf8StringPair', contexts: ALL_CONTEXTS },
  { id: 0x27, name: 'Maximum Packet Size', type: 'fourByteInteger', contexts: ['connect', 'connack'] },
  { id: 0x28, name: 'Wildcard Subscription Available', type: 'byte', contexts: ['connack'] },
  // The 5.0 table calls 0x29 "Subscription Identifier Available", its CONNACK section
  // "Subscription Identifiers Available"; either name is accepted below.
  { id: 0x29, name: 'Subscription Identifiers Available', type: 'byte', contexts: ['connack'] },
  { id: 0x2a, name: 'Shared Subscription Available', type: 'byte', contexts: ['connack'] },
];

const SPEC_IDS = [0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x11, 0x12, 0x13, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1c, 0x1f, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a];

describe('PROPERTIES: the 5.0 property table (2.2.2.2)', () => {
  it('has exactly the 27 MQTT 5.0 properties, in identifier order', () => {
    expect(PROPERTIES).toHaveLength(27);
    expect(PROPERTIES.map((p) => p.id)).toEqual(SPEC_IDS);
    expect(SPEC_PROPERTIES.map((p) => p.id)).toEqual(SPEC_IDS);
    expect(new Set(PROPERTIES.map((p) => p.key)).size).toBe(27);
  });

  for (const spec of SPEC_PROPERTIES) {
    it(`${hex2(spec.id)} ${spec.name}: name, data type and allowed packets as in the specification`, () => {
      const def = propertyById(spec.id);
      expect(def).toBeDefined();
      if (def === undefined) return;
      expect(def.id).toBe(spec.id);
      if (spec.id === 0x29) expect(['Subscription Identifiers Available', 'Subscription Identifier Available']).toContain(def.name);
      else expect(def.name).toBe(spec.name);
      expect(def.type).toBe(spec.type);
      expect(sorted(def.contexts)).toEqual(sorted(spec.contexts));
      expect(new Set(def.contexts).size).toBe(def.contexts.length);
    });
  }

  it('propertyById returns undefined for identifiers that are not properties', () => {
    for (let id = 0; id < 128; id++) {
      if (SPEC_IDS.includes(id)) continue;
      expect(propertyById(id)).toBeUndefined();
    }
  });

  it('Will Properties are exactly Payload Format Indicator, Message Expiry Interval, Content Type, Response Topic, Correlation Data, Will Delay Interval, User Property', () => {
    const will = PROPERTIES.filter((p) => p.contexts.includes('will')).map((p) => p.id);
    expect(will).toEqual([0x01, 0x02, 0x03, 0x08, 0x09, 0x18, 0x26]);
  });

  it('only User Property (everywhere) and Subscription Identifier (PUBLISH only) may repeat', () => {
    // readProperties keeps the list of User Properties and one other: a second repeatable
    // property besides User Property would need another (src/properties/codec.ts).
    for (const p of PROPERTIES) {
      if (p.id === 0x26) expect(sorted(p.repeatableIn)).toEqual(sorted(ALL_CONTEXTS));
      else if (p.id === 0x0b) expect([...p.repeatableIn]).toEqual(['publish']);
      else expect(p.repeatableIn).toEqual([]);
      for (const ctx of p.repeatableIn) expect(p.contexts).toContain(ctx);
    }
  });

  it('value rules: booleans, non-zero values, Maximum QoS and Response Topic', () => {
    const rule = (id: number): string | undefined => propertyById(id)?.valueRule;
    for (const id of [0x01, 0x17, 0x19, 0x25, 0x28, 0x29, 0x2a]) expect(rule(id)).toBe('boolean');
    for (const id of [0x0b, 0x21, 0x23, 0x27]) expect(rule(id)).toBe('nonZero');
    expect(rule(0x24)).toBe('maximumQoS');
    expect(rule(0x08)).toBe('topicName');
  });
});

// ---------------------------------------------------------------------------------------------
// Property round trips and placement, through encode/decode
// ---------------------------------------------------------------------------------------------

/** A User Property marking the property block of each base packet: 26 00 01 'k' 00 01 'v'. */
const MARK: [string, string] = ['k', 'v'];
/** A different one for the Will Properties, so the two blocks of a CONNECT can be told apart. */
const WILL_MARK: [string, string] = ['w', 'w'];
const markBytes = (m: [string, string]): number[] => [0x26, 0x00, 0x01, ...latin1(m[0]), 0x00, 0x01, ...latin1(m[1])];

/** A valid 5.0 packet whose `ctx` property block is `props`. */
function packetWith(ctx: PropertyContext, props: Record<string, unknown>): Packet {
  const properties = props;
  switch (ctx) {
    case 'connect':
      return { type: 'connect', protocolVersion: 5, clientId: 'c', cleanStart: true, keepAlive: 60, properties } as Packet;
    case 'will':
      return {
        type: 'connect',
        protocolVersion: 5,
        clientId: 'c',
        cleanStart: true,
        keepAlive: 60,
        properties: { userProperties: [MARK] },
        will: { topic: 't', payload: new Uint8Array([0x31]), qos: 0, retain: false, properties },
      } as Packet;
    case 'connack':
      return { type: 'connack', sessionPresent: false, reasonCode: 0, properties } as Packet;
    case 'publish':
      return { type: 'publish', topic: 't', payload: new Uint8Array([0x31]), qos: 1, packetId: 7, retain: false, dup: false, properties } as Packet;
    case 'puback':
    case 'pubrec':
    case 'pubrel':
    case 'pubcomp':
      return { type: ctx, packetId: 7, reasonCode: 0, properties } as Packet;
    case 'subscribe':
      return { type: 'subscribe', packetId: 7, subscriptions: [{ topicFilter: 't', qos: 0 }], properties } as Packet;
    case 'suback':
      return { type: 'suback', packetId: 7, reasonCodes: [0], properties } as Packet;
    case 'unsubscribe':
      return { type: 'unsubscribe', packetId: 7, topicFilters: ['t'], properties } as Packet;
    case 'unsuback':
      return { type: 'unsuback', packetId: 7, reasonCodes: [0], properties } as Packet;
    case 'disconnect':
      return { type: 'disconnect', reasonCode: 0, properties } as Packet;
    case 'auth':
      return { type: 'auth', reasonCode: 0x18, properties } as Packet;
  }
}

/** The property block of `ctx` in a decoded packet. */
function propsOf(packet: Packet, ctx: PropertyContext): Record<string, unknown> | undefined {
  const p = packet as unknown as { properties?: Record<string, unknown>; will?: { properties?: Record<string, unknown> } };
  return ctx === 'will' ? p.will?.properties : p.properties;
}

/** A non-default, valid value for each property (by id), as the Properties object holds it. */
const SAMPLE: Record<number, unknown> = {
  0x01: 1,
  0x02: 0xffffffff,
  0x03: 'text/plain; charset=utf-8',
  0x08: 'reply/€/1',
  0x09: new Uint8Array([0x00, 0x01, 0xfe, 0xff]),
  0x0b: 268435455,
  0x11: 0xffffffff,
  0x12: 'auto-𪛔',
  0x13: 65535,
  0x15: 'SCRAM-SHA-256',
  0x16: new Uint8Array([0xde, 0xad, 0xbe, 0xef]),
  0x17: 0,
  0x18: 0x80000000,
  0x19: 1,
  0x1a: 'response/info',
  0x1c: 'other.example:1883',
  0x1f: 'a reason',
  0x21: 65535,
  0x22: 1234,
  0x23: 65535,
  0x24: 1,
  0x25: 0,
  0x26: ['name', 'value é'],
  0x27: 0xffffffff,
  0x28: 0,
  0x29: 0,
  0x2a: 1,
};

/** The Properties object carrying property `id` in context `ctx` (repeatable ones as a list). */
function propsFor(id: number, ctx: PropertyContext): Record<string, unknown> {
  const def = propertyById(id)!;
  const props: Record<string, unknown> = {};
  if (def.repeatableIn.includes(ctx)) {
    props[def.listKey!] = id === 0x0b ? [1, 268435455] : [SAMPLE[id], ['name', 'value é'], ['', '']];
  } else {
    props[def.key] = SAMPLE[id];
  }
  // Authentication Data needs an Authentication Method.
  if (id === 0x16) props.authenticationMethod = 'SCRAM-SHA-256';
  return props;
}

/** Wire bytes of property `id` with a small valid value (the value rules are respected). */
function rawProperty(id: number): number[] {
  switch (propertyById(id)!.type) {
    case 'byte':
      return [id, 0x01];
    case 'twoByteInteger':
      return [id, 0x00, 0x05];
    case 'fourByteInteger':
      return [id, 0x00, 0x00, 0x00, 0x05];
    case 'variableByteInteger':
      return [id, 0x05];
    case 'utf8String':
      return [id, 0x00, 0x01, 0x61];
    case 'binaryData':
      return [id, 0x00, 0x01, 0xab];
    case 'utf8StringPair':
      return [id, 0x00, 0x01, 0x61, 0x00, 0x01, 0x62];
  }
}

function indexOfSeq(haystack: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * A valid 5.0 packet for `ctx` whose property block (for `will`, the Will Properties) holds only
 * the marker User Property, with `extra` spliced in right after it; Property Length and
 * Remaining Length are fixed up. Returns the bytes and the offset of the first spliced byte.
 */
function splice(ctx: PropertyContext, extra: number[]): { bytes: Uint8Array; at: number } {
  const mark = ctx === 'will' ? WILL_MARK : MARK;
  const base = encode(packetWith(ctx, { userProperties: [mark] }), V5);
  const m = markBytes(mark);
  const markAt = indexOfSeq(base, m);
  if (markAt < 0) throw new Error(`marker not found in the ${ctx} packet`);
  if (base[markAt - 1] !== m.length) throw new Error(`unexpected Property Length in the ${ctx} packet`);
  const rl = decodeVariableByteInteger(base, 1)!;
  const oldHeader = 1 + rl.length;
  const body = Array.from(base.subarray(oldHeader));
  const markEnd = markAt + m.length - oldHeader; // index in body
  body[markAt - 1 - oldHeader] = m.length + extra.length; // stays a 1-byte VBI
  body.splice(markEnd, 0, ...extra);
  const header = [base[0], ...Array.from(encodeVariableByteInteger(body.length))];
  return { bytes: new Uint8Array([...header, ...body]), at: header.length + markEnd };
}

describe('property placement: the splice harness itself', () => {
  for (const ctx of ALL_CONTEXTS) {
    it(`${ctx}: a spliced extra User Property decodes`, () => {
      const { bytes } = splice(ctx, [0x26, 0x00, 0x01, 0x78, 0x00, 0x01, 0x79]);
      const props = propsOf(decode(bytes, V5), ctx);
      expect(props?.userProperties).toEqual([ctx === 'will' ? WILL_MARK : MARK, ['x', 'y']]);
    });
  }
});

for (const def of PROPERTIES) {
  const id = def.id;
  const label = `${hex2(id)} ${def.name}`;
  describe(label, () => {
    for (const ctx of ALL_CONTEXTS) {
      const allowed = def.contexts.includes(ctx);
      const where = ctx === 'will' ? 'Will Properties' : ctx.toUpperCase();
      if (allowed) {
        it(`round-trips through encode/decode in ${where}`, () => {
          const props = propsFor(id, ctx);
          const packet = packetWith(ctx, props);
          const decoded = decode(encode(packet, V5), V5);
          expect(decoded.type).toBe(packet.type);
          const got = propsOf(decoded, ctx);
          expect(got).toEqual(props);
        });

        it(`decodes when spliced by hand into ${where}`, () => {
          const extra = id === 0x16 ? [0x15, 0x00, 0x01, 0x6d, ...rawProperty(id)] : rawProperty(id);
          const { bytes } = splice(ctx, extra);
          const props = propsOf(decode(bytes, V5), ctx);
          expect(props).toBeDefined();
          if (def.repeatableIn.includes(ctx)) expect(props![def.listKey!]).toHaveLength(id === 0x26 ? 2 : 1);
          else expect(props![def.key]).toBeDefined();
        });

        if (def.repeatableIn.includes(ctx)) {
          it(`may appear twice in ${where} (both kept, in order)`, () => {
            const { bytes } = splice(ctx, [...rawProperty(id), ...rawProperty(id)]);
            const props = propsOf(decode(bytes, V5), ctx)!;
            const list = props[def.listKey!] as unknown[];
            expect(list).toHaveLength(id === 0x26 ? 3 : 2);
          });
        } else {
          it(`given twice in ${where} is a Protocol Error (0x82) at the second one`, () => {
            const one = rawProperty(id);
            const prefix = id === 0x16 ? [0x15, 0x00, 0x01, 0x6d] : [];
            const { bytes, at } = splice(ctx, [...prefix, ...one, ...one]);
            const err = codecErrorOf(() => decode(bytes, V5));
            expect(err.reasonCode).toBe(0x82);
            expect(err.offset).toBe(at + prefix.length + one.length);
          });
        }
      } else {
        it(`is Malformed (0x81) in ${where}, at its identifier`, () => {
          const { bytes, at } = splice(ctx, rawProperty(id));
          const err = codecErrorOf(() => decode(bytes, V5));
          expect(err.reasonCode).toBe(0x81);
          expect(err.offset).toBe(at);
        });

        it(`is refused by encode in ${where}`, () => {
          const err = codecErrorOf(() => encode(packetWith(ctx, propsFor(id, ctx)), V5));
          expect(err.reasonCode).toBe(0x81);
        });
      }
    }
  });
}

describe('property value rules (0x82 Protocol Error at the value)', () => {
  // [id, context, value bytes, rule or undefined]
  const cases: [number, PropertyContext, number[], string | undefined][] = [
    [0x17, 'connect', [0x02], undefined], // Request Problem Information: 0 or 1
    [0x19, 'connect', [0x02], undefined], // Request Response Information: 0 or 1
    [0x24, 'connack', [0x02], undefined], // Maximum QoS: 0 or 1
    [0x25, 'connack', [0x02], undefined], // Retain Available: 0 or 1
    [0x28, 'connack', [0x02], undefined], // Wildcard Subscription Available: 0 or 1
    [0x29, 'connack', [0xff], undefined], // Subscription Identifiers Available: 0 or 1
    [0x2a, 'connack', [0x02], undefined], // Shared Subscription Available: 0 or 1
    [0x21, 'connect', [0x00, 0x00], undefined], // Receive Maximum 0
    [0x21, 'connack', [0x00, 0x00], undefined],
    [0x27, 'connect', [0x00, 0x00, 0x00, 0x00], undefined], // Maximum Packet Size 0
    [0x0b, 'subscribe', [0x00], undefined], // Subscription Identifier 0
    [0x0b, 'publish', [0x00], undefined],
    [0x23, 'publish', [0x00, 0x00], 'MQTT-3.3.2-8'], // Topic Alias 0
    [0x08, 'publish', [0x00, 0x03, 0x61, 0x2f, 0x2b], 'MQTT-3.3.2-14'], // Response Topic "a/+"
    [0x08, 'will', [0x00, 0x01, 0x23], 'MQTT-3.3.2-14'], // Response Topic "#"
  ];
  for (const [id, ctx, value, rule] of cases) {
    const title = `${rule ?? ''} ${hex2(id)} ${propertyById(id)!.name} = ${value.map(hex2).join(' ')} in ${ctx.toUpperCase()}`.trim();
    it(`${title} is a Protocol Error`, () => {
      const { bytes, at } = splice(ctx, [id, ...value]);
      const err = codecErrorOf(() => decode(bytes, V5));
      expect(err.reasonCode).toBe(0x82);
      expect(err.offset).toBe(at + 1);
      if (rule !== undefined) expect(err.rule).toBe(rule);
    });
  }

  it('Maximum QoS 0 and 1 are accepted', () => {
    for (const q of [0, 1]) {
      const { bytes } = splice('connack', [0x24, q]);
      expect(propsOf(decode(bytes, V5), 'connack')?.maximumQoS).toBe(q);
    }
  });

  for (const ctx of ['connect', 'connack', 'auth'] as PropertyContext[]) {
    it(`Authentication Data without an Authentication Method in ${ctx.toUpperCase()} is a Protocol Error`, () => {
      const { bytes } = splice(ctx, rawProperty(0x16));
      expect(codecErrorOf(() => decode(bytes, V5)).reasonCode).toBe(0x82);
      expect(codecErrorOf(() => encode(packetWith(ctx, { authenticationData: new Uint8Array([1]) }), V5)).reasonCode).toBe(0x82);
    });
  }
});

describe('property placement: identifiers that are not properties', () => {
  it('an unknown property identifier is Malformed (0x81) in every packet', () => {
    for (const ctx of ALL_CONTEXTS) {
      for (const id of [0x00, 0x04, 0x0a, 0x14, 0x2b, 0x7f]) {
        const { bytes, at } = splice(ctx, [id, 0x00]);
        const err = codecErrorOf(() => decode(bytes, V5));
        expect(err.reasonCode).toBe(0x81);
        expect(err.offset).toBe(at);
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Reason codes (5.0 section 2.4 and each packet's Reason Code section)
// ---------------------------------------------------------------------------------------------

/** The 5.0 reason-code lists, per packet, with the specification's names. */
const SPEC_REASON_CODES: Record<string, Record<number, string>> = {
  connack: {
    0x00: 'Success',
    0x80: 'Unspecified error',
    0x81: 'Malformed Packet',
    0x82: 'Protocol Error',
    0x83: 'Implementation specific error',
    0x84: 'Unsupported Protocol Version',
    0x85: 'Client Identifier not valid',
    0x86: 'Bad User Name or Password',
    0x87: 'Not authorized',
    0x88: 'Server unavailable',
    0x89: 'Server busy',
    0x8a: 'Banned',
    0x8c: 'Bad authentication method',
    0x90: 'Topic Name invalid',
    0x95: 'Packet too large',
    0x97: 'Quota exceeded',
    0x99: 'Payload format invalid',
    0x9a: 'Retain not supported',
    0x9b: 'QoS not supported',
    0x9c: 'Use another server',
    0x9d: 'Server moved',
    0x9f: 'Connection rate exceeded',
  },
  puback: {
    0x00: 'Success',
    0x10: 'No matching subscribers',
    0x80: 'Unspecified error',
    0x83: 'Implementation specific error',
    0x87: 'Not authorized',
    0x90: 'Topic Name invalid',
    0x91: 'Packet identifier in use',
    0x97: 'Quota exceeded',
    0x99: 'Payload format invalid',
  },
  pubrec: {
    0x00: 'Success',
    0x10: 'No matching subscribers',
    0x80: 'Unspecified error',
    0x83: 'Implementation specific error',
    0x87: 'Not authorized',
    0x90: 'Topic Name invalid',
    0x91: 'Packet identifier in use',
    0x97: 'Quota exceeded',
    0x99: 'Payload format invalid',
  },
  pubrel: { 0x00: 'Success', 0x92: 'Packet Identifier not found' },
  pubcomp: { 0x00: 'Success', 0x92: 'Packet Identifier not found' },
  suback: {
    0x00: 'Granted QoS 0',
    0x01: 'Granted QoS 1',
    0x02: 'Granted QoS 2',
    0x80: 'Unspecified error',
    0x83: 'Implementation specific error',
    0x87: 'Not authorized',
    0x8f: 'Topic Filter invalid',
    0x91: 'Packet Identifier in use',
    0x97: 'Quota exceeded',
    0x9e: 'Shared Subscriptions not supported',
    0xa1: 'Subscription Identifiers not supported',
    0xa2: 'Wildcard Subscriptions not supported',
  },
  unsuback: {
    0x00: 'Success',
    0x11: 'No subscription existed',
    0x80: 'Unspecified error',
    0x83: 'Implementation specific error',
    0x87: 'Not authorized',
    0x8f: 'Topic Filter invalid',
    0x91: 'Packet Identifier in use',
  },
  disconnect: {
    0x00: 'Normal disconnection',
    0x04: 'Disconnect with Will Message',
    0x80: 'Unspecified error',
    0x81: 'Malformed Packet',
    0x82: 'Protocol Error',
    0x83: 'Implementation specific error',
    0x87: 'Not authorized',
    0x89: 'Server busy',
    0x8b: 'Server shutting down',
    0x8d: 'Keep Alive timeout',
    0x8e: 'Session taken over',
    0x8f: 'Topic Filter invalid',
    0x90: 'Topic Name invalid',
    0x93: 'Receive Maximum exceeded',
    0x94: 'Topic Alias invalid',
    0x95: 'Packet too large',
    0x96: 'Message rate too high',
    0x97: 'Quota exceeded',
    0x98: 'Administrative action',
    0x99: 'Payload format invalid',
    0x9a: 'Retain not supported',
    0x9b: 'QoS not supported',
    0x9c: 'Use another server',
    0x9d: 'Server moved',
    0x9e: 'Shared Subscriptions not supported',
    0x9f: 'Connection rate exceeded',
    0xa0: 'Maximum connect time',
    0xa1: 'Subscription Identifiers not supported',
    0xa2: 'Wildcard Subscriptions not supported',
  },
  auth: { 0x00: 'Success', 0x18: 'Continue authentication', 0x19: 'Re-authenticate' },
};

const EXPORTED: Record<string, ReasonCodeTable> = {
  connack: CONNACK_REASON_CODES,
  puback: PUBACK_REASON_CODES,
  pubrec: PUBREC_REASON_CODES,
  pubrel: PUBREL_REASON_CODES,
  pubcomp: PUBCOMP_REASON_CODES,
  suback: SUBACK_REASON_CODES,
  unsuback: UNSUBACK_REASON_CODES,
  disconnect: DISCONNECT_REASON_CODES,
  auth: AUTH_REASON_CODES,
};

/**
 * Per packet: the RULES key and the 5.0 statement id of "MUST use one of the ... Reason Codes",
 * and a 5.0 packet carrying reason code `c` with the offset of that byte.
 */
const REASON_PACKETS: Record<string, { key: RuleKey; specId: string; bytes: (c: number) => number[]; at: number }> = {
  connack: { key: 'connackReasonCode', specId: 'MQTT-3.2.2-8', bytes: (c) => [0x20, 0x03, 0x00, c, 0x00], at: 3 },
  puback: { key: 'pubackReasonCode', specId: 'MQTT-3.4.2-1', bytes: (c) => [0x40, 0x03, 0x00, 0x01, c], at: 4 },
  pubrec: { key: 'pubrecReasonCode', specId: 'MQTT-3.5.2-1', bytes: (c) => [0x50, 0x03, 0x00, 0x01, c], at: 4 },
  pubrel: { key: 'pubrelReasonCode', specId: 'MQTT-3.6.2-1', bytes: (c) => [0x62, 0x03, 0x00, 0x01, c], at: 4 },
  pubcomp: { key: 'pubcompReasonCode', specId: 'MQTT-3.7.2.1-1', bytes: (c) => [0x70, 0x03, 0x00, 0x01, c], at: 4 },
  suback: { key: 'subackReasonCode', specId: 'MQTT-3.9.3-2', bytes: (c) => [0x90, 0x04, 0x00, 0x01, 0x00, c], at: 5 },
  unsuback: { key: 'unsubackReasonCode', specId: 'MQTT-3.11.3-2', bytes: (c) => [0xb0, 0x04, 0x00, 0x01, 0x00, c], at: 5 },
  disconnect: { key: 'disconnectReasonCode', specId: 'MQTT-3.14.2-1', bytes: (c) => [0xe0, 0x01, c], at: 2 },
  auth: { key: 'authReasonCode', specId: 'MQTT-3.15.2-1', bytes: (c) => [0xf0, 0x02, c, 0x00], at: 2 },
};

const codesOf = (t: ReasonCodeTable): number[] => Object.keys(t).map(Number).sort((a, b) => a - b);

describe('reason-code tables', () => {
  for (const [type, spec] of Object.entries(SPEC_REASON_CODES)) {
    it(`${type.toUpperCase()}: the exported table holds exactly the 5.0 codes, with the specification's names`, () => {
      const table = EXPORTED[type];
      expect(REASON_CODES[type]).toBe(table);
      expect(codesOf(table)).toEqual(codesOf(spec));
      for (const code of codesOf(spec)) {
        expect(table[code].toLowerCase()).toBe(spec[code].toLowerCase());
        expect(reasonCodeName(type, code)?.toLowerCase()).toBe(spec[code].toLowerCase());
        expect(reasonCodeName(type, code, 5)).toBe(table[code]);
      }
    });
  }

  it('REASON_CODES covers exactly the nine 5.0 packets with reason codes', () => {
    expect(sorted(Object.keys(REASON_CODES))).toEqual(sorted(Object.keys(SPEC_REASON_CODES)));
  });

  it('reasonCodeName is undefined for codes outside a table and for packets without reason codes', () => {
    expect(reasonCodeName('puback', 0x04)).toBeUndefined();
    expect(reasonCodeName('pubrel', 0x10)).toBeUndefined();
    expect(reasonCodeName('auth', 0x80)).toBeUndefined();
    expect(reasonCodeName('connack', 0x8b)).toBeUndefined();
    expect(reasonCodeName('publish', 0x00)).toBeUndefined();
    expect(reasonCodeName('pingreq', 0x00)).toBeUndefined();
    expect(reasonCodeName('nonsense', 0x00)).toBeUndefined();
  });

  it('the same code has packet-specific names', () => {
    expect(reasonCodeName('connack', 0x00)).toBe('Success');
    expect(reasonCodeName('suback', 0x00)).toBe('Granted QoS 0');
    expect(reasonCodeName('disconnect', 0x00)).toBe('Normal disconnection');
  });

  it('3.1/3.1.1: CONNACK return codes 0..5 and SUBACK return codes 0, 1, 2, 0x80', () => {
    expect(codesOf(CONNACK_RETURN_CODES_V3)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(codesOf(SUBACK_RETURN_CODES_V3)).toEqual([0x00, 0x01, 0x02, 0x80]);
    for (const v of [3, 4] as const) {
      expect(reasonCodeName('connack', 0, v)).toBe(CONNACK_RETURN_CODES_V3[0]);
      expect(reasonCodeName('connack', 5, v)).toBe(CONNACK_RETURN_CODES_V3[5]);
      expect(reasonCodeName('connack', 6, v)).toBeUndefined();
      expect(reasonCodeName('connack', 0x80, v)).toBeUndefined();
      expect(reasonCodeName('suback', 0x80, v)).toBe(SUBACK_RETURN_CODES_V3[0x80]);
      expect(reasonCodeName('suback', 0x87, v)).toBeUndefined();
      expect(reasonCodeName('puback', 0x00, v)).toBeUndefined();
    }
  });

  // Ids come from the project's seed list (../shared/spec/mqtt-5.0-normative-statements.md),
  // which numbers the PUBCOMP statement MQTT-3.7.2.1-1 (the OASIS HTML numbers it MQTT-3.7.2-1).
  it('RULES cites the 5.0 "MUST use one of the Reason Codes" statements by their seed-list ids', () => {
    for (const { key, specId } of Object.values(REASON_PACKETS)) expect(RULES[key][1]).toBe(specId);
  });
});

describe('decode rejects reason codes outside their table', () => {
  for (const [type, { key, specId, bytes, at }] of Object.entries(REASON_PACKETS)) {
    const table = EXPORTED[type];
    const label = type.toUpperCase();
    const ruleName = specId;

    it(`${ruleName} ${label} decodes every code of its table`, () => {
      for (const code of codesOf(table)) {
        const p = decode(new Uint8Array(bytes(code)), V5) as { reasonCode?: number; reasonCodes?: number[] };
        if (p.reasonCodes !== undefined) expect(p.reasonCodes).toEqual([code]);
        else expect(p.reasonCode).toBe(code);
      }
    });

    it(`${ruleName} ${label} rejects every other code 0x00..0xFF with 0x82 at the code's offset`, () => {
      let rejected = 0;
      for (let code = 0; code <= 0xff; code++) {
        if (table[code] !== undefined) continue;
        const err = codecErrorOf(() => decode(new Uint8Array(bytes(code)), V5));
        expect(err.reasonCode).toBe(0x82);
        expect(err.rule).toBe(RULES[key][1]);
        expect(err.specVersion).toBe('5.0');
        expect(err.offset).toBe(at);
        rejected++;
      }
      expect(rejected).toBe(256 - codesOf(table).length);
    });

    it(`${specId} ${label} cites ${specId}`, () => {
      const outside = [0x03, 0x05, 0xff].find((c) => table[c] === undefined)!;
      const err = codecErrorOf(() => decode(new Uint8Array(bytes(outside)), V5));
      expect(err.rule).toBe(specId);
    });

    it(`${ruleName} ${label} encode refuses a code outside its table with 0x82`, () => {
      const outside = [0x03, 0x05, 0xff].find((c) => table[c] === undefined)!;
      const packet =
        type === 'suback' || type === 'unsuback'
          ? ({ type, packetId: 1, reasonCodes: [outside] } as Packet)
          : type === 'connack'
            ? ({ type, sessionPresent: false, reasonCode: outside } as Packet)
            : type === 'disconnect' || type === 'auth'
              ? ({ type, reasonCode: outside } as Packet)
              : ({ type, packetId: 1, reasonCode: outside } as Packet);
      const err = codecErrorOf(() => encode(packet, V5));
      expect(err.reasonCode).toBe(0x82);
      expect(err.rule).toBe(RULES[key][1]);
    });
  }

  it('MQTT-3.9.3-2 a 3.1.1 SUBACK accepts only 0x00, 0x01, 0x02, 0x80 (0x82 otherwise)', () => {
    for (let code = 0; code <= 0xff; code++) {
      const bytes = new Uint8Array([0x90, 0x03, 0x00, 0x01, code]);
      if (SUBACK_RETURN_CODES_V3[code] !== undefined) {
        expect(decode(bytes, { protocolVersion: 4 })).toEqual({ type: 'suback', packetId: 1, reasonCodes: [code] });
      } else {
        const err = codecErrorOf(() => decode(bytes, { protocolVersion: 4 }));
        expect(err.reasonCode).toBe(0x82);
        expect(err.rule).toBe('MQTT-3.9.3-2');
        expect(err.specVersion).toBe('3.1.1');
        expect(err.offset).toBe(4);
      }
    }
  });

  it('a 3.1.1 CONNACK accepts only return codes 0..5', () => {
    for (let code = 0; code <= 0xff; code++) {
      const bytes = new Uint8Array([0x20, 0x02, 0x00, code]);
      if (code <= 5) {
        expect(decode(bytes, { protocolVersion: 4 })).toMatchObject({ type: 'connack', reasonCode: code });
      } else {
        const err = codecErrorOf(() => decode(bytes, { protocolVersion: 4 }));
        expect(err.reasonCode).toBe(0x82);
        expect(err.offset).toBe(3);
      }
    }
  });
});
