/**
 * The connection table: takes frames in capture order, finds the TCP connections on the MQTT
 * port (by SYN, or by the first segment seen when the capture starts mid-connection), reassembles
 * both directions and decodes them as MQTT. Everything found is reported through one callback,
 * in capture order.
 *
 * The protocol version comes from the client's CONNECT. A connection seen without its start is
 * decoded with the version given by the caller, or with a guess (the version under which the
 * first packets held decode cleanly) that the report states. A connection whose client does not
 * open with a CONNECT is reported as not MQTT and skipped.
 *
 * Each connection's decoded packets go through the conversation checker (`Conversation`, in
 * capture order, both directions), whose stateful faults are attached to the packet events.
 *
 * @module
 */
import { inspect, type ProtocolVersion } from '../../src/index.js';
import { Conversation, type ConversationDiagnostic } from '../../src/conversation/index.js';
import type { Frame, Stamp } from './capture.js';

export type { Stamp };
import { frameLength } from '../frame.js';
import { diagnosticText } from '../output.js';
import { decodeIpv4, decodeIpv6, type IpResult } from './ip.js';
import { decodeLink } from './link.js';
import { MqttDirection, type PacketEvent } from './mqtt-direction.js';
import { Reassembler, type ReassemblyStats } from './reassembly.js';
import { decodeTcp } from './tcp.js';

/** Options of the analysis. */
export interface AnalyzerOptions {
  /** The MQTT server port (default 1883). */
  port: number;
  /** Version for connections seen without their CONNECT. */
  protocolVersion?: ProtocolVersion;
  /** Most bytes one connection holds in memory (out-of-order segments, incomplete packets). */
  bufferLimit: number;
}

/** The two directions: client to server, server to client. */
export type Direction = 'c2s' | 's2c';


/** One endpoint. */
export interface Endpoint {
  address: string;
  port: number;
}

/** How the version of a connection was found. */
export type VersionSource = 'CONNECT' | 'option' | 'guess';

/** One side's figures. */
export interface SideSummary {
  packets: number;
  /** Packets with at least one fault. */
  faultyPackets: number;
  bytes: number;
  reassembly: ReassemblyStats;
}

/** A TCP connection on the MQTT port. */
export interface Connection {
  /** 1-based, in order of first appearance. */
  id: number;
  client: Endpoint;
  server: Endpoint;
  /** True when the capture holds the connection's start (a SYN or SYN-ACK). */
  fromStart: boolean;
  version?: ProtocolVersion;
  versionSource?: VersionSource;
  /** Why the connection was skipped as not MQTT. */
  notMqtt?: string;
  /** Faults: faulty packets plus stream faults (gaps, unframeable bytes). */
  faults: number;
  first: Stamp;
  last: Stamp;
  c2s: SideSummary;
  s2c: SideSummary;
  /** RST or FIN seen. */
  closed: boolean;
}

/** What the analysis reports, in capture order. */
export type AnalysisEvent =
  | ({
      kind: 'packet';
      connection: Connection;
      direction: Direction;
      stamp: Stamp;
      /** Stateful faults the conversation checker found at this packet. */
      checks: ConversationDiagnostic[];
    } & PacketEvent)
  | { kind: 'note'; connection: Connection; direction?: Direction; stamp: Stamp; offset?: number; message: string; fault: boolean }
  | { kind: 'capture'; stamp?: Stamp; message: string; fault: boolean };

interface State {
  conn: Connection;
  /** The conversation checker, once the version is known. */
  conv?: Conversation;
  reasm: Record<Direction, Reassembler>;
  mqtt: Record<Direction, MqttDirection>;
}

const VERSION_NAMES: Record<ProtocolVersion, string> = { 3: '3.1', 4: '3.1.1', 5: '5.0' };

/** The printable name of a protocol version. */
export function versionName(v: ProtocolVersion): string {
  return VERSION_NAMES[v];
}

/** Analyzes a capture frame by frame. */
export class Analyzer {
  readonly connections: Connection[] = [];
  /** Open connections, by "client|port|server|port". */
  private readonly table = new Map<string, State>();
  /** Connections closed and released (summary only), by the same key. */
  private readonly released = new Map<string, Connection>();
  private now: Stamp = { frame: 0, timeNs: 0n, timeDigits: 6 };
  /** Frames not used, by reason. */
  readonly skipped = new Map<string, number>();
  frames = 0;

