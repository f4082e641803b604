// Fuzz target `capture`: the capture reader library (`mqtt-codec/capture`, dist/capture.cjs: a
// pcap or pcapng file pushed in chunks; records out). Build first (`npm run build`); when the
// entry is not built (the capture reader not in this tree yet) the target says so and is skipped.
// MQTT_CODEC_CAPTURE=/path/to/capture.cjs loads another build. `npm run fuzz -- --target capture`.
//
// Input: the bytes of a capture file. Seeds: fixtures/captures/*.pcap and *.pcapng (but the two
// of over 300 KB, which would slow every execution down a hundredfold).
// Options: the reader's defaults, or tight limits (4 connections, 16 KiB per connection) for
// half of the inputs (by a hash of the bytes), so the limits' paths run too.
// Invariants (any violation throws an Error that is not an MqttCodecError):
//  1. no foreign exception: `push` and `end` throw nothing, whatever the bytes;
//  2. frame numbers and offsets inside the input: every record's frame number is in
//     [1, frames read] (a problem's may be 0: found before the first frame), and at most one frame per 16 bytes of input (the smallest record
//     header); a problem's file offset is in [0, input length]; a packet's bytes are no longer
//     than the input and its stream offset is a non-negative integer; a gap's length is positive;
//     connection ids count up from 1;
//  3. the same records (kind, connection id, direction, frame number, stream offset, packet bytes
//     and verdict, conversation faults, notes, gaps, problems, ends) and the same final
//     connection summaries for any chunking: the whole file in one push, in chunks of 1 to 7
//     bytes, and of 1 to 512 bytes;
//  4. bounded memory: after every push, the connections open are at most `maxConnections`.
'use strict';
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { InvariantError, check, describeThrown, chunkSizes, cut, byteMutation, duplicateRange, hex, u32, setU32 } = require('../lib.cjs');

const ENTRY = process.env.MQTT_CODEC_CAPTURE || join(__dirname, '..', '..', 'dist', 'capture.cjs');
const TIGHT = { maxConnections: 4, bufferLimit: 16 * 1024 };
let lib;

/** Why the target cannot run here, or undefined. */
function unavailable() {
  if (!existsSync(ENTRY)) return `capture entry not built (${ENTRY} is absent: the capture reader library, mqtt-codec/capture, is not in this tree)`;
  lib = require(ENTRY);
  if (typeof lib.CaptureReader !== 'function') return `capture entry not built (${ENTRY} has no CaptureReader)`;
  return undefined;
}

function load() {
  if (lib === undefined) {
    const why = unavailable();
    if (why) throw new Error(why);
  }
  return lib;
}

const stamp = (s) => (s === undefined ? undefined : s.frame);

/** A record as compared across chunkings (taken at once: packet bytes are views). */
function normalise(r) {
  switch (r.kind) {
    case 'info':
      return { kind: r.kind, format: r.format, byteOrder: r.byteOrder, interfaces: JSON.stringify(r.interfaces) };
    case 'problem':
      return { kind: r.kind, message: r.message, offset: r.offset, fatal: r.fatal, fault: r.fault, frame: stamp(r.frame) };
    case 'connection':
      return { kind: r.kind, id: r.connection.id, frame: stamp(r.frame), version: r.version, versionSource: r.versionSource, bridge: r.bridge, notMqtt: r.notMqtt };
    case 'packet':
      return {
        kind: r.kind,
        id: r.connection.id,
        direction: r.direction,
        frame: stamp(r.frame),
        offset: r.offset,
        bytes: hex(r.bytes),
        packet: JSON.stringify(r.result.packet, (k, v) => (v instanceof Uint8Array ? hex(v) : typeof v === 'bigint' ? String(v) : v)),
        diagnostics: r.result.diagnostics.map((d) => `${d.key} ${d.offset} ${d.message}`),
        checks: r.checks.map((d) => `${d.check} ${d.offset} ${d.message}`),
        length: r.bytes.length,
      };
    case 'note':
      return { kind: r.kind, id: r.connection.id, direction: r.direction, frame: stamp(r.frame), offset: r.offset, message: r.message, fault: r.fault };
    case 'gap':
      return { kind: r.kind, id: r.connection.id, direction: r.direction, frame: stamp(r.frame), offset: r.offset, length: r.length };
    case 'end':
      return { kind: r.kind, id: r.connection.id, reason: r.reason, frame: stamp(r.frame) };
    default:
      return { kind: String(r.kind) };
  }
}

