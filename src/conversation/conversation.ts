/**
 * `Conversation`: follows one MQTT connection from both directions, fed in the order observed,
 * and records every packet with the stateful faults it shows.
 *
 * @module
 */
import { Decoder, encodedLength, MqttCodecError, type Packet, type ProtocolVersion, type Sender } from '../index.js';
import { checkEnd, checkPacket, type PacketContext } from './checks.js';
import { ConversationDiagnostic } from './diagnostic.js';
import { CONVERSATION_RULES, type ConversationCheck } from './rules.js';
import { createState, type ConversationState } from './state.js';
import type { ConversationOptions, ConversationRecord } from './types.js';

/** The faults of a record that has none: one shared, frozen empty list ({@link attach} replaces it). */
const NO_DIAGNOSTICS = Object.freeze([]) as unknown as ConversationDiagnostic[];

/** Adds a fault to a record's list (a list of its own in place of the shared empty one). */
function attach(r: ConversationRecord, d: ConversationDiagnostic): void {
  if (r.diagnostics === NO_DIAGNOSTICS) r.diagnostics = [d];
  else r.diagnostics.push(d);
}

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
  /** Per side, the stream decoder that frames and decodes its bytes (strictly, as that side). */
  private readonly decoders: Record<Sender, Decoder | null> = { client: null, server: null };
  /** The version a CONNECT given decoded announced for the client's bytes (null: none yet). */
  private clientVersion: ProtocolVersion | null = null;
  private count = 0;
  private ended = false;
  /** What the checks of one packet see: one object, refilled for each packet (no closure per packet). */
  private readonly ctx: PacketContext;

  constructor(options: ConversationOptions = {}) {
    const v = options.protocolVersion ?? 4;
    if (v !== 3 && v !== 4 && v !== 5) throw new MqttCodecError(0x84, `protocolVersion must be 3, 4 or 5, not ${String(v)}`);
    this.s = createState(v, options.midConnection === true);
    this.tolerance = options.timeTolerance ?? 1;
    this.keep = options.keepRecords !== false;
    const ctx: PacketContext = {
      state: this.s,
      // Stryker disable next-line StringLiteral: equivalent; a placeholder: record() sets ctx.side before the checks, its only readers, run
      side: 'client',
      // Stryker disable next-line ObjectLiteral,UnaryOperator,StringLiteral,ArrayDeclaration: equivalent; a placeholder: record() sets ctx.record before the checks, and report() through them, run
      record: { index: -1, side: 'client', offset: 0, length: undefined, diagnostics: [] },
      tolerance: this.tolerance,
      report: (check, detail, cite = true) => {
        const r = ctx.record;
        attach(r, this.diagnostic(check, detail, r.side, r.index, r.offset, cite));
      },
    };
    this.ctx = ctx;
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
   * are ignored (the connection must close). For a packet given decoded, `size` is its size on the
   * wire when the caller knows it (an analyzer that decoded it from bytes); otherwise it is measured
   * by encoding the packet.
   */
  push(side: Sender, input: Uint8Array | Packet, time?: number, size?: number): ConversationRecord[] {
    // pushPacket checks the side itself.
    if (!(input instanceof Uint8Array)) return [this.pushPacket(side, input, time, size)];
    if (side !== 'client' && side !== 'server') throw new TypeError(`side must be 'client' or 'server', not ${String(side)}`);
    const me = side === 'client' ? this.s.client : this.s.server;
    if (me.malformedIndex !== null || input.length === 0) return [];
    const decoder = this.decoders[side] ?? this.decoderFor(side);
    // The client's decoder follows the CONNECTs it decodes; the server's learns the version from
    // the client's (the first CONNECT, as the state does).
    if (side === 'server') decoder.protocolVersion = this.s.version;
    let packets: readonly Packet[];
    let failure: MqttCodecError | null = null;
    try {
      packets = decoder.push(input);
    } catch (e) {
      failure = e as MqttCodecError; // the Decoder throws nothing else
      packets = failure.packets ?? [];
    }
    const out: ConversationRecord[] = [];
    const frames = decoder.frames;
    for (let i = 0; i < packets.length; i++) {
      const size = frames[3 * i + 1] + frames[3 * i + 2];
      out.push(this.record(side, packets[i], me.offset, size, time));
      me.offset += size;
    }
    if (failure !== null) {
      // Offsets count from the start of this side's byte stream, the record's from its packets.
      const at = decoder.failedFrame!;
      out.push(this.failed(side, failure, me.offset, at.size, time, me.offset - at.offset));
    }
    return out;
  }

  /**
   * One packet given decoded, from `side`: its record (the one {@link push} would return in a
   * list). `size` is its size on the wire when the caller knows it; otherwise it is measured by
   * encoding the packet (undefined when it cannot be encoded). For a caller that decodes the
   * bytes itself, as the capture analyzer does, this saves the list per packet.
   */
  pushPacket(side: Sender, packet: Packet, time?: number, size?: number): ConversationRecord {
    if (side !== 'client' && side !== 'server') throw new TypeError(`side must be 'client' or 'server', not ${String(side)}`);
    const me = side === 'client' ? this.s.client : this.s.server;
    let length = size;
    if (length === undefined) {
      try {
        length = encodedLength(packet, { protocolVersion: this.s.version });
      } catch {
        // Not encodable: its size is unknown (length stays undefined).
      }
    }
    const record = this.record(side, packet, me.offset, length, time);
    // A CONNECT given decoded sets the version of the client's bytes after it, as a decoded one does.
    const v = packet.type === 'connect' ? packet.protocolVersion : undefined;
    if (side === 'client' && (v === 3 || v === 4 || v === 5)) {
      this.clientVersion = v;
      if (this.decoders.client !== null) this.decoders.client.protocolVersion = v;
    }
    me.offset += length ?? 0;
    return record;
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
      const left = this.decoders[side]?.buffered ?? 0;
      const me = side === 'client' ? this.s.client : this.s.server;
      // (A side whose bytes failed to decode holds none: a failed decoder buffers nothing.)
      if (left > 0) {
        const d = new ConversationDiagnostic(`the ${side}'s stream ends inside a packet (${left} byte(s) of it)`, {
          check: 'malformed',
          side,
          packetIndex: this.count,
          offset: me.offset + left,
          reasonCode: 0x81,
        });
        found.push(d);
      }
    }
    checkEnd(this.s, (check, index, detail) => {
      const rec = this.all.find((r) => r.index === index);
      // The answer is missing from the end of the server's stream.
      const d = this.diagnostic(check, detail, 'server', index, this.s.server.offset);
      if (rec !== undefined) attach(rec, d);
      found.push(d);
    });
    return found;
  }

  /**
   * The stream decoder of `side`, made when its first bytes arrive (a checker fed decoded packets
   * needs none), for the client's version: the server's is set to the connection's before each push.
   */
  private decoderFor(side: Sender): Decoder {
    const decoder = new Decoder({ protocolVersion: this.clientVersion ?? this.s.version, from: side, frames: true });
    this.decoders[side] = decoder;
    return decoder;
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
    const index = this.count++;
    // One literal per shape: a `time` added afterwards costs a map transition and a property store.
    // The list of faults is the shared empty one until a fault is found.
    const record: ConversationRecord =
      time === undefined ? { index, side, packet, offset, length, diagnostics: NO_DIAGNOSTICS } : { index, side, packet, offset, length, diagnostics: NO_DIAGNOSTICS, time };
    const ctx = this.ctx;
    ctx.side = side;
    ctx.record = record;
    checkPacket(ctx, packet);
    if (this.keep) this.all.push(record);
    return record;
  }

  /** A record for bytes that do not decode; `errorBase` is the stream offset `e.offset` counts from. */
  private failed(side: Sender, e: MqttCodecError, offset: number, length: number | undefined, time: number | undefined, errorBase = offset): ConversationRecord {
    const me = side === 'client' ? this.s.client : this.s.server;
    const record: ConversationRecord = { index: this.count++, side, offset, length, diagnostics: [] };
    if (time !== undefined) record.time = time;
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
