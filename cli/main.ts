/**
 * The `mqtt-codec` command: decode a hex packet, a raw byte stream (one TCP direction) or a
 * packet capture (every MQTT connection, both directions) and print each packet readably, as
 * JSON lines, or as an annotated hex dump. Invalid input: every diagnostic with its rule id and
 * offset, exit status 1 (the packets before it are printed).
 *
 * This file is Node-only (files, stdin, process); the codec in src/ is not.
 */
import { readFileSync } from 'node:fs';
import {
  formatPacket,
  inspect,
  type MqttCodecError,
  type Packet,
  type ProtocolVersion,
  type Sender,
  toJSONValue,
} from '../src/index.js';
import { frameLength } from './frame.js';
import { diagnosticJSON, diagnosticText, traceLines } from './output.js';
import { DEFAULT_BUFFER_LIMIT, runPcap } from './pcap/command.js';
import { runConversation } from './conversation.js';

const USAGE = `usage:
  mqtt-codec decode <hex> [options]       decode one packet given in hex
  mqtt-codec stream <file|-> [options]    decode every packet of a raw byte stream (one direction)
  mqtt-codec pcap <file|-> [options]      decode every MQTT connection of a .pcap/.pcapng capture
  mqtt-codec conversation <file|-> [--json]  check one connection, both directions interleaved (see its --help)

options:
  --protocol-version 3|4|5   protocol version (default 4; a CONNECT in the stream sets it)
  --from client|server       who sent the bytes: enables the sender-dependent checks
  --json                     JSON output (one object per line; binary as hex)
  --trace                    annotated hex dump: one line per field with offset, bytes, path = value
  --port N                   pcap: the MQTT server's TCP port (default 1883)
  --connection ID            pcap: only the connection with this number (from the summary)
  --buffer-limit BYTES       pcap: most bytes held per connection (default 16777216)
  -h, --help                 this text

exit status: 0 all packets valid, 1 invalid input (diagnostics printed), 2 usage error`;

interface Options {
  protocolVersion?: ProtocolVersion;
  from?: Sender;
  json: boolean;
  trace: boolean;
  port: number;
  connection?: number;
  bufferLimit: number;
}

function positiveInteger(text: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) usage(2, `${name} must be a whole number from 1 to ${max}`);
  return n;
}

function parseArgs(argv: string[]): { command: string; input: string; opts: Options } {
  const opts: Options = { json: false, trace: false, port: 1883, bufferLimit: DEFAULT_BUFFER_LIMIT };
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
    } else if (a === '--port') opts.port = positiveInteger(argv[++i], '--port', 65535);
    else if (a === '--connection') opts.connection = positiveInteger(argv[++i], '--connection');
    else if (a === '--buffer-limit') opts.bufferLimit = positiveInteger(argv[++i], '--buffer-limit');
    else if (a.startsWith('--')) usage(2, `unknown option ${a}`);
    else rest.push(a);
  }
  // `decode` takes the hex as one argument or several (spaces allowed between bytes).
  if (rest[0] === 'decode' && rest.length >= 2) return { command: 'decode', input: rest.slice(1).join(''), opts };
  if (rest.length !== 2 || (rest[0] !== 'stream' && rest[0] !== 'pcap')) usage(2);
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

function printDiagnostics(diagnostics: MqttCodecError[], base: number, opts: Options): void {
  for (const d of diagnostics) {
    const offset = d.offset === undefined ? undefined : base + d.offset;
    out(opts.json ? JSON.stringify({ error: diagnosticJSON(d, offset) }) : diagnosticText(d, offset));
  }
}

/**
 * Decodes `bytes` as a stream; returns the exit status. Each packet is framed by its fixed header
 * and inspected from its own bytes only. At the first invalid packet decoding stops: first one
 * line says how many bytes were left after that packet, then the packet's own faults.
 */
function runStream(bytes: Uint8Array, opts: Options, single: boolean): number {
  let version = opts.protocolVersion;
  let pos = 0;
  let count = 0;
  while (pos < bytes.length || (single && count === 0)) {
    const f = frameLength(bytes, pos);
    // A whole packet is exactly its framed length; an unframeable or cut-short one is the rest.
    const end = !single && f.kind === 'packet' ? Math.min(bytes.length, pos + f.total) : bytes.length;
    const view = bytes.subarray(pos, end);
    const r = inspect(view, { protocolVersion: version, from: opts.from });
    if (opts.trace) for (const line of traceLines(view, r.fields, pos, r.packet ? r.packet.type.toUpperCase() : 'packet')) out(line);
    if (r.diagnostics.length > 0) {
      const left = bytes.length - end;
      if (left > 0) {
        const message = `${left} byte(s) after the end of the packet at offset ${end}`;
        out(opts.json ? JSON.stringify({ stopped: { offset: end, bytesLeft: left, message } }) : `stopped: ${message} were not decoded`);
      }
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
  if (command === 'pcap') {
    try {
      process.exitCode = runPcap(input, { ...opts, protocolVersion: opts.protocolVersion }, out);
    } catch (e) {
      process.stderr.write(`mqtt-codec: cannot read ${input}: ${(e as Error).message}\n`);
      process.exit(2);
    }
    return;
  }
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
