/**
 * `Conversation`: follows one MQTT connection from both directions, fed in the order observed,
 * and records every packet with the stateful faults it shows.
 *
 * @module
 */
import { decode, encodedLength, MqttCodecError, peekHeader, type Packet, type ProtocolVersion, type Sender } from '../index.js';
import { checkEnd, checkPacket, type PacketContext } from './checks.js';
import { ConversationDiagnostic } from './diagnostic.js';
import { CONVERSATION_RULES, type ConversationCheck } from './rules.js';
import { createState, type ConversationState } from './state.js';
import type { ConversationOptions, ConversationRecord } from './types.js';

const EMPTY = new Uint8Array(0);

/**
 * A checker for one connection. Feed it what each side sends, in the order observed — raw
 * chunks (each direction is split into packets and decoded strictly, the version taken from the
 * CONNECT) or packets already decoded — and it returns, per packet, a {@link ConversationRecord}:
 * the packet, its index and side, the effective topic of a PUBLISH, the packet an acknowledgement
 * answers, and the stateful faults (each a {@link ConversationDiagnostic}, an `MqttCodecError`
 * with the rule, its specification version, the offending side, the packet index and offset).
 *
 * @example
 * ```ts
 * const c = new Conversation()
 * c.client(connectBytes, 0.0)
 * c.server(connackBytes, 0.01)
 * for (const r of c.client(publishBytes, 0.02)) for (const d of r.diagnostics) console.log(d.message)
 * c.end()
 * ```
 */
export class Conversation {
  private readonly s: ConversationState;
  private readonly tolerance: number;
  private readonly keep: boolean;
  private readonly all: ConversationRecord[] = [];
  /**
   * Per side, the bytes of the incomplete packet at the head of its stream, as the chunks they
   * came in (joined only once the packet is complete, so a large packet in many small chunks is
   * copied once), their total, and the packet's size once its fixed header is known (else -1).
   */
  private readonly pending: Record<Sender, { parts: Uint8Array[]; length: number; need: number }> = {
    client: { parts: [], length: 0, need: -1 },
    server: { parts: [], length: 0, need: -1 },
  };
  private count = 0;
  private ended = false;

  constructor(options: ConversationOptions = {}) {
    const v = options.protocolVersion ?? 4;
    if (v !== 3 && v !== 4 && v !== 5) throw new MqttCodecError(0x84, `protocolVersion must be 3, 4 or 5, not ${String(v)}`);
    this.s = createState(v, options.midConnection === true);
    this.tolerance = options.timeTolerance ?? 1;
    this.keep = options.keepRecords !== false;
  }

  /** Bytes (a chunk of the client's stream) or a decoded packet sent by the client; returns the records it completes. */
  client(input: Uint8Array | Packet, time?: number): ConversationRecord[] {
    return this.push('client', input, time);
  }

  /** Bytes (a chunk of the server's stream) or a decoded packet sent by the server; returns the records it completes. */
  server(input: Uint8Array | Packet, time?: number): ConversationRecord[] {
    return this.push('server', input, time);
  }

  /**
   * `client(…)` or `server(…)` by name. `time` is in seconds (any origin), used by the Keep Alive
   * checks. Decoded binary fields (payloads…) may be views of `input`: do not modify a chunk after
   * pushing it if you keep the records. After bytes that do not decode, that side's later bytes
   * are ignored (the connection must close).
   */
  push(side: Sender, input: Uint8Array | Packet, time?: number): ConversationRecord[] {
    if (side !== 'client' && side !== 'server') throw new TypeError(`side must be 'client' or 'server', not ${String(side)}`);
    const me = side === 'client' ? this.s.client : this.s.server;
    if (!(input instanceof Uint8Array)) {
      let length: number | undefined;
      try {
        length = encodedLength(input, { protocolVersion: this.s.version });
      } catch {
        length = undefined;
      }
      const record = this.record(side, input, me.offset, length, time);
      me.offset += length ?? 0;
      return [record];
    }
    if (me.malformedIndex !== null || input.length === 0) return [];
    const held = this.pending[side];
    if (held.need > 0 && held.length + input.length < held.need) {
      held.parts.push(input.slice());
      held.length += input.length;
      return [];
    }
    let buf = input;
    if (held.length > 0) {
      buf = new Uint8Array(held.length + input.length);
      let at = 0;
      for (const part of held.parts) {
        buf.set(part, at);
        at += part.length;
      }
      buf.set(input, at);
    }
    const out: ConversationRecord[] = [];
    let pos = 0;
    while (pos < buf.length) {
      const version: ProtocolVersion = side === 'client' && this.s.connect === null ? 5 : this.s.version;
      let total: number;
      try {
        const h = peekHeader(buf, pos, version);
        if (h === undefined) break;
        total = h.headerLength + h.remainingLength;
      } catch (e) {
        // The packet starts at me.offset; its size is unknown (its header is invalid), and
        // peekHeader's offsets count from the start of buf, not of the packet.
        out.push(this.failed(side, e, me.offset, undefined, time, me.offset - pos));
        pos = buf.length;
        break;
      }
      if (pos + total > buf.length) break;
      let packet: Packet;
      try {
        packet = decode(buf.subarray(pos, pos + total), { protocolVersion: this.s.version, from: side });
      } catch (e) {
        out.push(this.failed(side, e, me.offset, total, time));
        pos = buf.length;
        break;
      }
      out.push(this.record(side, packet, me.offset, total, time));
      me.offset += total;
      pos += total;
    }
    const rest = pos < buf.length && me.malformedIndex === null ? buf.slice(pos) : EMPTY;
    held.parts = rest.length > 0 ? [rest] : [];
    held.length = rest.length;
    held.need = -1;
    if (rest.length > 0) {
      try {
        const h = peekHeader(rest, 0, side === 'client' && this.s.connect === null ? 5 : this.s.version);
        if (h !== undefined) held.need = h.headerLength + h.remainingLength;
      } catch {
        // Reported when the packet is complete or the conversation ends.
      }
    }
    return out;
  }

