/**
 * formatPacket, bytesToHex and toJSONValue, output for output: the line of every packet type, the
 * rendering of each kind of field value (string, number, boolean, null, nested object, array,
 * bytes as text or hex, cut after maxBytes), which fields are left out (type, undefined,
 * inherited), and the JSON-friendly copy of packets and other values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToHex, formatPacket, type Packet, toJSONValue } from '../src/index.js';

const u8 = (...bytes: number[]): Uint8Array => new Uint8Array(bytes);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A PUBLISH whose payload is `payload`; the rest of its line is `…qos=0 retain=false dup=false`. */
function publishOf(payload: Uint8Array | string): Packet {
  return { type: 'publish', topic: 't', payload, qos: 0, retain: false, dup: false };
}

/** What formatPacket shows for `payload` as a PUBLISH's payload, with `maxBytes` when given. */
function payloadShown(payload: Uint8Array, maxBytes?: number): string {
  const line = maxBytes === undefined ? formatPacket(publishOf(payload)) : formatPacket(publishOf(payload), maxBytes);
  const head = 'PUBLISH topic="t" payload=';
  const tail = ' qos=0 retain=false dup=false';
  expect(line.startsWith(head) && line.endsWith(tail), line).toBe(true);
  return line.slice(head.length, line.length - tail.length);
}

describe('formatPacket: one line for each packet type', () => {
  const cases: [string, Packet, string][] = [
    [
      'CONNECT (3.1.1, with will, username and password)',
      {
        type: 'connect',
        protocolVersion: 4,
        protocolName: 'MQTT',
        clientId: 'c1',
        cleanStart: true,
        keepAlive: 60,
        username: 'u',
        password: text('pw'),
        will: { topic: 'w/t', payload: u8(0x00, 0xff), qos: 1, retain: false },
      },
      'CONNECT protocolVersion=4 protocolName="MQTT" clientId="c1" cleanStart=true keepAlive=60 username="u" password="pw" will={topic="w/t" payload=<2 bytes 00ff> qos=1 retain=false}',
    ],
    [
      'CONNECT (5.0, with properties and user properties)',
      {
        type: 'connect',
        protocolVersion: 5,
        clientId: '',
        cleanStart: false,
        keepAlive: 0,
        will: { topic: 'w', payload: text('bye'), qos: 2, retain: true, properties: { willDelayInterval: 5 } },
        properties: { sessionExpiryInterval: 3600, userProperties: [['a', 'b'], ['c', 'd']] },
      },
      'CONNECT protocolVersion=5 clientId="" cleanStart=false keepAlive=0 will={topic="w" payload="bye" qos=2 retain=true properties={willDelayInterval=5}} properties={sessionExpiryInterval=3600 userProperties=[["a", "b"], ["c", "d"]]}',
    ],
    ['CONNACK', { type: 'connack', sessionPresent: false, reasonCode: 0 }, 'CONNACK sessionPresent=false reasonCode=0'],
    [
      'CONNACK (5.0)',
      { type: 'connack', sessionPresent: true, reasonCode: 0x87, properties: { reasonString: 'no "way"', assignedClientIdentifier: 'id-1' } },
      'CONNACK sessionPresent=true reasonCode=135 properties={reasonString="no \\"way\\"" assignedClientIdentifier="id-1"}',
    ],
    [
      'PUBLISH (QoS 1, text payload)',
      { type: 'publish', topic: 'a/b', payload: text('hello'), qos: 1, retain: true, dup: true, packetId: 10 },
      'PUBLISH topic="a/b" payload="hello" qos=1 retain=true dup=true packetId=10',
    ],
    [
      'PUBLISH (5.0, binary payload and correlation data)',
      {
        type: 'publish',
        topic: '',
        payload: u8(0xde, 0xad, 0xbe, 0xef),
        qos: 0,
        retain: false,
        dup: false,
        properties: { topicAlias: 3, correlationData: text('id'), subscriptionIdentifiers: [1, 268435455] },
      },
      'PUBLISH topic="" payload=<4 bytes deadbeef> qos=0 retain=false dup=false properties={topicAlias=3 correlationData="id" subscriptionIdentifiers=[1, 268435455]}',
    ],
    ['PUBLISH (string payload)', publishOf('say "hi"'), 'PUBLISH topic="t" payload="say \\"hi\\"" qos=0 retain=false dup=false'],
    ['PUBACK', { type: 'puback', packetId: 7 }, 'PUBACK packetId=7'],
    ['PUBREC', { type: 'pubrec', packetId: 1, reasonCode: 0x10 }, 'PUBREC packetId=1 reasonCode=16'],
    ['PUBREL', { type: 'pubrel', packetId: 65535, reasonCode: 0x92, properties: { reasonString: 'gone' } }, 'PUBREL packetId=65535 reasonCode=146 properties={reasonString="gone"}'],
    ['PUBCOMP', { type: 'pubcomp', packetId: 2 }, 'PUBCOMP packetId=2'],
    [
      'SUBSCRIBE',
      {
        type: 'subscribe',
        packetId: 3,
        subscriptions: [
          { topicFilter: 'a/+', qos: 1 },
          { topicFilter: '#', qos: 2, noLocal: true, retainAsPublished: false, retainHandling: 2 },
        ],
      },
      'SUBSCRIBE packetId=3 subscriptions=[{topicFilter="a/+" qos=1}, {topicFilter="#" qos=2 noLocal=true retainAsPublished=false retainHandling=2}]',
    ],
    ['SUBACK', { type: 'suback', packetId: 3, reasonCodes: [0, 1, 0x80] }, 'SUBACK packetId=3 reasonCodes=[0, 1, 128]'],
    ['UNSUBSCRIBE', { type: 'unsubscribe', packetId: 4, topicFilters: ['a', 'b/#'] }, 'UNSUBSCRIBE packetId=4 topicFilters=["a", "b/#"]'],
    ['UNSUBACK (3.1.1)', { type: 'unsuback', packetId: 4 }, 'UNSUBACK packetId=4'],
    ['UNSUBACK (5.0)', { type: 'unsuback', packetId: 4, reasonCodes: [0x11] }, 'UNSUBACK packetId=4 reasonCodes=[17]'],
    ['PINGREQ', { type: 'pingreq' }, 'PINGREQ'],
    ['PINGRESP', { type: 'pingresp' }, 'PINGRESP'],
    ['DISCONNECT (3.1.1)', { type: 'disconnect' }, 'DISCONNECT'],
    ['DISCONNECT (5.0)', { type: 'disconnect', reasonCode: 4, properties: { serverReference: 'other' } }, 'DISCONNECT reasonCode=4 properties={serverReference="other"}'],
    [
      'AUTH',
      { type: 'auth', reasonCode: 0x18, properties: { authenticationMethod: 'SCRAM', authenticationData: u8(1, 2) } },
      'AUTH reasonCode=24 properties={authenticationMethod="SCRAM" authenticationData=<2 bytes 0102>}',
    ],
  ];
  it.each(cases)('%s', (_label, packet, line) => {
    expect(formatPacket(packet)).toBe(line);
  });
});

