/**
 * The connection table: takes frames in capture order, finds the TCP connections that carry MQTT
 * (on any port, or on the ports the caller names), and hands each segment to its
 * {@link TrackedConnection}. A connection is known by SYN, or by the first segment seen when the
 * capture starts mid-connection. Everything found goes to one sink, in capture order.
 *
 * @module
 */
import type { ProtocolVersion } from '../index.js';
import { TrackedConnection } from './connection.js';
import { decodeIpv4, decodeIpv6, type IpResult } from './ip.js';
import { decodeLink } from './link.js';
import { decodeTcp, type TcpSegment } from './tcp.js';
import type { CaptureRecord, Connection, Direction, Endpoint, Frame, Stamp } from './types.js';

/** Options of the analysis. */
export interface AnalyzerOptions {
  /** The MQTT server ports to read; empty: any TCP port (MQTT recognised by its first bytes). */
  ports: readonly number[];
  /** Version for connections seen without their CONNECT. */
  protocolVersion?: ProtocolVersion;
  /** Most bytes one connection holds in memory (out-of-order segments, incomplete packets). */
  bufferLimit: number;
}

/** MQTT's registered port: without named ports, a connection on it is reported even when it is not MQTT. */
const MQTT_PORT = 1883;

/** A connection given up on (not MQTT, on a port nobody named): its frames are skipped. */
const IGNORED = 'ignored';

/** Analyzes a capture frame by frame. */
export class Analyzer {
  /** Connections reported, in order of their ids. */
  readonly connections: Connection[] = [];
  /** Open connections (and ignored ones), by "client|port|server|port". */
  private readonly table = new Map<string, TrackedConnection | typeof IGNORED>();
  /** Connections closed and released (summary only), by the same key. */
  private readonly released = new Map<string, Connection>();
  /** Frames not used, by reason. */
  readonly skipped = new Map<string, number>();
  /** TCP frames seen, by server port (the port a SYN went to; else a named port; else the lower one). */
  readonly tcpPorts = new Map<number, number>();
  /** Frames read. */
  frames = 0;
  private now: Stamp = { frame: 0, seconds: 0, nanos: 0, timeDigits: 6 };
  private readonly named: ReadonlySet<number>;
  private readonly ctx;

  constructor(
    private readonly options: AnalyzerOptions,
    private readonly emit: (r: CaptureRecord) => void,
  ) {
    this.named = new Set(options.ports.length > 0 ? options.ports : [MQTT_PORT]);
    this.ctx = {
      emit,
      report: (c: Connection) => this.report(c),
      protocolVersion: options.protocolVersion,
      bufferLimit: options.bufferLimit,
    };
  }

  private skip(reason: string): void {
    this.skipped.set(reason, (this.skipped.get(reason) ?? 0) + 1);
  }

  private report(c: Connection): void {
    if (c.id !== 0) return;
    this.connections.push(c);
    c.id = this.connections.length;
  }

  /** Takes the next frame of the capture. */
  frame(f: Frame): void {
    this.frames++;
    const link = decodeLink(f.linkType, f.data);
    if ('skip' in link) return this.skip(link.skip);
    const ip: IpResult = link.ipVersion === 4 ? decodeIpv4(link.bytes) : decodeIpv6(link.bytes);
    if ('skip' in ip) return this.skip(ip.skip);
    this.now = { frame: f.number, seconds: f.seconds, nanos: f.nanos, timeDigits: f.timeDigits };
    if ('fragment' in ip) {
      if (ip.protocol === 6) {
        const message = `frame ${f.number}: IP fragment ${ip.src} → ${ip.dst} (offset ${ip.offset}${ip.more ? ', more follow' : ', last'}) not reassembled`;
        this.emit({ kind: 'problem', message, fatal: false, fault: false, frame: this.now });
      }
      return this.skip('IP fragment');
    }
    if (ip.protocol !== 6) return this.skip('not TCP');
    const tcp = decodeTcp(ip.payload);
    if (typeof tcp === 'string') return this.skip(tcp);
    this.segment(ip.src, ip.dst, tcp);
  }

