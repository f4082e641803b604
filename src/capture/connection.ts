/**
 * One TCP connection followed as MQTT: both directions reassembled and framed, the protocol
 * version decided (from the client's CONNECT; else the caller's version; else a guess from the
 * first packets, stated), each decoded packet run through the conversation checker, everything
 * reported to the analyzer's sink in capture order.
 *
 * A connection seen from its start whose client opens with something other than a CONNECT is
 * not MQTT — except on a port the caller named (or 1883), where a client breaking MQTT-3.1.0-1
 * with another valid packet is still decoded, with a note.
 *
 * @module
 */
import { FRAME_MALFORMED, frameLength, frameRemainingLength, inspect, type InspectResult, type ProtocolVersion } from '../index.js';
import { Conversation, type ConversationDiagnostic } from '../conversation/index.js';
import { hexBytes } from './bytes.js';
import { type DirectionSink, MqttDirection } from './mqtt-direction.js';
import { Reassembler } from './reassembly.js';
import type { CaptureRecord, Connection, Direction, EndReason, Endpoint, SideSummary, Stamp, VersionSource } from './types.js';

/** What a connection needs from the analyzer that holds it. */
export interface ConnectionContext {
  /** Delivers a record. */
  emit(r: CaptureRecord): void;
  /** Gives the connection its id (once). */
  report(c: Connection): void;
  /** Version for connections seen without their CONNECT. */
  protocolVersion?: ProtocolVersion;
  /** Most bytes one connection holds. */
  bufferLimit: number;
}

const VERSION_NAMES: Record<ProtocolVersion, string> = { 3: '3.1', 4: '3.1.1', 5: '5.0' };

/** The printable name of a protocol version ("3.1", "3.1.1", "5.0"). */
export function versionName(v: ProtocolVersion): string {
  return VERSION_NAMES[v];
}

const DIRECTIONS = ['c2s', 's2c'] as const;

/** Leading valid packets a connection on an unnamed port needs, seen mid-connection, to be taken for MQTT. */
const MID_CONNECTION_RUN = 3;

/** A direction's figures before its first byte; `reassembly` is its reassembler's own (live) counters. */
function side(reassembly: Reassembler): SideSummary {
  return { packets: 0, faultyPackets: 0, bytes: 0, reassembly: reassembly.stats };
}

/** One connection's reassembly, framing and checking. */
export class TrackedConnection {
  readonly conn: Connection;
  /** The conversation checker, once the version is known. */
  private conv: Conversation | undefined;
  readonly reasm: Record<Direction, Reassembler>;
  readonly mqtt: Record<Direction, MqttDirection>;
  /** False for a connection on a port nobody named: it must show itself as MQTT to be reported. */
  readonly named: boolean;
  /** The frame being processed. */
  now: Stamp;
  /** True once its `connection` record went out. */
  private announced = false;
  /** Bytes held by the client's and the server's direction at which the version is looked for again. */
  private settleC2s = 0;
  private settleS2c = 0;

  constructor(
    readonly ctx: ConnectionContext, client: Endpoint, server: Endpoint, fromStart: boolean, named: boolean, now: Stamp,
    /** The frame counter of its server port. */
    readonly counter: { frames: number },
  ) {
    this.named = named;
    this.now = now;
    // About fifteen objects here, and ten more for the checker: a capture of many short connections
    // spends much of its time making them, so each direction's events go through one object (no
    // closures) and its reassembly counters are its reassembler's own.
    const half = Math.max(1, Math.floor(ctx.bufferLimit / 2));
    this.mqtt = { c2s: directionOf(this, 'c2s', half), s2c: directionOf(this, 's2c', half) };
    this.reasm = { c2s: new Reassembler(this.mqtt.c2s, half), s2c: new Reassembler(this.mqtt.s2c, half) };
    this.conn = { id: 0, client, server, fromStart, bridge: false, faults: 0, first: now, last: now, c2s: side(this.reasm.c2s), s2c: side(this.reasm.s2c), closed: false };
  }


  /** Gives the connection its id if it has none, and sends its `connection` record (once). */
  private announce(): void {
    this.ctx.report(this.conn);
    if (this.announced) return;
    this.announced = true;
    const c = this.conn;
    this.ctx.emit({ kind: 'connection', connection: c, frame: this.now, version: c.version, versionSource: c.versionSource, bridge: c.bridge, notMqtt: c.notMqtt });
  }

