/**
 * Text and JSON forms shared by the commands: one diagnostic, an annotated hex dump of a packet.
 *
 * @module
 */
import { bytesToHex, type Field, type MqttCodecError, reasonCodeName } from '../src/index.js';

/** A diagnostic as one readable line; `offset` is where it lies in the stream (or undefined). */
export function diagnosticText(d: MqttCodecError, offset: number | undefined): string {
  const rule = d.rule ? ` [${d.rule}${d.specVersion ? ` (${d.specVersion})` : ''}]` : '';
  const name = errorName(d.reasonCode);
  const level = d.severity === 'warning' ? `warning (${d.key})` : 'error';
  return `${level} 0x${d.reasonCode.toString(16)} ${name}: ${d.detail}${rule}${offset === undefined ? '' : ` at offset ${offset}`}`;
}

/** The packet types whose 5.0 reason-code tables name, between them, every code an error carries. */
const NAMING_TYPES = ['disconnect', 'connack', 'puback', 'pubrel', 'suback', 'unsuback', 'auth'];

/** The specification's name of an error's reason code ("Malformed Packet", "Packet Identifier in use", …). */
function errorName(code: number): string {
  for (const type of NAMING_TYPES) {
    const name = reasonCodeName(type, code);
    if (name !== undefined) return name;
  }
  return `Reason 0x${code.toString(16).padStart(2, '0')}`;
}

/** A diagnostic as a JSON-ready object. */
export function diagnosticJSON(d: MqttCodecError, offset: number | undefined): Record<string, unknown> {
  return { reasonCode: d.reasonCode, key: d.key, rule: d.rule, specVersion: d.specVersion, offset, message: d.detail };
}

/** The annotated hex dump of one packet: a title line, then one line per leaf field. */
export function traceLines(bytes: Uint8Array, fields: Field[], offset: number, label: string): string[] {
  const lines = [`@${offset} ${label} (${bytes.length} bytes)`];
  for (const f of fields) {
    const span = bytes.subarray(f.start, f.end);
    let hex = bytesToHex(span.subarray(0, 8)).replace(/(..)(?!$)/g, '$1 ');
    if (span.length > 8) hex += ' …';
    let value = '';
    if (f.value instanceof Uint8Array) value = `<${f.value.length} bytes>`;
    else if (typeof f.value === 'string') value = JSON.stringify(f.value);
    else if (f.value !== undefined) value = String(f.value);
    const bits = f.mask !== undefined ? ` (bits ${f.mask.toString(2).padStart(8, '0')})` : '';
    lines.push(`  ${(offset + f.start).toString(16).padStart(6, '0')}  ${hex.padEnd(24)} ${f.path} = ${value}${bits}`);
  }
  return lines;
}