/** Reads `chunks` with `options`; checks invariants 1, 2 and 4; returns the records and summaries. */
function run(chunks, options, total) {
  const { CaptureReader } = load();
  const records = [];
  let reader;
  try {
    reader = new CaptureReader(options);
    const max = options.maxConnections ?? lib.DEFAULT_MAX_CONNECTIONS;
    for (const chunk of chunks) {
      for (const r of reader.push(chunk)) records.push(normalise(r));
      check(reader.openConnections <= max, () => `${reader.openConnections} connections open, the limit is ${max}`);
    }
    for (const r of reader.end()) records.push(normalise(r));
  } catch (e) {
    if (e instanceof InvariantError) throw e;
    check(false, () => `the capture reader threw ${describeThrown(e)}`);
  }
  const frames = reader.frames;
  check(frames <= Math.floor(total / 16), () => `${frames} frames read from ${total} bytes`);
  for (const r of records) {
    // A problem found before any frame was read carries frame 0.
    const lowest = r.kind === 'problem' ? 0 : 1;
    if (r.frame !== undefined) check(Number.isInteger(r.frame) && r.frame >= lowest && r.frame <= frames, () => `a ${r.kind} record at frame ${r.frame} of ${frames}`);
    if (r.kind === 'problem' && r.offset !== undefined) check(r.offset >= 0 && r.offset <= total, () => `a problem at file offset ${r.offset} of ${total}: ${r.message}`);
    if (r.kind === 'packet') {
      check(r.length <= total && r.length > 0, () => `a packet of ${r.length} bytes from ${total}`);
      check(Number.isInteger(r.offset) && r.offset >= 0, () => `a packet at stream offset ${r.offset}`);
    }
    if (r.kind === 'gap') check(r.length > 0 && Number.isInteger(r.offset) && r.offset >= 0, () => `a gap of ${r.length} bytes at ${r.offset}`);
    if (r.id !== undefined) check(r.id >= 1 && r.id <= reader.connectionCount, () => `connection id ${r.id} of ${reader.connectionCount}`);
  }
  const summaries = reader.connections.map((c) => JSON.stringify(c));
  return { records, summaries, frames, connections: reader.connectionCount };
}

/** A 32-bit hash of the input: picks the options. */
function pick(data) {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i += 7) h = Math.imul(h ^ data[i], 0x01000193) >>> 0;
  return h & 1 ? TIGHT : {};
}

/** Runs every invariant on `data`; returns what happened, for the runner's counts. */
function fuzzWithReport(data) {
  if (data.length === 0) return { empty: true };
  const options = pick(data);
  const whole = run([data.slice()], options, data.length);
  for (const [salt, max] of [[0, 7], [1, 512]]) {
    const pieces = run(cut(data, chunkSizes(data, data.length, salt, max)), options, data.length);
    check(pieces.records.length === whole.records.length, () => `${whole.records.length} records in one push, ${pieces.records.length} in chunks of up to ${max}`);
    for (let i = 0; i < whole.records.length; i++) check(isDeepStrictEqual(pieces.records[i], whole.records[i]), () => `record ${i} differs in chunks of up to ${max}: ${JSON.stringify(whole.records[i])} / ${JSON.stringify(pieces.records[i])}`);
    check(isDeepStrictEqual(pieces.summaries, whole.summaries), () => `the connection summaries differ in chunks of up to ${max}`);
  }
  const kinds = whole.records.map((r) => (r.kind === 'problem' ? `problem${r.fatal ? ' (fatal)' : ''}` : r.kind));
  // A problem's kind: its message without figures, bytes or parenthesised details.
  const problems = whole.records.filter((r) => r.kind === 'problem').map((r) => r.message.replace(/\(.*?\)/g, '').replace(/0x[0-9a-f]+/gi, 'N').replace(/[0-9]+/g, 'N').replace(/\s+/g, ' ').trim());
  return { kinds, problems, frames: whole.frames, connections: whole.connections };
}

/** The target: throws only when an invariant is broken. */
function fuzz(data) {
  fuzzWithReport(data instanceof Uint8Array ? data : new Uint8Array(data));
}

/** Seeds: the capture fixtures under 300 KB. */
function seeds() {
  const dir = join(__dirname, '..', '..', 'fixtures', 'captures');
  return readdirSync(dir)
    .filter((f) => /\.pcap(ng)?$/.test(f))
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f))))
    .filter((b) => b.length < 300_000);
}

/**
 * The records of a capture (an array): [start, end) of each pcap record or pcapng block after
 * the file header, and the byte order. Stops at the first that does not fit.
 */