  /** True once the connection has been reported (it has an id). */
  get reported(): boolean {
    return this.conn.id !== 0;
  }

  /** Takes one TCP segment of direction `dir`. */
  segment(dir: Direction, seq: number, payload: Uint8Array, syn: boolean, fin: boolean): void {
    const conn = this.conn;
    if (conn.notMqtt !== undefined) return;
    conn[dir].bytes += payload.length;
    this.reasm[dir].add(seq, payload, syn, fin, this.now);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent (`false` forms, `&&`): a fast path; settle() starts with the same test and returns, and the settleAt written after it is read by nothing once decided. (`true`, disabled with them, never settles; the tests see that.)
    if (conn.version !== undefined || conn.notMqtt !== undefined) return;
    // Deciding joins what is held: done again only once the first packet can be whole, or the bytes held have doubled (so a long undecided start costs linear time, not quadratic).
    const m = this.mqtt[dir];
    // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent (`false` for the whole test, `false` and `""` for the direction's): settling sooner (on every segment, or at the other direction's mark) decides the same, only the time saved is lost (the suite's timeouts see it on some runs, not all). (`true` for either test, disabled with them, never settles, or settles at the client's mark only: the tests see that.)
    if (m.held < (dir === 'c2s' ? this.settleC2s : this.settleS2c)) return;
    this.settle(false);
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (`false`, `>=`): when to settle again only saves work. `needed` is set only while a CONNECT's header is in and its body is not (needed > held; a whole one is decided at once), and an earlier settle on an incomplete CONNECT decides nothing. (`true` and `<=`, disabled with them, settle on every segment: quadratic time, which the tests' timeouts see.)
    const next = m.needed > m.held ? m.needed : 2 * m.held;
    if (dir === 'c2s') this.settleC2s = next;
    else this.settleS2c = next;
  }

  /** Every byte up to both FINs delivered, nothing held out of order. */
  complete(): boolean {
    for (const dir of DIRECTIONS) {
      const r = this.reasm[dir];
      if (r.finOffset === undefined || r.next < r.finOffset || r.waitingBytes > 0) return false;
    }
    return true;
  }

  onPacket(dir: Direction, offset: number, bytes: Uint8Array, result: InspectResult, frame: Stamp): void {
    const conn = this.conn;
    // Stryker disable next-line ConditionalExpression: equivalent (`dir === 'c2s'` as `true`): the server's direction decodes nothing before the version is set (it waits, and only the client's run() is called while undecided). (The other forms on this line, disabled with it, are killed by the tests.)
    if (conn.version === undefined && dir === 'c2s') {
      // The CONNECT that opens the connection names the version (read from its bytes when the packet itself is faulty).
      const p = result.packet;
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent (`false`, ''): a CONNECT that decodes has for protocolVersion its level byte without the bridge bit, which connectLevel reads from the same bytes. (`true`, disabled with them, throws on a faulty CONNECT; the tests see that.)
      const v = p?.type === 'connect' ? p.protocolVersion : connectLevel(bytes);
      if (v === undefined && !this.named) return this.notMqtt('the client\'s first packet is not a valid CONNECT');
      if (p?.type === 'connect' && (p as { bridge?: boolean }).bridge === true) conn.bridge = true;
      const o = this.ctx.protocolVersion;
      this.setVersion(v ?? o ?? 4, v !== undefined ? 'CONNECT' : o ? 'option' : 'guess');
    }
    const side = conn[dir];
    side.packets++;
    if (result.diagnostics.length > 0) {
      side.faultyPackets++;
      conn.faults++;
    }
    let checks: ConversationDiagnostic[] = NO_CHECKS;
    // Stryker disable next-line ConditionalExpression: equivalent (`this.conv !== undefined` as `true`): the checker exists whenever a packet is reported, since onPacket sets the version (and the checker) first, or returns. (The forms on `result.packet`, disabled with it, are killed by the tests.)
    if (this.conv !== undefined && result.packet !== undefined) {
      // The record is not kept (keepRecords is false), so its list is never changed after this: taken as it is
      // (without faults, the checker's shared empty list).
      checks = this.conv.pushPacket(dir === 'c2s' ? 'client' : 'server', result.packet, frame.seconds + frame.nanos / 1e9, bytes.length).diagnostics;
      conn.faults += checks.length;
    }
    this.ctx.emit({ kind: 'packet', connection: conn, direction: dir, frame, offset, bytes, result, checks });
  }

  private setVersion(v: ProtocolVersion, source: VersionSource): void {
    const conn = this.conn;
    conn.version = v;
    conn.versionSource = source;
    this.announce();
    // Without the connection's start, no CONNECT/CONNACK is expected and earlier packets are unknown.
    // Stryker disable next-line BooleanLiteral: equivalent (`keepRecords: true`): kept records only take memory; the connection reads what push() and end() return, and never shares a kept record's list. (`midConnection: conn.fromStart`, disabled with it, changes the faults; the tests see that.)
    this.conv = new Conversation({ protocolVersion: v, midConnection: !conn.fromStart, keepRecords: false });
    for (const dir of DIRECTIONS) {
      this.mqtt[dir].version = v;
      this.mqtt[dir].waiting = false;
    }
  }

  private note(message: string, direction?: Direction): void {
    this.ctx.emit({ kind: 'note', connection: this.conn, direction, frame: this.now, offset: direction ? 0 : undefined, message, fault: false });
  }

  /** Decides the version when enough is known, and lets waiting directions decode. */
  private settle(final: boolean): void {
    const conn = this.conn;
    // Stryker disable next-line ConditionalExpression: equivalent (`conn.notMqtt !== undefined` as `false`): a connection given up on has abandoned both directions, so nothing is held and the test after the next returns. (The other forms, disabled with it, are killed by the tests.)
    if (conn.version !== undefined || conn.notMqtt !== undefined) return;
    const client = this.mqtt.c2s;
    const server = this.mqtt.s2c;
    if (client.held === 0 && server.held === 0) return; // nothing to decide on (yet)
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (`true`, `>= 0`): with nothing held, heldBytes() is empty and its [0] is undefined too. (`false` and `<= 0`, disabled with them, are killed by the tests.)
    const head = client.held > 0 ? client.heldBytes()[0] : undefined;
    if (head === 0x10) {
      // Bytes that cannot be framed are no CONNECT: on a port nobody named, nothing is said about them (decoding them would report a fault of a connection never reported).
      if (!this.named && frameLength(client.heldBytes()) === FRAME_MALFORMED) return this.notMqtt('the client\'s first bytes are not a whole CONNECT');
      client.run(this.now);
      // (A whole CONNECT is decided on as soon as it is held: what is still held at the end is not one.)
      if (conn.version !== undefined) server.resume(this.now);
      else if (!this.named && final) this.notMqtt('the client\'s first bytes are not a whole CONNECT');
      return;
    }
    if (conn.fromStart) return this.settleFromStart(head, final);
    this.settleMidConnection(final);
  }

  /** Seen from its start: the client must open with a CONNECT (on a named port: some MQTT packet). */
  private settleFromStart(head: number | undefined, final: boolean): void {
    const client = this.mqtt.c2s;
    const server = this.mqtt.s2c;
    const half = this.ctx.bufferLimit / 2;
    if (head === undefined) {
      // The server spoke first: an MQTT server never does. On a named port, wait for the client.
      if (!this.named) return this.notMqtt('the server spoke first');
      if (!final && server.held < half) return;
      return this.settleMidConnection(final);
    }
    const held = client.heldBytes();
    if (!this.named) return this.notMqtt(`the client's first bytes (${hexBytes(held.subarray(0, 8))}) are not a CONNECT`);
    // Not a CONNECT: an MQTT client breaking MQTT-3.1.0-1, or not MQTT at all. Decide on the first whole packet.
    const total = frameLength(held);
    // Stryker disable next-line EqualityOperator: equivalent (`total > 0`): frameLength never gives 0 (a packet has two bytes at least). (The other forms, disabled with it, are killed by the tests.)
    const whole = total >= 0 && total <= held.length;
    if (!whole && total !== FRAME_MALFORMED && !final && held.length < half) return;
    const o = this.ctx.protocolVersion;
    const v = whole ? (o !== undefined ? o : guessVersion([held]).version) : undefined;
    if (v === undefined) return this.notMqtt(`the client's first bytes (${hexBytes(held.subarray(0, 8))}) are not a CONNECT, nor any MQTT packet`);
    const source: VersionSource = o !== undefined ? 'option' : 'guess';
    this.setVersion(v, source);
    this.note(`the client's first packet is not a CONNECT; decoding as MQTT ${versionName(v)} (${source === 'option' ? 'from --protocol-version' : 'a guess from that packet'})`, 'c2s');
    client.resume(this.now);
    server.resume(this.now);
  }

  /** Seen without its start: the caller's version, or a guess from runs of whole valid packets. */
  private settleMidConnection(final: boolean): void {
    const client = this.mqtt.c2s;
    const server = this.mqtt.s2c;
    const o = this.ctx.protocolVersion;
    if (o !== undefined && this.named) {
      this.setVersion(o, 'option');
    } else {
      const samples = [client.heldBytes(), server.heldBytes()];
      const whole = samples.some((b) => {
        const total = frameLength(b);
        // Stryker disable next-line EqualityOperator: equivalent (`total > 0`): frameLength never gives 0 (a packet has two bytes at least). (The other forms, disabled with it, are killed by the tests.)
        return total >= 0 && total <= b.length;
      });
      const more = !final && client.held + server.held < this.ctx.bufferLimit / 2;
      if (!whole && more) return;
      // On a port nobody named, one short packet could be chance: a run of them is asked for.
      const guess = guessVersion(samples, this.named ? undefined : o);
      const needed = this.named ? 1 : MID_CONNECTION_RUN;
      // Stryker disable next-line ConditionalExpression: equivalent (`guess.version === undefined` as `false`): with no version the score is 0, below `needed` (1 at least). (The other forms, disabled with it, are killed by the tests.)
      if (guess.version === undefined || guess.score < needed) {
        if (guess.version !== undefined && more) return; // wait for a longer run
        return this.notMqtt(guess.version === undefined ? 'the first bytes decode as MQTT under no protocol version' : `only ${guess.score} whole MQTT packet(s) at its start`);
      }
      this.setVersion(guess.version, o !== undefined ? 'option' : 'guess');
      this.note(`the capture starts mid-connection (no CONNECT): decoding as MQTT ${versionName(guess.version)}, a guess from the first packets (use --protocol-version to choose)`);
    }
    // Without the connection's start, the first bytes held are a packet boundary only when they hold whole valid packets; otherwise the direction waits for a trusted boundary.
    for (const m of [client, server]) {
      if (!m.trustHeld()) m.distrust(this.now, 'the capture starts mid-connection');
    }
    client.resume(this.now);
    server.resume(this.now);
  }

  private notMqtt(reason: string): void {
    this.conn.notMqtt = reason;
    this.mqtt.c2s.abandon();
    this.mqtt.s2c.abandon();
    if (!this.named) return;
    this.announce();
    this.note(`not MQTT: ${reason}; connection skipped`);
  }

  /** The end of the connection: open holes become gaps, waiting bytes are decoded, ends are reported. */
  end(reason: EndReason): void {
    const conn = this.conn;
    for (const dir of DIRECTIONS) this.reasm[dir].finish();
    this.settle(true);
    for (const dir of DIRECTIONS) {
      // Stryker disable next-line ConditionalExpression: equivalent (`true`): a connection given up on has abandoned both directions, and an abandoned direction's finish() says nothing. (`false`, disabled with it, loses the end notes; the tests see that.)
      if (conn.notMqtt === undefined) this.mqtt[dir].finish(this.now);
    }
    // Faults only the end shows (a SUBSCRIBE never answered…).
    for (const d of this.conv?.end() ?? []) {
      conn.faults++;
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent (`false`, 'client' and 'c2s' as ''): the checker is fed decoded packets (no stream is left inside a packet), so every fault its end() finds is the server's: an unanswered request. (`true`, and '' for 'note' or 's2c', disabled with them, are killed by the tests.)
      this.ctx.emit({ kind: 'note', connection: conn, direction: d.side === 'client' ? 'c2s' : 's2c', frame: conn.last, message: d.detail, fault: true, diagnostic: d });
    }
    conn.ended = reason;
    if (this.reported) this.announce();
    if (this.reported) this.ctx.emit({ kind: 'end', connection: conn, reason, frame: this.now });
  }
}

