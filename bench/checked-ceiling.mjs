// The checked ceiling: a hand-written decoder of the fleet benchmark's packets (PUBLISH, the four
// acknowledgements, PINGREQ and PINGRESP) that makes every check MQTT requires of them, as
// mqtt-codec makes it by default, and returns the objects mqtt-codec returns (test/checked-ceiling.test.ts
// holds it to both), written for speed — and nothing else: no error objects with offsets and rule
// ids (a fault throws a plain Error), no policy, no string cache, no field spans, no maximum packet
// size, no packet types outside the benchmark's. It answers what the plain ceiling
// (bench/streams.mjs), which trusts its input and skips 5.0 properties, cannot: how fast can a
// decoder be that checks what it must and returns what mqtt-codec returns? (`bench:fleet --ceiling-checked`)
//
// Two versions were written on 5 December 2026. The first, straightforward (whole-chunk joins like
// the plain ceiling, `subarray` views, strings by a refusing TextDecoder), read about 0.6 of the
// plain ceiling on 5.0; this one, written by a second engineer asked to beat it, reads about 0.8.
// What made the difference, measured one change at a time (5.0, 64 KiB chunks, 20,000 and 100,000
// topics; about ±5 %): joining only the packet that straddles two chunks, not the whole chunk (the
// plain ceiling copies every chunk: about 9 % of its time); checking a string's bytes four at a
// time through a DataView and building it by one `String.fromCharCode` call of exactly as many
// arguments (bench/ascii-strings.mjs) rather than by TextDecoder, +8–16 %; payload views made by a
// constructor on the chunk's ArrayBuffer rather than by `subarray`, about +8 %. A memo of property
// strings and decoding the whole chunk as latin1 did not pay.
//
// The checks, with the normative statements they come from (5.0 ids; 3.1.1 has the same rules):
//   fixed header     reserved flags (MQTT-2.1.3-1); Remaining Length at most 4 bytes, and in its
//                    shortest form (MQTT-1.5.5-1); the lengths each packet type must have
//   PUBLISH          QoS 3 (MQTT-3.3.1-4); DUP with QoS 0 (MQTT-3.3.1-2); Topic Name well-formed
//                    UTF-8 (MQTT-1.5.4-1) without U+0000 (MQTT-1.5.4-2) or wildcards (MQTT-3.3.2-2),
//                    empty only with a Topic Alias (MQTT-3.3.2-1, 3.1.1: MQTT-4.7.3-1); Packet
//                    Identifier non-zero (MQTT-2.2.1-3); every length within its packet
//   5.0 properties   Property Length in shortest form; each identifier known and allowed in the
//                    packet; no property twice but User Property and Subscription Identifier;
//                    Payload Format Indicator 0 or 1; Topic Alias and Subscription Identifier
//                    non-zero (MQTT-3.3.2-8); Response Topic a non-empty Topic Name without
//                    wildcards (MQTT-3.3.2-14); every string checked as the Topic Name is
//   acknowledgements Packet Identifier non-zero; 5.0 Reason Code one the packet allows
//                    (MQTT-3.4.2-1 and the like), then Reason String and User Properties
import { PUBACK_REASON_CODES, PUBCOMP_REASON_CODES, PUBREC_REASON_CODES, PUBREL_REASON_CODES } from '../dist/index.js';
import { STR, STR_MAX } from './ascii-strings.mjs';
import { joinRest, pushRunner } from './streams.mjs';

const refusing = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ACKS = ['', '', '', '', 'puback', 'pubrec', 'pubrel', 'pubcomp'];
/** Allowed reason codes per acknowledgement type, as 256-entry tables. */
const ACK_OK = [];
for (const [t, codes] of [[4, PUBACK_REASON_CODES], [5, PUBREC_REASON_CODES], [6, PUBREL_REASON_CODES], [7, PUBCOMP_REASON_CODES]]) {
  const ok = new Uint8Array(256);
  for (let c = 0; c < 256; c++) if (codes[c] !== undefined) ok[c] = 1;
  ACK_OK[t] = ok;
}
const FLAGS = [-1, 0, 0, -1, 0, 0, 2, 0, 2, 0, 2, 0, 0, 0, 0, 0];
const mask = (ids) => [ids.reduce((m, id) => (id < 32 ? m | (1 << id) : m), 0), ids.reduce((m, id) => (id >= 32 ? m | (1 << (id & 31)) : m), 0)];
const IN_PUBLISH = mask([0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x23, 0x26]);
const IN_ACK = mask([0x1f, 0x26]);
const REPEATABLE = mask([0x0b, 0x26]);

