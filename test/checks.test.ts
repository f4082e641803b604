/**
 * The strictness policy over named checks (src/checks.ts): for every check, invalid fixtures that
 * break it decode as errors by default and with 'error', are reported and read on with 'warn', and
 * are read on silently with 'off' — on decode, inspect, the Decoder and encode. Framing faults
 * stay errors whatever the policy says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CHECKS,
  type CheckName,
  type CheckWarning,
  decode,
  Decoder,
  encode,
  FRAMING_FAULTS,
  inspect,
  MqttCodecError,
  type Packet,
  RULES,
  type ProtocolVersion,
  severityOf,
} from '../src/index.js';
import { fromHex } from './helpers/hex.js';

interface Case {
  name: string;
  protocolVersion: ProtocolVersion;
  from?: 'client' | 'server';
  hex?: string;
  error?: unknown;
}

const dir = join(__dirname, '..', 'fixtures', 'packets');
const invalid: Case[] = readdirSync(dir).flatMap((file) => {
  const data = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  return ((Array.isArray(data) ? data : data.cases) as Case[]).filter((c) => c.error !== undefined && c.hex !== undefined);
});

/** The error strict decode throws for `c`. */
function strictError(c: Case): MqttCodecError {
  try {
    decode(fromHex(c.hex!), { protocolVersion: c.protocolVersion, from: c.from });
  } catch (e) {
    return e as MqttCodecError;
  }
  throw new Error(`${c.name} decodes`);
}

/** Decode outcome of `c` under a policy: the packet, or the error's key; the warnings' keys. */
function outcome(c: Case, checks: Record<string, string>): { key?: string; packet?: Packet; warnings: string[] } {
  const warnings: string[] = [];
  const options = { protocolVersion: c.protocolVersion, from: c.from, checks, onWarning: (w: CheckWarning) => warnings.push(w.key) };
  try {
    return { packet: decode(fromHex(c.hex!), options as never), warnings };
  } catch (e) {
    expect(e).toBeInstanceOf(MqttCodecError);
    return { key: (e as MqttCodecError).key, warnings };
  }
}

const byCheck = new Map<string, Case[]>();
for (const c of invalid) {
  const key = strictError(c).key;
  if (key in CHECKS) byCheck.set(key, [...(byCheck.get(key) ?? []), c]);
}

