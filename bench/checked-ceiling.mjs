// The checked ceiling: a hand-written decoder of the fleet benchmark's packets (PUBLISH, the four
// acknowledgements, PINGREQ and PINGRESP) that makes every check MQTT requires of them, as
// mqtt-codec makes it by default, and returns the objects mqtt-codec returns (test/checked-ceiling.test.ts
// holds it to both) — and nothing else: no error objects with offsets and rule ids (a fault
// throws a plain Error), no policy, no string cache, no field spans, no maximum packet size, no
// packet types outside the benchmark's. It answers what the plain ceiling (bench/streams.mjs),
// which trusts its input and skips 5.0 properties, cannot: how fast can a decoder be that
// checks what it must and returns what mqtt-codec returns? (`bench:fleet --ceiling-checked`)
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
import { joinRest, pushRunner } from './streams.mjs';

const refusing = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const ACKS = { 4: 'puback', 5: 'pubrec', 6: 'pubrel', 7: 'pubcomp' };
const ACK_CODES = { 4: PUBACK_REASON_CODES, 5: PUBREC_REASON_CODES, 6: PUBREL_REASON_CODES, 7: PUBCOMP_REASON_CODES };
/** The fixed header's flags each type must have (-1: PUBLISH, whose flags mean something). */
const FLAGS = [-1, 0, 0, -1, 0, 0, 2, 0, 2, 0, 2, 0, 0, 0, 0, 0];
/** Identifiers as two 32-bit masks (all are below 64): `[ids 0-31, ids 32-63]`. */
const mask = (ids) => [ids.reduce((m, id) => (id < 32 ? m | (1 << id) : m), 0), ids.reduce((m, id) => (id >= 32 ? m | (1 << (id & 31)) : m), 0)];
/** Properties allowed in a PUBLISH, and in an acknowledgement. */
const IN_PUBLISH = mask([0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x23, 0x26]);
const IN_ACK = mask([0x1f, 0x26]);
/** The properties that may appear more than once (User Property, Subscription Identifier). */
const REPEATABLE = mask([0x0b, 0x26]);

function fail(what) {
  throw new Error(`checked ceiling: ${what}`);
}

/**
 * A string field `buf[s, e)`: well-formed UTF-8 without U+0000, as flat a string as mqtt-codec
 * builds (short ASCII by one `fromCharCode` call, the rest by one refusing TextDecoder call).
 */
function string(buf, s, e) {
  const n = e - s;
  if (n <= 12) {
    let i = s;
    while (i < e && buf[i] !== 0 && buf[i] < 0x80) i++;
    if (i === e) {
      const b = buf;
      return String.fromCharCode(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]).slice(0, n);
    }
  }
  let text;
  try {
    text = refusing.decode(new Uint8Array(buf.buffer, buf.byteOffset + s, n));
  } catch {
    fail('a string is not well-formed UTF-8');
  }
  if (text.indexOf('\0') >= 0) fail('a string contains U+0000');
  return text;
}

function hasWildcard(s) {
  return s.indexOf('+') >= 0 || s.indexOf('#') >= 0;
}

/** Where the last {@link vbi} or {@link propertyBlock} stopped (a cursor, so that neither allocates a result pair). */
const cursor = { at: 0 };

/** A Variable Byte Integer at `buf[j]` before `end`, in its shortest form; `cursor.at` is the byte after it. */
function vbi(buf, j, end) {
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
  cursor.at = j;
  return value;
}

/** The property block `buf[j, end)`, with identifiers `allowed` (a list), as mqtt-codec's object. */
function properties(buf, j, end, allowed) {
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
      const n = vbi(buf, j, end);
      if (n === 0) fail('Subscription Identifier 0');
      (props.subscriptionIdentifiers ??= []).push(n);
      j = cursor.at;
    } else {
      // A string, Binary Data, or (0x26) a pair of strings: lengths first.
      if (j + 2 > end) fail('cut short');
      const s = j + 2;
      j = s + ((buf[j] << 8) | buf[j + 1]);
      if (j > end) fail('cut short');
      if (id === 0x09) props.correlationData = buf.subarray(s, j);
      else if (id === 0x26) {
        if (j + 2 > end) fail('cut short');
        const s2 = j + 2;
        const e2 = s2 + ((buf[j] << 8) | buf[j + 1]);
        if (e2 > end) fail('cut short');
        const pair = [string(buf, s, j), string(buf, s2, e2)];
        j = e2;
        (props.userProperties ??= []).push(pair);
      } else {
        const text = string(buf, s, j);
        if (id === 0x03) props.contentType = text;
        else if (id === 0x1f) props.reasonString = text;
        else if (text.length === 0 || hasWildcard(text)) fail('Response Topic empty or with a wildcard (MQTT-3.3.2-14)');
        else props.responseTopic = text;
      }
    }
  }
  return props;
}

/** A Property Length at `buf[j]` and its block, within `stop`: the object, or undefined; `cursor.at` is the byte after it. */
function propertyBlock(buf, j, stop, allowed) {
  let len;
  let start;
  if (j < stop && buf[j] < 0x80) {
    len = buf[j];
    start = j + 1;
  } else {
    len = vbi(buf, j, stop);
    start = cursor.at;
  }
  const end = start + len;
  if (end > stop) fail('Property Length past the packet');
  const props = len === 0 ? undefined : properties(buf, start, end, allowed);
  cursor.at = end; // after the properties, whose Subscription Identifiers move it
  return props;
}

