// Fuzz target `drop-in`: the mqtt-packet-compatible parser (dist/mqtt-packet.cjs) fed a stream in
// chunks, with its default options (mqtt-packet 9's behaviour) and with `strict: true`.
// Build first (`npm run build`). `npm run fuzz -- --target drop-in`.
//
// Input: data[0] picks the `protocolVersion` option (data[0] % 4: 0 none — a CONNECT tells —,
// then 3, 4, 5); the rest is the byte stream. Seeds: fixtures/sessions/*.bin (each side's stream)
// and fuzz/corpus/ (single packets).
// Invariants (any violation throws an Error that is not an MqttCodecError), for each policy:
//  1. no foreign exception: with an 'error' listener, `parse` throws nothing, and every 'error'
//     event carries an MqttCodecError (with a reason code of 0x80 or more);
//  2. the same packets, and an error or none, for any chunking: the whole stream in one chunk, in
//     chunks of 1 to 7 bytes, and of 1 to 64 bytes; the same error: key, reason code, offset and
//     message. Compared up to the first error (after it, the next `parse` starts afresh, so what
//     follows depends on where the chunk ended, as with mqtt-packet). Two exceptions:
//     - an acknowledgement cut short (Remaining Length under 2, accepted by the default policy)
//       takes its `messageId` from the next bytes if they are in the same chunk (as mqtt-packet);
//     - mqtt-packet's message for an unknown property says whether its identifier is 0 ('Cannot
//       parse property code type', else 'Unknown property'): when that byte lies in an earlier
//       chunk past the failed packet's first 5 bytes, the parser no longer has it and says
//       'Unknown property' (counted in the summary). Until 4 December 2026 the fault named, and
//       other messages, depended on the chunking too (fixed in src/compat/parser.ts).
//  3. bounded memory: `parse` returns a byte count in [0, bytes received since the last reset],
//     and the parser's decoder never holds more bytes than it was given;
//  4. `strict: true` rejects whatever the native codec rejects: it emits exactly the packets the
//     native stream Decoder (strict preset, same version option) decodes from the same bytes,
//     and the error that Decoder throws (the same key, reason code and offset);
//  5. every packet the strict parser accepts, the default parser accepts too, as an equal object.
'use strict';
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { isDeepStrictEqual } = require('node:util');
const mqttPacket = require('../../dist/mqtt-packet.cjs');
const { Decoder, MqttCodecError, peekHeader } = require('../../dist/index.cjs');
const { check, describeThrown, chunkSizes, cut, byteMutation, duplicateRange } = require('../lib.cjs');

const ACKS = new Set(['puback', 'pubrec', 'pubrel', 'pubcomp']);

/** The parser options data[0] asks for. */
function versionOption(data) {
  return [undefined, 3, 4, 5][data[0] % 4];
}

/**
 * Feeds `chunks` to a new parser with `options`; returns its packets and first error, checking
 * invariants 1 and 3 on the way.
 */
function run(options, chunks) {
  const p = mqttPacket.parser(options);
  const packets = [];
  let error;
  p.on('packet', (packet) => {
    if (error === undefined) packets.push(packet);
  });
  p.on('error', (e) => {
    check(e instanceof Error && e.name === 'MqttCodecError' && typeof e.reasonCode === 'number' && e.reasonCode >= 0x80, () => `'error' event carries a foreign error: ${describeThrown(e)}`);
    if (error === undefined) error = e;
  });
  let received = 0;
  for (const chunk of chunks) {
    if (p.error !== null) received = 0; // the next parse starts afresh
    let held;
    try {
      held = p.parse(chunk);
    } catch (e) {
      check(false, () => `parse threw with an 'error' listener: ${describeThrown(e)}`);
    }
    received += chunk.length;
    check(Number.isInteger(held) && held >= 0 && held <= received, () => `parse returned ${held} after ${received} bytes`);
    check(p.decoder.buffered <= received, () => `the decoder holds ${p.decoder.buffered} bytes of ${received}`);
  }
  return { packets, error };
}

/** A packet for comparison: a cut-short acknowledgement's messageId depends on the chunking (kept from mqtt-packet). */
function comparable(packet) {
  if (ACKS.has(packet.cmd) && packet.length < 2) return { ...packet, messageId: 'next bytes' };
  return packet;
}