const NO_CHECKS: ConversationDiagnostic[] = [];

/** The protocol level byte of a CONNECT given whole, when it is 3, 4 or 5 (or a bridge's 0x83-0x85). */
function connectLevel(bytes: Uint8Array): ProtocolVersion | undefined {
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (`false`, `<= 0`): connectLevel is given whole packets only, whose frame length is positive. (`true` and `>= 0`, disabled with them, are killed by the tests.)
  if (frameLength(bytes) < 0) return undefined;
  const at = frameLength(bytes) - frameRemainingLength(bytes); // the fixed header's length
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent (`false`, `>=`, `at - 2`): the bound only reads clearly; past the bytes the level read is undefined, and `undefined & 0x7f` is 0, no level. (`true` and `<=`, disabled with them, are killed by the tests.)
  if (at + 2 > bytes.length) return undefined;
  const nameLength = (bytes[at] << 8) | bytes[at + 1];
  const level = bytes[at + 2 + nameLength] & 0x7f;
  return level === 3 || level === 4 || level === 5 ? level : undefined;
}

/**
 * The version under which the most leading packets of the samples decode without fault (ties:
 * 3.1.1, then 5.0, then 3.1), with that count; no version when none decodes under any.
 */
export function guessVersion(samples: Uint8Array[], only?: ProtocolVersion): { version?: ProtocolVersion; score: number } {
  let best: ProtocolVersion | undefined;
  let bestScore = 0;
  for (const v of only !== undefined ? [only] : ([4, 5, 3] as const)) {
    let score = 0;
    for (const bytes of samples) {
      let pos = 0;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (`pos < bytes.length` as `true`, `<=`): at the end of the bytes frameLength gives FRAME_INCOMPLETE and the next line breaks. (The forms of `n < 16`, and `pos >=`, disabled with them, are killed by the tests.)
      for (let n = 0; n < 16 && pos < bytes.length; n++) {
        const total = frameLength(bytes, pos);
        // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator,ArithmeticOperator: equivalent (`false` forms, `&&`, `total <= 0`, `pos - total`): without this break an unframeable or cut packet is inspected from an empty or cut slice, which always has a fault, and the next line breaks with the same score. (`true`, `total >= 0`, `>=` and `<=`, disabled with them, are killed by the tests.)
        if (total < 0 || pos + total > bytes.length) break;
        if (inspect(bytes.subarray(pos, pos + total), { protocolVersion: v }).diagnostics.length > 0) break;
        score++;
        pos += total;
      }
    }
    if (score > bestScore) {
      best = v;
      bestScore = score;
    }
  }
  return { version: best, score: bestScore };
}