  constructor(
    private readonly options: AnalyzerOptions,
    private readonly emit: (e: AnalysisEvent) => void,
  ) {}

  private skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  /** Takes the next frame of the capture. */
  frame(f: Frame): void {
    this.frames++;
    this.now = { frame: f.number, timeNs: f.timeNs, timeDigits: f.timeDigits };
    const link = decodeLink(f.linkType, f.data);
    if ('skip' in link) return this.skip(link.skip);
    const ip: IpResult = link.ipVersion === 4 ? decodeIpv4(link.bytes) : decodeIpv6(link.bytes);
    if ('skip' in ip) return this.skip(ip.skip);
    if ('fragment' in ip) {
      if (ip.protocol === 6) {
        this.emit({
          kind: 'capture',
          stamp: this.now,
          message: `frame ${f.number}: IP fragment ${ip.src} → ${ip.dst} (offset ${ip.offset}${ip.more ? ', more follow' : ', last'}) not reassembled`,
          fault: false,
        });
      }
      return this.skip('IP fragment');
    }
    if (ip.protocol !== 6) return this.skip('not TCP');
    const tcp = decodeTcp(ip.payload);
    if (typeof tcp === 'string') return this.skip(tcp);
    const port = this.options.port;
    if (tcp.srcPort !== port && tcp.dstPort !== port) return this.skip('TCP on another port');
    const key = `${ip.src}|${tcp.srcPort}|${ip.dst}|${tcp.dstPort}`;
    const back = `${ip.dst}|${tcp.dstPort}|${ip.src}|${tcp.srcPort}`;
    let state = this.table.get(key) ?? this.table.get(back);
    const opening = tcp.syn && !tcp.ackFlag;
    if (state !== undefined && opening && state.conn.closed) state = undefined; // port reused
    if (state === undefined && !opening) {
      // A late frame of a connection already closed and released (its last ACK, a repeat).
      const done = this.released.get(key) ?? this.released.get(back);
      if (done !== undefined) {
        done.last = this.now;
        return this.skip('after the connection closed');
      }
    }
    if (state === undefined) {
      this.released.delete(key);
      this.released.delete(back);
      const clientIsSrc = tcp.dstPort === port && (tcp.srcPort !== port || opening || !tcp.syn);
      const src = { address: ip.src, port: tcp.srcPort };
      const dst = { address: ip.dst, port: tcp.dstPort };
      state = this.open(clientIsSrc ? src : dst, clientIsSrc ? dst : src, tcp.syn);
      this.table.set(clientIsSrc ? key : back, state);
    }
    const conn = state.conn;
    conn.last = this.now;
    const dir: Direction = ip.src === conn.client.address && tcp.srcPort === conn.client.port ? 'c2s' : 's2c';
    if (tcp.rst || tcp.fin) conn.closed = true;
    if (conn.notMqtt !== undefined) return;
    conn[dir].bytes += tcp.payload.length;
    state.reasm[dir].add(tcp.seq, tcp.payload, tcp.syn, tcp.fin, this.now);
    this.settle(state);
    if (this.complete(state)) {
      // Both sides closed with FIN and every byte before both FINs is in: report the end now and
      // keep only the summary, so memory does not grow with the number of connections.
      this.end(state);
      const stored = this.table.get(key) === state ? key : back;
      this.table.delete(stored);
      this.released.set(stored, conn);
    }
  }

  /** Every byte up to both FINs delivered, nothing held out of order. */
  private complete(state: State): boolean {
    for (const dir of ['c2s', 's2c'] as const) {
      const r = state.reasm[dir];
      if (r.finOffset === undefined || r.next < r.finOffset || r.waitingBytes > 0) return false;
    }
    return true;
  }

