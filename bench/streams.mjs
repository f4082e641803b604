// Shared by the stream benchmarks (bench/traffic.mjs, bench/fleet.mjs): a deterministic random
// generator, the hand-written ceiling decoder, the three ways of running a decoder over a chunked
// stream, a fingerprint to check that decoders agree, and interleaved timing.
import mqttPacket from 'mqtt-packet';

/** A small deterministic generator (mulberry32), so every run reads the same bytes. */
export function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random version-4 UUID drawn from `rnd`. */
export function uuid(rnd) {
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(rnd() * 4)]}${hex(3)}-${hex(12)}`;
}

/** `bytes` cut into chunks of `size` bytes (the last one shorter). */
export function chunked(bytes, size) {
  const chunks = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, Math.min(bytes.length, at + size)));
  return chunks;
}

const utf8 = new TextDecoder();
const TYPES = [null, 'connect', 'connack', 'publish', 'puback', 'pubrec', 'pubrel', 'pubcomp', 'subscribe', 'suback', 'unsubscribe', 'unsuback', 'pingreq', 'pingresp', 'disconnect', 'auth'];

/**
 * The ceiling: a minimal hand-written decoder that trusts its input — fixed header, Remaining
 * Length, Topic Name (TextDecoder, the fastest way measured to get a flat string of a 50-byte
 * ASCII topic), Packet Identifier, payload view; 5.0 properties skipped; no validation at all.
 * No real decoder can be much faster than this.
 */
export class CeilingDecoder {
  /**
   * With `properties`, a 5.0 PUBLISH's properties are read into an object (`readProperties`
   * below) rather than skipped: the least a decoder that returns them must do, for measuring how
   * much of a 5.0 stream's cost is theirs (`bench:fleet --ceiling-props`).
   */
  constructor(v, properties = false) {
    this.v = v;
    this.rest = null;
    this.properties = properties;
  }

  push(chunk) {
    const buf = this.rest === null ? chunk : joinRest(this.rest, chunk);
    this.rest = null;
    const out = [];
    const end = buf.length;
    let pos = 0;
    while (pos < end) {
      const h = buf[pos];
      let i = pos + 1;
      let rl = 0;
      let mul = 1;
      let b = 0x80;
      while (b & 0x80) {
        if (i >= end) break;
        b = buf[i++];
        rl += (b & 0x7f) * mul;
        mul *= 128;
      }
      if (b & 0x80 || i + rl > end) break;
      const stop = i + rl;
      const type = h >> 4;
      if (type === 3) {
        const qos = (h >> 1) & 3;
        const tl = (buf[i] << 8) | buf[i + 1];
        const topic = utf8.decode(buf.subarray(i + 2, i + 2 + tl));
        let j = i + 2 + tl;
        let packetId = 0;
        if (qos > 0) {
          packetId = (buf[j] << 8) | buf[j + 1];
          j += 2;
        }
        let properties;
        if (this.v === 5) {
          let pl = 0;
          let m = 1;
          let c;
          do {
            c = buf[j++];
            pl += (c & 0x7f) * m;
            m *= 128;
          } while (c & 0x80);
          if (this.properties && pl > 0) properties = readProperties(buf, j, j + pl);
          j += pl;
        }
        if (properties === undefined) out.push({ type: 'publish', topic, qos, packetId, payload: buf.subarray(j, stop) });
        else out.push({ type: 'publish', topic, qos, packetId, payload: buf.subarray(j, stop), properties });
      } else if (type >= 4 && type <= 7) {
        out.push({ type: TYPES[type], packetId: (buf[i] << 8) | buf[i + 1] });
      } else {
        out.push({ type: TYPES[type] });
      }
      pos = stop;
    }
    if (pos < end) this.rest = buf.subarray(pos);
    return out;
  }
}

/** A ceiling's bytes left over from the last chunk, then `chunk`, in one new array. */
export function joinRest(rest, chunk) {
  const buf = new Uint8Array(rest.length + chunk.length);
  buf.set(rest, 0);
  buf.set(chunk, rest.length);
  return buf;
}

/** An ASCII string the ceiling trusts: short ones by one `fromCharCode` call, longer by TextDecoder. */
function ceilingString(buf, s, e) {
  if (e - s > 12) return utf8.decode(buf.subarray(s, e));
  const b = buf;
  return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]).slice(0, e - s);
}

/**
 * A PUBLISH's properties `buf[j, end)` into an object, trusting the bytes (no check of any kind):
 * the message properties by name, User Properties as [name, value] pairs, Subscription
 * Identifiers as a list.
 */
function readProperties(buf, j, end) {
  const props = {};
  while (j < end) {
    const id = buf[j++];
    if (id === 0x01) props.payloadFormatIndicator = buf[j++];
    else if (id === 0x02) {
      props.messageExpiryInterval = ((buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3]) >>> 0;
      j += 4;
    } else if (id === 0x23) {
      props.topicAlias = (buf[j] << 8) | buf[j + 1];
      j += 2;
    } else if (id === 0x0b) {
      let n = 0;
      let m = 1;
      let c;
      do {
        c = buf[j++];
        n += (c & 0x7f) * m;
        m *= 128;
      } while (c & 0x80);
      (props.subscriptionIdentifiers ??= []).push(n);
    } else {
      const n = (buf[j] << 8) | buf[j + 1];
      const s = j + 2;
      j = s + n;
      if (id === 0x03) props.contentType = ceilingString(buf, s, j);
      else if (id === 0x08) props.responseTopic = ceilingString(buf, s, j);
      else if (id === 0x09) props.correlationData = buf.subarray(s, j);
      else {
        // 0x26, User Property: a second string.
        const m2 = (buf[j] << 8) | buf[j + 1];
        const pair = [ceilingString(buf, s, j), ceilingString(buf, j + 2, j + 2 + m2)];
        j += 2 + m2;
        (props.userProperties ??= []).push(pair);
      }
    }
  }
  return props;
}

/** Keeps the last packet of each pass alive, so no decoder's work can be optimised away. */
export let sink;

/** A runner of `new Make(v)`-style decoders with a `push(chunk)` returning packets. */
export function pushRunner(name, make, finish) {
  const run = (chunks, v) => {
    const d = make(v);
    let n = 0;
    for (let i = 0; i < chunks.length; i++) {
      const packets = d.push(chunks[i]);
      n += packets.length;
      if (packets.length > 0) sink = packets[packets.length - 1];
    }
    finish(d);
    return n;
  };
  Object.defineProperty(run, 'name', { value: name });
  run.make = make;
  return run;
}

/** A runner of an mqtt-codec build's `Decoder` (full validation, packet objects). */
export function codecRunner(name, Decoder) {
  return pushRunner(name, (v) => new Decoder({ protocolVersion: v }), (d) => d.end());
}

/** The runner of {@link CeilingDecoder}. */
export const runCeiling = pushRunner('ceiling', (v) => new CeilingDecoder(v), (d) => {
  if (d.rest !== null) throw new Error('ceiling decoder left bytes over');
});

/** The runner of {@link CeilingDecoder} that reads 5.0 properties into objects. */
export const runCeilingWithProperties = pushRunner('ceiling+props', (v) => new CeilingDecoder(v, true), (d) => {
  if (d.rest !== null) throw new Error('ceiling decoder left bytes over');
});

/** The runner of mqtt-packet's `parser().parse` with a 'packet' listener. */
export function runMqttPacket(chunks, v) {
  const parser = mqttPacket.parser({ protocolVersion: v });
  let n = 0;
  parser.on('packet', (p) => {
    sink = p;
    n++;
  });
  parser.on('error', (e) => {
    throw e;
  });
  for (let i = 0; i < chunks.length; i++) parser.parse(chunks[i]);
  return n;
}

/** The topics and payload sizes of every PUBLISH a runner's decoder returns, to check they agree. */
export function fingerprint(run, chunks, v) {
  let topics = 0;
  let payload = 0;
  let count = 0;
  const collect = (p) => {
    count++;
    if (p.type === 'publish' || p.cmd === 'publish') {
      topics = (topics + p.topic.length * 31 + p.topic.charCodeAt(20)) % 1e9;
      payload += p.payload.length;
    }
  };
  if (run === runMqttPacket) {
    const parser = mqttPacket.parser({ protocolVersion: v });
    parser.on('packet', collect);
    for (const c of chunks) parser.parse(c);
  } else {
    const d = run.make(v);
    for (const c of chunks) for (const p of d.push(c)) collect(p);
  }
  return `${count}/${topics}/${payload}`;
}

/** Throws unless every runner decodes `chunks` to the same packets. */
export function checkAgree(runs, chunks, v) {
  const prints = runs.map((fn) => fingerprint(fn, chunks, v));
  if (new Set(prints).size !== 1) throw new Error(`decoders disagree on the stream: ${prints.join(' | ')}`);
}

/**
 * Bytes each runner decodes before it is timed: at least three passes, and at least this much.
 * On this benchmark's host (a virtual machine) a fresh process pays dearly for the first touch of
 * the heap pages it allocates in: mqtt-codec's and the ceiling's first four or five passes over a
 * 4 MiB stream ran at a fifth to a half of their later speed, with 700-3,000 minor page faults
 * each where later passes had almost none (`process.resourceUsage()`, 5 December 2026; about
 * 15 µs a fault by the time they add). `perf` put the faults in allocation (typed-array views,
 * strings, the scavenger's copies). mqtt-packet, which allocates far more per packet, takes its
 * faults in its first pass, so with three 4 MiB warm-up passes a quick run timed the others'
 * page faults. Warming up by volume times every decoder past them, as a full run's 32 MiB passes
 * always did.
 */
export const WARM_UP_BYTES = 48 * 1024 * 1024;

/**
 * Median seconds per pass of each runner over `rounds` rounds, after warm-up passes (three, or
 * more for a short stream: {@link WARM_UP_BYTES}); within a round the runners take turns, so a
 * noisy neighbour on a shared machine hurts them alike.
 */
export function measureStream(fns, chunks, v, expected, rounds) {
  let bytes = 0;
  for (const c of chunks) bytes += c.length;
  const warmUps = Math.max(3, Math.ceil(WARM_UP_BYTES / bytes));
  for (const fn of fns) for (let i = 0; i < warmUps; i++) if (fn(chunks, v) !== expected) throw new Error(`${fn.name} decoded a different number of packets`);
  const times = fns.map(() => []);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, k) => {
      const t0 = process.hrtime.bigint();
      fn(chunks, v);
      times[k].push(Number(process.hrtime.bigint() - t0) / 1e9);
    });
  }
  return times.map((ts) => ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)]);
}
