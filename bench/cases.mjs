// The benchmark cases shared by bench/run.mjs and bench/alloc.mjs: each one is an MQTT packet
// described twice, once as an mqtt-codec packet object and once as the equivalent mqtt-packet
// object, plus the protocol version it is encoded and decoded with.
//
// `prepareCases()` is the setup step: it encodes every case with both libraries, requires the
// two encodings to be byte-identical, and requires each library to decode those shared bytes
// back to a packet that re-encodes to the very same bytes. Any mismatch throws (the benchmark
// must never compare two libraries doing different work).
//
// The code under test is the built package (`dist/`), i.e. what users install: run `npx tsup`
// after changing src/. `node bench/cases.mjs` runs only this verification.
import { statSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Buffer } from 'node:buffer';
import mqttPacket from 'mqtt-packet';
import * as codec from '../dist/index.js';

const here = dirname(fileURLToPath(import.meta.url));

// ---- shared values (the same objects are handed to both libraries) ----

/** Five-level topic, 45 bytes (longer than mqtt-codec's 24-byte short-string fast path). */
const TOPIC5 = 'sensors/building-1/floor-2/room-3/temperature';

/** 64-byte JSON payload. */
const PAYLOAD64 = Buffer.from('{"temperature":21.5,"humidity":48.2,"ts":1700000000000,"ok":true}'.slice(0, 64));
if (PAYLOAD64.length !== 64) throw new Error(`PAYLOAD64 is ${PAYLOAD64.length} bytes`);

function patterned(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = (i * 31 + 7) & 0xff;
  return b;
}
const PAYLOAD_1K = patterned(1024);
const PAYLOAD_64K = patterned(64 * 1024);
const CORRELATION16 = Buffer.from('9f86d081884c7d659a2feaa0c55ad015', 'hex');
if (CORRELATION16.length !== 16) throw new Error('correlation data must be 16 bytes');

// Payloads, passwords and Correlation Data are Node Buffers for both libraries: mqtt-packet
// requires Buffers (it calls buffer.copy), and a Buffer is a Uint8Array for mqtt-codec. Decoding
// also gets a Buffer, which is what a Node socket delivers.

/**
 * The cases. `v` is the protocol version for encode and decode. User Properties: mqtt-codec
 * keeps an ordered list of [name, value] pairs, mqtt-packet an object keyed by name; with
 * distinct names in the same order both write the same bytes. Both libraries write properties in
 * the key order of the properties object, so the key order below is the wire order.
 */
