// Fuzz target `conversation`: the conversation checker (dist/conversation.cjs) fed what both
// sides of a connection send: raw chunks and packets already decoded, interleaved.
// Build first (`npm run build`). `npm run fuzz -- --target conversation`.
//
// Input: data[0] holds the options (bit 0 `midConnection`, bits 1-2 the `protocolVersion` option:
// none, 3, 4, 5). Then steps, each a flags byte — bit 7 the side (0 client, 1 server), bit 6 a
// decoded packet (else raw bytes), bit 5 a time follows — then, if timed, 4 bytes of time in
// milliseconds (big-endian), then a 2-byte length and that many bytes (cut short at the end).
// A packet step's bytes are decoded with the conversation's version at that point and pushed as
// a packet object (bytes that do not decode are skipped). Seeds: fixtures/conversations/*.txt and
// fixtures/sessions/*.conversation.txt (their lines as raw steps, and as packet steps).
// Invariants (any violation throws an Error that is not an MqttCodecError):
//  1. no foreign exception: pushing and `end()` throw nothing whatever the bytes;
//  2. offsets inside the input: every record's offset, and offset + length, and every
//     diagnostic's offset lie within the bytes that side has sent (raw bytes, plus the encoded
//     size of each packet step); packet indexes count up from 0 with no gap;
//  3. the same records and diagnostics (index, side, packet, offset, length, time, topic,
//     answers; each diagnostic's check, rule, side, packet index, offset, message) for any
//     chunking of the raw steps: each step whole, in chunks of 1 to 7 bytes, of 1 to 64 bytes;
//  4. bounded memory: after every push, each side holds (as an incomplete packet) no more bytes
//     than it has sent and not yet seen consumed into records.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { Conversation, parseConversationText } = require('../../dist/conversation.cjs');
const { decode, encodedLength } = require('../../dist/index.cjs');
const { check, describeThrown, chunkSizes, cut, byteMutation, u32, setU32 } = require('../lib.cjs');

/** The steps of an input (see the header), and its options. */
function parse(data) {
  const options = {};
  if (data[0] & 1) options.midConnection = true;
  const v = [undefined, 3, 4, 5][(data[0] >> 1) & 3];
  if (v !== undefined) options.protocolVersion = v;
  const steps = [];
  let pos = 1;
  while (pos < data.length) {
    const flags = data[pos++];
    const step = { side: flags & 0x80 ? 'server' : 'client', packet: (flags & 0x40) !== 0 };
    if (flags & 0x20) {
      if (pos + 4 > data.length) break;
      step.time = u32(data, pos, false) / 1000;
      pos += 4;
    }
    if (pos + 2 > data.length) break;
    const n = (data[pos] << 8) | data[pos + 1];
    pos += 2;
    step.bytes = data.slice(pos, pos + n);
    pos += n;
    steps.push(step);
  }
  return { options, steps };
}

/** Writes steps back into the input format. */
function serialise(first, steps) {
  const out = [first];
  for (const s of steps) {
    out.push((s.side === 'server' ? 0x80 : 0) | (s.packet ? 0x40 : 0) | (s.time !== undefined ? 0x20 : 0));
    if (s.time !== undefined) {
      const t = [0, 0, 0, 0];
      setU32(t, 0, Math.round(s.time * 1000), false);
      out.push(...t);
    }
    const n = Math.min(s.bytes.length, 0xffff);
    out.push(n >> 8, n & 0xff, ...s.bytes.subarray(0, n));
  }
  return Uint8Array.from(out);
}

/** A record as compared across chunkings. */
function summarise(r) {
  const out = { index: r.index, side: r.side, packet: r.packet, offset: r.offset, length: r.length, time: r.time, topic: r.topic, answers: r.answers };
  out.diagnostics = r.diagnostics.map(diagnostic);
  return out;
}

function diagnostic(d) {
  return { check: d.check, rule: d.rule, side: d.side, packetIndex: d.packetIndex, offset: d.offset, message: d.message, reasonCode: d.reasonCode };
}

/**
 * Runs the steps, raw ones cut by `sizesOf` (null: whole); checks invariants 1, 2 and 4 on the
 * way; returns the records and the end's diagnostics.
 */
