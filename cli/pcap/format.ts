/**
 * How `mqtt-codec pcap` prints the capture reader's records: one readable line per packet (its
 * faults indented below it), or one JSON object per line. Formatting is on the hot path (one call
 * per packet), so the time of day is cached per second and lines are built by concatenation.
 *
 * @module
 */
import { formatPacket, toJSONValue } from '../../src/index.js';
import { decimal } from '../decimal.js';
import { type CaptureInfo, type CaptureRecord, type Connection, type Direction, LINK_TYPES, type Stamp, versionName } from '../../src/capture/index.js';
import { diagnosticJSON, diagnosticText, traceLines } from '../output.js';

const ARROW: Record<Direction, string> = { c2s: 'C→S', s2c: 'S→C' };

/** The last second formatted, kept by the caller between calls. */
export interface TimeCache {
  seconds: number;
  /** "HH:MM:SS" of `seconds`. */
  hms: string;
  /** "YYYY-MM-DDTHH:MM:SS" of `seconds`. */
  iso: string;
}

/** A fresh cache. */
export function timeCache(): TimeCache {
  return { seconds: -1, hms: '', iso: '' };
}

function second(s: Stamp, cache: TimeCache): TimeCache {
  if (cache.seconds !== s.seconds) {
    cache.seconds = s.seconds;
    cache.iso = new Date(s.seconds * 1000).toISOString().slice(0, 19);
    cache.hms = cache.iso.slice(11);
  }
  return cache;
}

const ZEROS = '000000000';
/** What nanoseconds are divided by to keep `i` digits of the fraction (10^(9-i)). */
const DIVISORS = [1e9, 1e8, 1e7, 1e6, 1e5, 1e4, 1e3, 100, 10, 1];

/** The fraction of the second, its first `timeDigits` digits (of nine), as ".ddd". */
function fraction(s: Stamp): string {
  const digits = s.timeDigits;
  if (digits === 0) return '';
  // A damaged file's fraction can reach 4.29 s: its first digits are shown, as they were read.
  if (s.nanos >= 1e9) return `.${String(s.nanos).slice(0, digits)}`;
  // Not String(): see decimal (a new number on every line).
  const v = decimal(Math.floor(s.nanos / DIVISORS[digits]));
  return `.${ZEROS.slice(v.length, digits)}${v}`;
}

/** Time of day (UTC) with the file's fractional digits. */
export function timeText(s: Stamp, cache: TimeCache = timeCache()): string {
  return second(s, cache).hms + fraction(s);
}

/** Full ISO time, for JSON. */
export function isoTime(s: Stamp, cache: TimeCache = timeCache()): string {
  return `${second(s, cache).iso}${fraction(s)}Z`;
}

function endpoint(e: { address: string; port: number }): string {
  const port = decimal(e.port);
  return e.address.includes(':') ? `[${e.address}]:${port}` : `${e.address}:${port}`;
}

const SOURCE_TEXT = { CONNECT: 'from CONNECT', option: 'from --protocol-version', guess: 'guessed' } as const;

/** The summary line of a connection. */
export function summaryText(c: Connection): string {
  const head = `#${decimal(c.id)} ${endpoint(c.client)} → ${endpoint(c.server)}`;
  if (c.notMqtt !== undefined) return `${head}  not MQTT (${c.notMqtt}): skipped`;
  const bridge = c.bridge ? ' (bridge)' : '';
  const version = c.version === undefined ? (c.c2s.bytes + c.s2c.bytes === 0 ? 'no data' : 'MQTT (version unknown)') : `MQTT ${versionName(c.version)}${bridge} (${SOURCE_TEXT[c.versionSource ?? 'guess']})`;
  const gaps = c.c2s.reassembly.gapBytes + c.s2c.reassembly.gapBytes;
  let extra = c.fromStart ? '' : '; capture starts mid-connection';
  if (gaps > 0) extra += `; ${gaps} byte(s) missing`;
  if (c.ended === 'evicted') extra += '; closed early by the connection limit';
  return `${head}  ${version}  client ${c.c2s.packets} packet(s), server ${c.s2c.packets} packet(s), ${c.faults} fault(s)${extra}`;
}

/** A connection's summary as a JSON-ready object. */
export function summaryJSON(c: Connection): Record<string, unknown> {
  return {
    type: 'summary',
    connection: c.id,
    client: c.client,
    server: c.server,
    fromStart: c.fromStart,
    protocolVersion: c.version ?? null,
    versionSource: c.versionSource ?? null,
    bridge: c.bridge,
    notMqtt: c.notMqtt ?? null,
    faults: c.faults,
    client2server: { packets: c.c2s.packets, faultyPackets: c.c2s.faultyPackets, bytes: c.c2s.bytes, ...c.c2s.reassembly },
    server2client: { packets: c.s2c.packets, faultyPackets: c.s2c.faultyPackets, bytes: c.s2c.bytes, ...c.s2c.reassembly },
    first: isoTime(c.first),
    last: isoTime(c.last),
    ended: c.ended ?? null,
  };
}

