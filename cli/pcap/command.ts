/**
 * `mqtt-codec pcap`: reads a capture in two passes over the file (standard input is first copied
 * to a temporary file, in chunks), so that the summary — one line per connection — comes first
 * and memory stays bounded: pass one counts, pass two prints each packet as it is found.
 *
 * @module
 */
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPacket, type ProtocolVersion, toJSONValue } from '../../src/index.js';
import { diagnosticJSON, diagnosticText, traceLines } from '../output.js';
import { type CaptureInfo, readCapture } from './capture.js';
import { type AnalysisEvent, Analyzer, type Connection, type Direction, type Stamp, versionName } from './connections.js';
import { LINK_TYPES } from './link.js';
import { ChunkReader, fileSource } from './source.js';

/** Options of the `pcap` command. */
export interface PcapOptions {
  port: number;
  protocolVersion?: ProtocolVersion;
  json: boolean;
  trace: boolean;
  /** Only this connection (its id in the summary). */
  connection?: number;
  /** Most bytes held per connection. */
  bufferLimit: number;
}

/** Default memory bound per connection: 16 MiB. */
export const DEFAULT_BUFFER_LIMIT = 16 * 1024 * 1024;

const ARROW: Record<Direction, string> = { c2s: 'C→S', s2c: 'S→C' };

/** Time of day (UTC) with the file's fractional digits. */
export function timeText(s: Stamp): string {
  const sec = s.timeNs / 1_000_000_000n;
  const frac = (s.timeNs % 1_000_000_000n).toString().padStart(9, '0').slice(0, s.timeDigits);
  const d = new Date(Number(sec) * 1000);
  return `${d.toISOString().slice(11, 19)}${s.timeDigits > 0 ? `.${frac}` : ''}`;
}

/** Full ISO time for JSON. */
function isoTime(s: Stamp): string {
  const sec = s.timeNs / 1_000_000_000n;
  const frac = (s.timeNs % 1_000_000_000n).toString().padStart(9, '0').slice(0, s.timeDigits);
  return `${new Date(Number(sec) * 1000).toISOString().slice(0, 19)}${s.timeDigits > 0 ? `.${frac}` : ''}Z`;
}

function endpoint(e: { address: string; port: number }): string {
  return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}

/** The summary line of a connection. */
export function summaryText(c: Connection): string {
  const head = `#${c.id} ${endpoint(c.client)} → ${endpoint(c.server)}`;
  if (c.notMqtt !== undefined) return `${head}  not MQTT (${c.notMqtt}): skipped`;
  const version = c.version === undefined ? (c.c2s.bytes + c.s2c.bytes === 0 ? 'no data' : 'MQTT (version unknown)') : `MQTT ${versionName(c.version)} (${c.versionSource === 'CONNECT' ? 'from CONNECT' : c.versionSource === 'option' ? 'from --protocol-version' : 'guessed'})`;
  const gaps = c.c2s.reassembly.gapBytes + c.s2c.reassembly.gapBytes;
  const extra = [
    c.fromStart ? '' : 'capture starts mid-connection',
    gaps > 0 ? `${gaps} byte(s) missing` : '',
  ].filter(Boolean);
  return `${head}  ${version}  client ${c.c2s.packets} packet(s), server ${c.s2c.packets} packet(s), ${c.faults} fault(s)${extra.length ? `; ${extra.join('; ')}` : ''}`;
}

function summaryJSON(c: Connection): Record<string, unknown> {
  return {
    type: 'connection',
    connection: c.id,
    client: c.client,
    server: c.server,
    fromStart: c.fromStart,
    protocolVersion: c.version ?? null,
    versionSource: c.versionSource ?? null,
    notMqtt: c.notMqtt ?? null,
    faults: c.faults,
    client2server: { packets: c.c2s.packets, faultyPackets: c.c2s.faultyPackets, bytes: c.c2s.bytes, ...c.c2s.reassembly },
    server2client: { packets: c.s2c.packets, faultyPackets: c.s2c.faultyPackets, bytes: c.s2c.bytes, ...c.s2c.reassembly },
    first: isoTime(c.first),
    last: isoTime(c.last),
  };
}

/** Runs the analysis over the whole file once; `emit` sees every event. */
export function analyze(path: string, options: PcapOptions, emit: (e: AnalysisEvent) => void): { analyzer: Analyzer; info?: CaptureInfo; fault: boolean } {
  const analyzer = new Analyzer({ port: options.port, protocolVersion: options.protocolVersion, bufferLimit: options.bufferLimit }, emit);
  let info: CaptureInfo | undefined;
  let fault = false;
  for (const item of readCapture(new ChunkReader(fileSource(path)))) {
    if (item.kind === 'frame') analyzer.frame(item);
    else if (item.kind === 'info') info = item;
    else {
      fault = true;
      analyzer.problem(`${item.message} (file offset ${item.offset})`, true);
    }
  }
  analyzer.finish();
  return { analyzer, info, fault };
}