function records(b) {
  const out = [];
  if (b.length < 24) return { out, little: true, pcapng: false };
  const magic = u32(b, 0, false);
  if (magic === 0x0a0d0d0a) {
    const little = u32(b, 8, true) === 0x1a2b3c4d;
    let pos = 0;
    while (pos + 12 <= b.length) {
      const len = u32(b, pos + 4, little);
      if (len < 12 || pos + len > b.length) break;
      out.push([pos, pos + len]);
      pos += len;
    }
    return { out, little, pcapng: true };
  }
  const little = magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1;
  let pos = 24;
  while (pos + 16 <= b.length) {
    const incl = u32(b, pos + 8, little);
    if (pos + 16 + incl > b.length) break;
    out.push([pos, pos + 16 + incl]);
    pos += 16 + incl;
  }
  return { out, little, pcapng: false };
}

/**
 * Mutations: the shared byte mutations and a duplicated byte run; on pcap records and pcapng
 * blocks: one repeated (a retransmission), dropped (a lost segment), two swapped (reordering), one
 * of another seed inserted; on a record header: its captured or original length (off by a
 * little, zero, huge), its timestamp (earlier, equal, far later), a block's type or trailing length.
 */
function mutate(input, rand, corpus) {
  let b = Array.from(input);
  const count = 1 + rand(3);
  for (let m = 0; m < count; m++) {
    const kind = rand(10);
    // Byte edits keep the 24-byte file header (pcap's, or most of pcapng's section header) three
    // times in four: a file that is no capture at all is refused at once and teaches little.
    const from = rand(4) === 0 ? 0 : Math.min(24, b.length);
    if (kind <= 2) {
      b = byteMutation(b, rand, corpus, from);
      continue;
    }
    if (kind === 3) {
      b = duplicateRange(b, rand, from);
      continue;
    }
    const { out, little, pcapng } = records(b);
    if (out.length === 0) {
      b = byteMutation(b, rand, corpus, 0);
      continue;
    }
    const [s, e] = out[rand(out.length)];
    switch (kind) {
      case 4:
        b = b.slice(0, e).concat(b.slice(s, e), b.slice(e));
        break;
      case 5:
        if (out.length > 1) b = b.slice(0, s).concat(b.slice(e));
        break;
      case 6: {
        const [s2, e2] = out[rand(out.length)];
        if (s2 > s) b = b.slice(0, s).concat(b.slice(s2, e2), b.slice(e, s2), b.slice(s, e), b.slice(e2));
        break;
      }
      case 7: {
        const other = Array.from(corpus[rand(corpus.length)]);
        const o = records(other);
        if (o.out.length > 0 && o.pcapng === pcapng) {
          const [os, oe] = o.out[rand(o.out.length)];
          b = b.slice(0, e).concat(other.slice(os, oe), b.slice(e));
        }
        break;
      }
      case 8: {
        // a length field of the record header
        const at = pcapng ? s + (rand(2) ? 4 : Math.max(s + 4, e - 4) - s) + (rand(2) && e - s >= 28 ? 16 : 0) : s + (rand(2) ? 8 : 12);
        if (at + 4 > b.length) break;
        const old = u32(b, at, little);
        setU32(b, at, [0, old + 1, Math.max(0, old - 1), old + 4, 0xffffffff, 0x7fffffff, rand(0x10000)][rand(7)], little);
        break;
      }
      default: {
        // a timestamp (pcap: seconds or fraction; pcapng EPB: high or low word)
        const at = pcapng ? s + 12 + 4 * rand(2) : s + 4 * rand(2);
        if (at + 4 > b.length) break;
        const old = u32(b, at, little);
        setU32(b, at, [0, old - 1, old + 1, old + 3600, 0xffffffff][rand(5)], little);
      }
    }
  }
  return Uint8Array.from(b.length > 300_000 ? b.slice(0, 300_000) : b);
}

const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

function createStats() {
  return { frames: 0, connections: 0, kinds: new Map(), problems: new Map() };
}

/** Tallies one result; its signature: the record kinds present and the first problem. */
function record(stats, r) {
  stats.frames += r.frames;
  stats.connections += r.connections;
  for (const k of r.kinds) bump(stats.kinds, k);
  for (const p of r.problems) bump(stats.problems, p);
  return `${[...new Set(r.kinds)].sort().join(',')} ${r.problems[0] ?? '-'}`;
}

function summary(stats, fmt) {
  return [
    `  frames read:       ${stats.frames.toLocaleString('en')}; connections ${stats.connections.toLocaleString('en')}`,
    `  records:           ${fmt(stats.kinds)}`,
    `  problems:          ${stats.problems.size} kinds — ${fmt(stats.problems)}`,
  ];
}

module.exports = { name: 'capture', unavailable, fuzz, fuzzWithReport, seeds, mutate, createStats, record, summary };
