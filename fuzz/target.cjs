// Fuzz target for mqtt-codec: `fuzz(data)` for any coverage-guided JavaScript fuzzer (for example
// Jazzer.js: `npx jazzer fuzz/target.cjs fuzz/corpus`). Build first (`npm run build`).
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
const { isDeepStrictEqual } = require('node:util');
const { Decoder, decode, encode, inspect, MqttCodecError, peekHeader } = require('../dist/index.cjs');

class InvariantError extends Error {}

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

function check(ok, what) {
  if (!ok) throw new InvariantError(typeof what === 'function' ? what() : what);
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

module.exports = { fuzz, fuzzWithReport, InvariantError };