/** The first line: the file and what it holds. */
export function captureLine(name: string, info: CaptureInfo | undefined): string {
  if (info === undefined) return `capture ${name}: no readable header`;
  const links = [...new Set(info.interfaces.map((i) => LINK_TYPES[i.linkType] ?? `link type ${i.linkType}`))].join(', ');
  const digits = Math.max(...info.interfaces.map((i) => i.timeDigits));
  const unit = digits === 9 ? 'ns' : digits === 6 ? 'µs' : `10^-${digits} s`;
  const ifaces = info.format === 'pcapng' ? `, ${info.interfaces.length} interface(s)` : '';
  return `capture ${name}: ${info.format} (${info.byteOrder}-endian, ${unit}${ifaces}), ${links}`;
}

/** The first line as JSON. */
export function captureJSON(name: string, info: CaptureInfo | undefined): Record<string, unknown> {
  return { type: 'capture', file: name, format: info?.format ?? null, byteOrder: info?.byteOrder ?? null, interfaces: info?.interfaces ?? [] };
}

/** What the printer needs to know of the options. */
export interface FormatOptions {
  trace: boolean;
  /** Only faulty packets, faults and gaps (and the summaries). */
  faultsOnly: boolean;
}

type ConnectionRecordOf = Exclude<CaptureRecord, { kind: 'info' } | { kind: 'problem' }>;

/** A record of a connection as text lines (none for those text leaves out). */
export function recordText(r: ConnectionRecordOf, o: FormatOptions, cache: TimeCache, out: (line: string) => void): void {
  if (r.kind === 'connection' || r.kind === 'end') return;
  if (o.faultsOnly && (r.kind === 'note' ? !r.fault : r.kind === 'packet' && r.result.diagnostics.length === 0 && r.checks.length === 0)) return;
  const where = `#${decimal(r.connection.id)} ${timeText(r.frame, cache)} ${r.direction ? ARROW[r.direction] : '   '}`;
  if (r.kind === 'gap') return out(`${where}  fault: ${r.length} byte(s) missing at offset ${r.offset} (not in the capture)`);
  if (r.kind === 'note') return out(`${where}  ${r.fault ? 'fault' : 'note'}: ${r.diagnostic ? diagnosticText(r.diagnostic, undefined) : r.message}`);
  const res = r.result;
  if (o.trace) {
    const [title, ...rest] = traceLines(r.bytes, res.fields, r.offset, res.packet ? res.packet.type.toUpperCase() : 'packet');
    out(`${where}  ${title}`);
    for (const line of rest) out(line);
  } else {
    out(`${where}  @${decimal(r.offset)} ${r.bytes.length} B  ${res.packet ? formatPacket(res.packet) : '(not decoded)'}`);
  }
  for (let i = 0; i < res.diagnostics.length; i++) {
    const d = res.diagnostics[i];
    out(`${where}    ${diagnosticText(d, d.offset === undefined ? undefined : r.offset + d.offset)}`);
  }
  // Stateful faults: their text names the packet (its index and offset in the checker).
  for (let i = 0; i < r.checks.length; i++) out(`${where}    ${diagnosticText(r.checks[i], undefined)}`);
}

/** A record of a connection as a JSON-ready object (undefined for those left out). */
export function recordJSON(r: ConnectionRecordOf, o: FormatOptions, cache: TimeCache): Record<string, unknown> | undefined {
  const c = r.connection;
  if (r.kind === 'end') return undefined;
  if (r.kind === 'connection') {
    if (o.faultsOnly) return undefined;
    return { type: 'connection', connection: c.id, frame: r.frame.frame, time: isoTime(r.frame, cache), client: c.client, server: c.server, fromStart: c.fromStart, protocolVersion: r.version ?? null, versionSource: r.versionSource ?? null, bridge: r.bridge, notMqtt: r.notMqtt ?? null };
  }
  const base = { connection: c.id, frame: r.frame.frame, time: isoTime(r.frame, cache), direction: r.direction ?? null };
  if (r.kind === 'gap') return { type: 'gap', ...base, offset: r.offset, length: r.length };
  if (r.kind === 'note') {
    if (o.faultsOnly && !r.fault) return undefined;
    const d = r.diagnostic;
    const message = d ? diagnosticText(d, undefined) : r.message;
    return { type: r.fault ? 'fault' : 'note', ...base, offset: r.offset ?? null, message, ...(d ? { check: d.check, rule: d.rule ?? null } : {}) };
  }
  if (o.faultsOnly && r.result.diagnostics.length === 0 && r.checks.length === 0) return undefined;
  return {
    type: 'packet',
    ...base,
    offset: r.offset,
    length: r.bytes.length,
    packet: r.result.packet ? toJSONValue(r.result.packet) : null,
    errors: r.result.diagnostics.map((d) => diagnosticJSON(d, d.offset === undefined ? undefined : r.offset + d.offset)),
    conversation: r.checks.map((d) => ({ check: d.check, side: d.side, ...diagnosticJSON(d, r.offset) })),
  };
}
