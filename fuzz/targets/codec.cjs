// Fuzz target `codec` (the default of `npm run fuzz`): `fuzz(data)` for any coverage-guided
// JavaScript fuzzer too (for example Jazzer.js: `npx jazzer fuzz/target.cjs fuzz/corpus`; that
// file re-exports this one). Build first (`npm run build`). Seeds: fuzz/corpus/.
//
// Input: data[0] chooses the protocol version (3 + data[0] % 3), the rest is one packet's bytes.
// Invariants (any violation throws an Error that is not an MqttCodecError):
//  1. decode throws nothing but MqttCodecError;
//  2. inspect never throws; it returns a packet exactly when decode does, equal to it, and its
//     diagnostics[0] is decode's error (same reason code, rule, offset and message); reading its
//     fields never throws, every span lies inside the input in wire order, and for an accepted
//     packet the spans tile it (each byte in exactly one leaf, or in leaves with disjoint masks);
//  3. an accepted packet re-encodes, and the bytes decode to an equal packet:
//     decode(encode(decode(x))) equals decode(x);
//  4. the encoder's output is canonical: encode(decode(encode(p))) is the same bytes as encode(p);
//  5. the stream Decoder fed the same bytes in (pseudo-random) chunks agrees with decode: the same
//     packet, or an MqttCodecError when decode failed.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const { Decoder, decode, encode, inspect, MqttCodecError, peekHeader } = require('../../dist/index.cjs');
const { InvariantError, check, byteMutation } = require('../lib.cjs');

/** Spans inside [0, n) in wire order; when `tile` is given, they cover [0, tile) exactly once. */
function checkSpans(fields, n, tile) {
  const covered = tile === undefined ? null : new Uint8Array(tile);
  let last = 0;
  for (const f of fields) {
    check(Number.isInteger(f.start) && f.start >= last && f.start <= f.end && f.end <= n, () => `field ${f.path} spans [${f.start}, ${f.end}) of ${n} bytes`);
    last = f.start;
    if (covered === null) continue;
    const mask = f.mask === undefined ? 0xff : f.mask;
    for (let i = f.start; i < f.end; i++) {
      check((covered[i] & mask) === 0, () => `byte ${i} is in two fields (${f.path})`);
      covered[i] |= mask;
    }
  }
  if (covered !== null) for (let i = 0; i < covered.length; i++) check(covered[i] === 0xff, () => `byte ${i} is in no field`);
}

function sameBytes(a, b) {
  return a.length === b.length && Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.length), Buffer.from(b.buffer, b.byteOffset, b.length)) === 0;
}

/** A small deterministic generator, seeded from the input, for chunk sizes. */
function chunkSizes(bytes) {
  let seed = 0x9e3779b9;
  for (let i = 0; i < bytes.length; i++) seed = Math.imul(seed ^ bytes[i], 0x85ebca6b) >>> 0;
  const sizes = [];
  let left = bytes.length;
  while (left > 0) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const n = 1 + (seed % Math.max(1, Math.min(left, 7)));
    sizes.push(n);
    left -= n;
  }
  return sizes;
}

/** Runs every invariant on `data`; returns what happened, for the runner's coverage counts. */
function fuzzWithReport(data) {
  if (data.length === 0) return { empty: true };
  const v = 3 + (data[0] % 3);
  const bytes = data.subarray(1);
  const opts = { protocolVersion: v };

  let packet;
  let error;
  try {
    packet = decode(bytes, opts);
  } catch (e) {
    check(e instanceof MqttCodecError, () => `decode threw ${e && e.stack ? e.stack : e}`);
    error = e;
  }

  let report;
  try {
    report = inspect(bytes, opts);
  } catch (e) {
    throw new InvariantError(`inspect threw ${e && e.stack ? e.stack : e}`);
  }
  let fields;
  try {
    fields = report.fields;
  } catch (e) {
    throw new InvariantError(`reading inspect's fields threw ${e && e.stack ? e.stack : e}`);
  }
  checkSpans(fields, bytes.length, error ? undefined : report.length);
  if (error) {
    check(report.packet === undefined, 'inspect returned a packet that decode rejected');
    const d = report.diagnostics[0];
    check(d instanceof MqttCodecError, 'inspect has no diagnostic for bytes decode rejected');
    check(d.reasonCode === error.reasonCode && d.rule === error.rule && d.offset === error.offset && d.message === error.message,
      `inspect diagnostics[0] "${d.message}" differs from decode's "${error.message}"`);
  } else {
    check(report.diagnostics.length === 0, () => `inspect reported "${report.diagnostics[0] && report.diagnostics[0].message}" for a valid packet`);
    check(isDeepStrictEqual(report.packet, packet), 'inspect packet differs from decode');
    let again;
    try {
      again = encode(packet, opts);
    } catch (e) {
      throw new InvariantError(`encode refused a decoded packet: ${e.message}`);
    }
    const back = decode(again, opts);
    check(isDeepStrictEqual(back, packet), 'decode(encode(decode(x))) differs from decode(x)');
    check(sameBytes(encode(back, opts), again), 'the encoder output is not a fixed point');
  }

  // The stream decoder, fed in chunks.
  const decoder = new Decoder(opts);
  const got = [];
  let streamError;
  try {
    let at = 0;
    for (const n of chunkSizes(bytes)) {
      got.push(...decoder.push(bytes.slice(at, at + n)));
      at += n;
    }
    decoder.end();
  } catch (e) {
    check(e instanceof MqttCodecError, () => `Decoder threw ${e && e.stack ? e.stack : e}`);
    streamError = e;
  }
  if (!error) {
    check(streamError === undefined, () => `Decoder failed on a valid packet: ${streamError && streamError.message}`);
    check(got.length === 1 && isDeepStrictEqual(got[0], packet), 'Decoder packet differs from decode');
  } else {
    let total = -1;
    try {
      const h = peekHeader(bytes, 0, v);
      if (h) total = h.headerLength + h.remainingLength;
    } catch {}
    // Trailing bytes after a valid packet are the next packet for a stream: any outcome is fine.
    if (!(total >= 0 && total < bytes.length)) check(streamError !== undefined, () => `Decoder accepted bytes decode rejected (${error.message})`);
    else check(got.length > 0 || streamError !== undefined, 'Decoder neither decoded nor failed');
  }
  return packet ? { type: packet.type, version: v } : { reasonCode: error.reasonCode, rule: error.rule, version: v };
}

