/**
 * The `mqtt-codec` command: decode a hex packet or a raw byte stream (one TCP direction) and
 * print each packet readably, as JSON lines, or as an annotated hex dump. Invalid input: every
 * diagnostic with its rule id and offset, exit status 1 (the packets before it are printed).
 *
 * This file is Node-only (files, stdin, process); the codec in src/ is not.
 */
import { readFileSync } from 'node:fs';
import {
  bytesToHex,
  type Field,
  formatPacket,
  inspect,
  type MqttCodecError,
  type Packet,
  peekHeader,
  type ProtocolVersion,
  type Sender,
  toJSONValue,
} from '../src/index.js';
import { runConversation } from './conversation.js';

const USAGE = `usage:
  mqtt-codec decode <hex> [options]       decode one packet given in hex
  mqtt-codec stream <file|-> [options]    decode every packet of a raw byte stream (one direction)
  mqtt-codec conversation <file|-> [--json]  check one connection, both directions interleaved (see its --help)

options:
  --protocol-version 3|4|5   protocol version (default 4; a CONNECT in the stream sets it)
  --from client|server       who sent the bytes: enables the sender-dependent checks
  --json                     JSON output (one object per line; binary as hex)
  --trace                    annotated hex dump: one line per field with offset, bytes, path = value
  -h, --help                 this text

exit status: 0 all packets valid, 1 invalid input (diagnostics printed), 2 usage error`;

interface Options {
  protocolVersion?: ProtocolVersion;
  from?: Sender;
  json: boolean;
  trace: boolean;
}

function parseArgs(argv: string[]): { command: string; input: string; opts: Options } {
  const opts: Options = { json: false, trace: false };
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') usage(0);
    else if (a === '--json') opts.json = true;
    else if (a === '--trace') opts.trace = true;
    else if (a === '--protocol-version' || a === '-V') {
      const v = Number(argv[++i]);
      if (v !== 3 && v !== 4 && v !== 5) usage(2, `--protocol-version must be 3, 4 or 5`);
      opts.protocolVersion = v as ProtocolVersion;
    } else if (a === '--from') {
      const f = argv[++i];
      if (f !== 'client' && f !== 'server') usage(2, `--from must be client or server`);
      opts.from = f as Sender;
    } else if (a.startsWith('--')) usage(2, `unknown option ${a}`);
    else rest.push(a);
  }
  // `decode` takes the hex as one argument or several (spaces allowed between bytes).
  if (rest[0] === 'decode' && rest.length >= 2) return { command: 'decode', input: rest.slice(1).join(''), opts };
  if (rest.length !== 2 || rest[0] !== 'stream') usage(2);
  return { command: rest[0], input: rest[1], opts };
}

function usage(code: number, message?: string): never {
  if (message) process.stderr.write(`mqtt-codec: ${message}\n`);
  (code === 0 ? process.stdout : process.stderr).write(`${USAGE}\n`);
  process.exit(code);
}

function parseHex(text: string): Uint8Array {
  const clean = text.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) usage(2, 'the packet must be given as hex digits');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}

const out = (line: string) => process.stdout.write(`${line}\n`);

function printPacket(packet: Packet, offset: number, length: number, opts: Options): void {
  if (opts.json) out(JSON.stringify({ offset, length, packet: toJSONValue(packet) }));
  else out(`@${offset} ${length} B  ${formatPacket(packet)}`);
}

function printTrace(bytes: Uint8Array, fields: Field[], offset: number, packet: Packet | undefined): void {
  const label = packet ? packet.type.toUpperCase() : 'packet';
  out(`@${offset} ${label} (${bytes.length} bytes)`);
  for (const f of fields) {
    const span = bytes.subarray(f.start, f.end);
    let hex = bytesToHex(span.subarray(0, 8)).replace(/(..)(?!$)/g, '$1 ');
    if (span.length > 8) hex += ' …';
    let value = '';
    if (f.value instanceof Uint8Array) value = `<${f.value.length} bytes>`;
    else if (typeof f.value === 'string') value = JSON.stringify(f.value);
    else if (f.value !== undefined) value = String(f.value);
    const bits = f.mask !== undefined ? ` (bits ${f.mask.toString(2).padStart(8, '0')})` : '';
    out(`  ${(offset + f.start).toString(16).padStart(6, '0')}  ${hex.padEnd(24)} ${f.path} = ${value}${bits}`);
  }
}

function printDiagnostics(diagnostics: MqttCodecError[], base: number, opts: Options): void {
  for (const d of diagnostics) {
    const offset = d.offset === undefined ? undefined : base + d.offset;
    if (opts.json) {
      out(JSON.stringify({ error: { reasonCode: d.reasonCode, rule: d.rule, specVersion: d.specVersion, offset, message: d.detail } }));
    } else {
      const rule = d.rule ? ` [${d.rule}${d.specVersion ? ` (${d.specVersion})` : ''}]` : '';
      const name = d.message.slice(0, d.message.indexOf(':'));
      out(`error 0x${d.reasonCode.toString(16)} ${name}: ${d.detail}${rule}${offset === undefined ? '' : ` at offset ${offset}`}`);
    }
  }
}

/** Decodes `bytes` as a stream; returns the exit status. */
function runStream(bytes: Uint8Array, opts: Options, single: boolean): number {
  let version = opts.protocolVersion;
  let pos = 0;
  let count = 0;
  while (pos < bytes.length || (single && count === 0)) {
    const rest = bytes.subarray(pos);
    let length = rest.length;
    try {
      const h = peekHeader(rest, 0, version ?? 5);
      if (h !== undefined && !single) length = Math.min(rest.length, h.headerLength + h.remainingLength);
    } catch {
      // inspect() reports it below
    }
    const view = rest.subarray(0, length);
    const r = inspect(view, { protocolVersion: version, from: opts.from });
    if (opts.trace) printTrace(view, r.fields, pos, r.packet);
    if (r.diagnostics.length > 0) {
      printDiagnostics(r.diagnostics, pos, opts);
      return 1;
    }
    const packet = r.packet!;
    if (!opts.trace) printPacket(packet, pos, r.length, opts);
    if (packet.type === 'connect') version = packet.protocolVersion;
    pos += r.length;
    count++;
  }
  return 0;
}

function main(): void {
  // `mqtt-codec stream x | head` closes the pipe early: stop quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const { command, input, opts } = parseArgs(process.argv.slice(2));
  let bytes: Uint8Array;
  if (command === 'decode') bytes = parseHex(input);
  else {
    try {
      bytes = new Uint8Array(readFileSync(input === '-' ? 0 : input));
    } catch (e) {
      process.stderr.write(`mqtt-codec: cannot read ${input}: ${(e as Error).message}\n`);
      process.exit(2);
    }
  }
  process.exitCode = runStream(bytes, opts, command === 'decode');
}

if (process.argv[2] === 'conversation') process.exitCode = runConversation(process.argv.slice(3));
else main();
