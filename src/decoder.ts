/**
 * The incremental stream decoder: bytes arrive in arbitrary chunks (TCP segments, WebSocket
 * frames [MQTT-6.0.0-2]), packets come out.
 *
 * Memory follows the bytes actually received, never a length the peer claims:
 * - the Maximum Packet Size is checked as soon as the fixed header is complete, before a single
 *   body byte is held;
 * - a packet of at most 4 KiB that spans chunks is copied, piece by piece, into the next free
 *   stretch of its exact size in a 16 KiB slab (so at most 16 KiB whatever the claim), and is
 *   decoded there: its binary fields are views of the slab, which later small packets share;
 * - a larger packet is held as views of the chunks it arrived in (no copy), and copied once, into
 *   a buffer of its exact size, when its last byte arrives; pieces under 1 KiB are gathered into
 *   4 KiB staging blocks instead (one extra copy of those bytes), so that a peer dribbling bytes
 *   one at a time costs memory in proportion to the bytes, not one view per piece, and a small
 *   view never pins a large chunk;
 * - a piece that completes nothing is taken on a short path (a few comparisons and the copy), so
 *   a stream split into tiny chunks costs little more per byte than one in large chunks;
 * - a packet that lies inside one chunk is decoded in place: its binary fields are views of that
 *   chunk (zero-copy), so do not modify a chunk after pushing it.
 *
 * @module
 */
import { decodeFrame, maxSizeOption, versionOption } from './decode.js';
import { malformed, MqttCodecError } from './errors.js';
import { flagsError, HEADER_INCOMPLETE, headerBytes, readHeader, tooLarge } from './header.js';
import { senderOption } from './packets/registry.js';
import type { CodecOptions, Packet, ProtocolVersion } from './types.js';
import { Reader } from './wire/reader.js';
import { hasPolicy, severityOf } from './checks.js';