function sameRun(a, b, what) {
  check(a.packets.length === b.packets.length, () => `${what}: ${a.packets.length} packets in one chunk, ${b.packets.length} in pieces`);
  for (let i = 0; i < a.packets.length; i++) check(isDeepStrictEqual(comparable(a.packets[i]), comparable(b.packets[i])), () => `${what}: packet ${i} differs with the chunking`);
  check((a.error === undefined) === (b.error === undefined), () => `${what}: error ${a.error?.message} in one chunk, ${b.error?.message} in pieces`);
  if (a.error !== undefined) {
    for (const k of ['key', 'reasonCode', 'offset']) check(a.error[k] === b.error[k], () => `${what}: the error's ${k} differs with the chunking: ${a.error[k]} / ${b.error[k]}`);
    if (a.error.message !== b.error.message) {
      // The one message that may depend on the chunking (see the head of this file).
      const unkept = a.error.key === 'unknownProperty' && a.error.message === 'Cannot parse property code type' && b.error.message === 'Unknown property';
      check(unkept, () => `${what}: the error's message differs with the chunking: ${a.error.message} / ${b.error.message}`);
      return `${a.error.message} / ${b.error.message}`;
    }
  }
  return undefined;
}

/** Runs every invariant on `data`; returns what happened, for the runner's counts. */
function fuzzWithReport(data) {
  if (data.length === 0) return { empty: true };
  const v = versionOption(data);
  const bytes = data.subarray(1);
  const results = {};
  let messageDiffers;
  for (const strict of [false, true]) {
    const options = strict ? { protocolVersion: v, strict: true } : { protocolVersion: v };
    const what = strict ? 'strict' : 'default';
    const whole = run(options, [bytes.slice()]);
    const m1 = sameRun(whole, run(options, cut(bytes, chunkSizes(bytes, bytes.length, 0))), `${what}, chunks of 1-7`);
    const m2 = sameRun(whole, run(options, cut(bytes, chunkSizes(bytes, bytes.length, 1))), `${what}, chunks of 1-64`);
    results[what] = whole;
    if (m1 ?? m2) messageDiffers = m1 ?? m2;
  }

  // 4. strict agrees with the native stream Decoder.
  const native = new Decoder({ protocolVersion: v });
  let nativePackets;
  let nativeError;
  try {
    nativePackets = native.push(bytes);
  } catch (e) {
    check(e instanceof MqttCodecError, () => `the native Decoder threw ${describeThrown(e)}`);
    nativeError = e;
    nativePackets = e.packets ?? [];
  }
  const strict = results.strict;
  check(strict.packets.length === nativePackets.length, () => `strict parser: ${strict.packets.length} packets, native Decoder: ${nativePackets.length}`);
  check((strict.error === undefined) === (nativeError === undefined), () => `strict parser error "${strict.error?.message}", native Decoder error "${nativeError?.message}"`);
  if (nativeError !== undefined) {
    for (const k of ['key', 'reasonCode', 'offset']) check(strict.error[k] === nativeError[k], () => `strict parser error ${k} ${strict.error[k]}, native Decoder ${nativeError[k]}`);
  }
  for (let i = 0; i < nativePackets.length; i++) check(strict.packets[i].cmd === nativePackets[i].type, () => `packet ${i}: strict ${strict.packets[i].cmd}, native ${nativePackets[i].type}`);

  // 5. the default parser accepts what strict accepts, as equal objects.
  const lenient = results.default;
  check(lenient.packets.length >= strict.packets.length, () => `the default parser rejected packet ${lenient.packets.length} (${lenient.error?.message}) that strict accepted`);
  for (let i = 0; i < strict.packets.length; i++) check(isDeepStrictEqual(lenient.packets[i], strict.packets[i]), () => `packet ${i} (${strict.packets[i].cmd}) differs between the default and strict parsers`);

  const last = lenient.packets.length > 0 ? lenient.packets[lenient.packets.length - 1].cmd : 'none';
  return { strictPackets: strict.packets.length, lenientPackets: lenient.packets.length, strictError: strict.error, lenientError: lenient.error, last, messageDiffers };
}

/** The target: throws only when an invariant is broken. */
function fuzz(data) {
  fuzzWithReport(data instanceof Uint8Array ? data : new Uint8Array(data));
}