/** The checked ceiling's decoder: `push(chunk)` returns the packets it completes. */
export class CheckedCeiling {
  constructor(v) {
    this.v = v;
    this.rest = null;
  }

  push(chunk) {
    const buf = this.rest === null ? chunk : joinRest(this.rest, chunk);
    this.rest = null;
    const out = [];
    const end = buf.length;
    const v5 = this.v === 5;
    let pos = 0;
    while (pos + 1 < end) {
      const h = buf[pos];
      let i = pos + 1;
      let rl = 0;
      let mul = 1;
      let b = 0x80;
      while (b & 0x80 && i < end) {
        if (i === pos + 5) fail('Remaining Length longer than 4 bytes');
        b = buf[i++];
        rl += (b & 0x7f) * mul;
        mul *= 128;
      }
      if (b & 0x80 || i + rl > end) break; // the packet is not all here yet
      if (i > pos + 2 && b === 0) fail('Remaining Length not in its shortest form (MQTT-1.5.5-1)');
      const stop = i + rl;
      const type = h >> 4;
      const flags = h & 15;
      if (type === 3) out.push(this.publish(buf, i, stop, flags, v5));
      else {
        if (flags !== FLAGS[type]) fail('reserved flags (MQTT-2.1.3-1)');
        if (type >= 4 && type <= 7) out.push(this.ack(buf, i, stop, type, v5));
        else if (type === 12 || type === 13) {
          if (rl !== 0) fail('PINGREQ and PINGRESP have no Remaining Length');
          out.push({ type: type === 12 ? 'pingreq' : 'pingresp' });
        } else fail(`packet type ${type} is not one of the benchmark's`);
      }
      pos = stop;
    }
    if (pos < end) this.rest = buf.subarray(pos);
    return out;
  }

  publish(buf, i, stop, flags, v5) {
    const qos = (flags >> 1) & 3;
    const dup = (flags & 8) !== 0;
    const retain = (flags & 1) !== 0;
    if (qos === 3) fail('PUBLISH with QoS 3 (MQTT-3.3.1-4)');
    if (dup && qos === 0) fail('PUBLISH with DUP and QoS 0 (MQTT-3.3.1-2)');
    if (i + 2 > stop) fail('Topic Name cut short');
    let j = i + 2 + ((buf[i] << 8) | buf[i + 1]);
    if (j > stop) fail('Topic Name cut short');
    const topic = j === i + 2 ? '' : string(buf, i + 2, j);
    if (hasWildcard(topic)) fail('Topic Name with a wildcard (MQTT-3.3.2-2)');
    let packetId = 0;
    if (qos > 0) {
      if (j + 2 > stop) fail('Packet Identifier cut short');
      packetId = (buf[j] << 8) | buf[j + 1];
      if (packetId === 0) fail('Packet Identifier 0 (MQTT-2.2.1-3)');
      j += 2;
    }
    let props;
    if (v5) {
      props = propertyBlock(buf, j, stop, IN_PUBLISH);
      j = cursor.at;
    }
    if (topic === '' && props?.topicAlias === undefined) fail('empty Topic Name without a Topic Alias');
    const payload = buf.subarray(j, stop);
    if (qos === 0) {
      if (props === undefined) return { type: 'publish', topic, payload, qos, retain, dup };
      return { type: 'publish', topic, payload, qos, retain, dup, properties: props };
    }
    if (props === undefined) return { type: 'publish', topic, payload, qos, retain, dup, packetId };
    return { type: 'publish', topic, payload, qos, retain, dup, packetId, properties: props };
  }

  ack(buf, i, stop, type, v5) {
    if (stop - i < 2 || (!v5 && stop - i !== 2)) fail('acknowledgement of the wrong length');
    const packetId = (buf[i] << 8) | buf[i + 1];
    if (packetId === 0) fail('Packet Identifier 0 (MQTT-2.2.1-3)');
    if (!v5) return { type: ACKS[type], packetId };
    const reasonCode = stop - i > 2 ? buf[i + 2] : 0;
    if (ACK_CODES[type][reasonCode] === undefined) fail(`Reason Code 0x${reasonCode.toString(16)} not allowed in ${ACKS[type]}`);
    if (stop - i <= 3) return { type: ACKS[type], packetId, reasonCode };
    const props = propertyBlock(buf, i + 3, stop, IN_ACK);
    if (cursor.at !== stop) fail('bytes after the properties');
    if (props === undefined) return { type: ACKS[type], packetId, reasonCode };
    return { type: ACKS[type], packetId, reasonCode, properties: props };
  }
}

/** The runner of {@link CheckedCeiling} (bench/streams.mjs's `pushRunner`). */
export const runCheckedCeiling = pushRunner('checked ceiling', (v) => new CheckedCeiling(v), (d) => {
  if (d.rest !== null) throw new Error('checked ceiling left bytes over');
});