function fail(what) {
  throw new Error(`checked ceiling: ${what}`);
}

/**
 * Checks `buf[s, e)` four bytes at a time through `dv` (a DataView of the same bytes): true when
 * every byte is ASCII, non-zero and (with `noWild`) neither '+' nor '#'. A word has a zero byte
 * exactly when `(x - 0x01010101) & ~x` has some byte's top bit set (the subtraction borrows
 * through a zero byte only); a '+' or '#' is a zero byte after an exclusive or with it; a byte
 * that is not ASCII has its own top bit set. The last 1–3 bytes are read one by one.
 */
function plain(dv, buf, s, e, noWild) {
  let bad = 0;
  let i = s;
  if (noWild) {
    for (; i + 4 <= e; i += 4) {
      const x = dv.getInt32(i, true);
      const p = x ^ 0x2b2b2b2b;
      const h = x ^ 0x23232323;
      bad |= x | ((x - 0x01010101) & ~x) | ((p - 0x01010101) & ~p) | ((h - 0x01010101) & ~h);
    }
    for (; i < e; i++) {
      const c = buf[i];
      if (c === 0 || c === 0x2b || c === 0x23) return false;
      bad |= c;
    }
  } else {
    for (; i + 4 <= e; i += 4) {
      const x = dv.getInt32(i, true);
      bad |= x | ((x - 0x01010101) & ~x);
    }
    for (; i < e; i++) {
      const c = buf[i];
      if (c === 0) return false;
      bad |= c;
    }
  }
  return (bad & 0x80808080) === 0;
}

/** The slow path of a string: well-formed UTF-8 without U+0000, by the refusing TextDecoder. */
function slowString(buf, s, e) {
  let text;
  try {
    text = refusing.decode(new Uint8Array(buf.buffer, buf.byteOffset + s, e - s));
  } catch {
    fail('a string is not well-formed UTF-8');
  }
  if (text.indexOf('\0') >= 0) fail('a string contains U+0000');
  return text;
}

function hasWildcard(s) {
  return s.indexOf('+') >= 0 || s.indexOf('#') >= 0;
}

/** A string field `buf[s, e)` (no wildcard check). */
function string(dv, buf, s, e) {
  const n = e - s;
  if (n <= STR_MAX && plain(dv, buf, s, e, false)) return STR[n](buf, s);
  return slowString(buf, s, e);
}

/** A Topic Name `buf[s, e)`, s < e: a string without wildcards. */
function topicName(dv, buf, s, e) {
  const n = e - s;
  if (n <= STR_MAX && plain(dv, buf, s, e, true)) return STR[n](buf, s);
  const text = slowString(buf, s, e);
  if (hasWildcard(text)) fail('Topic Name with a wildcard (MQTT-3.3.2-2)');
  return text;
}

/** The checked ceiling's decoder: `push(chunk)` returns the packets it completes. */
export class CheckedCeiling {
  constructor(v) {
    this.v = v;
    this.rest = null;
    this.at = 0; // where the last vbi / property block stopped
    /** The kind of array the payloads are made as: the input's, as `subarray` would make them (and mqtt-codec does). */
    this.Kind = Uint8Array;
  }

  push(input) {
    // Always a plain Uint8Array (a Node Buffer is a subclass with another map): every byte access
    // below then sees one map, and stays monomorphic.
    const chunk = Object.getPrototypeOf(input) === Uint8Array.prototype ? input : new Uint8Array(input.buffer, input.byteOffset, input.length);
    this.Kind = input.constructor[Symbol.species] ?? Uint8Array;
    const out = [];
    let from = 0;
    const rest = this.rest;
    if (rest !== null) {
      // Only the packet that straddles the chunks is joined (its own bytes, not the whole chunk):
      // its length from its fixed header, read across the two.
      this.rest = null;
      const need = straddler(rest, chunk);
      if (need < 0 || need - rest.length > chunk.length) {
        // Unknown (a header cut short, or one the loop must refuse), or not all here yet: join all.
        const buf = joinRest(rest, chunk);
        const pos = this.decode(buf, 0, out);
        if (pos < buf.length) this.rest = buf.subarray(pos);
        return out;
      }
      from = need - rest.length;
      const one = joinRest(rest, chunk.subarray(0, from));
      this.decode(one, 0, out);
    }
    const pos = this.decode(chunk, from, out);
    if (pos < chunk.length) this.rest = chunk.subarray(pos);
    return out;
  }

