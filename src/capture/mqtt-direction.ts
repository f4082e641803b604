/**
 * One direction of an MQTT connection: frames the reassembled bytes into packets and inspects
 * each from its own bytes only (strict decoder, every fault). After a gap, decoding resumes only
 * where a packet boundary can be trusted:
 * - when the packet cut by the gap had a complete fixed header, its length says exactly where the
 *   next packet starts;
 * - otherwise at the first later segment that holds only whole, valid packets (the chain of
 *   packet lengths ends exactly at the segment's end);
 * - failing both, decoding of the direction stays stopped, and the end report says so.
 *
 * @module
 */
import {
  decode,
  type DecodeOptions,
  type Field,
  FRAME_INCOMPLETE,
  FRAME_MALFORMED,
  frameLength,
  inspect,
  MqttCodecError,
  type InspectResult,
  type Packet,
  type ProtocolVersion,
  type Sender,
} from '../index.js';

import type { StreamSink } from './reassembly.js';
import type { Stamp } from './types.js';

/** Receives what a direction finds. */
export interface DirectionSink {
  /** A packet at stream offset `offset`, completed by the bytes of `frame`. */
  packet(offset: number, bytes: Uint8Array, result: InspectResult, frame: Stamp): void;
  /** A remark about the stream (resumption, stop); `fault` when it counts as a fault. */
  note(offset: number, message: string, frame: Stamp, fault: boolean): void;
  /** `length` bytes at `offset` were never captured. */
  gap(offset: number, length: number, frame: Stamp): void;
}

type Mode = 'decode' | 'resync' | 'stopped';

/** Decodes the MQTT packets of one direction. */
export class MqttDirection implements StreamSink {
  private mode: Mode = 'decode';
  /** Copied bytes of an incomplete packet, starting at stream offset `pendingStart`. */
  private pending: Uint8Array[] = [];
  private pendingLength = 0;
  private pendingStart = 0;
  /** Length of the incomplete packet held, once its fixed header is in (0: not known). */
  private need = 0;
  /** Bytes before this stream offset are skipped (the rest of a packet cut by a gap). */
  private skipUntil = 0;
  /** Where decoding stopped or lost the boundary, and why (for the end report). */
  private stoppedAt = 0;
  // Stryker disable next-line StringLiteral: never read before it is set: every way into resync or stopped sets it (a gap, distrust, stop; abandon clears it)
  private stopReason = '';
  /** Bytes not decoded since decoding stopped or lost the boundary. */
  private undecoded = 0;
  /** Packets seen. */
  count = 0;
  /** Set by the connection: the version to decode with, or undefined to wait for it. */
  version: ProtocolVersion | undefined;
  /** True when bytes may wait for `version` (the connection decides when it is known). */
  waiting = false;

  constructor(
    readonly sender: Sender,
    private readonly sink: DirectionSink,
    /** Largest incomplete packet kept in memory; a larger one is skipped by its length. */
    private readonly limit: number,
  ) {}

  /** True once decoding has given up for good on this direction. */
  get stopped(): boolean {
    return this.mode === 'stopped';
  }

  /** Bytes held, waiting for the rest of a packet or for the version. */
  get held(): number {
    return this.pendingLength;
  }

  /** Bytes the incomplete packet held needs in all, when its fixed header is in (else 0). */
  get needed(): number {
    return this.need;
  }

  /** The first bytes held (for guessing a version or recognising a CONNECT). */
  heldBytes(): Uint8Array {
    return concat(this.pending, this.pendingLength);
  }

  /** Contiguous bytes at stream offset `offset` (from reassembly). */
  data(bytes: Uint8Array, offset: number, segmentStart: boolean, frame: Stamp): void {
    if (this.mode === 'stopped') {
      this.undecoded += bytes.length;
      return;
    }
    if (offset < this.skipUntil) {
      const skip = Math.min(bytes.length, this.skipUntil - offset);
      bytes = bytes.subarray(skip);
      offset += skip;
      segmentStart = false;
      if (bytes.length === 0) return;
    }
    if (this.mode === 'resync') {
      if (!segmentStart || this.version === undefined || !trustworthy(bytes, this.version, this.sender)) {
        this.undecoded += bytes.length;
        return;
      }
      this.mode = 'decode';
      this.sink.note(offset, `decoding resumes at offset ${offset}: the segment there holds whole valid packets (${this.undecoded} byte(s) after the gap skipped)`, frame, false);
      this.undecoded = 0;
    }
    if (this.pendingLength === 0) {
      this.pendingStart = offset;
      // Nothing held: frame the bytes where they are (most segments hold whole packets).
      // Stryker disable next-line ConditionalExpression: `false` is the slow path to the same calls: with nothing held (need is then 0) the bytes are pushed and run() frames that one chunk (`true`, disabled with it, frames bytes that wait for the version: the tests see that)
      if (!this.waiting) return this.frames(bytes, offset, frame);
    }
    this.pending.push(bytes);
    this.pendingLength += bytes.length;
    // A packet whose length is known waits whole before it is joined (no copy per segment).
    // Stryker disable next-line ConditionalExpression: run() returns on the same test, so `false` only makes a call that does nothing (`true`, disabled with it, never decodes: the tests see that)
    if (this.pendingLength < this.need) return;
    if (!this.waiting) this.run(frame);
  }

