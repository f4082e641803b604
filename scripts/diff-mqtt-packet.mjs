#!/usr/bin/env node
// Differential harness: mqtt-codec's drop-in (dist/mqtt-packet.cjs; build first) against
// mqtt-packet 9.0.2 (node_modules/mqtt-packet), both with their default options.
//
// Parser: real packets (fixtures/sessions/*.bin split into packets, the valid cases of
// fixtures/packets/*.json, and packets of all 15 types written by mqtt-packet's generate for
// 3.1.1 and 5.0) are mutated — seeded, so the same seed gives the same inputs — by byte-level
// edits (bit flips, random bytes, inserted/removed bytes with and without the lengths fixed,
// truncation, Remaining Length tweaks) and by field substitutions that keep the framing
// consistent (packet id 0, QoS 3, reserved reason codes, wildcard and empty topics, bad filters,
// U+0000 and ill-formed UTF-8 in strings, bad or duplicated properties, property values, protocol
// name/level, CONNECT flags, subscription options, reserved header flags). Each input goes to a
// fresh parser of each library with the version it was recorded for; the outcomes are compared:
// accept (packets, no error), reject (an 'error') or incomplete (neither), and where both accept,
// the packets, with tape's deepLooseEqual as mqtt-packet's own test.js compares them (topic and
// payload removed from non-PUBLISH packets, as its tests do).
//
// Generate: packet objects — valid ones of every type, and the deliberately invalid ones of
// issue 17 (empty/wildcard topics, bad filters, packet id 0, SUBSCRIBE QoS 128, protocolId/level
// mismatch, CONNACK return code 6 or 135 in 3.1.1, Topic Alias 0, reason code 142 in PUBACK,
// maximumPacketSize in opts.properties, bridgeMode), plus seeded field substitutions of the valid
// ones — go through both libraries' generate: the same bytes, or both throw with the same message.
//
// Usage: node scripts/diff-mqtt-packet.mjs [--seed N] [--count N] [--generate-count N] [--json]
//   (npm run diff:mqtt-packet). Prints the agreement rates, the disagreements by mutation kind
//   (count, one example hex each) and the generate mismatches. Exit status 0 always (a report).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const reference = require('mqtt-packet');
const deepLooseEqual = createRequire(require.resolve('tape'))('deep-equal');

/** The drop-in, loaded from `dist` (default: this repository's build). */
export function loadDropIn(dist = join(root, 'dist')) {
  return require(join(dist, 'mqtt-packet.cjs'));
}

// ---------------------------------------------------------------------------------------------
// Seeded randomness

/** mulberry32: a small seeded generator of floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n) => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)] };
}

// ---------------------------------------------------------------------------------------------
// Seeds: real and generated packets

const hex = (b) => Buffer.from(b).toString('hex');
const fromHex = (s) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Splits a byte stream into whole packets by their fixed headers (a trailing part is dropped). */
function splitPackets(bytes) {
  const out = [];
  let at = 0;
  while (at + 2 <= bytes.length) {
    let i = at + 1;
    let rl = 0;
    let mul = 1;
    for (; i < bytes.length && i < at + 5; i++) {
      rl += (bytes[i] & 0x7f) * mul;
      mul *= 128;
      if ((bytes[i] & 0x80) === 0) break;
    }
    const end = i + 1 + rl;
    if (end > bytes.length) break;
    out.push(bytes.subarray(at, end));
    at = end;
  }
  return out;
}

/** Valid packets of every type, as mqtt-packet objects, for 3.1.1 (4) and 5.0 (5). */
export function packetObjects() {
  const v5props = { sessionExpiryInterval: 60, receiveMaximum: 20, maximumPacketSize: 1000, topicAliasMaximum: 10, requestResponseInformation: true, requestProblemInformation: false, userProperties: { a: 'b' } };
  const objects = [];
  for (const v of [4, 5]) {
    const p5 = (props) => (v === 5 ? { properties: props } : {});
    objects.push(
      { protocolVersion: v, object: { cmd: 'connect', protocolId: 'MQTT', protocolVersion: v, clean: true, clientId: 'client-1', keepalive: 30, username: 'user', password: Buffer.from('pass'), will: { topic: 'will/t', payload: Buffer.from('bye'), qos: 1, retain: false, ...p5({ willDelayInterval: 5, contentType: 'text/plain' }) }, ...p5(v5props) } },
      { protocolVersion: v, object: { cmd: 'connect', protocolId: 'MQTT', protocolVersion: v, clean: true, clientId: '', keepalive: 0 } },
      { protocolVersion: v, object: { cmd: 'connack', sessionPresent: true, ...(v === 5 ? { reasonCode: 0, properties: { topicAliasMaximum: 5, maximumQoS: 1, assignedClientIdentifier: 'abc', serverKeepAlive: 40 } } : { returnCode: 0 }) } },
      { protocolVersion: v, object: { cmd: 'connack', sessionPresent: false, ...(v === 5 ? { reasonCode: 135 } : { returnCode: 5 }) } },
      { protocolVersion: v, object: { cmd: 'publish', topic: 'a/b', payload: Buffer.from('hello'), qos: 0, retain: false, dup: false, ...p5({ payloadFormatIndicator: true, messageExpiryInterval: 10, contentType: 'text/plain', userProperties: { k: 'v' } }) } },
      { protocolVersion: v, object: { cmd: 'publish', topic: 'sensors/temp', payload: Buffer.from('21.5'), qos: 1, retain: true, dup: false, messageId: 7, ...p5({ topicAlias: 3, responseTopic: 'r/t', correlationData: Buffer.from('c') }) } },
      { protocolVersion: v, object: { cmd: 'publish', topic: 'q2', payload: Buffer.alloc(0), qos: 2, retain: false, dup: true, messageId: 65535 } },
      ...['puback', 'pubrec', 'pubrel', 'pubcomp'].map((cmd) => ({ protocolVersion: v, object: { cmd, messageId: 42, ...(cmd === 'pubrel' ? { qos: 1 } : {}), ...(v === 5 ? { reasonCode: cmd === 'pubrel' || cmd === 'pubcomp' ? 146 : 16, properties: { reasonString: 'why', userProperties: { x: 'y' } } } : {}) } })),
      { protocolVersion: v, object: { cmd: 'subscribe', messageId: 9, qos: 1, subscriptions: [{ topic: 'a/+/c', qos: 1, ...(v === 5 ? { nl: true, rap: false, rh: 1 } : {}) }, { topic: 'x/#', qos: 2 }], ...p5({ subscriptionIdentifier: 12, userProperties: { s: 't' } }) } },
      { protocolVersion: v, object: { cmd: 'suback', messageId: 9, granted: [0, 1, 2, 128], ...p5({ reasonString: 'ok' }) } },
      { protocolVersion: v, object: { cmd: 'unsubscribe', messageId: 10, qos: 1, unsubscriptions: ['a/+/c', 'x/#'], ...p5({ userProperties: { u: 'v' } }) } },
      { protocolVersion: v, object: { cmd: 'unsuback', messageId: 10, ...(v === 5 ? { granted: [0, 17], properties: { reasonString: 'r' } } : {}) } },
      { protocolVersion: v, object: { cmd: 'pingreq' } },
      { protocolVersion: v, object: { cmd: 'pingresp' } },
      { protocolVersion: v, object: { cmd: 'disconnect', ...(v === 5 ? { reasonCode: 4, properties: { sessionExpiryInterval: 0, reasonString: 'bye' } } : {}) } },
    );
  }
  objects.push({ protocolVersion: 5, object: { cmd: 'auth', reasonCode: 24, properties: { authenticationMethod: 'SCRAM', authenticationData: Buffer.from('data') } } });
  objects.push({ protocolVersion: 3, object: { cmd: 'connect', protocolId: 'MQIsdp', protocolVersion: 3, clean: true, clientId: 'old', keepalive: 10 } });
  return objects;
}

