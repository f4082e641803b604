/**
 * The incremental stream decoder: bytes arrive in arbitrary chunks (TCP segments, WebSocket
 * frames [MQTT-6.0.0-2]), packets come out.
 *
 * The Decoder frames the stream, checks each fixed header, decodes each packet and records its
 * frame; a packet that spans chunks is held by a packet assembler (`assembler.ts`, which says how)
 * until its last byte arrives. Memory follows the bytes actually received, never a length the
 * peer claims: the Maximum Packet Size is checked as soon as the fixed header is complete, before
 * a single body byte is held, and an idle decoder holds no buffer at all.
 *
 * - A packet that lies inside one chunk is decoded in place: its binary fields are views of that
 *   chunk (zero-copy), so do not modify a chunk after pushing it.
 * - A packet of at most 4 KiB that spans chunks is gathered in a stretch of a slab all decoders
 *   share, and decoded there; a larger one is copied once, into a buffer of its exact size.
 * - A piece that completes nothing takes a short path (a few comparisons and the copy), so a
 *   stream split into tiny chunks costs little more per byte than one in large chunks.
 *
 * @module
 */
import { decodeFrame, maxSizeOption, versionOption } from './decode.js';
import { malformed, MqttCodecError } from './errors.js';
import { commonRemainingLength, flagsError, HEADER_INCOMPLETE, headerLength, readHeader, tooLarge } from './header.js';
import { senderOption } from './packets/registry.js';
import type { CodecOptions, ConnectPacket, Packet, ProtocolVersion } from './types.js';
import { Reader } from './wire/reader.js';
import { type CheckOptions, hasPolicy, severityOf } from './checks.js';
import { PacketAssembler } from './assembler.js';

/** What `push` returns when a chunk completes no packet: one frozen empty array, not a new one. */
const NONE: readonly Packet[] = Object.freeze([]);
/** What `frames` returns without the `frames` option. */
const NO_FRAMES: readonly number[] = Object.freeze([]);

/** Options of {@link Decoder}. */
export interface DecoderOptions extends CodecOptions {
  /**
   * Record where each returned packet lies in the stream, in {@link Decoder.frames}: for
   * analyzers, and for adapters that must report a packet's Remaining Length. Default: false.
   */
  frames?: boolean;
}

/**
 * Decodes a byte stream (one direction of an MQTT connection) into packets.
 *
 * - `protocolVersion` is the version of the connection (default 4). On a server, leave it unset:
 *   a decoded CONNECT sets the version for every packet after it.
 * - `maxPacketSize` bounds a whole packet (fixed header included), as 5.0's Maximum Packet Size
 *   does; a larger one fails with 0x95 as soon as its header is read. Default: 268,435,460.
 * - After an error the decoder is failed: every later `push` or `end` throws the same error, as
 *   the connection must be closed [MQTT-4.8.0-1].
 *
 * @example
 * ```ts
 * const decoder = new Decoder({ protocolVersion: 5 })
 * socket.on('data', (chunk) => { for (const packet of decoder.push(chunk)) handle(packet) })
 * socket.on('end', () => decoder.end())
 * ```
 */
export class Decoder {
  private version: ProtocolVersion;
  private readonly max: number;
  private readonly reader = new Reader();
  /** Holds the packet that spans chunks, if any. */
  private readonly pending = new PacketAssembler();
  /** Stream offset of the first byte not yet consumed (start of the pending packet). */
  private offset = 0;
  private failure: MqttCodecError | null = null;
  /** The packets this push has completed so far (null: none yet). */
  private out: Packet[] | null = null;
  /** Whether to record frames (the `frames` option). */
  private readonly recordFrames: boolean;
  /** Three numbers per packet the last push completed (null: none, or no `frames` option). */
  private frameLog: number[] | null = null;
  /** The stream offset and size of the last packet whose fixed header passed its checks. */
  // Stryker disable next-line UnaryOperator: equivalent; failedFrame compares it with the offset of a packet, 0 or at least 2 (a packet is at least 2 bytes), so -1 and +1 both mean "no header checked yet".
  private checkedAt = -1;
  private checkedSize = 0;