  private decodeOptions: DecodeOptions | undefined;

  /** The decoder's options (one object while the version stays). */
  private options(): DecodeOptions {
    const o = this.decodeOptions;
    // Stryker disable next-line ConditionalExpression: equivalent (`false`); a new options object of the same version and sender each time decodes the same (speed only). (`true`, disabled with it, keeps the first version's options after a change: the tests see that.)
    if (o !== undefined && o.protocolVersion === this.version) return o;
    return (this.decodeOptions = { protocolVersion: this.version, from: this.sender });
  }

  /** Drops what is held. */
  private clear(): void {
    while (this.pending.length > 0) this.pending.pop();
    this.pendingLength = 0;
    this.need = 0;
  }

  /** Decodes what is held (after the version became known). */
  resume(frame: Stamp): void {
    this.waiting = false;
    // Stryker disable next-line ConditionalExpression: run() returns at once outside decode mode, so `true` changes nothing (`false`, disabled with it, never decodes what was held: the tests see that)
    if (this.mode === 'decode') this.run(frame);
  }

  /** Gives up on this direction without a report (the connection is not MQTT). */
  abandon(): void {
    this.mode = 'stopped';
    this.stopReason = '';
    this.clear();
  }

  /** Frames and inspects every complete packet held; while `waiting`, only a CONNECT at the start (it sets the version). */
  run(frame: Stamp): void {
    // Stryker disable next-line ConditionalExpression: outside decode mode nothing is held (stop, abandon, distrust and a gap that loses the boundary all clear it), so with `false` the next line returns (`true`, disabled with it, never decodes: the tests see that)
    if (this.mode !== 'decode') return;
    // Stryker disable next-line ConditionalExpression,LogicalOperator: guards that only save work: framing nothing frames nothing, and framing a packet still incomplete sets the same `need` and keeps the same bytes (`true`, disabled with them, never decodes: the tests see that)
    if (this.pendingLength === 0 || this.pendingLength < this.need) return;
    // Stryker disable next-line ConditionalExpression: `false` joins one chunk into a view of the same bytes (`true`, disabled with it, drops every chunk after the first: the tests see that)
    this.frames(this.pending.length === 1 ? this.pending[0] : concat(this.pending, this.pendingLength), this.pendingStart, frame);
  }

  /** Frames and checks the packets of `buf` (stream offset `start`); keeps the tail that is not a whole packet. */
  private frames(buf: Uint8Array, start: number, frame: Stamp): void {
    this.need = 0;
    let pos = 0;
    // Stryker disable next-line EqualityOperator: `<=`: the extra turn at pos === buf.length frames nothing (frameLength there is FRAME_INCOMPLETE; while waiting, buf[pos] is undefined, not 0x10). (`>=`, disabled with it, frames nothing at all: the tests see that)
    while (pos < buf.length) {
      if (this.waiting && buf[pos] !== 0x10) break;
      const total = frameLength(buf, pos, buf.length);
      if (total === FRAME_INCOMPLETE) break;
      if (total === FRAME_MALFORMED) {
        this.stop(start + pos, `the packet at offset ${start + pos} cannot be framed (the Remaining Length runs past four bytes)`, frame, true);
        this.undecoded += buf.length - pos;
        this.clear();
        return;
      }
      if (pos + total > buf.length) {
        if (total > this.limit) {
          // Too large to hold: skip it by its length, which is still a trusted boundary.
          this.sink.note(start + pos, `the packet at offset ${start + pos} claims ${total} bytes, more than the buffer limit of ${this.limit}: skipped by its length, not decoded`, frame, true);
          this.skipUntil = start + pos + total;
          this.clear();
          return;
        }
        this.need = total;
        break;
      }
      // Stryker disable next-line ConditionalExpression,EqualityOperator: `false`, `pos === 0` → true and `pos !== 0` only choose between the segment and a view of the same bytes (pos > 0 implies total < buf.length). (The other forms, disabled with them, hand the whole segment as one packet: the tests see that)
      const bytes = pos === 0 && total === buf.length ? buf : buf.subarray(pos, pos + total); // a segment of one packet: its own view
      const result = check(bytes, this.options());
      this.count++;
      this.sink.packet(start + pos, bytes, result, frame);
      pos += total;
    }
    this.keep(buf, pos, start);
  }