/** Seeds: each recorded session's client and server streams, and the codec's single-packet corpus. */
function seeds() {
  const root = join(__dirname, '..', '..');
  const out = [];
  const sessions = join(root, 'fixtures', 'sessions');
  for (const f of readdirSync(sessions).filter((x) => x.endsWith('.json')).sort()) {
    const meta = JSON.parse(readFileSync(join(sessions, f), 'utf8'));
    const v = meta.protocolVersion;
    for (const side of ['client', 'server']) {
      const stream = readFileSync(join(sessions, meta[side]));
      // The client's stream on a server (no version: its CONNECT tells), the server's with the version.
      out.push(Uint8Array.from([side === 'client' ? 0 : v - 2, ...stream]));
    }
  }
  const corpus = join(root, 'fuzz', 'corpus');
  for (const f of readdirSync(corpus).sort()) {
    const b = readFileSync(join(corpus, f));
    out.push(Uint8Array.from([1 + (b[0] % 3), ...b.subarray(1)]));
  }
  return out;
}

/** Packet boundaries of the stream in `b` (an array, b[0] the option byte), as far as headers parse. */
function frames(b) {
  const bytes = Uint8Array.from(b);
  const out = [];
  let pos = 1;
  while (pos < bytes.length) {
    let h;
    try {
      h = peekHeader(bytes, pos, 5);
    } catch {
      break;
    }
    if (h === undefined) break;
    const end = pos + h.headerLength + h.remainingLength;
    if (end > bytes.length) break;
    out.push([pos, end]);
    pos = end;
  }
  return out;
}

/**
 * Mutations: the shared byte mutations past the option byte, a duplicated run of bytes, the
 * version option, and structure-aware ones on whole packets: one packet repeated, one dropped,
 * two swapped, a packet of another seed inserted at a packet boundary.
 */
function mutate(input, rand, corpus) {
  let b = Array.from(input);
  const count = 1 + rand(3);
  for (let m = 0; m < count; m++) {
    const kind = rand(8);
    if (kind <= 2) b = byteMutation(b, rand, corpus, 1);
    else if (kind === 3) b = duplicateRange(b, rand, 1);
    else if (kind === 4) b[0] = rand(4);
    else {
      const fs = frames(b);
      if (fs.length === 0) continue;
      const [s, e] = fs[rand(fs.length)];
      if (kind === 5) b = b.slice(0, e).concat(b.slice(s, e), b.slice(e));
      else if (kind === 6) b = b.slice(0, s).concat(b.slice(e));
      else if (kind === 7 && rand(2) === 0 && fs.length > 1) {
        const [s2, e2] = fs[rand(fs.length)];
        if (s2 > s) b = b.slice(0, s).concat(b.slice(s2, e2), b.slice(e, s2), b.slice(s, e), b.slice(e2));
      } else {
        const other = Array.from(corpus[rand(corpus.length)]);
        const ofs = frames(other);
        if (ofs.length === 0) continue;
        const [os, oe] = ofs[rand(ofs.length)];
        b = b.slice(0, e).concat(other.slice(os, oe), b.slice(e));
      }
    }
  }
  return Uint8Array.from(b.length > 0 ? b : [0]);
}

const bump = (map, key) => map.set(key, (map.get(key) ?? 0) + 1);

function createStats() {
  return { strictPackets: 0, lenientPackets: 0, strictErrors: new Map(), lenientOnly: new Map(), last: new Map(), messages: new Map() };
}

/** Tallies one result; its signature: the last packet type and each policy's error key. */
function record(stats, r) {
  stats.strictPackets += r.strictPackets;
  stats.lenientPackets += r.lenientPackets;
  if (r.strictError) bump(stats.strictErrors, r.strictError.key ?? `0x${r.strictError.reasonCode.toString(16)}`);
  if (r.lenientPackets > r.strictPackets) bump(stats.lenientOnly, r.strictError?.key ?? '(none)');
  bump(stats.last, r.last);
  if (r.messageDiffers) bump(stats.messages, r.messageDiffers);
  return `${r.last} ${r.strictError?.key ?? '-'} ${r.lenientError?.key ?? '-'} ${r.lenientPackets > r.strictPackets}`;
}

function summary(stats, fmt) {
  return [
    `  packets:           ${stats.lenientPackets.toLocaleString('en')} by the default parser, ${stats.strictPackets.toLocaleString('en')} by the strict one`,
    `  last packet types: ${fmt(stats.last)}`,
    `  strict errors:     ${stats.strictErrors.size} keys — ${fmt(stats.strictErrors)}`,
    `  default accepted past a strict error (by its key): ${fmt(stats.lenientOnly)}`,
    `  messages that depend on the chunking (one chunk / pieces): ${stats.messages.size === 0 ? 'none' : fmt(stats.messages)}`,
  ];
}

module.exports = { name: 'drop-in', fuzz, fuzzWithReport, seeds, mutate, createStats, record, summary };