function run(options, steps, sizesOf) {
  const c = new Conversation(options);
  const sent = { client: 0, server: 0 };
  const records = [];
  const ends = [];
  try {
    for (const step of steps) {
      if (step.packet) {
        let packet;
        try {
          packet = decode(step.bytes, { protocolVersion: c.protocolVersion });
        } catch {
          continue;
        }
        try {
          sent[step.side] += encodedLength(packet, { protocolVersion: c.protocolVersion });
        } catch {
          // Not encodable in this version: the checker counts no bytes for it either.
        }
        records.push(...c.push(step.side, packet, step.time));
      } else {
        const chunks = sizesOf === null ? [step.bytes] : cut(step.bytes, sizesOf(step.bytes));
        for (const chunk of chunks) {
          records.push(...c.push(step.side, chunk, step.time));
          sent[step.side] += chunk.length;
          const held = c.decoders[step.side]?.buffered ?? 0;
          const consumed = (step.side === 'client' ? c.s.client : c.s.server).offset;
          check(held <= sent[step.side] - consumed || held === 0, () => `the ${step.side} side holds ${held} bytes, sent ${sent[step.side]}, consumed ${consumed}`);
        }
      }
    }
    ends.push(...c.end());
  } catch (e) {
    check(false, () => `the checker threw ${describeThrown(e)}`);
  }
  records.forEach((r, i) => {
    check(r.index === i, () => `record ${i} has index ${r.index}`);
    const total = sent[r.side];
    check(Number.isInteger(r.offset) && r.offset >= 0 && r.offset <= total, () => `record ${i} at offset ${r.offset}, the ${r.side} sent ${total} bytes`);
    check(r.length === undefined || r.offset + r.length <= total, () => `record ${i} [${r.offset}, +${r.length}) past the ${total} bytes the ${r.side} sent`);
    for (const d of r.diagnostics) checkDiagnostic(d, sent, records.length);
  });
  for (const d of ends) checkDiagnostic(d, sent, records.length);
  return { records: records.map(summarise), ends: ends.map(diagnostic) };
}

function checkDiagnostic(d, sent, count) {
  check(d.side === 'client' || d.side === 'server', () => `a diagnostic with side ${d.side}`);
  check(d.offset === undefined || (d.offset >= 0 && d.offset <= sent[d.side]), () => `diagnostic "${d.message}" at offset ${d.offset}, the ${d.side} sent ${sent[d.side]} bytes`);
  check(d.packetIndex === undefined || (d.packetIndex >= 0 && d.packetIndex <= count), () => `diagnostic "${d.message}" for packet ${d.packetIndex} of ${count}`);
}

/** A record summary as text (for a failure's message). */
function show(r) {
  return JSON.stringify(r, (k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v));
}

/** Runs every invariant on `data`; returns what happened, for the runner's counts. */
function fuzzWithReport(data) {
  if (data.length === 0) return { empty: true };
  const { options, steps } = parse(data);
  const whole = run(options, steps, null);
  for (const salt of [0, 1]) {
    const pieces = run(options, steps, (bytes) => chunkSizes(bytes, bytes.length, salt));
    check(pieces.records.length === whole.records.length, () => `${whole.records.length} records with whole steps, ${pieces.records.length} in chunks (salt ${salt})`);
    for (let i = 0; i < whole.records.length; i++) check(isDeepStrictEqual(pieces.records[i], whole.records[i]), () => `record ${i} differs with the chunking (salt ${salt}): ${show(whole.records[i])} / ${show(pieces.records[i])}`);
    check(isDeepStrictEqual(pieces.ends, whole.ends), () => `the end's diagnostics differ with the chunking (salt ${salt})`);
  }
  const checks = [];
  for (const r of whole.records) for (const d of r.diagnostics) checks.push(d.check);
  for (const d of whole.ends) checks.push(d.check);
  return { records: whole.records.length, types: whole.records.map((r) => r.packet?.type ?? 'undecodable'), checks };
}

/** The target: throws only when an invariant is broken. */
function fuzz(data) {
  fuzzWithReport(data instanceof Uint8Array ? data : new Uint8Array(data));
}