  /** Decodes the packets of `buf` from `pos` into `out`; returns where the first unfinished one starts. */
  decode(buf, pos, out) {
    const end = buf.length;
    const v5 = this.v === 5;
    const ab = buf.buffer;
    const bo = buf.byteOffset;
    const dv = new DataView(ab, bo, end);
    while (pos + 1 < end) {
      const h = buf[pos];
      let i = pos + 1;
      let rl = buf[i++];
      if (rl >= 0x80) {
        rl &= 0x7f;
        let mul = 128;
        let b = 0x80;
        while (b & 0x80 && i < end) {
          if (i === pos + 5) fail('Remaining Length longer than 4 bytes');
          b = buf[i++];
          rl += (b & 0x7f) * mul;
          mul *= 128;
        }
        if (b & 0x80) break;
        if (b === 0) {
          if (i + rl > end) break;
          fail('Remaining Length not in its shortest form (MQTT-1.5.5-1)');
        }
      }
      const stop = i + rl;
      if (stop > end) break;
      const type = h >> 4;
      if (type === 3) {
        out.push(this.publish(buf, dv, ab, bo, i, stop, h & 15, v5));
      } else {
        if ((h & 15) !== FLAGS[type]) fail('reserved flags (MQTT-2.1.3-1)');
        if (type >= 4 && type <= 7) out.push(this.ack(buf, dv, i, stop, type, v5));
        else if (type === 12 || type === 13) {
          if (rl !== 0) fail('PINGREQ and PINGRESP have no Remaining Length');
          out.push(type === 12 ? { type: 'pingreq' } : { type: 'pingresp' });
        } else fail(`packet type ${type} is not one of the benchmark's`);
      }
      pos = stop;
    }
    return pos;
  }

  publish(buf, dv, ab, bo, i, stop, flags, v5) {
    const qos = (flags >> 1) & 3;
    const dup = (flags & 8) !== 0;
    const retain = (flags & 1) !== 0;
    if (qos === 3) fail('PUBLISH with QoS 3 (MQTT-3.3.1-4)');
    if (dup && qos === 0) fail('PUBLISH with DUP and QoS 0 (MQTT-3.3.1-2)');
    if (i + 2 > stop) fail('Topic Name cut short');
    const ts = i + 2;
    let j = ts + ((buf[i] << 8) | buf[i + 1]);
    if (j > stop) fail('Topic Name cut short');
    const topic = j === ts ? '' : topicName(dv, buf, ts, j);
    let packetId = 0;
    if (qos > 0) {
      if (j + 2 > stop) fail('Packet Identifier cut short');
      packetId = (buf[j] << 8) | buf[j + 1];
      if (packetId === 0) fail('Packet Identifier 0 (MQTT-2.2.1-3)');
      j += 2;
    }
    let props;
    if (v5) {
      if (j < stop && buf[j] === 0) j++;
      else {
        props = this.propertyBlock(buf, dv, j, stop, IN_PUBLISH);
        j = this.at;
      }
    }
    if (topic === '' && props?.topicAlias === undefined) fail('empty Topic Name without a Topic Alias');
    const payload = new this.Kind(ab, bo + j, stop - j);
    if (qos === 0) {
      if (props === undefined) return { type: 'publish', topic, payload, qos, retain, dup };
      return { type: 'publish', topic, payload, qos, retain, dup, properties: props };
    }
    if (props === undefined) return { type: 'publish', topic, payload, qos, retain, dup, packetId };
    return { type: 'publish', topic, payload, qos, retain, dup, packetId, properties: props };
  }

  ack(buf, dv, i, stop, type, v5) {
    const n = stop - i;
    if (n < 2 || (!v5 && n !== 2)) fail('acknowledgement of the wrong length');
    const packetId = (buf[i] << 8) | buf[i + 1];
    if (packetId === 0) fail('Packet Identifier 0 (MQTT-2.2.1-3)');
    if (!v5) return { type: ACKS[type], packetId };
    if (n === 2) return { type: ACKS[type], packetId, reasonCode: 0 };
    const reasonCode = buf[i + 2];
    if (ACK_OK[type][reasonCode] === 0) fail(`Reason Code 0x${reasonCode.toString(16)} not allowed in ${ACKS[type]}`);
    if (n === 3) return { type: ACKS[type], packetId, reasonCode };
    const props = this.propertyBlock(buf, dv, i + 3, stop, IN_ACK);
    if (this.at !== stop) fail('bytes after the properties');
    if (props === undefined) return { type: ACKS[type], packetId, reasonCode };
    return { type: ACKS[type], packetId, reasonCode, properties: props };
  }

