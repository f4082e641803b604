/**
 * `mqtt-codec conversation <file|->`: reads one connection in the interleaved text format (one
 * line per chunk: direction, optional time, hex), runs the conversation checker on it, and prints
 * every packet and every stateful fault in order, readably or as JSON lines.
 *
 * Node-only (files, stdin); the checker itself is src/conversation/.
 */
import { readFileSync } from 'node:fs';
import { Conversation, type ConversationDiagnostic, type ConversationRecord, parseConversationText } from '../src/conversation/index.js';
import { formatPacket, MqttCodecError, type ProtocolVersion, toJSONValue } from '../src/index.js';
import { decimal } from './decimal.js';
import { UsageError } from './args.js';

/** The command's help (the command table in main.ts prints it). */
export const CONVERSATION_HELP = `Reads one MQTT connection, both directions interleaved in the order observed, one line per chunk:
  c|client|>  [TIME]  HEX     bytes the client sent
  s|server|<  [TIME]  HEX     bytes the server sent
(TIME in seconds, optional; # starts a comment). Prints each packet and the stateful faults found.

options:
  --json                     one JSON object per packet (and per end-of-conversation fault)
  --protocol-version 3|4|5   version until a CONNECT is seen (for captures that start later)
  --mid-connection           the capture starts after the CONNECT: answers to earlier packets are not faults

exit status: 0 no fault, 1 faults found (printed), 2 usage error or unreadable input`;

const out = (line: string) => process.stdout.write(`${line}\n`);

function fail(message: string): number {
  process.stderr.write(`mqtt-codec conversation: ${message}\n`);
  return 2;
}

function diagnosticLine(d: ConversationDiagnostic): string {
  const rule = d.rule ? ` [${d.rule} (${d.specVersion})]` : '';
  return `  ! ${d.side} fault 0x${d.reasonCode.toString(16).padStart(2, '0')} ${d.check}: ${d.detail}${rule} at ${d.side} offset ${d.offset}`;
}

function printRecord(r: ConversationRecord, json: boolean): void {
  if (json) {
    out(JSON.stringify({
      index: r.index,
      side: r.side,
      time: r.time,
      offset: r.offset,
      length: r.length,
      topic: r.topic,
      answers: r.answers,
      packet: r.packet === undefined ? undefined : toJSONValue(r.packet),
      diagnostics: r.diagnostics.map((d) => d.toJSON()),
    }));
    return;
  }
  const time = r.time === undefined ? '' : `${r.time.toFixed(3)} `;
  const what = r.packet === undefined ? '(undecodable)' : formatPacket(r.packet);
  const topic = r.topic !== undefined && r.packet?.type === 'publish' && r.packet.topic !== r.topic ? `  (topic ${JSON.stringify(r.topic)})` : '';
  const answers = r.answers === undefined ? '' : `  (answers #${r.answers})`;
  out(`#${decimal(r.index)} ${time}${r.side === 'client' ? 'C->S' : 'S->C'} @${decimal(r.offset)} ${r.length ?? '?'} B  ${what}${topic}${answers}`);
  for (const d of r.diagnostics) out(diagnosticLine(d));
}

/** Runs the command on its arguments (after `conversation`); returns the exit status. */
export function runConversation(argv: string[]): number {
  // `mqtt-codec conversation x | head` closes the pipe early: stop quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  let json = false;
  let midConnection = false;
  let version: ProtocolVersion | undefined;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') json = true;
    else if (a === '--mid-connection') midConnection = true;
    else if (a === '--protocol-version' || a === '-V') {
      const v = Number(argv[++i]);
      if (v !== 3 && v !== 4 && v !== 5) throw new UsageError('--protocol-version must be 3, 4 or 5');
      version = v;
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else rest.push(a);
  }
  if (rest.length !== 1) throw new UsageError('give one file (or - for stdin)');
  let text: string;
  try {
    text = readFileSync(rest[0] === '-' ? 0 : rest[0], 'utf8');
  } catch (e) {
    return fail(`cannot read ${rest[0]}: ${(e as Error).message}`);
  }
  let chunks;
  try {
    chunks = parseConversationText(text);
  } catch (e) {
    if (e instanceof MqttCodecError) return fail(e.detail);
    throw e;
  }
  const conv = new Conversation({ protocolVersion: version, midConnection, keepRecords: false });
  let faults = 0;
  for (const chunk of chunks) {
    for (const r of conv.push(chunk.side, chunk.bytes, chunk.time)) {
      printRecord(r, json);
      faults += r.diagnostics.length;
    }
  }
  const atEnd = conv.end();
  for (const d of atEnd) out(json ? JSON.stringify({ end: d.toJSON() }) : `end:${diagnosticLine(d).slice(1)} (packet #${d.packetIndex})`);
  faults += atEnd.length;
  if (!json) out(`${faults === 0 ? 'no faults' : `${faults} fault(s)`} in ${conv.protocolVersion === 5 ? 'MQTT 5.0' : conv.protocolVersion === 4 ? 'MQTT 3.1.1' : 'MQTT 3.1'} conversation`);
  return faults === 0 ? 0 : 1;
}