  constructor(options?: DecoderOptions) {
    this.version = versionOption(options);
    this.max = maxSizeOption(options);
    this.reader.discouraged = options?.rejectDiscouragedCodePoints === true;
    this.reader.from = senderOption(options?.from);
    this.reader.policy = hasPolicy(options) ? (options as DecoderOptions) : null;
    this.recordFrames = options?.frames === true;
  }

  /**
   * With the `frames` option, where the packets completed by the last `push` lie: three numbers
   * per packet, in order — its stream offset, its fixed-header length and its Remaining Length
   * (so it spans `[offset, offset + headerLength + remainingLength)`). After a failed push, the
   * packets on the error's `packets`. Without the option, always empty.
   */
  get frames(): readonly number[] {
    return this.frameLog ?? NO_FRAMES;
  }

  /** Bytes held for an incomplete packet (0 once the decoder has failed). */
  get buffered(): number {
    return this.pending.held;
  }

  /**
   * Bytes of buffer space this decoder keeps for the incomplete packet: its stretch of the shared
   * slab, or the blocks and chunk views of a large packet. 0 whenever no packet is pending (an
   * idle decoder holds no buffer, however its packets arrived).
   */
  get reserved(): number {
    return this.pending.reserved;
  }

  /** The protocol version now in force (a decoded CONNECT changes it). */
  get protocolVersion(): ProtocolVersion {
    return this.version;
  }

  /**
   * Sets the protocol version of the connection, for a decoder that did not see the CONNECT
   * itself: the one reading what a server sends, once the client's CONNECT was decoded from the
   * other direction. It applies to the next packet this decoder completes (one partly received
   * included) and to every packet after it.
   *
   * @throws {@link MqttCodecError} (0x84) unless the value is 3, 4 or 5.
   */
  set protocolVersion(v: ProtocolVersion) {
    if (v !== 3 && v !== 4 && v !== 5) throw new MqttCodecError(0x84, `protocolVersion must be 3, 4 or 5, not ${String(v)}`);
    this.version = v;
  }

  /** The error that failed this decoder, if any. */
  get error(): MqttCodecError | null {
    return this.failure;
  }

  /**
   * Once the decoder has failed, where the packet that failed it lies: its stream offset, and its
   * size when its fixed header was valid (`undefined` when the header itself was refused). The
   * same for any chunking of the stream. `null` while the decoder has not failed.
   */
  get failedFrame(): { readonly offset: number; readonly size: number | undefined } | null {
    if (this.failure === null) return null;
    return { offset: this.offset, size: this.checkedAt === this.offset ? this.checkedSize : undefined };
  }

  /**
   * Takes the next chunk of the stream and returns every packet it completes, in order: a new
   * array, or, when the chunk completes none, one shared frozen empty array. The decoder keeps
   * views of `chunk`: do not modify it afterwards.
   *
   * @throws {@link MqttCodecError} for the first invalid packet (its `offset` counts from the
   *   start of the stream); the packets the chunk completed before it are on the error's
   *   `packets`. The decoder is failed from then on.
   */
  push(chunk: Uint8Array): readonly Packet[] {
    // Stryker disable next-line ConditionalExpression: equivalent (`true`); without the `frames` option the log is never set, so it is null already. (`false`, disabled with it, is killed by the tests.)
    if (this.recordFrames) this.frameLog = null;
    // The short paths: a piece that completes nothing and fits the pending packet's open block,
    // or the lone first byte of a packet, of a type that exists (its header is not complete yet).
    const pending = this.pending;
    // Stryker disable next-line BlockStatement,ConditionalExpression: equivalent (`{}`, `false`); without the short paths every chunk takes pushAny, which holds the same bytes in the same state and returns the same (speed only). (`true`, disabled with them, is killed by the tests.)
    if (chunk instanceof Uint8Array) {
      // Stryker disable next-line ConditionalExpression: equivalent (`false`), as above. (`true`, disabled with it, is killed by the tests.)
      if (pending.absorb(chunk)) return NONE;
      // Stryker disable next-line StringLiteral,BlockStatement,ConditionalExpression: equivalent (`""`, `{}`, `false` for the whole test); a lone first byte that skips this short path takes pushAny, which holds it the same way (speed only). The other forms, disabled with them, are killed by the tests.
      if (chunk.length === 1 && pending.state === 'idle' && this.failure === null) {
        const type = chunk[0] >> 4;
        // With flags its type allows: other first bytes take the long path, which refuses them now,
        // as it does when the byte comes with others (the same error for any chunking).
        // Stryker disable next-line BlockStatement,ConditionalExpression,LogicalOperator: equivalent for the forms that take the short path less often (`{}`, `false`, `type !== 15 && this.version === 5`): the lone byte then takes pushAny, which holds it the same way (speed only). The other forms, disabled with them, are killed by the tests.
        if (type !== 0 && (type !== 15 || this.version === 5) && flagsError(chunk[0], this.version, 0) === null) {
          pending.beginHeader(chunk, 0, 1);
          return NONE;
        }
      }
    }
    return this.pushAny(chunk);
  }