describe('formatPacket: the label', () => {
  it('an unknown type is shown in capitals', () => {
    expect(formatPacket({ type: 'weird' } as unknown as Packet)).toBe('WEIRD');
    expect(formatPacket({ type: 'Mixed-case', n: 1 } as unknown as Packet)).toBe('MIXED-CASE n=1');
  });

  it('a type named like an Object.prototype member is not looked up there', () => {
    expect(formatPacket({ type: 'toString' } as unknown as Packet)).toBe('TOSTRING');
    expect(formatPacket({ type: 'constructor' } as unknown as Packet)).toBe('CONSTRUCTOR');
  });

  it('without fields the line is the label alone, with no trailing space', () => {
    expect(formatPacket({ type: 'pingresp' })).toBe('PINGRESP');
    expect(formatPacket({ type: 'disconnect', reasonCode: undefined, properties: undefined })).toBe('DISCONNECT');
  });
});

describe('formatPacket: which fields are shown', () => {
  it('fields holding undefined are left out, wherever they are', () => {
    const packet = { type: 'puback', packetId: 7, reasonCode: undefined, properties: { reasonString: undefined, topicAlias: 1 } };
    expect(formatPacket(packet as unknown as Packet)).toBe('PUBACK packetId=7 properties={topicAlias=1}');
  });

  it('inherited fields are left out', () => {
    const packet = Object.assign(Object.create({ inherited: 1, type: 'pubcomp' }) as object, { type: 'puback', packetId: 7 });
    expect(formatPacket(packet as Packet)).toBe('PUBACK packetId=7');
  });

  it('only the packet\'s own type is left out: a nested `type` field is shown', () => {
    expect(formatPacket({ type: 'weird', inner: { type: 'x', n: 2 } } as unknown as Packet)).toBe('WEIRD inner={type="x" n=2}');
  });

  it('a nested field named with the empty string is shown (nothing is skipped inside a nested object)', () => {
    expect(formatPacket({ type: 'weird', inner: { '': 1, n: 2 } } as unknown as Packet)).toBe('WEIRD inner={=1 n=2}');
  });

  it('fields are shown in the object\'s order, separated by one space', () => {
    expect(formatPacket({ type: 'weird', b: 1, a: 2, c: 3 } as unknown as Packet)).toBe('WEIRD b=1 a=2 c=3');
  });
});