/** Seeds: every conversation text of the fixtures, as raw steps and as packet steps. */
function seeds() {
  const root = join(__dirname, '..', '..');
  const files = [];
  const convs = join(root, 'fixtures', 'conversations');
  for (const f of readdirSync(convs).filter((x) => x.endsWith('.txt')).sort()) files.push(join(convs, f));
  const sessions = join(root, 'fixtures', 'sessions');
  for (const f of readdirSync(sessions).filter((x) => x.endsWith('.conversation.txt')).sort()) files.push(join(sessions, f));
  const out = [];
  for (const file of files) {
    const chunks = parseConversationText(readFileSync(file, 'utf8'));
    const raw = chunks.map((c) => ({ side: c.side, packet: false, time: c.time, bytes: c.bytes }));
    out.push(serialise(0, raw));
    out.push(serialise(0, raw.map((s) => ({ ...s, packet: s.side === 'server' }))));
  }
  return out;
}

/**
 * Mutations: the shared byte mutations past the option byte; and on steps: a step's side
 * flipped, two steps swapped (another interleaving of the directions), a step split in two at a
 * random point (a new chunk boundary) or two merged, a step repeated or dropped, a raw step made
 * a packet step or back, a time moved, a step of another seed spliced in, the options changed.
 */
function mutate(input, rand, corpus) {
  if (rand(4) === 0) return Uint8Array.from(byteMutation(Array.from(input), rand, corpus, 1));
  const { steps } = parse(input);
  let first = input[0];
  const count = 1 + rand(3);
  for (let m = 0; m < count; m++) {
    const n = steps.length;
    const i = rand(Math.max(1, n));
    switch (rand(9)) {
      case 0:
        if (n > 0) steps[i] = { ...steps[i], side: steps[i].side === 'client' ? 'server' : 'client' };
        break;
      case 1:
        if (n > 1) {
          const j = rand(n);
          [steps[i], steps[j]] = [steps[j], steps[i]];
        }
        break;
      case 2:
        if (n > 0 && steps[i].bytes.length > 1) {
          const at = 1 + rand(steps[i].bytes.length - 1);
          const s = steps[i];
          steps.splice(i, 1, { ...s, bytes: s.bytes.slice(0, at) }, { ...s, bytes: s.bytes.slice(at) });
        }
        break;
      case 3:
        if (i + 1 < n && steps[i].side === steps[i + 1].side) {
          const a = steps[i].bytes;
          const b = steps[i + 1].bytes;
          const joined = new Uint8Array(a.length + b.length);
          joined.set(a);
          joined.set(b, a.length);
          steps.splice(i, 2, { ...steps[i], packet: false, bytes: joined });
        }
        break;
      case 4:
        if (n > 0) {
          if (rand(2)) steps.splice(i, 0, { ...steps[i] });
          else steps.splice(i, 1);
        }
        break;
      case 5:
        if (n > 0) steps[i] = { ...steps[i], packet: !steps[i].packet };
        break;
      case 6:
        if (n > 0) steps[i] = { ...steps[i], time: rand(3) === 0 ? undefined : (steps[i].time ?? 0) + [-1, 1, 5, 30, 100][rand(5)] };
        break;
      case 7: {
        const other = parse(corpus[rand(corpus.length)]).steps;
        if (other.length > 0) steps.splice(rand(n + 1), 0, other[rand(other.length)]);
        break;
      }
      default:
        first = rand(8);
    }
  }
  for (const s of steps) if (s.time !== undefined && s.time < 0) s.time = 0;
  return serialise(first, steps.slice(0, 200));
}

const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

function createStats() {
  return { records: 0, types: new Map(), checks: new Map() };
}

/** Tallies one result; its signature: the last check reported and the last packet type. */
function record(stats, r) {
  stats.records += r.records;
  for (const t of r.types) bump(stats.types, t);
  for (const c of r.checks) bump(stats.checks, c);
  return `${r.checks[r.checks.length - 1] ?? '-'} ${r.types[r.types.length - 1] ?? '-'}`;
}

function summary(stats, fmt) {
  return [
    `  records:           ${stats.records.toLocaleString('en')} — ${fmt(stats.types)}`,
    `  checks reported:   ${stats.checks.size} — ${fmt(stats.checks)}`,
  ];
}

module.exports = { name: 'conversation', fuzz, fuzzWithReport, seeds, mutate, createStats, record, summary };
