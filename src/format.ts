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

/** True when every byte is printable ASCII (or tab/newline), so the bytes read as text. */
function printable(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if ((b < 0x20 && b !== 9 && b !== 10 && b !== 13) || b > 0x7e) return false;
  }
  return true;
}

function renderBytes(bytes: Uint8Array, max: number): string {
  if (bytes.length === 0) return '<0 bytes>';
  if (printable(bytes)) {
    const text = String.fromCharCode(...bytes.subarray(0, max));
    return `${JSON.stringify(text)}${bytes.length > max ? `…(${bytes.length} bytes)` : ''}`;
  }
  return `<${bytes.length} bytes ${bytesToHex(bytes.subarray(0, max))}${bytes.length > max ? '…' : ''}>`;
}

function render(value: unknown, max: number): string {
  if (value instanceof Uint8Array) return renderBytes(value, max);
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((v) => render(v, max)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) if (v !== undefined) parts.push(`${k}=${render(v, max)}`);
    return `{${parts.join(' ')}}`;
  }
  return String(value);
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
  const parts = [packet.type.toUpperCase()];
  for (const [k, v] of Object.entries(packet)) {
    if (k === 'type' || v === undefined) continue;
    parts.push(`${k}=${render(v, maxBytes)}`);
  }
  return parts.join(' ');
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