  /** Keeps the unframed tail `buf[pos..]` (a copy: the input belongs to a file chunk). */
  private keep(buf: Uint8Array, pos: number, start: number): void {
    const need = this.need;
    this.clear();
    if (pos >= buf.length) return;
    this.need = need;
    const rest = buf.slice(pos);
    this.pending.push(rest);
    this.pendingLength = rest.length;
    this.pendingStart = start + pos;
  }

  /** True when the bytes held start at a trusted boundary (or nothing is held). */
  trustHeld(): boolean {
    // Stryker disable next-line ConditionalExpression: `false`: with nothing held the loop below does not run and true is returned all the same (`true`, disabled with it, trusts anything: the tests see that)
    if (this.pendingLength === 0) return true;
    const bytes = this.heldBytes();
    // Whole valid packets first; an incomplete tail is allowed when at least one came before it.
    let pos = 0;
    // Stryker disable next-line EqualityOperator: `<=`: the extra turn at pos === bytes.length finds FRAME_INCOMPLETE and returns pos > 0, true as the loop's end does (`>=`, disabled with it, trusts anything: the tests see that)
    while (pos < bytes.length) {
      const total = frameLength(bytes, pos);
      // Stryker disable next-line ConditionalExpression: `false`: the unframeable packet is then inspected as bytes.subarray(pos, pos - 2), empty or a shorter view that starts with the same unframeable header, which has faults: false is returned all the same (`true`, disabled with it, trusts nothing: the tests see that)
      if (total === FRAME_MALFORMED) return false;
      if (total === FRAME_INCOMPLETE || pos + total > bytes.length) return pos > 0;
      if (inspect(bytes.subarray(pos, pos + total), { protocolVersion: this.version, from: this.sender }).diagnostics.length > 0) return false;
      pos += total;
    }
    return true;
  }

  /** Drops what is held and waits for a trusted boundary (a later segment of whole packets). */
  distrust(frame: Stamp, reason: string): void {
    const at = this.pendingStart;
    this.undecoded = this.pendingLength;
    this.clear();
    this.mode = 'resync';
    this.stoppedAt = at;
    this.stopReason = `${reason}; no packet boundary could be trusted after it`;
    this.sink.note(at, `${reason}: the bytes at offset ${at} are not whole valid packets; waiting for a segment that starts a packet`, frame, false);
  }


  /** `length` bytes at `offset` were never captured. */
  gap(offset: number, length: number, frame: Stamp): void {
    const end = offset + length;
    this.sink.gap(offset, length, frame);
    if (this.mode === 'stopped') {
      this.undecoded += length;
      return;
    }
    if (end <= this.skipUntil) return;
    // Stryker disable next-line ConditionalExpression,LogicalOperator,EqualityOperator: outside decode mode nothing is held, and with nothing held (also `>= 0`) the head is empty, whose frameLength is FRAME_INCOMPLETE: the block then does nothing. (`false`, disabled with them, never skips by a known length: the tests see that)
    if (this.mode === 'decode' && this.pendingLength > 0) {
      const head = concat(this.pending, Math.min(this.pendingLength, 5));
      const total = frameLength(head);
      // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent (`true` and `> 0` for `total >= 0`): frameLength gives a negative code or at least 2, and the gap starts at or after the held bytes' end, so a negative total never reaches it. (`false`, disabled with them, never skips by a known length: the tests see that.)
      if (total >= 0 && this.pendingStart + total >= end) {
        this.skipUntil = this.pendingStart + total;
        this.sink.note(this.pendingStart, `the packet at offset ${this.pendingStart} (${total} bytes) lost bytes in the gap; its length says the next packet starts at offset ${this.skipUntil}`, frame, false);
        this.clear();
        return;
      }
    }
    if (this.mode === 'decode' && this.pendingLength === 0 && length === 0) return;
    this.clear();
    this.mode = 'resync';
    this.stoppedAt = offset;
    this.stopReason = `no packet boundary could be trusted after the gap at offset ${offset}`;
    this.undecoded = 0;
  }