describe('formatPacket: field values', () => {
  it('strings are JSON strings; numbers, booleans, null and bigints as written', () => {
    const packet = { type: 'weird', s: 'a "q"\n', i: -1.5, t: true, f: false, z: null, big: 12n };
    expect(formatPacket(packet as unknown as Packet)).toBe('WEIRD s="a \\"q\\"\\n" i=-1.5 t=true f=false z=null big=12');
  });

  it('arrays: empty, one element, several elements, nested; objects: empty and nested', () => {
    const packet = { type: 'weird', e: [], one: ['x'], many: [1, 2, 3], nested: [[], [u8(1)], { k: [true] }], o: {}, deep: { a: { b: { c: 0 } } } };
    expect(formatPacket(packet as unknown as Packet)).toBe(
      'WEIRD e=[] one=["x"] many=[1, 2, 3] nested=[[], [<1 bytes 01>], {k=[true]}] o={} deep={a={b={c=0}}}',
    );
  });

  it('an array element holding undefined is shown as undefined (an array keeps its positions)', () => {
    expect(formatPacket({ type: 'weird', a: [1, undefined, 3] } as unknown as Packet)).toBe('WEIRD a=[1, undefined, 3]');
  });
});

describe('formatPacket: bytes as text', () => {
  it('printable ASCII, space, tab, newline and carriage return are text', () => {
    expect(payloadShown(text('a b\t\n\r~ !09AZaz'))).toBe('"a b\\t\\n\\r~ !09AZaz"');
  });

  it.each([
    ['space', 0x20, '" "'],
    ['tilde', 0x7e, '"~"'],
    ['tab', 0x09, '"\\t"'],
    ['newline', 0x0a, '"\\n"'],
    ['carriage return', 0x0d, '"\\r"'],
  ])('one %s byte is text', (_label, byte, shown) => {
    expect(payloadShown(u8(byte))).toBe(shown);
  });

  it.each([
    ['NUL', 0x00],
    ['U+0001', 0x01],
    ['vertical tab', 0x0b],
    ['form feed', 0x0c],
    ['U+001F', 0x1f],
    ['DEL', 0x7f],
    ['0x80', 0x80],
    ['0xFF', 0xff],
  ])('one %s byte is hex', (_label, byte) => {
    expect(payloadShown(u8(byte))).toBe(`<1 bytes ${byte.toString(16).padStart(2, '0')}>`);
  });

  it('one non-printable byte among text makes the whole value hex', () => {
    expect(payloadShown(text('ab\u0001cd'))).toBe('<5 bytes 6162016364>');
    expect(payloadShown(u8(0x61, 0x62, 0x7f))).toBe('<3 bytes 61627f>');
  });

  it('empty bytes are <0 bytes>', () => {
    expect(payloadShown(u8())).toBe('<0 bytes>');
    expect(payloadShown(u8(), 0)).toBe('<0 bytes>');
  });

  it('text longer than 16 bytes is whole (it is built 16 bytes at a time)', () => {
    const s = 'abcdefghijklmnopqrstuvwxyz0123456789ABCD'; // 40 bytes
    expect(payloadShown(text(s))).toBe(`"${s}"`);
    expect(payloadShown(text(s.slice(0, 16)))).toBe(`"${s.slice(0, 16)}"`);
    expect(payloadShown(text(s.slice(0, 32)))).toBe(`"${s.slice(0, 32)}"`);
  });
});