/** Every seed packet: { bytes, protocolVersion, source }. */
export function seedPackets() {
  const seeds = [];
  const sessions = join(root, 'fixtures', 'sessions');
  for (const f of readdirSync(sessions).filter((n) => n.endsWith('.json')).sort()) {
    const meta = JSON.parse(readFileSync(join(sessions, f), 'utf8'));
    for (const side of ['client', 'server']) {
      for (const bytes of splitPackets(readFileSync(join(sessions, meta[side])))) seeds.push({ bytes, protocolVersion: meta.protocolVersion, source: `sessions/${meta[side]}` });
    }
  }
  const packets = join(root, 'fixtures', 'packets');
  for (const f of readdirSync(packets).filter((n) => n.endsWith('.json')).sort()) {
    for (const c of JSON.parse(readFileSync(join(packets, f), 'utf8')).cases) {
      if (c.error !== undefined || typeof c.hex !== 'string') continue;
      seeds.push({ bytes: fromHex(c.hex), protocolVersion: c.protocolVersion ?? 4, source: `packets/${f}` });
    }
  }
  for (const { protocolVersion, object } of packetObjects()) {
    seeds.push({ bytes: reference.generate(object, { protocolVersion }), protocolVersion, source: `generated/${object.cmd}/v${protocolVersion}` });
  }
  // AUTH does not exist in 3.1.1: its 5.0 bytes at level 4 are a seed of their own.
  seeds.push({ bytes: reference.generate(packetObjects().at(-2).object, { protocolVersion: 5 }), protocolVersion: 4, source: 'generated/auth/v4' });
  return seeds;
}

// ---------------------------------------------------------------------------------------------
// Packet layout: where the fields are, so that substitutions keep the framing consistent

const vbi = (n) => {
  const out = [];
  do {
    let d = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) d |= 0x80;
    out.push(d);
  } while (n > 0);
  return out;
};
/** Reads a Variable Byte Integer at `at`: [value, bytes] or null. */
function readVbi(b, at, end) {
  let v = 0;
  let mul = 1;
  for (let i = at; i < end && i < at + 4; i++) {
    v += (b[i] & 0x7f) * mul;
    mul *= 128;
    if ((b[i] & 0x80) === 0) return [v, i + 1 - at];
  }
  return null;
}

const PROPERTY_SIZE = {};
for (const id of [0x01, 0x17, 0x19, 0x24, 0x25, 0x28, 0x29, 0x2a]) PROPERTY_SIZE[id] = 'byte';
for (const id of [0x13, 0x21, 0x22, 0x23]) PROPERTY_SIZE[id] = 'two';
for (const id of [0x02, 0x11, 0x18, 0x27]) PROPERTY_SIZE[id] = 'four';
PROPERTY_SIZE[0x0b] = 'vbi';
for (const id of [0x03, 0x08, 0x12, 0x15, 0x1a, 0x1c, 0x1f]) PROPERTY_SIZE[id] = 'string';
for (const id of [0x09, 0x16]) PROPERTY_SIZE[id] = 'string';
PROPERTY_SIZE[0x26] = 'pair';

/** Length in bytes of the property starting at `at`, or -1. */
function propertyLength(b, at, end) {
  const kind = PROPERTY_SIZE[b[at]];
  const str = (o) => (o + 2 <= end ? 2 + ((b[o] << 8) | b[o + 1]) : -1);
  let n = -1;
  if (kind === 'byte') n = 2;
  else if (kind === 'two') n = 3;
  else if (kind === 'four') n = 5;
  else if (kind === 'vbi') n = 1 + (readVbi(b, at + 1, end)?.[1] ?? -2);
  else if (kind === 'string') n = 1 + str(at + 1);
  else if (kind === 'pair') {
    const k = str(at + 1);
    n = k < 0 ? -1 : 1 + k + str(at + 1 + k);
  }
  return n > 0 && at + n <= end ? n : -1;
}