/** The fuzz target: throws only when an invariant is broken. */
function fuzz(data) {
  fuzzWithReport(data instanceof Uint8Array ? data : new Uint8Array(data));
}

/** The seed corpus: fuzz/corpus/ (one file per fixture packet, `npm run fuzz:corpus`). */
function seeds() {
  const dir = join(__dirname, '..', 'corpus');
  const corpus = readdirSync(dir)
    .sort()
    .map((f) => new Uint8Array(readFileSync(join(dir, f))));
  if (corpus.length === 0) throw new Error('empty corpus: run node fuzz/make-corpus.mjs');
  return corpus;
}

function vbi(value, pad) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0 || pad > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  for (let i = 0; i < pad; i++) out.push(i === pad - 1 ? 0 : 0x80);
  return out;
}

/**
 * Mutations: the shared byte mutations (bit flips, byte sets, insert/delete, splicing two seeds)
 * past the version byte, Variable Byte Integer edits of the Remaining Length (including
 * non-minimal and 5-byte forms), Two Byte length field edits, the type/flags nibble, the version.
 */
function mutate(input, rand, corpus) {
  let b = Array.from(input);
  const count = 1 + rand(4);
  for (let m = 0; m < count; m++) {
    const n = b.length;
    const kind = rand(9);
    if (kind <= 4) {
      b = byteMutation(b, rand, corpus, 1);
      continue;
    }
    switch (kind) {
      case 5: {
        // rewrite the Remaining Length: exact, off by a little, huge, non-minimal or too long
        if (n < 3) break;
        let k = 2; // b[0] is the version byte, b[1] the type byte, the Remaining Length starts at 2
        while (k < n - 1 && b[k] & 0x80 && k < 5) k++;
        k++; // first byte after the Remaining Length
        const bodyLen = Math.max(0, n - k);
        const choice = rand(5);
        const value = choice === 1 ? Math.max(0, bodyLen + rand(5) - 2) : choice === 2 ? 268435455 : bodyLen;
        const enc = choice === 3 ? vbi(value, 1 + rand(2)) : choice === 4 ? [0xff, 0xff, 0xff, 0xff, 0x7f] : vbi(value, 0);
        b = [b[0], b[1]].concat(enc, b.slice(k));
        break;
      }
      case 6: {
        // a Two Byte length field somewhere: a little off, zero, or huge
        if (n < 4) break;
        const at = 1 + rand(n - 2);
        const old = (b[at] << 8) | b[at + 1];
        const value = [0, 0xffff, old + 1, Math.max(0, old - 1), rand(0x10000)][rand(5)];
        b[at] = value >> 8;
        b[at + 1] = value & 0xff;
        break;
      }
      case 7: // change the packet type / flags nibble
        if (n > 1) b[1] = rand(2) ? (rand(16) << 4) | (b[1] & 15) : (b[1] & 0xf0) | rand(16);
        break;
      default: // another protocol version
        b[0] = rand(3);
    }
  }
  return Uint8Array.from(b);
}

/** Counts for the summary: accepted packet types, reason codes and rules of rejections. */
function createStats() {
  return { types: new Map(), reasons: new Map(), rules: new Map() };
}

const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

/** Tallies one result; returns its outcome signature (a new one adds the input to the corpus). */
function record(stats, result) {
  if (result.type) {
    bump(stats.types, result.type);
    return `v${result.version} ${result.type}`;
  }
  bump(stats.reasons, `0x${result.reasonCode.toString(16)}`);
  bump(stats.rules, result.rule ?? '(no rule id)');
  return `v${result.version} 0x${result.reasonCode.toString(16)} ${result.rule ?? '-'}`;
}

/** The target's lines of the summary. */
function summary(stats, fmt) {
  return [
    `  accepted types:    ${stats.types.size}/15 — ${fmt(stats.types)}`,
    `  reason codes:      ${fmt(stats.reasons)}`,
    `  rules hit:         ${stats.rules.size} — ${fmt(stats.rules)}`,
  ];
}

module.exports = { name: 'codec', fuzz, fuzzWithReport, InvariantError, seeds, mutate, createStats, record, summary };