  private open(client: Endpoint, server: Endpoint, fromStart: boolean): State {
    const side = (): SideSummary => ({ packets: 0, faultyPackets: 0, bytes: 0, reassembly: { segments: 0, outOfOrder: 0, duplicateBytes: 0, gapBytes: 0 } });
    const conn: Connection = {
      id: this.connections.length + 1,
      client,
      server,
      fromStart,
      faults: 0,
      first: this.now,
      last: this.now,
      c2s: side(),
      s2c: side(),
      closed: false,
    };
    this.connections.push(conn);
    const half = Math.max(1, Math.floor(this.options.bufferLimit / 2));
    const mqtt = {} as Record<Direction, MqttDirection>;
    const reasm = {} as Record<Direction, Reassembler>;
    const state: State = { conn, reasm, mqtt };
    for (const dir of ['c2s', 's2c'] as const) {
      const m = new MqttDirection(dir === 'c2s' ? 'client' : 'server', {
        packet: (e) => this.onPacket(state, dir, e),
        note: (offset, message, stamp, fault) => {
          if (fault) conn.faults++;
          this.emit({ kind: 'note', connection: conn, direction: dir, stamp, offset, message, fault });
        },
      }, half);
      m.waiting = true;
      mqtt[dir] = m;
      reasm[dir] = new Reassembler(
        {
          data: (bytes, offset, segmentStart, frame) => m.push(bytes, offset, segmentStart, frame),
          gap: (offset, length, frame) => m.gap(offset, length, frame),
        },
        half,
      );
    }
    return state;
  }

  private onPacket(state: State, dir: Direction, e: PacketEvent): void {
    const conn = state.conn;
    const side = conn[dir];
    side.packets++;
    if (e.result.diagnostics.length > 0) {
      side.faultyPackets++;
      conn.faults++;
    }
    if (conn.version === undefined && dir === 'c2s') {
      // The CONNECT that opens the connection names the version (read from its bytes when the
      // packet itself is faulty).
      const v = e.result.packet?.type === 'connect' ? e.result.packet.protocolVersion : connectLevel(e.bytes);
      this.setVersion(state, v ?? this.options.protocolVersion ?? 4, v !== undefined ? 'CONNECT' : this.options.protocolVersion ? 'option' : 'guess');
    }
    let checks: ConversationDiagnostic[] = [];
    if (state.conv !== undefined && e.result.packet !== undefined) {
      const records = state.conv.push(dir === 'c2s' ? 'client' : 'server', e.result.packet, Number(e.frame.timeNs) / 1e9);
      checks = records.flatMap((r) => r.diagnostics);
      conn.faults += checks.length;
    }
    this.emit({ kind: 'packet', connection: conn, direction: dir, stamp: e.frame, checks, ...e });
  }

  private setVersion(state: State, v: ProtocolVersion, source: VersionSource): void {
    state.conn.version = v;
    state.conn.versionSource = source;
    // Without the connection's start, no CONNECT/CONNACK is expected and earlier packets are unknown.
    state.conv = new Conversation({ protocolVersion: v, midConnection: !state.conn.fromStart, keepRecords: false });
    for (const dir of ['c2s', 's2c'] as const) {
      state.mqtt[dir].version = v;
      state.mqtt[dir].waiting = false;
    }
  }