/**
 * Offsets of a packet's fields (-1 where absent): fixed header end `h`, `end`, `packetId`,
 * `props` (the Property Length), `reason` (first reason/return code), `level`, `connectFlags`,
 * `strings` [{at, kind}] (2-byte-length strings: topic, filters, client id, ...), `options`
 * (SUBSCRIBE option bytes). Best effort: a field that does not fit is left out.
 */
export function layout(b, version) {
  const L = { type: b[0] >> 4, h: -1, end: -1, packetId: -1, props: -1, reason: -1, level: -1, connectFlags: -1, strings: [], options: [] };
  const rl = readVbi(b, 1, b.length);
  if (!rl) return L;
  L.h = 1 + rl[1];
  L.end = Math.min(b.length, L.h + rl[0]);
  const { h, end } = L;
  const str = (o, kind) => {
    if (o + 2 > end) return -1;
    const n = (b[o] << 8) | b[o + 1];
    if (o + 2 + n > end) return -1;
    L.strings.push({ at: o, kind });
    return o + 2 + n;
  };
  const skipProps = (o) => {
    if (o >= end) return -1;
    L.props = o;
    const p = readVbi(b, o, end);
    return p ? o + p[1] + p[0] : -1;
  };
  let o = h;
  switch (L.type) {
    case 1: {
      o = str(h, 'protocolName');
      if (o < 0 || o + 4 > end) return L;
      L.level = o;
      L.connectFlags = o + 1;
      const v = b[o] & 0x7f;
      o += 4;
      if (v === 5) o = skipProps(o);
      if (o >= 0) str(o, 'clientId');
      return L;
    }
    case 2:
      if (end - h >= 2) L.reason = h + 1;
      if (version === 5 && end - h > 2) skipProps(h + 2);
      return L;
    case 3:
      o = str(h, 'topic');
      if (o < 0) return L;
      if (((b[0] >> 1) & 3) > 0 && o + 2 <= end) {
        L.packetId = o;
        o += 2;
      }
      if (version === 5) skipProps(o);
      return L;
    case 4: case 5: case 6: case 7:
      if (end - h >= 2) L.packetId = h;
      if (version === 5 && end - h > 2) L.reason = h + 2;
      if (version === 5 && end - h > 3) skipProps(h + 3);
      return L;
    case 8: case 10:
      if (end - h < 2) return L;
      L.packetId = h;
      o = version === 5 ? skipProps(h + 2) : h + 2;
      while (o >= 0 && o < end) {
        o = str(o, 'filter');
        if (o < 0) break;
        if (L.type === 8 && o < end) L.options.push(o++);
      }
      return L;
    case 9: case 11:
      if (end - h < 2) return L;
      L.packetId = h;
      o = version === 5 ? skipProps(h + 2) : h + 2;
      if (o >= 0 && o < end) L.reason = o;
      return L;
    case 14: case 15:
      if (version === 5 && end > h) L.reason = h;
      if (version === 5 && end - h > 1) skipProps(h + 1);
      return L;
    default:
      return L;
  }
}

/** `b` with [at, at + del) replaced by `ins`; the Remaining Length (and the Property Length when the edit is inside the properties) re-encoded. */
function splice(b, L, at, del, ins) {
  let body = [...b.subarray(L.h, L.end)];
  const rel = at - L.h;
  body.splice(rel, del, ...ins);
  if (L.props >= 0 && at > L.props) {
    const p = readVbi(b, L.props, L.end);
    if (p && at <= L.props + p[1] + p[0]) {
      const pr = L.props - L.h;
      body.splice(pr, p[1], ...vbi(p[0] - del + ins.length));
    }
  }
  return Buffer.from([b[0], ...vbi(body.length), ...body, ...b.subarray(L.end)]);
}
const setByte = (b, at, v) => {
  const c = Buffer.from(b);
  c[at] = v;
  return c;
};
const utf8 = (s) => [...Buffer.from(s, 'utf8')];
/** Replaces the string at `s.at` (2-byte length + bytes) by `bytes`. */
function replaceString(b, L, s, bytes) {
  const n = (b[s.at] << 8) | b[s.at + 1];
  return splice(b, L, s.at, 2 + n, [bytes.length >> 8, bytes.length & 0xff, ...bytes]);
}

// ---------------------------------------------------------------------------------------------
// Mutations: each returns the mutated bytes, or null where it does not apply

const PROPERTY_VALUES = [
  [0x23, 0x00, 0x00], // Topic Alias 0
  [0x27, 0, 0, 0, 0], // Maximum Packet Size 0
  [0x21, 0, 0], // Receive Maximum 0
  [0x01, 0x02], // Payload Format Indicator 2
  [0x0b, 0x00], // Subscription Identifier 0
  [0x24, 0x02], // Maximum QoS 2
  [0x17, 0x05], // Request Problem Information 5
  [0x1f, 0x00, 0x03, 0x61, 0x00, 0x62], // Reason String with U+0000
  [0x03, 0x00, 0x02, 0xc3, 0x28], // Content Type, ill-formed UTF-8
  [0x26, 0x00, 0x01, 0x6b, 0x00, 0x01, 0x76], // a User Property
  [0x15, 0x00, 0x01, 0x6d], // Authentication Method
  [0x11, 0, 0, 0, 10], // Session Expiry Interval
];