function captureLine(path: string, info: CaptureInfo | undefined, analyzer: Analyzer, port: number): string {
  if (info === undefined) return `capture ${path}: no readable header`;
  const links = [...new Set(info.interfaces.map((i) => LINK_TYPES[i.linkType] ?? `link type ${i.linkType}`))].join(', ');
  const digits = Math.max(...info.interfaces.map((i) => i.timeDigits));
  const unit = digits === 9 ? 'ns' : digits === 6 ? 'µs' : `10^-${digits} s`;
  const ifaces = info.format === 'pcapng' ? `, ${info.interfaces.length} interface(s)` : '';
  return `capture ${path}: ${info.format} (${info.byteOrder}-endian, ${unit}${ifaces}), ${links}; ${analyzer.frames} frame(s), ${analyzer.connections.length} connection(s) on port ${port}`;
}

/** Runs the command on a file; returns the exit status. */
export function runPcap(input: string, options: PcapOptions, out: (line: string) => void): number {
  let path = input;
  let temp: string | undefined;
  if (input === '-') {
    temp = mkdtempSync(join(tmpdir(), 'mqtt-codec-pcap-'));
    path = join(temp, 'stdin.cap');
    const fd = openSync(path, 'w');
    const read = fileSource(0);
    for (let c = read(); c !== undefined; c = read()) writeSync(fd, c);
    closeSync(fd);
  }
  try {
    return twoPasses(path, input === '-' ? '(standard input)' : input, options, out);
  } finally {
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true });
  }
}

function twoPasses(path: string, name: string, options: PcapOptions, out: (line: string) => void): number {
  const wanted = (c: Connection) => options.connection === undefined || c.id === options.connection;
  // Pass one: the summary.
  const problems: string[] = [];
  const first = analyze(path, options, (e) => {
    if (e.kind === 'capture') problems.push(e.message);
  });
  const conns = first.analyzer.connections.filter(wanted);
  if (options.connection !== undefined && conns.length === 0) {
    throw new Error(`no connection #${options.connection} (the capture has ${first.analyzer.connections.length})`);
  }
  let status = first.fault || conns.some((c) => c.faults > 0) ? 1 : 0;
  if (options.json) {
    const i = first.info;
    out(JSON.stringify({ type: 'capture', file: name, format: i?.format ?? null, byteOrder: i?.byteOrder ?? null, interfaces: i?.interfaces ?? [], frames: first.analyzer.frames, connections: first.analyzer.connections.length, problems }));
    for (const c of conns) out(JSON.stringify(summaryJSON(c)));
  } else {
    out(captureLine(name, first.info, first.analyzer, options.port));
    for (const p of problems) out(`capture problem: ${p}`);
    for (const c of conns) out(summaryText(c));
  }
  // Pass two: every packet and remark of the chosen connections, in capture order.
  if (!options.json) out('');
  analyze(path, options, (e) => {
    if (e.kind === 'capture') return;
    if (!wanted(e.connection)) return;
    if (options.json) out(JSON.stringify(eventJSON(e)));
    else for (const line of eventText(e, options)) out(line);
  });
  return status;
}

function eventText(e: Exclude<AnalysisEvent, { kind: 'capture' }>, options: PcapOptions): string[] {
  const where = `#${e.connection.id} ${timeText(e.stamp)} ${e.direction ? ARROW[e.direction] : '   '}`;
  if (e.kind === 'note') return [`${where}  ${e.fault ? 'fault' : 'note'}: ${e.message}`];
  const lines: string[] = [];
  const r = e.result;
  if (options.trace) {
    const label = r.packet ? r.packet.type.toUpperCase() : 'packet';
    const [title, ...rest] = traceLines(e.bytes, r.fields, e.offset, label);
    lines.push(`${where}  ${title}`, ...rest);
  } else if (r.packet) {
    lines.push(`${where}  @${e.offset} ${e.bytes.length} B  ${formatPacket(r.packet)}`);
  } else {
    lines.push(`${where}  @${e.offset} ${e.bytes.length} B  (not decoded)`);
  }
  for (const d of r.diagnostics) lines.push(`${where}    ${diagnosticText(d, d.offset === undefined ? undefined : e.offset + d.offset)}`);
  // Stateful faults: their text names the packet (its index and offset in the checker).
  for (const d of e.checks) lines.push(`${where}    ${diagnosticText(d, undefined)}`);
  return lines;
}

function eventJSON(e: Exclude<AnalysisEvent, { kind: 'capture' }>): Record<string, unknown> {
  const base = { connection: e.connection.id, frame: e.stamp.frame, time: isoTime(e.stamp), direction: e.direction ?? null };
  if (e.kind === 'note') return { type: e.fault ? 'fault' : 'note', ...base, offset: e.offset ?? null, message: e.message };
  return {
    type: 'packet',
    ...base,
    offset: e.offset,
    length: e.bytes.length,
    packet: e.result.packet ? toJSONValue(e.result.packet) : null,
    errors: e.result.diagnostics.map((d) => diagnosticJSON(d, d.offset === undefined ? undefined : e.offset + d.offset)),
    conversation: e.checks.map((d) => ({ check: d.check, side: d.side, ...diagnosticJSON(d, e.offset) })),
  };
}
