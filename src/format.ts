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

/** What JSON writes for the characters printable bytes may hold that it escapes (tab, newline, carriage return, quote, backslash). */
const ESCAPED: Readonly<Record<number, string>> = { 9: '\\t', 10: '\\n', 13: '\\r', 0x22: '\\"', 0x5c: '\\\\' };

/** The first `n` of printable bytes as a JSON string literal (what `JSON.stringify` gives for their text), built in one pass. */
function quotedBytes(bytes: Uint8Array, n: number): string {
  let text = '"';
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    text += b >= 0x20 && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : ESCAPED[b];
  }
  return `${text}"`;
}

/** Printable ASCII but quote and backslash: the strings JSON writes as they are, between quotes. */
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** `s` as a JSON string literal: a {@link PLAIN} string is wrapped in quotes here, anything else goes to `JSON.stringify`. */
function quoted(s: string): string {
  // Stryker disable next-line ConditionalExpression: `false` is equivalent (JSON.stringify gives the same text for every string; the test only saves its cost). (`true`, disabled with it, leaves quotes and control characters unescaped: the tests see that.)
  return PLAIN.test(s) ? `"${s}"` : JSON.stringify(s);
}

function renderBytes(bytes: Uint8Array, max: number): string {
  const n = bytes.length;
  if (n === 0) return '<0 bytes>';
  if (printable(bytes)) {
    const text = quotedBytes(bytes, Math.min(n, max));
    return n > max ? `${text}…(${n} bytes)` : text;
  }
  return `<${n} bytes ${bytesToHex(bytes.subarray(0, max))}${n > max ? '…' : ''}>`;
}

function render(value: unknown, max: number): string {
  if (typeof value === 'string') return quoted(value);
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
  const label = String(type).toUpperCase();
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
