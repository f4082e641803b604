/**
 * Human-readable and JSON-friendly renderings of packets, for logs, analyzers and the CLI.
 *
 * @module
 */
import type { Packet } from './types.js';

const HEX = '0123456789abcdef';

/** Lower-case hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >> 4] + HEX[bytes[i] & 15];
  return s;
}

/** True when every byte is printable ASCII (or tab, newline, carriage return), so the bytes read as text. */
function printable(bytes: Uint8Array): boolean {
  // Stryker disable next-line EqualityOperator: `<=` is equivalent: the extra turn at i === bytes.length reads undefined, for which both comparisons are false, so it returns nothing. (`>=`, disabled with it, calls all bytes printable; the tests see that.)
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b > 0x7e) return false;
  }
  return true;
}

/** The text of printable bytes (at most `n` of them), built without spreading the array. */
function asText(bytes: Uint8Array, n: number): string {
  let text = '';
  // Stryker disable next-line EqualityOperator: `<=` is equivalent: its extra turn (when i reaches n exactly) appends the empty subarray(n, n). (`>=`, disabled with it, loops forever for n = 0 and gives '' otherwise; the tests see that.)
  for (let i = 0; i < n; i += 16) text += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(n, i + 16)) as unknown as number[]);
  return text;
}

function renderBytes(bytes: Uint8Array, max: number): string {
  const n = bytes.length;
  if (n === 0) return '<0 bytes>';
  if (printable(bytes)) {
    const text = JSON.stringify(asText(bytes, Math.min(n, max)));
    return n > max ? `${text}…(${n} bytes)` : text;
  }
  return `<${n} bytes ${bytesToHex(bytes.subarray(0, max))}${n > max ? '…' : ''}>`;
}

function render(value: unknown, max: number): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value !== 'object' || value === null) return String(value);
  if (value instanceof Uint8Array) return renderBytes(value, max);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ', ') + render(value[i], max);
    return `${out}]`;
  }
  return `{${fieldsText(value as Record<string, unknown>, max, null)}}`;
}

/** `name=value` for each defined own field of `o` but `skip` (none when null), separated by spaces. */
function fieldsText(o: Record<string, unknown>, max: number, skip: string | null): string {
  let out = '';
  for (const k in o) {
    if (k === skip || !Object.prototype.hasOwnProperty.call(o, k)) continue;
    const v = o[k];
    if (v === undefined) continue;
    out += `${out === '' ? '' : ' '}${k}=${render(v, max)}`;
  }
  return out;
}

/** The packet types in capitals. */
const LABELS: Readonly<Record<string, string>> = {
  connect: 'CONNECT', connack: 'CONNACK', publish: 'PUBLISH', puback: 'PUBACK', pubrec: 'PUBREC', pubrel: 'PUBREL',
  pubcomp: 'PUBCOMP', subscribe: 'SUBSCRIBE', suback: 'SUBACK', unsubscribe: 'UNSUBSCRIBE', unsuback: 'UNSUBACK',
  pingreq: 'PINGREQ', pingresp: 'PINGRESP', disconnect: 'DISCONNECT', auth: 'AUTH',
};

/**
 * One line describing `packet`: its type in capitals, then its fields as `name=value`. Binary
 * fields show as text when printable, else as hex; long ones are cut after `maxBytes`.
 *
 * @example
 * ```ts
 * formatPacket({ type: 'puback', packetId: 7 }) // 'PUBACK packetId=7'
 * ```
 */
export function formatPacket(packet: Packet, maxBytes = 48): string {
  const type = packet.type;
  const label = Object.prototype.hasOwnProperty.call(LABELS, type) ? LABELS[type] : String(type).toUpperCase();
  const fields = fieldsText(packet as unknown as Record<string, unknown>, maxBytes, 'type');
  return fields === '' ? label : `${label} ${fields}`;
}

/**
 * A copy of `value` in which every Uint8Array is replaced by its hex string, so that
 * `JSON.stringify` gives a faithful, readable result.
 */
export function toJSONValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (Array.isArray(value)) return value.map(toJSONValue);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toJSONValue(v);
    return out;
  }
  return value;
}