  /**
   * Declares the end of the conversation and returns the faults only the end shows: a SUBSCRIBE,
   * UNSUBSCRIBE or PINGREQ never answered (not reported when either side sent DISCONNECT, bytes
   * failed to decode or the connection was refused), and bytes left over as an incomplete packet.
   * They are attached to the records of the unanswered packets too.
   */
  end(): ConversationDiagnostic[] {
    if (this.ended) return [];
    this.ended = true;
    const found: ConversationDiagnostic[] = [];
    for (const side of ['client', 'server'] as const) {
      const left = this.pending[side];
      if (left.length > 0 && (side === 'client' ? this.s.client : this.s.server).malformedIndex === null) {
        const me = side === 'client' ? this.s.client : this.s.server;
        const d = new ConversationDiagnostic(`the ${side}'s stream ends inside a packet (${left.length} byte(s) of it)`, {
          check: 'malformed',
          side,
          packetIndex: this.count,
          offset: me.offset + left.length,
          reasonCode: 0x81,
        });
        found.push(d);
      }
    }
    checkEnd(this.s, (check, index, detail) => {
      const rec = this.all.find((r) => r.index === index);
      // The answer is missing from the end of the server's stream.
      const d = this.diagnostic(check, detail, 'server', index, this.s.server.offset);
      rec?.diagnostics.push(d);
      found.push(d);
    });
    return found;
  }

  /** Every record so far, in order (empty when `keepRecords` is false). */
  get records(): readonly ConversationRecord[] {
    return this.all;
  }

  /** Every diagnostic so far, in order. */
  get diagnostics(): ConversationDiagnostic[] {
    return this.all.flatMap((r) => r.diagnostics);
  }

  /** The protocol version of the connection (from its CONNECT, else the option, else 4). */
  get protocolVersion(): ProtocolVersion {
    return this.s.version;
  }

  /** The CONNECT and CONNACK seen, if any. */
  get negotiation(): { connect: Packet | null; connack: Packet | null } {
    return { connect: this.s.connect, connack: this.s.connack };
  }

  private diagnostic(check: ConversationCheck, detail: string, side: Sender, index: number, offset: number, cite = true): ConversationDiagnostic {
    const rule = CONVERSATION_RULES[check];
    const v5 = this.s.version === 5;
    const id = cite ? (v5 ? rule.v5 : rule.v311) : null;
    return new ConversationDiagnostic(detail, {
      check,
      side,
      packetIndex: index,
      offset,
      rule: id ?? undefined,
      specVersion: v5 ? '5.0' : '3.1.1',
    });
  }

  private record(side: Sender, packet: Packet, offset: number, length: number | undefined, time: number | undefined): ConversationRecord {
    const me = side === 'client' ? this.s.client : this.s.server;
    const record: ConversationRecord = { index: this.count++, side, packet, offset, length, diagnostics: [] };
    if (time !== undefined) record.time = time;
    me.packets++;
    const ctx: PacketContext = {
      state: this.s,
      side,
      record,
      tolerance: this.tolerance,
      report: (check, detail, cite = true) => {
        record.diagnostics.push(this.diagnostic(check, detail, side, record.index, offset, cite));
      },
    };
    checkPacket(ctx, packet);
    if (this.keep) this.all.push(record);
    return record;
  }

  /** A record for bytes that do not decode; `errorBase` is the stream offset `e.offset` counts from. */
  private failed(side: Sender, e: unknown, offset: number, length: number | undefined, time: number | undefined, errorBase = offset): ConversationRecord {
    if (!(e instanceof MqttCodecError)) throw e;
    const me = side === 'client' ? this.s.client : this.s.server;
    const record: ConversationRecord = { index: this.count++, side, offset, length, diagnostics: [] };
    if (time !== undefined) record.time = time;
    me.packets++;
    me.malformedIndex = record.index;
    record.diagnostics.push(
      new ConversationDiagnostic(e.detail, {
        check: 'malformed',
        side,
        packetIndex: record.index,
        offset: errorBase + (e.offset ?? 0),
        reasonCode: e.reasonCode,
        rule: e.rule,
        specVersion: e.specVersion,
      }),
    );
    if (this.keep) this.all.push(record);
    return record;
  }
}