/** A direction's MQTT reader, whose packets, notes and gaps go to connection `t`. */
function directionOf(t: TrackedConnection, dir: Direction, limit: number): MqttDirection {
  const m = new MqttDirection(dir === 'c2s' ? 'client' : 'server', new DirectionEvents(t, dir), limit);
  m.waiting = true;
  return m;
}

/**
 * What one direction finds, sent to its connection. A connection not reported (on a port nobody
 * named, its bytes not yet shown to be MQTT) has no records: its gaps and notes count in its
 * figures only. Were they emitted, they would name a connection (id 0) that no `connection`
 * record introduces, or none ever will.
 */
class DirectionEvents implements DirectionSink {
  constructor(
    private readonly t: TrackedConnection,
    private readonly dir: Direction,
  ) {}

  packet(offset: number, bytes: Uint8Array, result: InspectResult, frame: Stamp): void {
    this.t.onPacket(this.dir, offset, bytes, result, frame);
  }

  note(offset: number, message: string, frame: Stamp, fault: boolean): void {
    const t = this.t;
    const conn = t.conn;
    if (fault) conn.faults++;
    if (t.reported) t.ctx.emit({ kind: 'note', connection: conn, direction: this.dir, frame, offset, message, fault });
  }

  gap(offset: number, length: number, frame: Stamp): void {
    const t = this.t;
    const conn = t.conn;
    conn.faults++;
    if (t.reported) t.ctx.emit({ kind: 'gap', connection: conn, direction: this.dir, frame, offset, length });
  }
}