export const MUTATIONS = {
  'bit-flip': (b, L, r) => setByte(b, r.int(b.length), b[r.int(b.length)] ^ (1 << r.int(8))),
  'byte-random': (b, L, r) => setByte(b, r.int(b.length), r.int(256)),
  'insert-raw': (b, L, r) => {
    const at = r.int(b.length + 1);
    return Buffer.from([...b.subarray(0, at), r.int(256), ...b.subarray(at)]);
  },
  'remove-raw': (b, L, r) => {
    if (b.length < 2) return null;
    const at = r.int(b.length);
    return Buffer.from([...b.subarray(0, at), ...b.subarray(at + 1)]);
  },
  'insert-fixed': (b, L, r) => (L.h < 0 ? null : splice(b, L, L.h + r.int(L.end - L.h + 1), 0, Array.from({ length: 1 + r.int(3) }, () => r.int(256)))),
  'remove-fixed': (b, L, r) => {
    if (L.h < 0 || L.end <= L.h) return null;
    const at = L.h + r.int(L.end - L.h);
    return splice(b, L, at, Math.min(1 + r.int(3), L.end - at), []);
  },
  truncate: (b, L, r) => (b.length < 2 ? null : b.subarray(0, 1 + r.int(b.length - 1))),
  'length-tweak': (b, L, r) => {
    if (L.h < 0) return null;
    const n = L.end - L.h + r.pick([-3, -2, -1, 1, 2, 3]);
    if (n < 0) return null;
    return Buffer.from([b[0], ...vbi(n), ...b.subarray(L.h)]);
  },
  'vbi-overlong': (b, L) => {
    if (L.h < 0) return null;
    const enc = vbi(L.end - L.h);
    if (enc.length >= 4) return null;
    enc[enc.length - 1] |= 0x80;
    return Buffer.from([b[0], ...enc, 0x00, ...b.subarray(L.h)]);
  },
  'header-flags': (b, L, r) => setByte(b, 0, (b[0] & 0xf0) | r.int(16)),
  'packet-type': (b, L, r) => setByte(b, 0, (r.int(16) << 4) | (b[0] & 0x0f)),
  'packet-id-0': (b, L) => (L.packetId < 0 ? null : setByte(setByte(b, L.packetId, 0), L.packetId + 1, 0)),
  'qos-3': (b, L, r) => {
    if (L.type === 3) return setByte(b, 0, b[0] | 0x06);
    if (L.type === 8 && L.options.length > 0) return setByte(b, r.pick(L.options), (b[L.options[0]] & 0xfc) | 3);
    if (L.type === 1 && L.connectFlags >= 0) return setByte(b, L.connectFlags, b[L.connectFlags] | 0x18);
    return null;
  },
  'subscribe-options': (b, L, r) => (L.options.length === 0 ? null : setByte(b, r.pick(L.options), r.pick([0x80, 0x40, 0x30, 0xc0, 0x04, 0x08, 0x2c, r.int(256)]))),
  'reason-code': (b, L, r) => (L.reason < 0 ? null : setByte(b, L.reason, r.int(256))),
  'topic-wildcard': (b, L, r) => {
    const s = L.strings.find((x) => x.kind === 'topic');
    if (!s) return null;
    const t = Buffer.from(b.subarray(s.at + 2, s.at + 2 + ((b[s.at] << 8) | b[s.at + 1]))).toString('latin1');
    const w = r.pick(['+', '#', '/#', '+/x']);
    const at = r.int(t.length + 1);
    return replaceString(b, L, s, utf8(t.slice(0, at) + w + t.slice(at)));
  },
  'topic-empty': (b, L) => {
    const s = L.strings.find((x) => x.kind === 'topic' || x.kind === 'filter');
    return s ? replaceString(b, L, s, []) : null;
  },
  'filter-bad': (b, L, r) => {
    const fs = L.strings.filter((x) => x.kind === 'filter');
    return fs.length === 0 ? null : replaceString(b, L, r.pick(fs), utf8(r.pick(['a/#/b', '#a', 'a#', 'a+', '+a/b', 'a/b+', '##', '$share/g', '$share//a', '$share/g+/a', '/#/'])));
  },
  'nul-in-string': (b, L, r) => {
    if (L.strings.length === 0) return null;
    const s = r.pick(L.strings);
    const n = (b[s.at] << 8) | b[s.at + 1];
    return n === 0 ? replaceString(b, L, s, [0]) : setByte(b, s.at + 2 + r.int(n), 0);
  },
  'bad-utf8': (b, L, r) => {
    if (L.strings.length === 0) return null;
    const s = r.pick(L.strings);
    const n = (b[s.at] << 8) | b[s.at + 1];
    const bad = r.pick([[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xef, 0xbf, 0xbf], [0x7f]]);
    const cur = [...b.subarray(s.at + 2, s.at + 2 + n)];
    const at = r.int(n + 1);
    return replaceString(b, L, s, [...cur.slice(0, at), ...bad, ...cur.slice(at)]);
  },
  'property-bad-id': (b, L, r) => {
    if (L.props < 0) return null;
    const p = readVbi(b, L.props, L.end);
    if (!p || p[0] === 0) return null;
    return setByte(b, L.props + p[1], r.pick([0x00, 0x04, 0x05, 0x07, 0x0a, 0x2b, 0x7f, 0x24, 0x11, 0x0b, 0x23, 0x15, 0x1c, 0x12, 0x01]));
  },
  'property-duplicate': (b, L) => {
    if (L.props < 0) return null;
    const p = readVbi(b, L.props, L.end);
    if (!p || p[0] === 0) return null;
    const first = L.props + p[1];
    const n = propertyLength(b, first, L.end);
    return n < 0 ? null : splice(b, L, first + n, 0, [...b.subarray(first, first + n)]);
  },
  'property-value': (b, L, r) => {
    if (L.props < 0) return null;
    const p = readVbi(b, L.props, L.end);
    return p ? splice(b, L, L.props + p[1], 0, r.pick(PROPERTY_VALUES)) : null;
  },
  'protocol-level': (b, L, r) => (L.level < 0 ? null : setByte(b, L.level, r.pick([0, 1, 2, 3, 4, 5, 6, 0x83, 0x84, 0x85, 0x03 | 0x80, 0xff]))),
  'protocol-name': (b, L, r) => {
    const s = L.strings.find((x) => x.kind === 'protocolName');
    return s ? replaceString(b, L, s, utf8(r.pick(['MQTT', 'MQIsdp', 'MQTX', 'mqtt', '', 'MQTTT', 'MQIsd']))) : null;
  },
  'connect-flags': (b, L, r) => (L.connectFlags < 0 ? null : setByte(b, L.connectFlags, r.int(256))),
};