describe('formatPacket: long bytes are cut after maxBytes (default 48)', () => {
  const s60 = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWX'; // 60 bytes

  it('text over the limit: the first maxBytes characters, then …(n bytes)', () => {
    expect(payloadShown(text('abcdefghij'), 4)).toBe('"abcd"…(10 bytes)');
    expect(payloadShown(text(s60), 20)).toBe(`"${s60.slice(0, 20)}"…(60 bytes)`);
    expect(payloadShown(text(s60))).toBe(`"${s60.slice(0, 48)}"…(60 bytes)`);
    expect(payloadShown(text(s60.slice(0, 49)))).toBe(`"${s60.slice(0, 48)}"…(49 bytes)`);
  });

  it('text of exactly maxBytes, or fewer, is whole', () => {
    expect(payloadShown(text('abcd'), 4)).toBe('"abcd"');
    expect(payloadShown(text('abc'), 4)).toBe('"abc"');
    expect(payloadShown(text(s60.slice(0, 48)))).toBe(`"${s60.slice(0, 48)}"`);
  });

  it('hex over the limit: the first maxBytes bytes, then …', () => {
    expect(payloadShown(u8(1, 2, 3, 4, 5), 4)).toBe('<5 bytes 01020304…>');
    const bin = Uint8Array.from({ length: 50 }, (_, i) => i);
    expect(payloadShown(bin)).toBe(`<50 bytes ${bytesToHex(bin.subarray(0, 48))}…>`);
  });

  it('hex of exactly maxBytes, or fewer, is whole', () => {
    expect(payloadShown(u8(1, 2, 3, 4), 4)).toBe('<4 bytes 01020304>');
    expect(payloadShown(u8(1, 2, 3), 4)).toBe('<3 bytes 010203>');
  });

  it('maxBytes 0 shows only the count', () => {
    expect(payloadShown(text('ab'), 0)).toBe('""…(2 bytes)');
    expect(payloadShown(u8(0, 1), 0)).toBe('<2 bytes …>');
  });

  it('the limit applies to bytes in nested fields too', () => {
    const packet: Packet = { type: 'auth', properties: { authenticationData: text('secret'), userProperties: [['k', 'v']] } };
    expect(formatPacket(packet, 3)).toBe('AUTH properties={authenticationData="sec"…(6 bytes) userProperties=[["k", "v"]]}');
  });
});

describe('bytesToHex', () => {
  it('every byte value as two lower-case digits, in order', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    let expected = '';
    for (let i = 0; i < 256; i++) expected += i.toString(16).padStart(2, '0');
    expect(bytesToHex(all)).toBe(expected);
  });

  it('empty bytes give the empty string; a view gives only its own bytes', () => {
    expect(bytesToHex(u8())).toBe('');
    expect(bytesToHex(u8(0xaa, 0x0b, 0xc0, 0xdd).subarray(1, 3))).toBe('0bc0');
  });
});

describe('toJSONValue', () => {
  it('bytes become their hex string', () => {
    expect(toJSONValue(u8(0x01, 0xab, 0xff))).toBe('01abff');
    expect(toJSONValue(u8())).toBe('');
    expect(toJSONValue(u8(0, 0x10, 0x20, 0x30).subarray(1, 3))).toBe('1020');
  });

  it.each([
    ['a number', 42],
    ['a string', 'x'],
    ['true', true],
    ['false', false],
    ['zero', 0],
    ['null', null],
    ['undefined', undefined],
    ['a bigint', 10n],
  ])('%s is returned as it is', (_label, value) => {
    expect(toJSONValue(value)).toBe(value);
  });

  it('arrays are copied element by element, bytes inside them turned to hex', () => {
    const input = [u8(1), 2, 'three', [u8(4, 5)], null];
    const out = toJSONValue(input);
    expect(out).toStrictEqual(['01', 2, 'three', ['0405'], null]);
    expect(out).not.toBe(input);
  });

  it('objects are copied own field by own field, bytes turned to hex, undefined fields dropped', () => {
    const input = { a: u8(0xab), b: undefined, c: null, d: { e: [u8(0xcd)], f: undefined }, g: 0, h: '' };
    const out = toJSONValue(input);
    expect(out).toStrictEqual({ a: 'ab', c: null, d: { e: ['cd'] }, g: 0, h: '' });
    expect(Object.keys(out as object)).toEqual(['a', 'c', 'd', 'g', 'h']);
    expect(Object.keys((out as { d: object }).d)).toEqual(['e']);
    expect(out).not.toBe(input);
    // The input is left as it was.
    expect(input.a).toEqual(u8(0xab));
    expect(input.d.e[0]).toEqual(u8(0xcd));
  });

  it('an object with nothing to copy becomes {} — also a Map, whose entries are not fields', () => {
    expect(toJSONValue({})).toStrictEqual({});
    expect(toJSONValue({ x: undefined })).toStrictEqual({});
    expect(toJSONValue(new Map([['k', 1]]))).toStrictEqual({});
  });

  it('a whole packet: JSON.stringify of the copy is exact and readable', () => {
    const packet: Packet = {
      type: 'publish',
      topic: 'a/b',
      payload: u8(0x68, 0x00, 0xff),
      qos: 1,
      retain: false,
      dup: false,
      packetId: 9,
      properties: { correlationData: u8(0x0a), userProperties: [['k', 'v']], subscriptionIdentifiers: [5] },
    };
    expect(JSON.stringify(toJSONValue(packet))).toBe(
      '{"type":"publish","topic":"a/b","payload":"6800ff","qos":1,"retain":false,"dup":false,"packetId":9,' +
        '"properties":{"correlationData":"0a","userProperties":[["k","v"]],"subscriptionIdentifiers":[5]}}',
    );
  });
});