  /**
   * Declares the end of the stream.
   *
   * @throws {@link MqttCodecError} (0x81) when a partial packet is still buffered, or the error
   *   that failed the decoder.
   */
  end(): void {
    if (this.failure !== null) throw this.failure;
    const { held, need } = this.pending;
    if (held > 0) {
      // Stryker disable next-line EqualityOperator: equivalent; `need` is -1 (header incomplete) or a packet size (at least 2), never 0. (`need >= 0` swaps the two texts, killed with the ConditionalExpression forms.)
      const of = need < 0 ? 'an unknown number of' : need;
      this.failure = malformed(`the stream ended inside a packet (${held} of ${of} bytes received)`, 'packetCutShort', this.version, this.offset + held);
      throw this.failure;
    }
  }

  private pushAny(chunk: Uint8Array): readonly Packet[] {
    if (this.failure !== null) throw this.failure;
    try {
      if (!(chunk instanceof Uint8Array)) throw new MqttCodecError(0x81, 'Decoder.push needs a Uint8Array');
      this.consume(chunk);
      // An idle decoder keeps no hold on the chunk it was given, nor on its ArrayBuffer (released
      // here and in the catch, not in a finally: measured 3-6 % slower in 1,460-byte chunks).
      this.reader.release();
    } catch (e) {
      this.reader.release();
      const err = e instanceof MqttCodecError ? e : new MqttCodecError(0x83, `internal error: ${String(e)}`);
      if (this.out !== null) err.packets = this.out;
      this.out = null;
      this.failure = err;
      this.pending.drop(); // no short path into a failed decoder, no buffer kept
      throw err;
    }
    const out = this.out;
    this.out = null;
    return out ?? NONE;
  }

