/**
 * The connection table: takes frames in capture order, finds the TCP connections that carry MQTT
 * (on any port, or on the ports the caller names), and hands each segment to its
 * {@link TrackedConnection}. A connection is known by SYN, or by the first segment seen when the
 * capture starts mid-connection. Everything found goes to one sink, in capture order.
 *
 * @module
 */
import type { ProtocolVersion } from '../index.js';
import { AddressPair, flowHash } from './address-pair.js';
import { TrackedConnection } from './connection.js';
import { addressAt, type Dissection, dissection } from './dissection.js';
import { type FlowEntry, FlowMap } from './flow-map.js';
import { decodeIp } from './ip.js';
import { decodeLink } from './link.js';
import { ACK, decodeTcp, FIN, RST, SYN } from './tcp.js';
import type { CaptureRecord, Connection, Direction, Endpoint, Frame, Stamp } from './types.js';

/** Options of the analysis. */
export interface AnalyzerOptions {
  /** The MQTT server ports to read; empty: any TCP port (MQTT recognised by its first bytes). */
  ports: readonly number[];
  /** Version for connections seen without their CONNECT. */
  protocolVersion?: ProtocolVersion;
  /** Most bytes one connection holds in memory (out-of-order segments, incomplete packets). */
  bufferLimit: number;
  /** Most connections open at once: beyond it the longest idle ones are closed early (summarised, and said so). */
  maxConnections: number;
  /** Keep every connection reported in `connections` (false: only count them; memory stays bounded). */
  keepConnections: boolean;
}

/** MQTT's registered port: without named ports, a connection on it is reported even when it is not MQTT. */
const MQTT_PORT = 1883;

/** A connection given up on (not MQTT, on a port nobody named): its frames are skipped. */
const IGNORED = 'ignored';

const NO_BYTES = new Uint8Array(0);

/** What the table holds for a connection. */
type Slot = TrackedConnection | typeof IGNORED;

/** Analyzes a capture frame by frame. */
export class Analyzer {
  /** Connections reported, in order of their ids (when the options keep them). */
  readonly connections: Connection[] = [];
  /** Connections reported so far. */
  reported = 0;
  /** Open connections (and ignored ones), by their addresses and ports. */
  private readonly table = new FlowMap<Slot>();
  /**
   * Connections closed and released, likewise, so that their late frames are known as theirs; the
   * oldest forgotten beyond the connection limit. The value is the connection when the options keep
   * connections (a late frame moves its `last`), else null: a connection whose end was reported is
   * then held by nothing here, so the garbage collector takes it young instead of keeping up to
   * `maxConnections` of them (about 12 % of a faults-only run over 20,000 short connections: README, Capture).
   */
  private readonly released = new FlowMap<Connection | null>();
  /** The releases in order, from index `releasedHead`; one removed from `released` since is stale. */
  private releasedOrder: FlowEntry<Connection | null>[] = [];
  private releasedHead = 0;
  /** Frames not used, by reason. */
  readonly skipped = new Map<string, number>();
  /** TCP frames seen, by server port (the port a SYN went to; else a named port; else the lower one). */
  private readonly ports = new Map<number, { frames: number }>();
  /** The table's entry of the last frame's connection (most frames belong to the same one as the frame before); its value is a TrackedConnection. */
  private last: FlowEntry<Slot> | undefined;
  /** The dissection every frame is decoded into. */
  private readonly d = dissection();
  /** Frames read. */
  frames = 0;

  /** Connections open now (and connections given up on whose frames are still recognised). */
  get openCount(): number {
    return this.table.size;
  }