  /** Decides the version when enough is known, and lets waiting directions decode. */
  private settle(state: State, final = false): void {
    const conn = state.conn;
    if (conn.version !== undefined || conn.notMqtt !== undefined) return;
    const client = state.mqtt.c2s;
    const server = state.mqtt.s2c;
    if (client.held === 0 && server.held === 0) return; // nothing to decide on (yet)
    const head = client.held > 0 ? client.heldBytes()[0] : undefined;
    if (head === 0x10) {
      client.run(this.now);
      if (conn.version !== undefined) server.resume(this.now);
      return;
    }
    if (conn.fromStart && head !== undefined) {
      // Not a CONNECT: an MQTT client breaking MQTT-3.1.0-1, or not MQTT at all. Decide on the
      // first whole packet.
      const held = client.heldBytes();
      const f = frameLength(held);
      const whole = f.kind === 'packet' && f.total <= held.length;
      if (!whole && f.kind !== 'malformed' && !final && held.length < this.options.bufferLimit / 2) return;
      const v = whole ? (this.options.protocolVersion !== undefined ? this.options.protocolVersion : guessVersion([held])) : undefined;
      const hex = Array.from(held.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
      if (v === undefined) return this.notMqtt(state, `the client's first bytes (${hex}) are not a CONNECT, nor any MQTT packet`);
      const source: VersionSource = this.options.protocolVersion !== undefined ? 'option' : 'guess';
      this.setVersion(state, v, source);
      this.emit({
        kind: 'note',
        connection: conn,
        direction: 'c2s',
        stamp: this.now,
        offset: 0,
        message: `the client's first packet is not a CONNECT; decoding as MQTT ${versionName(v)} (${source === 'option' ? 'from --protocol-version' : 'a guess from that packet'})`,
        fault: false,
      });
      client.resume(this.now);
      server.resume(this.now);
      return;
    }
    // Seen from its start: the server's bytes wait for the client's CONNECT.
    if (conn.fromStart && !final && client.held === 0 && server.held < this.options.bufferLimit / 2) return;
    if (this.options.protocolVersion !== undefined) {
      this.setVersion(state, this.options.protocolVersion, 'option');
    } else {
      const samples = [client.heldBytes(), server.heldBytes()];
      const whole = samples.some((b) => frameLength(b).kind === 'packet' && (frameLength(b) as { total: number }).total <= b.length);
      if (!whole && !final && client.held + server.held < this.options.bufferLimit / 2) return;
      const guess = guessVersion(samples);
      if (guess === undefined) {
        return this.notMqtt(state, 'the first bytes decode as MQTT under no protocol version');
      }
      this.setVersion(state, guess, 'guess');
      this.emit({
        kind: 'note',
        connection: conn,
        stamp: this.now,
        message: `the capture starts mid-connection (no CONNECT): decoding as MQTT ${versionName(guess)}, a guess from the first packets (use --protocol-version to choose)`,
        fault: false,
      });
    }
    // Without the connection's start, the first bytes held are a packet boundary only when they
    // hold whole valid packets; otherwise the direction waits for a trusted boundary.
    for (const m of [client, server]) {
      if (!m.trustHeld()) m.distrust(this.now, 'the capture starts mid-connection');
    }
    client.resume(this.now);
    server.resume(this.now);
  }

  private notMqtt(state: State, reason: string): void {
    state.conn.notMqtt = reason;
    state.mqtt.c2s.abandon();
    state.mqtt.s2c.abandon();
    this.emit({ kind: 'note', connection: state.conn, stamp: this.now, message: `not MQTT: ${reason}; connection skipped`, fault: false });
  }

  /** A problem with the capture file itself. */
  problem(message: string, fault: boolean): void {
    this.emit({ kind: 'capture', stamp: this.frames > 0 ? this.now : undefined, message, fault });
  }

  /** End of the capture: open holes become gaps, waiting bytes are decoded, ends are reported. */
  finish(): void {
    for (const state of this.table.values()) this.end(state);
    this.table.clear();
  }

  /** The end of one connection: open holes become gaps, waiting bytes are decoded, ends are reported. */
  private end(state: State): void {
    {
      for (const dir of ['c2s', 's2c'] as const) state.reasm[dir].finish();
      this.settle(state, true);
      for (const dir of ['c2s', 's2c'] as const) {
        if (state.conn.notMqtt === undefined) state.mqtt[dir].finish(this.now);
        state.conn[dir].reassembly = state.reasm[dir].stats;
      }
      // Faults only the end shows (a SUBSCRIBE never answered…).
      for (const d of state.conv?.end() ?? []) {
        state.conn.faults++;
        this.emit({ kind: 'note', connection: state.conn, direction: d.side === 'client' ? 'c2s' : 's2c', stamp: state.conn.last, message: diagnosticText(d, undefined), fault: true });
      }
    }
  }
}

/** The protocol level byte of a CONNECT given whole, when it is 3, 4 or 5. */
function connectLevel(bytes: Uint8Array): ProtocolVersion | undefined {
  const f = frameLength(bytes);
  if (f.kind !== 'packet') return undefined;
  const at = f.headerLength;
  if (at + 2 > bytes.length) return undefined;
  const nameLength = (bytes[at] << 8) | bytes[at + 1];
  const level = bytes[at + 2 + nameLength];
  return level === 3 || level === 4 || level === 5 ? level : undefined;
}

/**
 * The version under which the most leading packets of the samples decode without fault (ties:
 * 3.1.1, then 5.0, then 3.1); undefined when none decodes under any version.
 */
export function guessVersion(samples: Uint8Array[]): ProtocolVersion | undefined {
  let best: ProtocolVersion | undefined;
  let bestScore = 0;
  for (const v of [4, 5, 3] as const) {
    let score = 0;
    for (const bytes of samples) {
      let pos = 0;
      for (let n = 0; n < 16 && pos < bytes.length; n++) {
        const f = frameLength(bytes, pos);
        if (f.kind !== 'packet' || pos + f.total > bytes.length) break;
        if (inspect(bytes.subarray(pos, pos + f.total), { protocolVersion: v }).diagnostics.length > 0) break;
        score++;
        pos += f.total;
      }
    }
    if (score > bestScore) {
      best = v;
      bestScore = score;
    }
  }
  return best;
}
