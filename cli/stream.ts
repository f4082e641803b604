/**
 * `mqtt-codec decode <hex>` and `mqtt-codec stream <file|->`: one packet given in hex, or every
 * packet of a raw byte stream (one TCP direction), printed readably, as JSON lines, or as an
 * annotated hex dump. At the first invalid packet: its diagnostics, exit status 1.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { formatPacket, frameLength, inspect, type MqttCodecError, type Packet, toJSONValue } from '../src/index.js';
import { decimal } from './decimal.js';
import { type Options, parseOptions, UsageError } from './args.js';
import { diagnosticJSON, diagnosticText, traceLines } from './output.js';
import { LineWriter } from './writer.js';

/** Options both commands take. */
export const STREAM_OPTIONS = ['--protocol-version', '--from', '--json', '--trace', '--preset', '--check'] as const;

/** Help shared by `decode` and `stream`. */
export const STREAM_HELP = `options:
  --protocol-version 3|4|5   protocol version (default 4; a CONNECT in the stream sets it)
  --from client|server       who sent the bytes: enables the sender-dependent checks
  --json                     JSON output (one object per line; binary as hex)
  --trace                    annotated hex dump: one line per field with offset, bytes, path = value
  --preset strict|mqtt-packet  which checks are errors (default strict: all of them)
  --check NAME=error|warn|off  one check's severity over the preset (repeatable); a relaxed check
                             reported as warn prints a warning line and does not stop decoding

exit status: 0 all packets valid, 1 invalid input (diagnostics printed), 2 usage error`;

function parseHex(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) throw new UsageError('the packet must be given as hex digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function printPacket(w: LineWriter, packet: Packet, offset: number, length: number, opts: Options): void {
  if (opts.json) w.line(JSON.stringify({ offset, length, packet: toJSONValue(packet) }));
  else w.line(`@${decimal(offset)} ${length} B  ${formatPacket(packet)}`);
}

function printDiagnostics(w: LineWriter, diagnostics: MqttCodecError[], base: number, opts: Options): void {
  for (const d of diagnostics) {
    const offset = d.offset === undefined ? undefined : base + d.offset;
    const warning = d.severity === 'warning';
    const line = opts.json ? JSON.stringify({ [warning ? 'warning' : 'error']: diagnosticJSON(d, offset) }) : diagnosticText(d, offset);
    w.line(line);
  }
}

/**
 * Decodes `bytes` as a stream; returns the exit status. Each packet is framed by its fixed header
 * and inspected from its own bytes only. At the first invalid packet decoding stops: first one
 * line says how many bytes were left after that packet, then the packet's own faults.
 */
function decodeStream(w: LineWriter, bytes: Uint8Array, opts: Options, single: boolean): number {
  let version = opts.protocolVersion;
  let pos = 0;
  let count = 0;
  while (pos < bytes.length || (single && count === 0)) {
    const total = frameLength(bytes, pos);
    // A whole packet is exactly its framed length; an unframeable or cut-short one is the rest.
    const end = !single && total >= 0 ? Math.min(bytes.length, pos + total) : bytes.length;
    const view = bytes.subarray(pos, end);
    const r = inspect(view, { protocolVersion: version, from: opts.from, preset: opts.preset, checks: opts.checks });
    if (opts.trace) for (const line of traceLines(view, r.fields, pos, r.packet ? r.packet.type.toUpperCase() : 'packet')) w.line(line);
    if (r.diagnostics.length > 0) {
      const left = bytes.length - end;
      if (left > 0) {
        const message = `${left} byte(s) after the end of the packet at offset ${end}`;
        w.line(opts.json ? JSON.stringify({ stopped: { offset: end, bytesLeft: left, message } }) : `stopped: ${message} were not decoded`);
      }
      printDiagnostics(w, r.diagnostics, pos, opts);
      return 1;
    }
    const packet = r.packet!;
    if (!opts.trace) printPacket(w, packet, pos, r.length, opts);
    printDiagnostics(w, r.warnings, pos, opts);
    if (packet.type === 'connect') version = packet.protocolVersion;
    pos += r.length;
    count++;
  }
  return 0;
}

/** `decode <hex>`: the hex as one argument or several (spaces allowed between bytes). */
export function runDecode(argv: string[]): number {
  const { opts, rest } = parseOptions(argv, STREAM_OPTIONS);
  if (rest.length === 0) throw new UsageError('give the packet in hex');
  const w = new LineWriter();
  const status = decodeStream(w, parseHex(rest.join('')), opts, true);
  w.flush();
  return status;
}

/** `stream <file|->`. */
export function runStream(argv: string[]): number {
  const { opts, rest } = parseOptions(argv, STREAM_OPTIONS);
  if (rest.length !== 1) throw new UsageError('give one file (or - for standard input)');
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(rest[0] === '-' ? 0 : rest[0]));
  } catch (e) {
    process.stderr.write(`mqtt-codec: cannot read ${rest[0]}: ${(e as Error).message}\n`);
    return 2;
  }
  const w = new LineWriter();
  const status = decodeStream(w, bytes, opts, false);
  w.flush();
  return status;
}