  private stop(offset: number, message: string, frame: Stamp, fault: boolean): void {
    this.mode = 'stopped';
    this.stoppedAt = offset;
    this.stopReason = message;
    this.sink.note(offset, message, frame, fault);
  }

  /** End of the capture: says once where decoding stopped and how many bytes were left. */
  finish(frame: Stamp): void {
    // Stryker disable next-line ConditionalExpression: equivalent (`true` for `this.mode === 'decode'`): outside decode mode nothing is held (stop, abandon, distrust and a gap that loses the boundary all clear it). (The other forms, disabled with it, are killed by the tests.)
    if (this.mode === 'decode' && this.pendingLength > 0) {
      this.sink.note(this.pendingStart, `the capture ends inside the packet at offset ${this.pendingStart} (${this.pendingLength} byte(s) present)`, frame, false);
    }
    if ((this.mode === 'resync' || this.mode === 'stopped') && this.stopReason !== '') {
      this.sink.note(this.stoppedAt, `decoding stopped at offset ${this.stoppedAt}: ${this.stopReason}; ${this.undecoded} byte(s) after it were not decoded`, frame, false);
    }
  }
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  // Stryker disable next-line ConditionalExpression: `false` copies the one chunk instead of viewing it: the same bytes (`true`, disabled with it, drops every chunk after the first: the tests see that)
  if (chunks.length === 1) return chunks[0].subarray(0, length);
  const out = new Uint8Array(length);
  let p = 0;
  for (const c of chunks) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: without the break, later chunks add nothing: part is then c.subarray(0, 0), empty (p never passes length). (`true` and `<`, disabled with them, copy nothing: the tests see that)
    if (p >= length) break;
    const part = c.subarray(0, length - p);
    out.set(part, p);
    p += part.length;
  }
  return out;
}

const NO_DIAGNOSTICS = Object.freeze([]) as unknown as MqttCodecError[];

/**
 * The strict decoder's verdict on one whole packet: `decode` first (most packets are valid, and it
 * records no field spans); only a packet it rejects is inspected for every fault. The fields of a
 * valid packet are inspected when first read.
 */
function check(bytes: Uint8Array, options: DecodeOptions): InspectResult {
  let packet: Packet;
  try {
    packet = decode(bytes, options);
  } catch (e) {
    // Stryker disable next-line ConditionalExpression: decode throws nothing but MqttCodecError, so `true` is the same (`false`, disabled with it, rethrows a faulty packet's error: the tests see that)
    if (e instanceof MqttCodecError) return inspect(bytes, options);
    throw e;
  }
  return new Checked(packet, bytes, options);
}

/** A valid packet's {@link InspectResult}, its fields built on first read. */
class Checked implements InspectResult {
  /** None: a valid packet (one shared, frozen empty list). */
  readonly diagnostics: MqttCodecError[] = NO_DIAGNOSTICS;
  /** None: the default policy reports no warnings. */
  readonly warnings: MqttCodecError[] = NO_DIAGNOSTICS;
  readonly length: number;
  private spans: Field[] | undefined;

  constructor(
    readonly packet: Packet,
    private readonly bytes: Uint8Array,
    private readonly options: DecodeOptions,
  ) {
    this.length = bytes.length;
  }

  get fields(): Field[] {
    return (this.spans ??= inspect(this.bytes, this.options).fields);
  }

  toJSON(): InspectResult {
    return { packet: this.packet, length: this.length, fields: this.fields, diagnostics: this.diagnostics, warnings: this.warnings };
  }
}

/** A segment is a trusted boundary when it holds whole valid packets and nothing else (of `sender`, in `version`). */
function trustworthy(bytes: Uint8Array, version: ProtocolVersion, sender: Sender): boolean {
  let pos = 0;
  while (pos < bytes.length) {
    const total = frameLength(bytes, pos);
    // Stryker disable next-line ConditionalExpression,LogicalOperator,ArithmeticOperator,EqualityOperator: when these forms let a cut or unframeable packet through, it is inspected as a view cut short (empty, or ending before the packet does), which has faults, so false is returned all the same; `total <= 0` is `total < 0` because frameLength never gives 0. (`true`, disabled with them, trusts nothing: the tests see that)
    if (total < 0 || pos + total > bytes.length) return false;
    const r = inspect(bytes.subarray(pos, pos + total), { protocolVersion: version, from: sender });
    if (r.diagnostics.length > 0) return false;
    pos += total;
  }
  return pos > 0;
}