// ---------------------------------------------------------------------------------------------
// Parser comparison

/** Feeds `bytes` to a fresh parser of `lib`: { outcome, packets, error }. */
function parseWith(lib, bytes, protocolVersion) {
  const packets = [];
  let error = null;
  try {
    const p = lib.parser({ protocolVersion });
    p.on('packet', (x) => packets.push(x));
    p.on('error', (e) => {
      error ??= e;
    });
    p.parse(Buffer.from(bytes));
  } catch (e) {
    error ??= e;
  }
  return { outcome: error ? 'reject' : packets.length > 0 ? 'accept' : 'incomplete', packets, error };
}

/** A packet as mqtt-packet's test.js compares it: topic and payload dropped unless PUBLISH. */
function asTested(packet) {
  const copy = { ...packet };
  if (copy.cmd !== 'publish') {
    delete copy.topic;
    delete copy.payload;
  }
  return copy;
}
const samePackets = (a, b) => a.length === b.length && a.every((p, i) => deepLooseEqual(asTested(p), asTested(b[i]), { strict: false }));

/** Packets as JSON for a report (Buffers as hex), as tested (see asTested). */
const show = (packets) => JSON.stringify(packets.map(asTested), (k, v) => (v && v.type === 'Buffer' && Array.isArray(v.data) ? Buffer.from(v.data).toString('hex') : v));

/** One input compared: null when the two agree, else a short description of how they differ. */
export function compareParse(dropIn, bytes, protocolVersion) {
  const ref = parseWith(reference, bytes, protocolVersion);
  const ours = parseWith(dropIn, bytes, protocolVersion);
  if (ref.outcome !== ours.outcome) {
    return { how: `mqtt-packet ${ref.outcome}s, drop-in ${ours.outcome}s`, accept: false, ref: ref.error?.message ?? null, ours: ours.error?.message ?? null };
  }
  if (ref.outcome === 'accept' && !samePackets(ref.packets, ours.packets)) {
    return { how: 'both accept, objects differ', accept: true, ref: show(ref.packets), ours: show(ours.packets) };
  }
  return null;
}

/** An error message with its numbers, quoted parts and offset removed: the check that failed. */
function checkOf(message) {
  return message
    .replace(/^Malformed Packet: .+ \(0x[0-9a-f]+\) is not allowed in \w+/, 'Malformed Packet: <property> is not allowed in <packet>')
    .replace(/^Protocol Error: [\w ]+ appears more than once/, 'Protocol Error: <property> appears more than once')
    .replace(/^Protocol Error: \w+ has Packet Identifier 0/, 'Protocol Error: <packet> has Packet Identifier 0')
    .replace(/unexpected byte\(s\) after the last field of \w+/, 'unexpected byte(s) after the last field of <packet>')
    .replace(/^Malformed Packet: [\w.[\]]+ (runs past the end of the packet|is not well-formed UTF-8|contains U\+0000)/, 'Malformed Packet: <field> $1').replace(/ at offset \d+$/, '').replace(/"[^"]*"/g, '"…"').replace(/\b0x[0-9a-f]+\b/gi, 'N').replace(/\b\d+\b/g, 'N').replace(/\[MQTT-[^\]]*\]/g, '').trim();
}

/**
 * The parser comparison: `count` mutated inputs (plus every seed unmutated), seeded.
 * Returns totals and, per mutation kind, the inputs and disagreements with an example each.
 */
export function parserDiff({ seed = 1, count = 50_000, dropIn = loadDropIn() } = {}) {
  const r = rng(seed);
  const seeds = seedPackets();
  const kinds = Object.keys(MUTATIONS);
  const stats = { inputs: 0, acceptRejectAgree: 0, fullAgree: 0, byKind: {}, byCheck: {} };
  const record = (kind, bytes, version, source) => {
    const k = (stats.byKind[kind] ??= { inputs: 0, disagree: 0, objectsDiffer: 0, hows: {} });
    k.inputs++;
    stats.inputs++;
    const d = compareParse(dropIn, bytes, version);
    if (d === null || d.accept) stats.acceptRejectAgree++;
    if (d === null) {
      stats.fullAgree++;
      return;
    }
    if (d.accept) k.objectsDiffer++;
    else k.disagree++;
    const example = { hex: hex(bytes), protocolVersion: version, source, ref: d.ref, ours: d.ours };
    const how = (k.hows[d.how] ??= { count: 0, example });
    how.count++;
    const check = d.accept ? d.how : `${d.how}: ${checkOf(d.ours ?? d.ref ?? '')}`;
    const c = (stats.byCheck[check] ??= { count: 0, kinds: {}, example });
    c.count++;
    c.kinds[kind] = (c.kinds[kind] ?? 0) + 1;
  };
  for (const s of seeds) record('unmutated', s.bytes, s.protocolVersion, s.source);
  for (let i = 0; i < count; i++) {
    const s = r.pick(seeds);
    const L = layout(s.bytes, s.protocolVersion);
    let out = null;
    let kind = '';
    for (let tries = 0; out === null && tries < 8; tries++) {
      kind = r.pick(kinds);
      out = MUTATIONS[kind](s.bytes, L, r);
    }
    if (out !== null) record(kind, out, s.protocolVersion, s.source);
  }
  return stats;
}