describe('named checks', () => {
  it('every error carries a stable key: a check or a framing fault', () => {
    for (const c of invalid) {
      const key = strictError(c).key;
      expect(key in CHECKS || (FRAMING_FAULTS as readonly string[]).includes(key) || key in RULES, `${c.name}: ${key}`).toBe(true);
    }
  });

  it('names are disjoint: no check is also a framing fault', () => {
    for (const name of Object.keys(CHECKS)) expect((FRAMING_FAULTS as readonly string[]).includes(name)).toBe(false);
  });

  it('most checks are exercised by an invalid fixture (the rest by the encode cases below)', () => {
    expect(byCheck.size).toBeGreaterThanOrEqual(30);
  });

  describe.each([...byCheck.keys()])('%s', (name) => {
    const cases = byCheck.get(name)!;

    it("'error' (and the default) throws it; 'warn' reports it once and reads on; 'off' reads on silently", () => {
      for (const c of cases) {
        expect(outcome(c, {}).key).toBe(name);
        expect(outcome(c, { [name]: 'error' }).key).toBe(name);
        const warned = outcome(c, { [name]: 'warn' });
        const off = outcome(c, { [name]: 'off' });
        // Read on: a packet, or another fault further on (never this check again as an error).
        expect(warned.key, c.name).not.toBe(name);
        expect(off.key, c.name).not.toBe(name);
        expect(warned.warnings, c.name).toContain(name);
        expect(off.warnings, c.name).toEqual([]);
        expect(warned.packet).toEqual(off.packet);
      }
    });

    it('inspect lists it under warnings, not diagnostics, when relaxed to warn', () => {
      for (const c of cases) {
        const strict = inspect(fromHex(c.hex!), { protocolVersion: c.protocolVersion, from: c.from });
        expect(strict.diagnostics.map((d) => d.key)).toContain(name);
        const relaxed = inspect(fromHex(c.hex!), { protocolVersion: c.protocolVersion, from: c.from, checks: { [name]: 'warn' } });
        expect(relaxed.diagnostics.map((d) => d.key)).not.toContain(name);
        expect(relaxed.warnings.map((d) => d.key)).toContain(name);
        expect(relaxed.warnings.every((w) => w.severity === 'warning')).toBe(true);
      }
    });

    it('the Decoder follows the policy too, on the same bytes in one-byte chunks', () => {
      for (const c of cases) {
        const bytes = fromHex(c.hex!);
        const warnings: string[] = [];
        const decoder = new Decoder({ protocolVersion: c.protocolVersion, from: c.from, checks: { [name]: 'warn' }, onWarning: (w) => warnings.push(w.key) });
        const relaxed = outcome(c, { [name]: 'off' });
        let error: MqttCodecError | undefined;
        const packets: Packet[] = [];
        try {
          for (let i = 0; i < bytes.length; i++) packets.push(...decoder.push(bytes.subarray(i, i + 1)));
        } catch (e) {
          error = e as MqttCodecError;
        }
        if (relaxed.packet !== undefined) expect(packets).toEqual([relaxed.packet]);
        else expect(error?.key).toBe(relaxed.key);
        expect(warnings).toContain(name);
      }
    });
  });

  it('a framing fault (or a rule no check names) stays an error whatever the policy says', () => {
    const everythingOff = Object.fromEntries(Object.keys(CHECKS).map((k) => [k, 'off']));
    let framing = 0;
    for (const c of invalid) {
      const key = strictError(c).key;
      if (key in CHECKS) continue;
      framing++;
      expect(outcome(c, everythingOff).key, c.name).toBe(key);
      expect(outcome(c, { ...everythingOff }).warnings).toEqual([]);
    }
    expect(framing).toBeGreaterThan(20);
  });

  it('README lists every check with its rule and mqtt-packet severity, and every framing fault', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `(\w+)` \| (?:`(\w+)`|—) \| (error|off) \| .+ \|$/gm)];
    expect(rows.map((m) => m[1]).sort()).toEqual(Object.keys(CHECKS).sort());
    for (const m of rows) {
      const def = CHECKS[m[1] as CheckName];
      expect(m[2] ?? null, m[1]).toBe(def.rule);
      expect(m[3], m[1]).toBe(def.mqttPacket);
    }
    for (const key of FRAMING_FAULTS) expect(readme).toContain(`\`${key}\``);
  });

  it('severityOf: strict makes every check an error but bridgeProtocolLevel; mqtt-packet follows the table; own settings win', () => {
    for (const [name, def] of Object.entries(CHECKS)) {
      expect(severityOf(name, undefined)).toBe(name === 'bridgeProtocolLevel' ? 'off' : 'error');
      expect(severityOf(name, { preset: 'mqtt-packet' })).toBe(def.mqttPacket);
      expect(severityOf(name, { preset: 'mqtt-packet', checks: { [name as CheckName]: 'warn' } })).toBe('warn');
    }
    expect(severityOf('truncated', { checks: { truncated: 'off' } as never })).toBe('error');
  });
});