  vbi(buf, j, end) {
    let value = 0;
    let mul = 1;
    let c = 0x80;
    let n = 0;
    while (c & 0x80) {
      if (j >= end || n === 4) fail('a Variable Byte Integer is cut short or longer than 4 bytes');
      c = buf[j++];
      value += (c & 0x7f) * mul;
      mul *= 128;
      n++;
    }
    if (n > 1 && c === 0) fail('a Variable Byte Integer is not in its shortest form');
    this.at = j;
    return value;
  }

  propertyBlock(buf, dv, j, stop, allowed) {
    let len;
    let start;
    if (j < stop && buf[j] < 0x80) {
      len = buf[j];
      start = j + 1;
    } else {
      len = this.vbi(buf, j, stop);
      start = this.at;
    }
    const end = start + len;
    if (end > stop) fail('Property Length past the packet');
    const props = len === 0 ? undefined : this.properties(buf, dv, start, end, allowed);
    this.at = end;
    return props;
  }

  properties(buf, dv, j, end, allowed) {
    const props = {};
    let seenLow = 0;
    let seenHigh = 0;
    while (j < end) {
      const id = buf[j++];
      const word = id >> 5;
      const bit = 1 << (id & 31);
      if (id >= 64 || (allowed[word] & bit) === 0) fail(`property 0x${id.toString(16)} is unknown or not allowed here`);
      if ((REPEATABLE[word] & bit) === 0) {
        if ((word === 0 ? seenLow : seenHigh) & bit) fail(`property 0x${id.toString(16)} appears twice`);
        if (word === 0) seenLow |= bit;
        else seenHigh |= bit;
      }
      if (id === 0x01) {
        if (j + 1 > end || buf[j] > 1) fail('Payload Format Indicator');
        props.payloadFormatIndicator = buf[j++];
      } else if (id === 0x02) {
        if (j + 4 > end) fail('cut short');
        props.messageExpiryInterval = ((buf[j] << 24) | (buf[j + 1] << 16) | (buf[j + 2] << 8) | buf[j + 3]) >>> 0;
        j += 4;
      } else if (id === 0x23) {
        if (j + 2 > end) fail('cut short');
        const alias = (buf[j] << 8) | buf[j + 1];
        if (alias === 0) fail('Topic Alias 0 (MQTT-3.3.2-8)');
        props.topicAlias = alias;
        j += 2;
      } else if (id === 0x0b) {
        const n = this.vbi(buf, j, end);
        if (n === 0) fail('Subscription Identifier 0');
        (props.subscriptionIdentifiers ??= []).push(n);
        j = this.at;
      } else {
        if (j + 2 > end) fail('cut short');
        const s = j + 2;
        j = s + ((buf[j] << 8) | buf[j + 1]);
        if (j > end) fail('cut short');
        if (id === 0x09) props.correlationData = new this.Kind(buf.buffer, buf.byteOffset + s, j - s);
        else if (id === 0x26) {
          if (j + 2 > end) fail('cut short');
          const s2 = j + 2;
          const e2 = s2 + ((buf[j] << 8) | buf[j + 1]);
          if (e2 > end) fail('cut short');
          const pair = [string(dv, buf, s, j), string(dv, buf, s2, e2)];
          j = e2;
          (props.userProperties ??= []).push(pair);
        } else if (id === 0x08) {
          if (j === s) fail('Response Topic empty (MQTT-3.3.2-14)');
          props.responseTopic = topicName(dv, buf, s, j);
        } else {
          const text = string(dv, buf, s, j);
          if (id === 0x03) props.contentType = text;
          else props.reasonString = text;
        }
      }
    }
    return props;
  }
}

/**
 * The whole length of the packet that starts `rest` and goes on in `chunk`, when its fixed header
 * is all there and well-formed (at most 4 Remaining Length bytes, shortest form); else -1.
 */
function straddler(rest, chunk) {
  const r = rest.length;
  const avail = r + chunk.length;
  let rl = 0;
  let mul = 1;
  let k = 1;
  for (;;) {
    if (k >= avail || k === 5) return -1;
    const b = k < r ? rest[k] : chunk[k - r];
    k++;
    rl += (b & 0x7f) * mul;
    mul *= 128;
    if ((b & 0x80) === 0) {
      if (k > 2 && b === 0) return -1;
      return k + rl;
    }
  }
}

/** The runner of {@link CheckedCeiling} (bench/streams.mjs's `pushRunner`). */
export const runCheckedCeiling = pushRunner('checked ceiling', (v) => new CheckedCeiling(v), (d) => {
  if (d.rest !== null) throw new Error('checked ceiling left bytes over');
});