// ---------------------------------------------------------------------------------------------
// Generate comparison

/** Issue 17's deliberately invalid objects, and options mqtt-packet takes as they come. */
export function invalidObjects() {
  const pub = (topic, extra = {}) => ({ cmd: 'publish', topic, payload: Buffer.from('x'), qos: 0, retain: false, dup: false, ...extra });
  const sub = (topic, qos = 0, extra = {}) => ({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic, qos }], ...extra });
  const connect = (protocolId, protocolVersion, extra = {}) => ({ cmd: 'connect', protocolId, protocolVersion, clientId: 'c', keepalive: 10, clean: true, ...extra });
  const cases = [];
  for (const v of [4, 5]) {
    const o = { protocolVersion: v };
    cases.push(
      ['empty PUBLISH topic', pub(''), o],
      ['PUBLISH topic with #', pub('a/#'), o],
      ['PUBLISH topic with +', pub('a/+/b'), o],
      ['PUBLISH topic with U+0000', pub('a\u0000b'), o],
      ['PUBLISH packet id 0 at QoS 1', pub('a', { qos: 1, messageId: 0 }), o],
      ['PUBLISH packet id 0 at QoS 2', pub('a', { qos: 2, messageId: 0 }), o],
      ['PUBLISH QoS 3', pub('a', { qos: 3, messageId: 1 }), o],
      ['SUBSCRIBE filter a/#/b', sub('a/#/b'), o],
      ['SUBSCRIBE filter #a', sub('#a'), o],
      ['SUBSCRIBE filter a+', sub('a+'), o],
      ['SUBSCRIBE empty filter', sub(''), o],
      ['SUBSCRIBE packet id 0', { ...sub('a'), messageId: 0 }, o],
      ['SUBSCRIBE QoS 128', sub('a', 128), o],
      ['SUBSCRIBE QoS 3', sub('a', 3), o],
      ['UNSUBSCRIBE filter a/#/b', { cmd: 'unsubscribe', messageId: 1, unsubscriptions: ['a/#/b'] }, o],
      ['UNSUBSCRIBE empty filter', { cmd: 'unsubscribe', messageId: 1, unsubscriptions: [''] }, o],
      ['UNSUBSCRIBE packet id 0', { cmd: 'unsubscribe', messageId: 0, unsubscriptions: ['a'] }, o],
      ['PUBACK packet id 0', { cmd: 'puback', messageId: 0 }, o],
      ['PUBREC packet id 0', { cmd: 'pubrec', messageId: 0 }, o],
      ['SUBACK packet id 0', { cmd: 'suback', messageId: 0, granted: [0] }, o],
      ['CONNECT MQIsdp with level 4', connect('MQIsdp', 4), o],
      ['CONNECT MQTT with level 3', connect('MQTT', 3), o],
      ['CONNECT MQIsdp with level 5', connect('MQIsdp', 5), o],
      ['CONNECT level 6', connect('MQTT', 6), o],
      ['CONNECT bridge 3.1.1 (128|4, bridgeMode)', connect('MQTT', 128 | 4, { bridgeMode: true }), o],
      ['CONNECT bridge 3.1 (128|3, bridgeMode)', connect('MQIsdp', 128 | 3, { bridgeMode: true }), o],
      ['CONNECT bridgeMode with level 4', connect('MQTT', 4, { bridgeMode: true }), o],
      ['CONNECT empty client id, clean false', connect('MQTT', v, { clientId: '', clean: false }), o],
      ['CONNECT password without username', connect('MQTT', v, { password: Buffer.from('p') }), o],
      ['CONNECT will QoS 3', connect('MQTT', v, { will: { topic: 't', payload: Buffer.from('w'), qos: 3, retain: false } }), o],
      ['CONNECT will topic with #', connect('MQTT', v, { will: { topic: 't/#', payload: Buffer.from('w'), qos: 0, retain: false } }), o],
      ['PUBACK reason code 142', { cmd: 'puback', messageId: 1, reasonCode: 142 }, o],
      ['PUBREC reason code 142', { cmd: 'pubrec', messageId: 1, reasonCode: 142 }, o],
      ['DISCONNECT reason code 3', { cmd: 'disconnect', reasonCode: 3 }, o],
      ['SUBACK granted 3', { cmd: 'suback', messageId: 1, granted: [3] }, o],
      ['SUBACK granted 0x91 (5.0 only)', { cmd: 'suback', messageId: 1, granted: [0x91] }, o],
    );
  }
  const v4 = { protocolVersion: 4 };
  const v5 = { protocolVersion: 5 };
  cases.push(
    ['3.1.1 CONNACK return code 6', { cmd: 'connack', returnCode: 6, sessionPresent: false }, v4],
    ['3.1.1 CONNACK return code 135', { cmd: 'connack', returnCode: 135, sessionPresent: false }, v4],
    ['3.1.1 CONNACK return code 1 with session present', { cmd: 'connack', returnCode: 1, sessionPresent: true }, v4],
    ['5.0 CONNACK reason code 6', { cmd: 'connack', reasonCode: 6, sessionPresent: false }, v5],
    ['5.0 PUBLISH Topic Alias 0', pub('a', { properties: { topicAlias: 0 } }), v5],
    ['5.0 PUBLISH empty topic with Topic Alias 1', pub('', { properties: { topicAlias: 1 } }), v5],
    ['5.0 PUBLISH subscriptionIdentifier 0', pub('a', { properties: { subscriptionIdentifier: 0 } }), v5],
    ['5.0 CONNECT receiveMaximum 0', connect('MQTT', 5, { properties: { receiveMaximum: 0 } }), v5],
    ['5.0 CONNECT maximumPacketSize 0', connect('MQTT', 5, { properties: { maximumPacketSize: 0 } }), v5],
    ['5.0 CONNACK maximumQoS 2', { cmd: 'connack', reasonCode: 0, sessionPresent: false, properties: { maximumQoS: 2 } }, v5],
    ['5.0 SUBSCRIBE subscriptionIdentifier 0', sub('a', 0, { properties: { subscriptionIdentifier: 0 } }), v5],
    ['5.0 SUBSCRIBE retain handling 3', { cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'a', qos: 0, rh: 3 }] }, v5],
    ['5.0 PUBLISH with maximumPacketSize 20 in opts (reason string dropped)', { ...pub('a/b', { properties: { reasonString: 'x'.repeat(40) } }) }, { protocolVersion: 5, properties: { maximumPacketSize: 20 } }],
    ['5.0 PUBLISH with maximumPacketSize 20 in opts (user properties dropped)', { ...pub('a/b', { properties: { userProperties: { k: 'v'.repeat(40) } } }) }, { protocolVersion: 5, properties: { maximumPacketSize: 20 } }],
    ['5.0 PUBLISH over maximumPacketSize 10 in opts (nothing to drop)', pub('a/b/c/d/e/f'), { protocolVersion: 5, properties: { maximumPacketSize: 10 } }],
    ['5.0 CONNECT with its own maximumPacketSize 50 in opts', connect('MQTT', 5, { properties: { maximumPacketSize: 50, userProperties: { k: 'v'.repeat(60) } } }), { protocolVersion: 5, properties: { maximumPacketSize: 50 } }],
    ['5.0 AUTH in 3.1.1', { cmd: 'auth', reasonCode: 0 }, v4],
  );
  return cases.map(([name, object, opts]) => ({ name, object, opts }));
}