export const CASES = [
  {
    name: 'pingreq',
    title: 'PINGREQ',
    v: 4,
    codec: { type: 'pingreq' },
    mqttPacket: { cmd: 'pingreq' },
  },
  {
    name: 'puback-v4',
    title: 'PUBACK 3.1.1',
    v: 4,
    codec: { type: 'puback', packetId: 4242 },
    mqttPacket: { cmd: 'puback', messageId: 4242 },
  },
  {
    // A 5.0 PUBACK carrying a non-success Reason Code and a Reason String, so the 5.0-specific
    // tail (reason code + property block) is what gets measured. The success short form is
    // byte-for-byte the 3.1.1 case. (A reason code without properties would NOT be comparable:
    // mqtt-codec writes the shortest form, Remaining Length 3, while mqtt-packet always adds an
    // empty Property Length, Remaining Length 4; both are valid 5.0.)
    name: 'puback-v5',
    title: 'PUBACK 5.0 (reason 0x10 + Reason String)',
    v: 5,
    codec: { type: 'puback', packetId: 4242, reasonCode: 0x10, properties: { reasonString: 'no matching subscribers' } },
    mqttPacket: { cmd: 'puback', messageId: 4242, reasonCode: 0x10, properties: { reasonString: 'no matching subscribers' } },
  },
  {
    name: 'publish-qos0-v4',
    title: 'PUBLISH QoS 0 "test"/"test" 3.1.1',
    v: 4,
    codec: { type: 'publish', topic: 'test', payload: Buffer.from('test'), qos: 0, retain: false, dup: false },
    mqttPacket: { cmd: 'publish', topic: 'test', payload: Buffer.from('test'), qos: 0, retain: false, dup: false },
  },
  {
    name: 'publish-qos1-v4',
    title: 'PUBLISH QoS 1, 5-level topic, 64 B 3.1.1',
    v: 4,
    codec: { type: 'publish', topic: TOPIC5, payload: PAYLOAD64, qos: 1, retain: false, dup: false, packetId: 4242 },
    mqttPacket: { cmd: 'publish', topic: TOPIC5, payload: PAYLOAD64, qos: 1, retain: false, dup: false, messageId: 4242 },
  },
  {
    name: 'publish-qos1-v5',
    title: 'PUBLISH QoS 1, 5-level topic, 64 B 5.0',
    v: 5,
    codec: { type: 'publish', topic: TOPIC5, payload: PAYLOAD64, qos: 1, retain: false, dup: false, packetId: 4242 },
    mqttPacket: { cmd: 'publish', topic: TOPIC5, payload: PAYLOAD64, qos: 1, retain: false, dup: false, messageId: 4242 },
  },
  {
    name: 'publish-props-v5',
    title: 'PUBLISH QoS 1 5.0 + 8 properties',
    v: 5,
    codec: {
      type: 'publish',
      topic: TOPIC5,
      payload: PAYLOAD64,
      qos: 1,
      retain: false,
      dup: false,
      packetId: 4242,
      properties: {
        payloadFormatIndicator: 1,
        messageExpiryInterval: 3600,
        contentType: 'application/json',
        responseTopic: 'replies/client-42/temperature',
        correlationData: CORRELATION16,
        userProperties: [
          ['trace-id', '4bf92f3577b34da6'],
          ['source', 'sensor-17'],
          ['unit', 'celsius'],
        ],
      },
    },
    mqttPacket: {
      cmd: 'publish',
      topic: TOPIC5,
      payload: PAYLOAD64,
      qos: 1,
      retain: false,
      dup: false,
      messageId: 4242,
      properties: {
        payloadFormatIndicator: true, // mqtt-packet's 'byte' properties are booleans
        messageExpiryInterval: 3600,
        contentType: 'application/json',
        responseTopic: 'replies/client-42/temperature',
        correlationData: CORRELATION16,
        userProperties: { 'trace-id': '4bf92f3577b34da6', source: 'sensor-17', unit: 'celsius' },
      },
    },
  },
  {
    name: 'publish-1k-v4',
    title: 'PUBLISH QoS 1, 1 KiB 3.1.1',
    v: 4,
    codec: { type: 'publish', topic: TOPIC5, payload: PAYLOAD_1K, qos: 1, retain: false, dup: false, packetId: 4242 },
    mqttPacket: { cmd: 'publish', topic: TOPIC5, payload: PAYLOAD_1K, qos: 1, retain: false, dup: false, messageId: 4242 },
  },
  {
    name: 'publish-64k-v4',
    title: 'PUBLISH QoS 1, 64 KiB 3.1.1',
    v: 4,
    codec: { type: 'publish', topic: TOPIC5, payload: PAYLOAD_64K, qos: 1, retain: false, dup: false, packetId: 4242 },
    mqttPacket: { cmd: 'publish', topic: TOPIC5, payload: PAYLOAD_64K, qos: 1, retain: false, dup: false, messageId: 4242 },
  },
  {
    name: 'connect-v4',
    title: 'CONNECT 3.1.1 + will, user, password',
    v: 4,
    codec: {
      type: 'connect',
      protocolVersion: 4,
      clientId: 'client-42',
      cleanStart: true,
      keepAlive: 60,
      will: { topic: 'clients/client-42/status', payload: Buffer.from('offline'), qos: 1, retain: true },
      username: 'device-user',
      password: Buffer.from('s3cret-passw0rd'),
    },
    mqttPacket: {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 4,
      clientId: 'client-42',
      clean: true,
      keepalive: 60,
      will: { topic: 'clients/client-42/status', payload: Buffer.from('offline'), qos: 1, retain: true },
      username: 'device-user',
      password: Buffer.from('s3cret-passw0rd'),
    },
  },
  {
    name: 'connect-v5',
    title: 'CONNECT 5.0 + properties, will + properties',
    v: 5,
    codec: {
      type: 'connect',
      protocolVersion: 5,
      clientId: 'client-42',
      cleanStart: true,
      keepAlive: 60,
      properties: {
        sessionExpiryInterval: 3600,
        receiveMaximum: 100,
        maximumPacketSize: 1048576,
        topicAliasMaximum: 10,
        userProperties: [
          ['client-type', 'sensor'],
          ['firmware', '1.4.2'],
        ],
      },
      will: {
        topic: 'clients/client-42/status',
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
        properties: {
          willDelayInterval: 30,
          payloadFormatIndicator: 1,
          messageExpiryInterval: 600,
          contentType: 'text/plain',
          userProperties: [['reason', 'connection-lost']],
        },
      },
      username: 'device-user',
      password: Buffer.from('s3cret-passw0rd'),
    },
    mqttPacket: {
      cmd: 'connect',
      protocolId: 'MQTT',
      protocolVersion: 5,
      clientId: 'client-42',
      clean: true,
      keepalive: 60,
      properties: {
        sessionExpiryInterval: 3600,
        receiveMaximum: 100,
        maximumPacketSize: 1048576,
        topicAliasMaximum: 10,
        userProperties: { 'client-type': 'sensor', firmware: '1.4.2' },
      },
      will: {
        topic: 'clients/client-42/status',
        payload: Buffer.from('offline'),
        qos: 1,
        retain: true,
        properties: {
          willDelayInterval: 30,
          payloadFormatIndicator: true,
          messageExpiryInterval: 600,
          contentType: 'text/plain',
          userProperties: { reason: 'connection-lost' },
        },
      },
      username: 'device-user',
      password: Buffer.from('s3cret-passw0rd'),
    },
  },
  {
    name: 'subscribe-v4',
    title: 'SUBSCRIBE 5 filters 3.1.1',
    v: 4,
    codec: {
      type: 'subscribe',
      packetId: 7,
      subscriptions: [
        { topicFilter: 'sensors/+/temperature', qos: 1 },
        { topicFilter: 'sensors/+/humidity', qos: 1 },
        { topicFilter: 'alerts/#', qos: 2 },
        { topicFilter: 'clients/client-42/cmd', qos: 1 },
        { topicFilter: '$SYS/broker/uptime', qos: 0 },
      ],
    },
    mqttPacket: {
      cmd: 'subscribe',
      messageId: 7,
      subscriptions: [
        { topic: 'sensors/+/temperature', qos: 1 },
        { topic: 'sensors/+/humidity', qos: 1 },
        { topic: 'alerts/#', qos: 2 },
        { topic: 'clients/client-42/cmd', qos: 1 },
        { topic: '$SYS/broker/uptime', qos: 0 },
      ],
    },
  },
];

