/**
 * The one fixture runner: every case of fixtures/packets/*.json (valid: decode equals the
 * expected packet and encode gives back the bytes; invalid: decode or encode throws the expected
 * reasonCode and rule), and every packet of the real sessions in fixtures/sessions/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, encode, MqttCodecError, type Packet, peekHeader, type ProtocolVersion } from '../src/index.js';
import { fromHex, reviveHex, toHex } from './helpers/hex.js';
import { type ExpectedError, loadFixtureFiles } from './helpers/fixtures.js';

const root = join(__dirname, '..', 'fixtures');

function expectCodecError(fn: () => unknown, expected: ExpectedError): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected an MqttCodecError').toBeInstanceOf(MqttCodecError);
  const err = thrown as MqttCodecError;
  const got: ExpectedError = { reasonCode: err.reasonCode, rule: err.rule ?? null };
  const want: ExpectedError = { reasonCode: expected.reasonCode, rule: expected.rule };
  if (expected.offset !== undefined) {
    got.offset = err.offset;
    want.offset = expected.offset;
  }
  expect(got, err.message).toEqual(want);
}

describe.each(loadFixtureFiles())('fixtures/packets/%s', (_file, cases) => {
  for (const c of cases) {
    const opts = { protocolVersion: c.protocolVersion, ...(c.from ? { from: c.from } : {}) };
    if (c.error !== undefined && c.hex !== undefined) {
      it(`rejects: ${c.name}`, () => expectCodecError(() => decode(fromHex(c.hex!), opts), c.error!));
    } else if (c.error !== undefined && c.encode !== undefined) {
      it(`refuses to encode: ${c.name}`, () => expectCodecError(() => encode(reviveHex(c.encode) as Packet, opts), c.error!));
    } else {
      it(`decodes: ${c.name}`, () => {
        const bytes = fromHex(c.hex!);
        const expected = reviveHex(c.packet) as Packet;
        const decoded = decode(bytes, opts);
        expect(decoded).toEqual(expected);
        if (c.canonical === false) {
          expect(decode(encode(expected, opts), opts)).toEqual(expected);
        } else {
          expect(toHex(encode(expected, opts))).toBe(toHex(bytes));
        }
      });
    }
  }
});

interface SessionMeta {
  name: string;
  protocolVersion: ProtocolVersion;
  client: string;
  server: string;
  packets: { client: string[]; server: string[] };
}

/** Splits a recorded byte stream into packets with peekHeader. */
function split(stream: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let pos = 0;
  while (pos < stream.length) {
    const h = peekHeader(stream, pos);
    if (h === undefined) throw new Error(`stream ends inside a fixed header at ${pos}`);
    out.push(stream.subarray(pos, pos + h.headerLength + h.remainingLength));
    pos += h.headerLength + h.remainingLength;
  }
  return out;
}

const sessions = readdirSync(join(root, 'sessions'))
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(root, 'sessions', f), 'utf8')) as SessionMeta);

describe('interop: real sessions recorded from mosquitto 2.0.11 and its clients', () => {
  it('there are recorded sessions for 3.1, 3.1.1 and 5.0', () => {
    expect(new Set(sessions.map((s) => s.protocolVersion))).toEqual(new Set([3, 4, 5]));
  });
  for (const s of sessions) {
    for (const side of ['client', 'server'] as const) {
      it(`${s.name} ${side}→: every packet decodes, in the order tshark saw, and re-encodes byte-exactly`, () => {
        const stream = new Uint8Array(readFileSync(join(root, 'sessions', s[side])));
        const packets = split(stream);
        const decoded = packets.map((bytes) => decode(bytes, { protocolVersion: s.protocolVersion }));
        expect(decoded.map((p) => p.type)).toEqual(s.packets[side]);
        packets.forEach((bytes, i) => {
          expect(toHex(encode(decoded[i], { protocolVersion: s.protocolVersion }))).toBe(toHex(bytes));
        });
      });
    }
  }
});