/** A field substitution of a valid object (seeded): [description, object], or null. */
function mutateObject(object, r) {
  const o = clone(object);
  const has = (k) => k in o;
  const subs = [
    ['messageId 0', () => has('messageId'), () => (o.messageId = 0)],
    ['messageId 65536', () => has('messageId'), () => (o.messageId = 65536)],
    ['messageId missing', () => has('messageId'), () => delete o.messageId],
    ['qos 3', () => o.cmd === 'publish', () => (o.qos = 3)],
    ['topic ""', () => o.cmd === 'publish', () => (o.topic = '')],
    ['topic a/#', () => o.cmd === 'publish', () => (o.topic = 'a/#')],
    ['topic with U+0000', () => o.cmd === 'publish', () => (o.topic = 'a\u0000')],
    ['subscription qos 128', () => !!o.subscriptions, () => (o.subscriptions[0].qos = 128)],
    ['subscription topic a/#/b', () => !!o.subscriptions, () => (o.subscriptions[0].topic = 'a/#/b')],
    ['unsubscription ""', () => !!o.unsubscriptions, () => (o.unsubscriptions[0] = '')],
    ['returnCode random', () => o.cmd === 'connack' && has('returnCode'), () => (o.returnCode = r.int(256))],
    ['reasonCode random', () => has('reasonCode'), () => (o.reasonCode = r.int(256))],
    ['granted random', () => !!o.granted, () => (o.granted[0] = r.int(256))],
    ['protocolId MQIsdp', () => o.cmd === 'connect', () => (o.protocolId = 'MQIsdp')],
    ['protocolVersion 3', () => o.cmd === 'connect', () => (o.protocolVersion = 3)],
    ['bridgeMode', () => o.cmd === 'connect', () => (o.bridgeMode = true)],
    ['topicAlias 0', () => o.cmd === 'publish' && !!o.properties, () => (o.properties.topicAlias = 0)],
    ['receiveMaximum 0', () => o.cmd === 'connect' && !!o.properties, () => (o.properties.receiveMaximum = 0)],
    ['will qos 3', () => !!o.will, () => (o.will.qos = 3)],
  ];
  const fitting = subs.filter(([, applies]) => applies());
  if (fitting.length === 0) return null;
  const [name, , mutate] = r.pick(fitting);
  mutate();
  return [name, o];
}

/** A deep copy that keeps Buffers as Buffers (structuredClone makes them plain Uint8Arrays). */
function clone(v) {
  if (Buffer.isBuffer(v)) return Buffer.from(v);
  if (Array.isArray(v)) return v.map(clone);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]));
  return v;
}

function generateWith(lib, object, opts) {
  try {
    return { bytes: lib.generate(clone(object), opts ? clone(opts) : opts) };
  } catch (e) {
    return { error: e?.message ?? String(e) };
  }
}

/** One generate comparison: null when the same bytes or the same error, else the difference. */
export function compareGenerate(dropIn, object, opts) {
  const ref = generateWith(reference, object, opts);
  const ours = generateWith(dropIn, object, opts);
  if (ref.bytes && ours.bytes) return Buffer.compare(ref.bytes, ours.bytes) === 0 ? null : { ref: hex(ref.bytes), ours: hex(ours.bytes) };
  if (ref.error !== undefined && ours.error !== undefined) return ref.error === ours.error ? null : { ref: `throws ${ref.error}`, ours: `throws ${ours.error}` };
  return { ref: ref.bytes ? hex(ref.bytes) : `throws ${ref.error}`, ours: ours.bytes ? hex(ours.bytes) : `throws ${ours.error}` };
}

