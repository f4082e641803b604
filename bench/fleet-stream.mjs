// The fleet benchmark's streams, shared by bench/fleet.mjs (the sweep) and bench/ab.mjs (two
// builds in separate processes), and the traffic generator under them (`encodeTraffic`, which
// bench/traffic.mjs uses with topics and payloads of its own): device-style Topic Names of 30–60 bytes
// (fleet/<region>/site-<n>/<device>/<metric>), every PUBLISH to a device drawn uniformly at random,
// QoS 0/1/2 with their acknowledgements, payloads of 16–512 bytes, 5.0 properties on a share of
// them. Deterministic: the same arguments give the same bytes.
import { encodeInto, encodedLength } from '../dist/index.js';
import { random } from './streams.mjs';

const REGIONS = ['eu-west-1', 'us-east-2', 'ap-south-1', 'sa-east-1'];
const METRICS = ['telemetry', 'status', 'temp', 'battery', 'gps/fix'];

/** `count` distinct device-style topics of 30–60 bytes, drawn from `rnd`. */
export function deviceTopics(count, rnd) {
  const topics = [];
  for (let i = 0; i < count; i++) {
    const head = `fleet/${REGIONS[i % REGIONS.length]}/site-${Math.floor(rnd() * 500)}/`;
    const tail = `/${METRICS[Math.floor(rnd() * METRICS.length)]}`;
    const want = 30 + Math.floor(rnd() * 31); // 30–60 bytes in all
    // The device id: its index in base 36 (so every topic differs), padded with hex digits.
    let id = `d${i.toString(36)}`;
    while (head.length + id.length + tail.length < want) id += Math.floor(rnd() * 16).toString(16);
    topics.push((head + id + tail).slice(-60));
  }
  if (new Set(topics).size !== count) throw new Error('topics are not distinct');
  return topics;
}

/**
 * The 5.0 properties of one PUBLISH of device number `device`, drawn from `rnd`: one to four of
 * Content Type, Message Expiry Interval, a User Property whose value differs per device, and Topic
 * Alias (the last whenever none of the others was drawn).
 */
export function deviceProperties(rnd, device) {
  const props = {};
  if (rnd() < 0.7) props.contentType = 'application/json';
  if (rnd() < 0.5) props.messageExpiryInterval = 3600;
  if (rnd() < 0.4) props.userProperties = [['trace-id', device.toString(16).padStart(8, '0')]];
  if (rnd() < 0.3 || Object.keys(props).length === 0) props.topicAlias = 1 + (device % 100);
  return props;
}

/**
 * Device traffic encoded with this build into one buffer of about `streamBytes` bytes, in protocol
 * version `v`: each turn a device drawn from `rnd` uniformly among `topics` publishes a payload
 * drawn from `payloads` at QoS 0 (55 %), 1 (30 %, then its PUBACK) or 2 (10 %, then PUBREC, PUBREL,
 * PUBCOMP), or sends a PINGREQ answered by a PINGRESP (5 %); in 5.0, a share `propsShare` (35 %
 * unless told) of the PUBLISHes carry one to four properties. Shared by the fleet and traffic
 * benchmarks (their own topics and payloads). Returns `{ bytes, packets, publishes }`.
 */
export function encodeTraffic(v, rnd, topics, payloads, streamBytes, propsShare = 0.35) {
  const out = new Uint8Array(streamBytes + 4096);
  let at = 0;
  let packets = 0;
  let publishes = 0;
  let pid = 0;
  const put = (p) => {
    at += encodeInto(p, out, at, { protocolVersion: v });
    packets++;
  };
  while (at < streamBytes) {
    const device = Math.floor(rnd() * topics.length);
    const r = rnd();
    const qos = r < 0.55 ? 0 : r < 0.85 ? 1 : r < 0.95 ? 2 : -1;
    if (qos < 0) {
      put({ type: 'pingreq' });
      put({ type: 'pingresp' });
      continue;
    }
    const p = { type: 'publish', topic: topics[device], payload: payloads[Math.floor(rnd() * payloads.length)], qos, retain: false, dup: false };
    if (qos > 0) p.packetId = pid = (pid % 65535) + 1;
    if (v === 5 && rnd() < propsShare) p.properties = deviceProperties(rnd, device);
    if (at + encodedLength(p, { protocolVersion: v }) + 32 > out.length) break;
    put(p);
    publishes++;
    if (qos === 1) put({ type: 'puback', packetId: pid });
    if (qos === 2) {
      put({ type: 'pubrec', packetId: pid });
      put({ type: 'pubrel', packetId: pid });
      put({ type: 'pubcomp', packetId: pid });
    }
  }
  // A Buffer, because mqtt-packet's parser needs one; the other decoders see it as a Uint8Array.
  return { bytes: Buffer.from(out.buffer, 0, at), packets, publishes };
}

/**
 * The packets of one stream of about `streamBytes` bytes over `count` topics in protocol version
 * `v` (in 5.0, properties on a share `propsShare` of the PUBLISHes), encoded with this build into
 * one buffer: `{ bytes, packets }`.
 */
export function buildFleetStream(v, count, streamBytes, propsShare = 0.35) {
  const rnd = random(count * 10 + v);
  const topics = deviceTopics(count, rnd);
  const payloads = [16, 24, 32, 48, 64, 96, 128, 200, 256, 384, 512].map((n) =>
    Uint8Array.from({ length: n }, (_, i) => 0x20 + ((i * 31) % 90)),
  );
  return encodeTraffic(v, rnd, topics, payloads, streamBytes, propsShare);
}