  private segment(srcAddress: string, dstAddress: string, tcp: TcpSegment): void {
    const ports = this.options.ports;
    const opening = tcp.syn && !tcp.ackFlag;
    const clientIsSrc = this.clientIsSource(tcp, opening);
    const serverPort = clientIsSrc ? tcp.dstPort : tcp.srcPort;
    this.tcpPorts.set(serverPort, (this.tcpPorts.get(serverPort) ?? 0) + 1);
    if (ports.length > 0 && !ports.includes(tcp.srcPort) && !ports.includes(tcp.dstPort)) return this.skip('TCP on another port');
    const key = `${srcAddress}|${tcp.srcPort}|${dstAddress}|${tcp.dstPort}`;
    const back = `${dstAddress}|${tcp.dstPort}|${srcAddress}|${tcp.srcPort}`;
    let entry = this.table.get(key) ?? this.table.get(back);
    if (entry !== undefined && opening && (entry === IGNORED || entry.conn.closed)) {
      this.table.delete(this.table.has(key) ? key : back); // the port pair used again
      entry = undefined;
    }
    if (entry === IGNORED) return this.skip('not MQTT');
    if (entry === undefined && !opening) {
      // A late frame of a connection already closed and released (its last ACK, a repeat).
      const done = this.released.get(key) ?? this.released.get(back);
      if (done !== undefined) {
        done.last = this.now;
        return this.skip('after the connection closed');
      }
    }
    if (entry === undefined) {
      this.released.delete(key);
      this.released.delete(back);
      const src = { address: srcAddress, port: tcp.srcPort };
      const dst = { address: dstAddress, port: tcp.dstPort };
      entry = this.open(clientIsSrc ? src : dst, clientIsSrc ? dst : src, tcp.syn);
      this.table.set(clientIsSrc ? key : back, entry);
    }
    const t = entry;
    const conn = t.conn;
    conn.last = this.now;
    t.now = this.now;
    const dir: Direction = tcp.srcPort === conn.client.port && srcAddress === conn.client.address ? 'c2s' : 's2c';
    if (tcp.rst || tcp.fin) conn.closed = true;
    t.segment(dir, tcp.seq, tcp.payload, tcp.syn, tcp.fin);
    const stored = this.table.get(key) === t ? key : back;
    if (conn.notMqtt !== undefined && !t.reported) {
      this.table.set(stored, IGNORED);
    } else if (t.complete()) {
      // Both sides closed with FIN and every byte before both FINs is in: report the end now and
      // keep only the summary, so memory does not grow with the number of connections.
      t.end('closed');
      this.table.delete(stored);
      if (t.reported) this.released.set(stored, conn);
      else this.table.set(stored, IGNORED);
    }
  }

  /** Which end is the client: the SYN's sender; else the end not on a server port; else the higher port. */
  private clientIsSource(tcp: TcpSegment, opening: boolean): boolean {
    if (tcp.syn) return opening;
    const srcNamed = this.named.has(tcp.srcPort);
    const dstNamed = this.named.has(tcp.dstPort);
    if (srcNamed !== dstNamed) return dstNamed;
    return tcp.srcPort >= tcp.dstPort;
  }

  private open(client: Endpoint, server: Endpoint, fromStart: boolean): TrackedConnection {
    const named = this.named.has(server.port);
    const t = new TrackedConnection(this.ctx, client, server, fromStart, named, this.now);
    if (named) this.report(t.conn);
    return t;
  }

  /** A problem with the capture file itself (a fault). */
  problem(message: string, fatal: boolean, offset?: number): void {
    this.emit({ kind: 'problem', message, offset, fatal, fault: true, frame: this.frames > 0 ? this.now : undefined });
  }

  /** End of the capture: every open connection ends (open holes become gaps, waiting bytes are decoded). */
  finish(): void {
    for (const t of this.table.values()) if (t !== IGNORED) t.end('capture end');
    this.table.clear();
  }
}