describe('formatPacket: strings and printable bytes are quoted exactly as JSON.stringify quotes them', () => {
  // formatPacket wraps plain printable ASCII itself (the common case, without a call to
  // JSON.stringify) and leaves everything else to JSON.stringify: the text must not tell.
  const chars = fc.constantFrom(...'az09 /+#"\\\t\n\r\u0000\u001f\u007f\u00e9\u20ac\ud83d\ude00\ud800'.split(''));
  const strings = fc.oneof(fc.string(), fc.string({ unit: chars }), fc.string({ unit: 'grapheme' }));

  it.each([
    ['plain printable ASCII', 'sensors/a b/~!'],
    ['a quote', 'a"b'],
    ['a backslash', 'a\\b'],
    ['a tab and a newline', 'a\tb\nc'],
    ['a control character', '\u0001'],
    ['DEL (not escaped by JSON)', '\u007f'],
    ['non-ASCII', 'caf\u00e9 \u20ac'],
    ['a lone surrogate', 'x\ud800'],
    ['the empty string', ''],
  ])('a string field with %s reads as JSON.stringify writes it', (_what, topic) => {
    expect(formatPacket({ type: 'publish', topic, payload: new Uint8Array(0), qos: 0, retain: false, dup: false })).toBe(`PUBLISH topic=${JSON.stringify(topic)} payload=<0 bytes> qos=0 retain=false dup=false`);
  });

  it.each([
    ['a quote', [0x61, 0x22, 0x62]],
    ['a backslash', [0x61, 0x5c, 0x62]],
    ['tab, newline, carriage return', [9, 10, 13]],
    ['space and tilde', [0x20, 0x7e]],
  ])('printable bytes with %s read as JSON.stringify writes their text', (_what, bytes) => {
    expect(payloadShown(Uint8Array.from(bytes))).toBe(JSON.stringify(String.fromCharCode(...bytes)));
  });

  it('a string field reads as JSON.stringify writes it, whatever its characters', () => {
    fc.assert(
      fc.property(strings, (topic) => {
        expect(formatPacket({ type: 'publish', topic, payload: new Uint8Array(0), qos: 0, retain: false, dup: false })).toBe(`PUBLISH topic=${JSON.stringify(topic)} payload=<0 bytes> qos=0 retain=false dup=false`);
      }),
      { numRuns: 2000 },
    );
  });

  it('printable bytes read as JSON.stringify writes their text, cut after maxBytes', () => {
    const printableByte = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.constantFrom(9, 10, 13, 0x22, 0x5c));
    fc.assert(
      fc.property(fc.array(printableByte, { minLength: 1, maxLength: 80 }), fc.integer({ min: 1, max: 64 }), (bytes, max) => {
        const payload = Uint8Array.from(bytes);
        const cut = String.fromCharCode(...bytes.slice(0, max));
        expect(payloadShown(payload, max)).toBe(bytes.length > max ? `${JSON.stringify(cut)}…(${bytes.length} bytes)` : JSON.stringify(cut));
      }),
      { numRuns: 2000 },
    );
  });
});