/** Pieces shorter than this are copied into a staging block rather than held as views. */
const SMALL_PIECE = 1024;
/** Size of a staging block, and the largest packet gathered whole in a slab. */
const STAGE_BLOCK = 4096;
/** Size of a slab: small packets that span chunks are gathered, one after another, in one. */
const SLAB = 16384;

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
  /** Bytes held of the incomplete packet. */
  private held = 0;
  /** Total size of the incomplete packet once its header is known, else -1. */
  private need = -1;
  /** Fixed-header length of the incomplete packet, once known. */
  private headerLength = 0;
  /** Stream offset of the first byte not yet consumed (start of the incomplete packet). */
  private offset = 0;
  private failure: MqttCodecError | null = null;
  /** The first bytes of a packet whose fixed header is not complete yet (at most 4 are held). */
  private readonly head = new Uint8Array(5);
  /**
   * Where pieces of the incomplete packet are copied to: `stage[staged, limit)` is free. When
   * `whole`, the stage is the slab and the packet's exact stretch of it starts at `wholeStart`;
   * otherwise it is a block of a large packet, whose earlier pieces are in `fragments`.
   */
  private stage: Uint8Array | null = null;
  private staged = 0;
  private limit = 0;
  private whole = false;
  private wholeStart = 0;
  /** The slab small packets are gathered in, and how much of it is taken. */
  private slab: Uint8Array | null = null;
  private slabUsed = 0;
  /** The packets this push has completed so far (null: none yet). */
  private out: Packet[] | null = null;
  /** Views of the pieces of a large incomplete packet, in order (the open stage excluded). */
  private fragments: Uint8Array[] = [];
  /** Whether to record frames (the `frames` option). */
  private readonly recordFrames: boolean;
  /** Three numbers per packet the last push completed (null: none, or no `frames` option). */
  private frameLog: number[] | null = null;

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

  /** Bytes held for an incomplete packet. */
  get buffered(): number {
    return this.held;
  }

  /** The protocol version now in force (a decoded CONNECT changes it). */
  get protocolVersion(): ProtocolVersion {
    return this.version;
  }

  /** The error that failed this decoder, if any. */
  get error(): MqttCodecError | null {
    return this.failure;
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
    if (this.recordFrames) this.frameLog = null;
    // The short paths: a piece that fits the open stage and completes nothing, or the first byte
    // of a packet on its own.
    const stage = this.stage;
    if (stage !== null && chunk instanceof Uint8Array) {
      const n = chunk.length;
      const at = this.staged;
      if (n < this.need - this.held && n <= this.limit - at && (n < SMALL_PIECE || this.whole)) {
        if (n < 16) {
          for (let i = 0; i < n; i++) stage[at + i] = chunk[i];
        } else {
          stage.set(chunk, at);
        }
        this.staged = at + n;
        this.held += n;
        return NONE;
      }
    } else if (this.held === 0 && this.failure === null && chunk instanceof Uint8Array && chunk.length === 1) {
      // A lone first byte of a packet, of a type that exists, with flags its type allows: the
      // header is not complete yet. Other first bytes take the long path, which refuses them now,
      // as it does when the byte comes with others (the same error for any chunking).
      const type = chunk[0] >> 4;
      if (type !== 0 && (type !== 15 || this.version === 5) && flagsError(chunk[0], this.version, 0) === null) {
        this.head[0] = chunk[0];
        this.held = 1;
        return NONE;
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
    if (this.held > 0) {
      this.failure = malformed(
        `the stream ended inside a packet (${this.held} of ${this.need < 0 ? 'an unknown number of' : this.need} bytes received)`,
        'packetCutShort',
        this.version,
        this.offset + this.held,
      );
      throw this.failure;
    }
  }

  private pushAny(chunk: Uint8Array): readonly Packet[] {
    if (this.failure !== null) throw this.failure;
    try {
      if (!(chunk instanceof Uint8Array)) throw new MqttCodecError(0x81, 'Decoder.push needs a Uint8Array');
      this.consume(chunk);
    } catch (e) {
      const err = e instanceof MqttCodecError ? e : new MqttCodecError(0x83, `internal error: ${String(e)}`);
      if (this.out !== null) err.packets = this.out;
      this.out = null;
      this.failure = err;
      this.stage = null; // no short path into a failed decoder
      throw err;
    }
    const out = this.out;
    this.out = null;
    return out ?? NONE;
  }

  private consume(chunk: Uint8Array): void {
    const n = chunk.length;
    let pos = 0;
    if (this.held > 0) {
      pos = this.continuePending(chunk);
      if (pos < 0) return; // the chunk went into the pending packet
    }
    const base = this.offset - pos; // stream offset of chunk[0]
    while (pos < n) {
      const rl = readHeader(chunk, pos, n, this.version, -base, this.reader.policy);
      if (rl === HEADER_INCOMPLETE) {
        this.checkFlags(chunk[pos], base + pos); // known from the first byte: refuse them now
        // At most 4 bytes: a complete header is never longer than 5.
        this.offset = base + pos;
        this.need = -1;
        this.held = n - pos;
        for (let i = pos; i < n; i++) this.head[i - pos] = chunk[i];
        return;
      }
      const total = headerBytes + rl;
      this.checkHeader(chunk[pos], total, base + pos);
      if (pos + total > n) {
        this.offset = base + pos;
        this.startBody(total, headerBytes);
        this.add(chunk, pos, n);
        return;
      }
      this.decodePacket(chunk, pos, headerBytes, pos + total, -base);
      pos += total;
      this.offset = base + pos;
    }
  }

  /**
   * Feeds `chunk` to the pending packet. Returns the position in `chunk` just after the packet
   * when it completed (and was decoded into `out`), or -1 when the whole chunk was absorbed.
   */
  private continuePending(chunk: Uint8Array): number {
    let pos = 0;
    if (this.need < 0) {
      // The fixed header itself is split: complete it in `head`.
      const head = this.head;
      const had = this.held;
      const k = Math.min(5, had + chunk.length);
      for (let i = had; i < k; i++) head[i] = chunk[i - had];
      const rl = readHeader(head, 0, k, this.version, -this.offset, this.reader.policy);
      if (rl === HEADER_INCOMPLETE) {
        this.held = k;
        return -1;
      }
      const hl = headerBytes;
      this.checkHeader(head[0], hl + rl, this.offset);
      this.held = 0;
      this.startBody(hl + rl, hl);
      this.add(head, 0, had);
      pos = hl - had;
      this.add(chunk, 0, pos);
    }
    const missing = this.need - this.held;
    if (chunk.length - pos < missing) {
      this.add(chunk, pos, chunk.length);
      return -1;
    }
    const end = pos + missing;
    const start = this.offset;
    const need = this.need;
    let packet: Uint8Array;
    let at = 0;
    if (this.whole) {
      packet = this.stage!;
      at = this.wholeStart;
      this.add(chunk, pos, end);
    } else {
      // Copy every fragment once into a buffer of the packet's exact size.
      this.closeStage();
      packet = new Uint8Array(need);
      let to = 0;
      for (const f of this.fragments) {
        packet.set(f, to);
        to += f.length;
      }
      packet.set(chunk.subarray(pos, end), to);
      this.fragments = [];
    }
    this.stage = null;
    this.staged = this.limit = 0;
    this.whole = false;
    this.held = 0;
    this.need = -1;
    this.decodePacket(packet, at, this.headerLength, at + need, at - start);
    this.offset = start + need;
    return end;
  }

  /** Begins holding a packet of `need` bytes whose fixed header is `hl` bytes. */
  private startBody(need: number, hl: number): void {
    this.need = need;
    this.headerLength = hl;
    this.held = 0;
    // A small packet gets its stretch of the slab at once: no copy at the end, no allocation
    // per packet, and the claim can reserve at most STAGE_BLOCK bytes.
    this.whole = need <= STAGE_BLOCK;
    if (this.whole) {
      let slab = this.slab;
      if (slab === null || slab.length - this.slabUsed < need) {
        slab = this.slab = new Uint8Array(SLAB);
        this.slabUsed = 0;
      }
      this.stage = slab;
      this.wholeStart = this.staged = this.slabUsed;
      this.limit = this.slabUsed += need;
    } else {
      this.stage = null;
      this.staged = this.limit = 0;
    }
  }

  /** Adds `chunk[from, to)` to the pending packet: copied if small, else held as a view. */
  private add(chunk: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    this.held += n;
    if (!this.whole && n >= SMALL_PIECE) {
      this.closeStage();
      this.fragments.push(chunk.subarray(from, to));
      return;
    }
    let stage = this.stage;
    if (stage === null || this.staged + n > this.limit) {
      this.closeStage();
      // A block never larger than what the packet still needs.
      const left = this.need - (this.held - n);
      stage = this.stage = new Uint8Array(Math.max(n, Math.min(STAGE_BLOCK, left)));
      this.limit = stage.length;
    }
    if (n < 16) {
      const at = this.staged;
      for (let i = 0; i < n; i++) stage[at + i] = chunk[from + i];
    } else {
      stage.set(chunk.subarray(from, to), this.staged);
    }
    this.staged += n;
  }

  /** Moves the filled part of the staging block of a large packet into the fragment list. */
  private closeStage(): void {
    if (this.stage !== null && this.staged > 0) this.fragments.push(this.stage.subarray(0, this.staged));
    this.stage = null;
    this.staged = this.limit = 0;
  }

  /**
   * Checks what the fixed header alone decides, before any body byte is held: the size against
   * the maximum, and flags the type does not allow.
   */
  private checkHeader(first: number, total: number, streamOffset: number): void {
    if (total > this.max) throw tooLarge(total, this.max, this.version, streamOffset);
    this.checkFlags(first, streamOffset);
  }

  /** Refuses fixed-header flags the type does not allow (a relaxed check is reported once, when the body is decoded). */
  private checkFlags(first: number, streamOffset: number): void {
    const err = flagsError(first, this.version, streamOffset);
    if (err !== null && severityOf(err.key, this.reader.policy) === 'error') throw err;
  }

  /** Decodes a complete packet and adds it to what this push returns. */
  private decodePacket(buf: Uint8Array, start: number, hl: number, end: number, origin: number): void {
    const packet = decodeFrame(this.reader, buf, start, hl, end, this.version, origin);
    if (this.recordFrames) {
      if (this.frameLog === null) this.frameLog = [start - origin, hl, end - start - hl];
      else this.frameLog.push(start - origin, hl, end - start - hl);
    }
    // On a server, the CONNECT announces the version of everything that follows.
    if (packet.type === 'connect') this.version = packet.protocolVersion as ProtocolVersion;
    if (this.out === null) this.out = [packet];
    else this.out.push(packet);
  }
}