  /**
   * Frames `chunk`: completes the pending packet, decodes the packets inside, holds the rest.
   *
   * One method with the pending packet's completion on purpose: V8 inlines a function of up to 460
   * bytes of bytecode into its caller, and a caller's loop of `push` calls on small chunks (a
   * socket's data handler) spent its whole inlining budget on push, pushAny and this method,
   * leaving the per-packet calls out of line. Larger, it is compiled on its own with them inlined
   * (1,460-byte chunks: 1.02–1.06× in `bench:ab`; see README, Fleet scale).
   */
  private consume(chunk: Uint8Array): void {
    const n = chunk.length;
    const pending = this.pending;
    let pos = 0;
    if (pending.state !== 'idle') {
      if (pending.state === 'header') {
        const k = pending.extendHeader(chunk);
        const rl = readHeaderFlagsFirst(pending.head, 0, k, this.version, 0 - this.offset, this.reader.policy);
        if (rl === HEADER_INCOMPLETE) return; // the chunk went into the pending header
        const hl = headerLength(pending.head, 0, rl);
        this.checkHeader(pending.head[0], hl + rl, this.offset);
        pos = pending.begin(hl + rl, hl, chunk);
      }
      const missing = pending.need - pending.held;
      if (n - pos < missing) {
        pending.add(chunk, pos, n);
        return; // the chunk went into the pending packet
      }
      const start = this.offset;
      const hl = pending.headerLength;
      const size = pending.need;
      const buf = pending.finish(chunk, pos, pos + missing);
      const at = pending.start;
      this.decodePacket(buf, at, hl, at + size, at - start);
      this.offset = start + size;
      pos += missing;
    }
    const base = this.offset - pos; // stream offset of chunk[0]
    // Origins are written `0 - base`, not `-base`: for base 0 that is -0, which is no small integer.
    // Stored as the Reader's `origin` it turned that field into a boxed double, which gave every later
    // Reader another hidden class, and V8 then discarded this function's optimized code when the
    // next Decoder was made (seen with --trace-deopt).
    const origin = 0 - base;
    while (pos < n) {
      // A common header (a first byte no check can fail, a Remaining Length of one or two bytes)
      // of a packet within the maximum size is framed in these few steps. Any other takes the
      // branch below, which reads the same length and refuses what it must; kept there, its try
      // stays off the common path (1.05-1.06x in `bench:ab`, 5 December).
      const common = commonRemainingLength(chunk, pos, n);
      let hl = common < 0x80 ? 2 : 3;
      let total = hl + common;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (`false`, `common > 0`, `total < this.max`): a header left to the branch below is framed the same there, and refused where it must be (speed only). The other forms, disabled with them, frame headers here that must be refused or read otherwise: the tests see that.
      if (common >= 0 && flagsError(chunk[pos], this.version, 0) === null && total <= this.max) {
        this.checkedAt = base + pos;
        this.checkedSize = total;
      } else {
        const rl = readHeaderFlagsFirst(chunk, pos, n, this.version, origin, this.reader.policy);
        if (rl === HEADER_INCOMPLETE) {
          refuseFlags(chunk[pos], this.version, base + pos, this.reader.policy); // known from the first byte: refuse them now
          this.offset = base + pos;
          pending.beginHeader(chunk, pos, n); // at most 4 bytes: a header is never longer than 5
          return;
        }
        hl = headerLength(chunk, pos, rl);
        total = hl + rl;
        this.checkHeader(chunk[pos], total, base + pos);
      }
      if (pos + total > n) {
        this.offset = base + pos;
        pending.begin(total, hl, chunk);
        pending.add(chunk, pos, n);
        return;
      }
      this.decodePacket(chunk, pos, hl, pos + total, origin);
      pos += total;
      this.offset = base + pos;
    }
  }

  /**
   * Checks what the fixed header alone decides, before any body byte is held: flags the type
   * does not allow, then the size against the maximum.
   */
  private checkHeader(first: number, total: number, streamOffset: number): void {
    refuseFlags(first, this.version, streamOffset, this.reader.policy);
    if (total > this.max) throw tooLarge(total, this.max, this.version, streamOffset);
    this.checkedAt = streamOffset;
    this.checkedSize = total;
  }

  /** Decodes a complete packet and adds it to what this push returns. */
  private decodePacket(buf: Uint8Array, start: number, hl: number, end: number, origin: number): void {
    const packet = decodeFrame(this.reader, buf, start, hl, end, this.version, origin);
    if (this.recordFrames) {
      if (this.frameLog === null) this.frameLog = [start - origin, hl, end - start - hl];
      else this.frameLog.push(start - origin, hl, end - start - hl);
    }
    // On a server, the CONNECT announces the version of everything that follows.
    if (buf[start] >> 4 === 1) this.version = (packet as ConnectPacket).protocolVersion as ProtocolVersion;
    if (this.out === null) this.out = [packet];
    else this.out.push(packet);
  }
}

/** Refuses fixed-header flags the type does not allow (a relaxed check is reported once, when the body is decoded). */
function refuseFlags(first: number, v: number, streamOffset: number, policy: CheckOptions | null): void {
  const err = flagsError(first, v, streamOffset);
  if (err !== null && severityOf(err.key, policy) === 'error') throw err;
}

/**
 * {@link readHeader} in the stream's order of faults: the first byte's (a reserved type, then
 * flags the type does not allow), then the Remaining Length's (then the size's, in
 * `checkHeader`). A header that arrives in pieces has its flags checked on its first byte, so a
 * whole one has them checked before its Remaining Length too: the same fault in any chunking.
 */
function readHeaderFlagsFirst(buf: Uint8Array, pos: number, end: number, v: number, origin: number, policy: CheckOptions | null): number {
  // The framing loop frames most headers before it calls this (see `consume`).
  try {
    return readHeader(buf, pos, end, v, origin, policy);
  } catch (e) {
    // A reserved type has no flags to check (type 0 has no codec at all).
    if ((e as MqttCodecError).key !== 'reservedType') refuseFlags(buf[pos], v, pos - origin, policy);
    throw e;
  }
}