/** The generate comparison: the listed objects, the valid ones, and `count` seeded substitutions. */
export function generateDiff({ seed = 1, count = 5_000, dropIn = loadDropIn() } = {}) {
  const r = rng(seed ^ 0x5eed);
  const listed = [];
  for (const c of invalidObjects()) listed.push({ name: c.name, opts: c.opts, diff: compareGenerate(dropIn, c.object, c.opts) });
  const valid = packetObjects().map(({ protocolVersion, object }) => ({ name: `valid ${object.cmd} v${protocolVersion}`, diff: compareGenerate(dropIn, object, { protocolVersion }) }));
  const mutated = { inputs: 0, agree: 0, byKind: {} };
  const objects = packetObjects();
  for (let i = 0; i < count; i++) {
    const { protocolVersion, object } = r.pick(objects);
    const m = mutateObject(object, r);
    if (!m) continue;
    const [name, o] = m;
    const kind = `${object.cmd}: ${name}`;
    const k = (mutated.byKind[kind] ??= { inputs: 0, mismatch: 0, example: null });
    k.inputs++;
    mutated.inputs++;
    const d = compareGenerate(dropIn, o, { protocolVersion });
    if (d === null) mutated.agree++;
    else {
      k.mismatch++;
      k.example ??= { protocolVersion, ...d };
    }
  }
  return { listed, valid, mutated };
}

// ---------------------------------------------------------------------------------------------
// Report

const pct = (a, b) => `${((100 * a) / b).toFixed(2)} %`;

function printParser(s) {
  const lines = [];
  lines.push(`parser: ${s.inputs} inputs (every seed unmutated, then mutations)`);
  lines.push(`  accept/reject agreement: ${s.acceptRejectAgree} (${pct(s.acceptRejectAgree, s.inputs)})`);
  lines.push(`  full agreement (same outcome, and equal objects where both accept): ${s.fullAgree} (${pct(s.fullAgree, s.inputs)})`);
  lines.push('  by mutation kind: inputs, accept/reject disagreements, object differences');
  const kinds = Object.entries(s.byKind).sort((a, b) => b[1].disagree + b[1].objectsDiffer - (a[1].disagree + a[1].objectsDiffer));
  for (const [kind, k] of kinds) {
    lines.push(`  ${kind.padEnd(20)} ${String(k.inputs).padStart(6)} ${String(k.disagree).padStart(6)} (${pct(k.disagree, k.inputs).padStart(8)}) ${String(k.objectsDiffer).padStart(5)}`);
    for (const [how, h] of Object.entries(k.hows).sort((a, b) => b[1].count - a[1].count)) {
      const e = h.example;
      lines.push(`      ${String(h.count).padStart(5)} × ${how}; e.g. v${e.protocolVersion} ${e.hex.length > 72 ? `${e.hex.slice(0, 72)}…` : e.hex} (from ${e.source})`);
      if (e.ref || e.ours) lines.push(`              mqtt-packet: ${e.ref ?? '-'}\n              drop-in:     ${e.ours ?? '-'}`);
    }
  }
  lines.push('  by check (the message of the side that rejected, numbers and quoted parts removed): count, mutation kinds');
  for (const [check, c] of Object.entries(s.byCheck).sort((a, b) => b[1].count - a[1].count)) {
    const kinds = Object.entries(c.kinds).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    lines.push(`  ${String(c.count).padStart(6)}  ${check}\n          [${kinds}] e.g. v${c.example.protocolVersion} ${c.example.hex.length > 72 ? `${c.example.hex.slice(0, 72)}…` : c.example.hex}`);
  }
  return lines.join('\n');
}

function printGenerate(g) {
  const lines = [];
  const bad = g.listed.filter((c) => c.diff !== null);
  lines.push(`generate: issue 17's list and other invalid objects: ${g.listed.length - bad.length} of ${g.listed.length} the same (bytes, or the same error)`);
  for (const c of bad) lines.push(`  MISMATCH v${c.opts.protocolVersion} ${c.name}${c.opts.properties ? ` (opts.properties ${JSON.stringify(c.opts.properties)})` : ''}\n      mqtt-packet: ${c.diff.ref}\n      drop-in:     ${c.diff.ours}`);
  const vbad = g.valid.filter((c) => c.diff !== null);
  lines.push(`generate: valid objects: ${g.valid.length - vbad.length} of ${g.valid.length} the same`);
  for (const c of vbad) lines.push(`  MISMATCH ${c.name}\n      mqtt-packet: ${c.diff.ref}\n      drop-in:     ${c.diff.ours}`);
  const m = g.mutated;
  lines.push(`generate: ${m.inputs} seeded field substitutions of the valid objects: ${m.agree} the same (${pct(m.agree, m.inputs)})`);
  for (const [kind, k] of Object.entries(m.byKind).sort((a, b) => b[1].mismatch - a[1].mismatch)) {
    if (k.mismatch === 0) continue;
    lines.push(`  ${String(k.mismatch).padStart(5)} of ${String(k.inputs).padStart(4)} ${kind}; e.g. v${k.example.protocolVersion}\n      mqtt-packet: ${k.example.ref}\n      drop-in:     ${k.example.ours}`);
  }
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const num = (name, dflt) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const seed = num('--seed', 1);
  const started = Date.now();
  const p = parserDiff({ seed, count: num('--count', 50_000) });
  const g = generateDiff({ seed, count: num('--generate-count', 5_000) });
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ seed, parser: p, generate: g }, null, 2)}\n`);
  else process.stdout.write(`mqtt-codec/mqtt-packet vs mqtt-packet 9.0.2, seed ${seed}\n${printParser(p)}\n\n${printGenerate(g)}\n(${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}