// ---- verification ----

function hex(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a, b) {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

/** Index of the first byte where `a` and `b` differ (the shorter length when one is a prefix of the other). */
export function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

function describeMismatch(what, expected, actual) {
  const at = firstDifference(expected, actual);
  const window = (x) => hex(x.subarray(Math.max(0, at - 8), at + 16));
  return (
    `${what}: ${actual.length} bytes vs ${expected.length} expected, first difference at byte ${at}\n` +
    `  expected …${window(expected)}…\n  actual   …${window(actual)}…`
  );
}

/** Decodes `bytes` with a fresh mqtt-packet parser; returns the single packet or throws. */
export function mqttPacketParseOnce(bytes, v) {
  const parser = mqttPacket.parser({ protocolVersion: v });
  const packets = [];
  let error = null;
  parser.on('packet', (p) => packets.push(p));
  parser.on('error', (e) => {
    error = e;
  });
  const left = parser.parse(bytes);
  if (error) throw new Error(`mqtt-packet failed to parse: ${error.message}`);
  if (packets.length !== 1) throw new Error(`mqtt-packet emitted ${packets.length} packets`);
  if (left !== 0) throw new Error(`mqtt-packet left ${left} bytes unparsed`);
  return packets[0];
}

/** Warns when dist/ is older than a file under src/ (the benchmark would measure stale code). */
export function staleDistWarning() {
  const root = join(here, '..');
  let newest = 0;
  let newestName = '';
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const t = statSync(p).mtimeMs;
        if (t > newest) {
          newest = t;
          newestName = p;
        }
      }
    }
  };
  walk(join(root, 'src'));
  const built = statSync(join(root, 'dist', 'index.js')).mtimeMs;
  return built < newest ? `warning: dist/index.js is older than ${newestName}; run \`npx tsup\` first` : null;
}