  /** TCP frames seen, by server port (the port a SYN went to; else a named port; else the higher-numbered end is the client). */
  get tcpPorts(): Map<number, number> {
    return new Map([...this.ports].map(([p, c]) => [p, c.frames] as [number, number]));
  }
  // Stryker disable next-line ObjectLiteral: never read: frame() sets it before anything reads it, and problem() reads it only once a frame was read
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
    c.id = ++this.reported;
    if (this.options.keepConnections) this.connections.push(c);
  }

  /** Takes the next frame of the capture. */
  frame(f: Frame): void {
    this.frames++;
    const d = this.d;
    // Stamped before any reason to skip it: a problem with the file names the last frame read.
    this.now = { frame: f.number, seconds: f.seconds, nanos: f.nanos, timeDigits: f.timeDigits };
    let skip = decodeLink(f.linkType, f.data, f.start, f.end, d);
    if (skip === undefined) skip = decodeIp(d);
    if (skip !== undefined) return this.skip(skip);
    if (d.fragment) {
      if (d.protocol === 6) {
        const message = `frame ${f.number}: IP fragment ${addressAt(d, d.srcAt)} → ${addressAt(d, d.dstAt)} (offset ${d.fragmentOffset}${d.moreFragments ? ', more follow' : ', last'}) not reassembled`;
        this.emit({ kind: 'problem', message, fatal: false, fault: false, frame: this.now });
      }
      return this.skip('IP fragment');
    }
    if (d.protocol !== 6) return this.skip('not TCP');
    skip = decodeTcp(d);
    if (skip !== undefined) return this.skip(skip);
    const last = this.last;
    // Stryker disable next-line BlockStatement,ConditionalExpression: a fast path (`false` skips it): `last` is always an entry of the table (cleared whenever its entry leaves), so segment() finds the same connection by its addresses and delivers the frame the same way
    if (last !== undefined && (d.flags & (SYN | ACK)) !== SYN) {
      // Most frames belong to the connection of the frame before: known by its numbers alone.
      const dir = last.pair.match(d);
      // Stryker disable next-line ConditionalExpression: `false` takes the slow path, segment(), which finds the same connection in the table and delivers the frame the same way (`true`, disabled with it, gives frames of other connections to this one: the tests see that)
      if (dir !== undefined) return this.deliver(last, dir);
    }
    this.segment(d);
  }

  private segment(d: Dissection): void {
    const ports = this.options.ports;
    const opening = (d.flags & (SYN | ACK)) === SYN;
    const clientIsSrc = this.clientIsSource(d, opening);
    // The frame counter of the server port, asked for only where a frame is counted by it here (a frame of an open connection is counted by its connection's counter, in deliver).
    const serverPort = clientIsSrc ? d.dstPort : d.srcPort;
    if (ports.length > 0 && !ports.includes(d.srcPort) && !ports.includes(d.dstPort)) {
      this.portCounter(serverPort).frames++;
      return this.skip('TCP on another port');
    }
    const hash = flowHash(d);
    let entry = this.table.find(d, hash);
    if (entry !== undefined && opening && (entry.value === IGNORED || entry.value.conn.closed)) {
      // The port pair used again: a connection closed without both FINs in (a reset) ends here.
      if (entry.value !== IGNORED) {
        entry.value.now = this.now;
        entry.value.end('closed');
      }
      this.table.remove(entry);
      entry = undefined;
    }
    if (entry?.value === IGNORED) {
      this.portCounter(serverPort).frames++;
      return this.skip('not MQTT');
    }
    if (entry === undefined) {
      const done = this.released.find(d, hash);
      if (!opening && done !== undefined) {
        // A late frame of a connection already closed and released (its last ACK, a repeat).
        if (done.value !== null) done.value.last = this.now;
        this.portCounter(serverPort).frames++;
        return this.skip('after the connection closed');
      }
      // Stryker disable next-line ConditionalExpression: equivalent (`false`): the summary left behind only takes memory until it is forgotten; frames of the port pair go to the connection opened now, and once that one is released its entry, added last, is the one found first
      if (done !== undefined) this.released.remove(done);
      const s = { address: addressAt(d, d.srcAt), port: d.srcPort };
      const t = { address: addressAt(d, d.dstAt), port: d.dstPort };
      const opened = this.open(clientIsSrc ? s : t, clientIsSrc ? t : s, (d.flags & SYN) !== 0, this.portCounter(serverPort));
      if (this.table.size >= this.options.maxConnections) this.evict();
      entry = this.table.add(new AddressPair(d, clientIsSrc, hash), opened);
    }
    this.last = entry;
    // Stryker disable next-line StringLiteral: never used: the frame was found by its addresses and ports, which the pair holds, so match() gives a direction
    this.deliver(entry, entry.pair.match(d) ?? 'c2s');
  }

  /** Hands the frame's segment to its connection (the value of `e`); releases the connection when it is complete. */
  private deliver(e: FlowEntry<Slot>, dir: Direction): void {
    const d = this.d;
    const t = e.value as TrackedConnection;
    const conn = t.conn;
    t.counter.frames++;
    conn.last = this.now;
    t.now = this.now;
    if ((d.flags & (RST | FIN)) !== 0) conn.closed = true;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: subarray with its start at or past its end is empty, like NO_BYTES (`false` and `>=`, disabled with them, drop every payload: the tests see that)
    const payload = d.payloadStart < d.ipEnd ? d.data.subarray(d.payloadStart, d.ipEnd) : NO_BYTES;
    t.segment(dir, d.seq, payload, (d.flags & SYN) !== 0, (d.flags & FIN) !== 0);
    if (conn.notMqtt !== undefined && !t.reported) {
      e.value = IGNORED;
      this.last = undefined;
    } else if (conn.closed && t.complete()) {
      // Both sides closed with FIN and every byte before both FINs is in: report the end now and keep only the summary, so memory does not grow with the number of connections.
      t.end('closed');
      if (t.reported) {
        this.table.remove(e);
        this.release(e.pair, conn);
      } else e.value = IGNORED;
      this.last = undefined;
    }
  }

  /** Remembers a closed connection's addresses (and, when connections are kept, the connection) for its late frames; the oldest go beyond the connection limit. */
  private release(pair: AddressPair, conn: Connection): void {
    this.releasedOrder.push(this.released.add(pair, this.options.keepConnections ? conn : null));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (`true`, `<=`): while more are held than the limit, one of them is still in the list from releasedHead on, so the walk never reaches its end (the bound only reads clearly)
    while (this.released.size > this.options.maxConnections && this.releasedHead < this.releasedOrder.length) {
      // An entry removed since (its port pair used again) is stepped over.
      this.released.remove(this.releasedOrder[this.releasedHead++]);
    }
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator,BlockStatement: compacting, sooner, later or never, only bounds the list's memory: the entries from releasedHead on, and their order, stay the same
    if (this.releasedHead > 4096 && this.releasedHead * 2 > this.releasedOrder.length) {
      // Stryker disable next-line MethodExpression: without the slice, the walk starts over at entries already passed, all removed, so it forgets nothing more: only time is lost
      this.releasedOrder = this.releasedOrder.slice(this.releasedHead);
      this.releasedHead = 0;
    }
  }

  /** The table is full: forgets the connections given up on, then closes the longest idle quarter of the open ones early — each ends (its summary final) with a note saying why. */
  private evict(): void {
    const open: FlowEntry<Slot>[] = [];
    for (const e of this.table.entries()) {
      if (e.value === IGNORED) this.table.remove(e);
      else open.push(e);
    }
    const max = this.options.maxConnections;
    if (open.length < max) return;
    // The last-active frame that splits off the idlest quarter (a numeric sort, no comparator).
    const lasts = new Float64Array(open.length);
    let n = 0;
    for (const e of open) lasts[n++] = (e.value as TrackedConnection).conn.last.frame;
    lasts.sort();
    const threshold = lasts[Math.max(0, (n >> 2) - 1)];
    for (const e of open) {
      const t = e.value as TrackedConnection;
      if (t.conn.last.frame > threshold) continue;
      t.now = this.now;
      if (t.reported) {
        const message = `closed early: ${max} connection(s) were open, the limit (--max-connections); this one had been idle longest (since frame ${t.conn.last.frame})`;
        this.emit({ kind: 'note', connection: t.conn, frame: this.now, message, fault: false });
      }
      t.end('evicted');
      this.table.remove(e);
      if (t.reported) this.release(e.pair, t.conn);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: evict() is called only from segment(), which sets `last` to the connection it opens right after, so what `last` holds here is never read
      if (this.last === e) this.last = undefined;
    }
  }

  private portCounter(port: number): { frames: number } {
    let c = this.ports.get(port);
    if (c === undefined) this.ports.set(port, (c = { frames: 0 }));
    return c;
  }

  /** Which end is the client: the SYN's sender; else the end not on a server port; else the higher port. */
  private clientIsSource(d: Dissection, opening: boolean): boolean {
    if ((d.flags & SYN) !== 0) return opening;
    const srcNamed = this.named.has(d.srcPort);
    const dstNamed = this.named.has(d.dstPort);
    if (srcNamed !== dstNamed) return dstNamed;
    return d.srcPort >= d.dstPort;
  }

  private open(client: Endpoint, server: Endpoint, fromStart: boolean, counter: { frames: number }): TrackedConnection {
    const named = this.named.has(server.port);
    const t = new TrackedConnection(this.ctx, client, server, fromStart, named, this.now, counter);
    if (named) this.report(t.conn);
    return t;
  }

  /** A problem with the capture file itself (a fault). */
  problem(message: string, fatal: boolean, offset?: number): void {
    this.emit({ kind: 'problem', message, offset, fatal, fault: true, frame: this.frames > 0 ? this.now : undefined });
  }

  /** End of the capture: every open connection ends (open holes become gaps, waiting bytes are decoded). */
  finish(): void {
    for (const { value } of this.table.entries()) if (value !== IGNORED) value.end('capture end');
    this.table.clear();
    this.last = undefined;
  }
}
