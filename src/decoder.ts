/**
 * The incremental stream decoder: bytes arrive in arbitrary chunks (TCP segments, WebSocket
 * frames [MQTT-6.0.0-2]), packets come out.
 *
 * Memory follows the bytes actually received, never a length the peer claims:
 * - the Maximum Packet Size is checked as soon as the fixed header is complete, before a single
 *   body byte is held;
 * - an incomplete packet is held as views of the chunks it arrived in (no copy), and copied once,
 *   into a buffer of its exact size, when its last byte arrives; pieces under 1 KiB are gathered
 *   into 4 KiB staging blocks instead (one extra copy of those bytes), so that a peer dribbling
 *   bytes one at a time costs memory in proportion to the bytes, not one view per piece, and a
 *   small view never pins a large chunk;
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

/** Pieces shorter than this are copied into a staging block rather than held as views. */
const SMALL_PIECE = 1024;
/** Size of a staging block. */
const STAGE_BLOCK = 4096;

/** Options of {@link Decoder}. */
export interface DecoderOptions extends CodecOptions {}

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
  /** Views of the chunks holding the incomplete packet, in order. */
  private fragments: Uint8Array[] = [];
  private held = 0;
  /** Total size of the incomplete packet once its header is known, else -1. */
  private need = -1;
  /** Fixed-header length of the incomplete packet, once known. */
  private headerLength = 0;
  /** Stream offset of the first byte not yet consumed (start of the incomplete packet). */
  private offset = 0;
  private failure: MqttCodecError | null = null;
  private readonly headerScratch = new Uint8Array(5);
  /** The open staging block for small pieces, and how much of it is used. */
  private stage: Uint8Array | null = null;
  private staged = 0;

  constructor(options?: DecoderOptions) {
    this.version = versionOption(options);
    this.max = maxSizeOption(options);
    this.reader.discouraged = options?.rejectDiscouragedCodePoints === true;
    this.reader.from = senderOption(options?.from);
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
   * Takes the next chunk of the stream and returns every packet it completes, in order. The
   * decoder keeps views of `chunk`: do not modify it afterwards.
   *
   * @throws {@link MqttCodecError} for the first invalid packet (its `offset` counts from the
   *   start of the stream); the packets the chunk completed before it are on the error's
   *   `packets`. The decoder is failed from then on.
   */
  push(chunk: Uint8Array): Packet[] {
    if (this.failure !== null) throw this.failure;
    const out: Packet[] = [];
    try {
      if (!(chunk instanceof Uint8Array)) throw new MqttCodecError(0x81, 'Decoder.push needs a Uint8Array');
      this.consume(chunk, out);
    } catch (e) {
      const err = e instanceof MqttCodecError ? e : new MqttCodecError(0x83, `internal error: ${String(e)}`);
      if (out.length > 0) err.packets = out;
      this.failure = err;
      throw err;
    }
    return out;
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
        null,
        this.version,
        this.offset + this.held,
      );
      throw this.failure;
    }
  }

  private consume(chunk: Uint8Array, out: Packet[]): void {
    const n = chunk.length;
    let pos = 0;
    if (this.held > 0) {
      pos = this.continuePending(chunk, out);
      if (pos < 0) return; // the chunk went into the pending packet
    }
    const base = this.offset - pos; // stream offset of chunk[0]
    while (pos < n) {
      const rl = readHeader(chunk, pos, n, this.version, -base);
      if (rl === HEADER_INCOMPLETE) {
        this.hold(chunk.subarray(pos), -1, base + pos);
        return;
      }
      const total = headerBytes + rl;
      this.checkSize(total, base + pos);
      this.checkFlags(chunk[pos], base + pos);
      if (pos + total > n) {
        this.headerLength = headerBytes;
        this.hold(chunk.subarray(pos), total, base + pos);
        return;
      }
      out.push(this.decodePacket(chunk, pos, headerBytes, pos + total, -base));
      pos += total;
      this.offset = base + pos;
    }
  }

  /**
   * Feeds `chunk` to the pending packet. Returns the position in `chunk` just after the packet
   * when it completed (and was decoded into `out`), or -1 when the whole chunk was absorbed.
   */
  private continuePending(chunk: Uint8Array, out: Packet[]): number {
    if (this.need < 0) {
      // The fixed header itself is split: look at its first bytes across the fragments.
      this.closeStage();
      const scratch = this.headerScratch;
      let k = 0;
      for (const f of this.fragments) for (let i = 0; i < f.length && k < 5; i++) scratch[k++] = f[i];
      for (let i = 0; i < chunk.length && k < 5; i++) scratch[k++] = chunk[i];
      const rl = readHeader(scratch, 0, k, this.version, -this.offset);
      if (rl === HEADER_INCOMPLETE) {
        this.add(chunk);
        return -1;
      }
      this.need = headerBytes + rl;
      this.headerLength = headerBytes;
      this.checkSize(this.need, this.offset);
      this.checkFlags(scratch[0], this.offset);
    }
    const missing = this.need - this.held;
    if (chunk.length < missing) {
      this.add(chunk);
      return -1;
    }
    // Complete: copy every fragment once into a buffer of the packet's exact size.
    this.closeStage();
    const packet = new Uint8Array(this.need);
    let at = 0;
    for (const f of this.fragments) {
      packet.set(f, at);
      at += f.length;
    }
    packet.set(chunk.subarray(0, missing), at);
    const start = this.offset;
    this.fragments = [];
    this.held = 0;
    this.need = -1;
    out.push(this.decodePacket(packet, 0, this.headerLength, packet.length, -start));
    this.offset = start + packet.length;
    return missing;
  }

  private hold(view: Uint8Array, need: number, streamOffset: number): void {
    this.fragments = [];
    this.held = 0;
    this.need = need;
    this.offset = streamOffset;
    this.add(view);
  }

  /** Adds a piece of the pending packet: a view if large, copied into a staging block if small. */
  private add(piece: Uint8Array): void {
    const n = piece.length;
    this.held += n;
    if (n >= SMALL_PIECE) {
      this.closeStage();
      this.fragments.push(piece);
      return;
    }
    let stage = this.stage;
    if (stage === null || this.staged + n > stage.length) {
      this.closeStage();
      // A block never larger than what the packet still needs (when known).
      const left = this.need < 0 ? STAGE_BLOCK : this.need - (this.held - n);
      stage = this.stage = new Uint8Array(Math.max(n, Math.min(STAGE_BLOCK, left)));
    }
    if (n < 16) {
      for (let i = 0; i < n; i++) stage[this.staged + i] = piece[i];
    } else {
      stage.set(piece, this.staged);
    }
    this.staged += n;
  }

  /** Moves the filled part of the staging block into the fragment list. */
  private closeStage(): void {
    if (this.stage !== null && this.staged > 0) this.fragments.push(this.stage.subarray(0, this.staged));
    this.stage = null;
    this.staged = 0;
  }

  /** Fixed-header flags the type does not allow fail on the header, before the body is held. */
  private checkFlags(first: number, streamOffset: number): void {
    const err = flagsError(first, this.version, streamOffset);
    if (err !== null) throw err;
  }

  private checkSize(total: number, streamOffset: number): void {
    if (total > this.max) throw tooLarge(total, this.max, this.version, streamOffset);
  }

  private decodePacket(buf: Uint8Array, start: number, hl: number, end: number, origin: number): Packet {
    const packet = decodeFrame(this.reader, buf, start, hl, end, this.version, origin);
    // On a server, the CONNECT announces the version of everything that follows.
    if (packet.type === 'connect') this.version = packet.protocolVersion as ProtocolVersion;
    return packet;
  }
}