/**
 * The setup step. Returns the cases with `bytes` (a Buffer holding the shared encoding) and
 * `opts` ({ protocolVersion }), after checking, for every case:
 *  1. mqtt-codec `encode` and mqtt-packet `generate` produce byte-identical output;
 *  2. `encodedLength` and `encodeInto` agree with `encode`;
 *  3. mqtt-codec `decode(bytes)` re-encodes to the same bytes (so nothing was lost or altered);
 *  4. an mqtt-packet parser emits exactly one packet for the bytes, and `generate` of that packet
 *     gives the same bytes again.
 * Throws, naming the case and the first differing byte, on any failure.
 */
export function prepareCases(cases = CASES) {
  const failures = [];
  const prepared = [];
  for (const c of cases) {
    const opts = { protocolVersion: c.v };
    try {
      const ours = codec.encode(c.codec, opts);
      const theirs = mqttPacket.generate(c.mqttPacket, opts);
      if (!sameBytes(ours, theirs)) throw new Error(describeMismatch('mqtt-codec encode vs mqtt-packet generate', theirs, ours));
      const bytes = Buffer.from(ours);

      if (codec.encodedLength(c.codec, opts) !== bytes.length) throw new Error('encodedLength disagrees with encode');
      const target = new Uint8Array(bytes.length + 16);
      const n = codec.encodeInto(c.codec, target, 8, opts);
      if (n !== bytes.length || !sameBytes(target.subarray(8, 8 + n), bytes)) throw new Error('encodeInto disagrees with encode');

      const decoded = codec.decode(bytes, opts);
      if (decoded.type !== c.codec.type) throw new Error(`mqtt-codec decoded a ${decoded.type}, not a ${c.codec.type}`);
      const again = codec.encode(decoded, opts);
      if (!sameBytes(again, bytes)) throw new Error(describeMismatch('mqtt-codec decode → encode round trip', bytes, again));

      const parsed = mqttPacketParseOnce(bytes, c.v);
      if (parsed.cmd !== c.mqttPacket.cmd) throw new Error(`mqtt-packet parsed a ${parsed.cmd}, not a ${c.mqttPacket.cmd}`);
      const regenerated = mqttPacket.generate(parsed, opts);
      if (!sameBytes(regenerated, bytes)) throw new Error(describeMismatch('mqtt-packet parse → generate round trip', bytes, regenerated));

      prepared.push({ ...c, opts, bytes });
    } catch (e) {
      failures.push(`  ${c.name}: ${e.message}`);
    }
  }
  if (failures.length > 0) {
    throw new Error(`benchmark case verification failed for ${failures.length} case(s):\n${failures.join('\n')}`);
  }
  return prepared;
}

// `node bench/cases.mjs`: verify and list the cases.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const stale = staleDistWarning();
  if (stale) console.warn(stale);
  try {
    const prepared = prepareCases();
    for (const c of prepared) {
      const h = c.bytes.toString('hex');
      console.log(`${c.name.padEnd(17)} ${String(c.bytes.length).padStart(6)} B  ${h.length > 48 ? `${h.slice(0, 48)}…` : h}`);
    }
    console.log(`all ${prepared.length} cases: identical encodings, both libraries decode them`);
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