describe('encode can break rules on purpose; framing stays self-consistent', () => {
  const V5 = { protocolVersion: 5 } as const;
  const cases: { check: CheckName; packet: Packet; v: ProtocolVersion }[] = [
    { check: 'packetIdNonZero', packet: { type: 'puback', packetId: 0 }, v: 4 },
    { check: 'topicNameWildcard', packet: { type: 'publish', topic: 'a/+', payload: 'x', qos: 0, retain: false, dup: false }, v: 4 },
    { check: 'topicNonEmpty', packet: { type: 'publish', topic: '', payload: 'x', qos: 0, retain: false, dup: false }, v: 4 },
    { check: 'publishDupQos0', packet: { type: 'publish', topic: 't', payload: 'x', qos: 0, retain: false, dup: true }, v: 4 },
    { check: 'topicMultiLevelWildcard', packet: { type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a/#/b', qos: 0 }] }, v: 4 },
    { check: 'subscribeReservedBits', packet: { type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 128 as 0 }] }, v: 4 },
    { check: 'subscribeQos3', packet: { type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 3 as 0 }] }, v: 4 },
    { check: 'subscribeNonEmpty', packet: { type: 'subscribe', packetId: 1, subscriptions: [] }, v: 4 },
    { check: 'unsubscribeNonEmpty', packet: { type: 'unsubscribe', packetId: 1, topicFilters: [] }, v: 4 },
    { check: 'connackReturnCode', packet: { type: 'connack', sessionPresent: false, reasonCode: 6 }, v: 4 },
    { check: 'connackReasonCode', packet: { type: 'connack', sessionPresent: false, reasonCode: 0x01 }, v: 5 },
    { check: 'pubackReasonCode', packet: { type: 'puback', packetId: 1, reasonCode: 142 }, v: 5 },
    { check: 'propertyValue', packet: { type: 'publish', topic: 't', payload: 'x', qos: 0, retain: false, dup: false, properties: { topicAlias: 0 } }, v: 5 },
    { check: 'propertyNotAllowed', packet: { type: 'puback', packetId: 1, reasonCode: 0, properties: { topicAlias: 3 } }, v: 5 },
    { check: 'protocolNameLevel', packet: { type: 'connect', protocolVersion: 5, protocolName: 'MQIsdp', clientId: 'c', cleanStart: true, keepAlive: 0 }, v: 5 },
    { check: 'protocolName', packet: { type: 'connect', protocolVersion: 4, protocolName: 'MQTX', clientId: 'c', cleanStart: true, keepAlive: 0 }, v: 4 },
    { check: 'passwordNeedsUserName', packet: { type: 'connect', protocolVersion: 4, clientId: 'c', cleanStart: true, keepAlive: 0, password: new Uint8Array([1]) }, v: 4 },
  ];

  it.each(cases)('$check: refused by default, written with warn (reported) and off; the bytes decode under the same relaxation', ({ check, packet, v }) => {
    const opts = { protocolVersion: v };
    expect(() => encode(packet, opts)).toThrow(MqttCodecError);
    try {
      encode(packet, opts);
    } catch (e) {
      expect((e as MqttCodecError).key).toBe(check);
    }
    const warnings: string[] = [];
    const warned = encode(packet, { ...opts, checks: { [check]: 'warn' }, onWarning: (w) => warnings.push(w.key) });
    expect(warnings).toEqual([check]);
    const off = encode(packet, { ...opts, checks: { [check]: 'off' } });
    expect(off).toEqual(warned);
    // Framing is self-consistent: the Remaining Length covers exactly the bytes written.
    const back = decode(off, { ...opts, checks: { [check]: 'off' } });
    expect(back.type).toBe(packet.type);
    expect(() => decode(off, opts)).toThrow(MqttCodecError);
  });

  it('a relaxed encode writes the value as given (packet identifier 0, SUBSCRIBE QoS 128, protocol name)', () => {
    const off = { checks: { packetIdNonZero: 'off', subscribeReservedBits: 'off', protocolNameLevel: 'off' } } as const;
    expect([...encode({ type: 'puback', packetId: 0 }, off)]).toEqual([0x40, 0x02, 0x00, 0x00]);
    expect([...encode({ type: 'subscribe', packetId: 1, subscriptions: [{ topicFilter: 'a', qos: 128 as 0 }] }, off)]).toEqual([0x82, 0x06, 0, 1, 0, 1, 0x61, 0x80]);
    const connect = encode({ type: 'connect', protocolVersion: 5, protocolName: 'MQIsdp', clientId: '', cleanStart: true, keepAlive: 0 }, { ...V5, ...off });
    expect(new TextDecoder().decode(connect.subarray(4, 10))).toBe('MQIsdp');
    expect(connect[10]).toBe(5);
  });
});

describe('bridges (Protocol Level 0x80 | level)', () => {
  const bridge311 = fromHex('101000044d515454 84 02 003c 0004 62726467');

  it('a 0x84 CONNECT decodes as a 3.1.1 CONNECT marked bridge: true, by default', () => {
    expect(decode(bridge311)).toEqual({
      type: 'connect',
      protocolVersion: 4,
      protocolName: 'MQTT',
      clientId: 'brdg',
      cleanStart: true,
      keepAlive: 60,
      bridge: true,
    });
    expect(inspect(bridge311).diagnostics).toEqual([]);
  });

  it('encodes back byte-exact', () => {
    expect(encode(decode(bridge311))).toEqual(bridge311);
    const v31 = encode({ type: 'connect', protocolVersion: 3, clientId: 'b', cleanStart: true, keepAlive: 0, bridge: true });
    expect(v31[10]).toBe(0x83); // after the 2-byte header and "MQIsdp" with its length
    expect(decode(v31)).toMatchObject({ protocolVersion: 3, bridge: true });
  });

  it("the policy can refuse them: bridgeProtocolLevel 'error'", () => {
    expect(() => decode(bridge311, { checks: { bridgeProtocolLevel: 'error' } })).toThrow(expect.objectContaining({ key: 'bridgeProtocolLevel', offset: 8 }));
    expect(() => encode(decode(bridge311), { checks: { bridgeProtocolLevel: 'error' } })).toThrow(MqttCodecError);
  });
});
