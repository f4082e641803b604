/**
 * TCP reassembly of one direction of one connection, by sequence number. Segments may arrive out
 * of order, twice, or overlapping; the bytes come out once each, in stream order, as soon as they
 * are contiguous. Out-of-order bytes wait in a heap by offset (linear-logarithmic in the number of
 * segments, whatever their order) of at most `limit` bytes, each segment counted with its
 * overhead: when it would overflow, the hole before the first waiting segment is declared a gap
 * and reading goes on after it. At the end of the capture every hole still open is a gap.
 *
 * Stream offsets count bytes from the first data byte (the byte after the SYN, or the first byte
 * seen when the capture starts mid-connection); sequence numbers wrap at 2^32, offsets do not.
 *
 * @module
 */

import { MinHeap } from './heap.js';
import type { ReassemblyStats, Stamp } from './types.js';

/** What reassembly delivers: bytes in order, and the holes between them. */
export interface StreamSink {
  /**
   * Contiguous bytes at stream offset `offset`. `segmentStart` is true when they begin where a
   * segment began (not where an overlap was cut off): a place a sender may have started a write.
   * `frame` is the capture frame whose arrival made them contiguous (for bytes after a gap
   * declared at the end of the capture: the frame that carried them).
   */
  data(bytes: Uint8Array, offset: number, segmentStart: boolean, frame: Stamp): void;
  /** `length` bytes at `offset` were never captured. */
  gap(offset: number, length: number, frame: Stamp): void;
}

interface Waiting {
  offset: number;
  bytes: Uint8Array;
  /** The frame that carried it. */
  frame: Stamp;
  /** Arrival order: of two segments at one offset, the first to arrive comes out first. */
  order: number;
}

/** What one waiting segment costs beyond its bytes (the record, the view): counted against the limit. */
export const SEGMENT_COST = 64;

/** Which of two waiting segments comes out first: the lower offset, then the first to arrive. */
function earlier(a: Waiting, b: Waiting): boolean {
  // Stryker disable next-line EqualityOperator: `<=` is equivalent: arrival orders are unique and the heap never compares a segment with itself. (`>=`, disabled with it, lets the last to arrive win; the tests see that.)
  const firstToArrive = a.order < b.order;
  return a.offset < b.offset || (a.offset === b.offset && firstToArrive);
}

/** The empty heap every direction starts with (never pushed to: a direction makes its own). */
const NO_WAITING = new MinHeap<Waiting>(earlier);

/** Reassembles one direction. */
export class Reassembler {
  /** Sequence number of stream offset 0, once known. */
  private base: number | undefined;
  /** Stream offset of the next byte to deliver. */
  next = 0;
  /** Out-of-order segments (made when the first one comes). */
  private waiting: MinHeap<Waiting> = NO_WAITING;
  private arrivals = 0;
  /** Bytes held out of order. */
  waitingBytes = 0;
  /** Stream offset just past the FIN, once seen. */
  finOffset: number | undefined;
  readonly stats: ReassemblyStats = { segments: 0, outOfOrder: 0, duplicateBytes: 0, gapBytes: 0 };

  constructor(
    private readonly sink: StreamSink,
    /** Most bytes held out of order before a gap is declared. */
    private readonly limit: number,
  ) {}

  /** True once the stream's start is known. */
  get started(): boolean {
    return this.base !== undefined;
  }

  /** Stream offset of sequence number `seq`, unwrapped around the next expected byte. */
  private offsetOf(seq: number): number {
    const rel = (seq - (this.base as number)) >>> 0;
    // `| 0` (ToInt32) takes the difference modulo 2^32 into [-2^31, 2^31), exactly for any whole
    // number below 2^53: the signed distance from the next offset, however far past 4 GiB it is.
    return this.next + ((rel - this.next) | 0);
  }

  /** Takes one segment of this direction (captured in frame number `frame`). */
  add(seq: number, payload: Uint8Array, syn: boolean, fin: boolean, frame: Stamp): void {
    if (syn) {
      if (this.base === undefined) this.base = (seq + 1) >>> 0;
      seq = (seq + 1) >>> 0;
    } else if (this.base === undefined) {
      this.base = seq;
    }
    const offset = this.offsetOf(seq);
    if (fin) this.finOffset = offset + payload.length;
    if (payload.length === 0) return;
    this.stats.segments++;
    this.place(offset, payload, true, frame);
    // What waited behind it, in a loop (never by recursion: 300,000 segments may be waiting).
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; draining an empty heap finds nothing to drain (the condition only saves the call). (`false` and `<= 0`, disabled with them, leave contiguous segments waiting; the tests see that.)
    if (this.waiting.size > 0) this.drain(frame);
  }

  private place(offset: number, bytes: Uint8Array, segmentStart: boolean, frame: Stamp): void {
    const end = offset + bytes.length;
    if (end <= this.next) {
      this.stats.duplicateBytes += bytes.length;
      return;
    }
    if (offset < this.next) {
      this.stats.duplicateBytes += this.next - offset;
      bytes = bytes.subarray(this.next - offset);
      offset = this.next;
      segmentStart = false;
    }
    if (offset > this.next) {
      this.hold(offset, bytes, frame);
      return;
    }
    this.next = end;
    this.sink.data(bytes, offset, segmentStart, frame);
  }

  private hold(offset: number, bytes: Uint8Array, frame: Stamp): void {
    this.stats.outOfOrder++;
    // Copied: the frame's bytes belong to a file chunk that should not stay alive. A repeat of a
    // waiting segment is counted as duplicate bytes when it comes out.
    if (this.waiting === NO_WAITING) this.waiting = new MinHeap<Waiting>(earlier);
    this.waiting.push({ offset, bytes: bytes.slice(), frame, order: this.arrivals++ });
    this.waitingBytes += bytes.length;
    while (this.waitingBytes + this.waiting.size * SEGMENT_COST > this.limit && this.waiting.size > 0) this.skipToWaiting(frame);
  }

  /** Delivers waiting segments that have become contiguous. */
  private drain(frame: Stamp): void {
    for (let w = this.waiting.peek(); w !== undefined && w.offset <= this.next; w = this.waiting.peek()) {
      this.waiting.pop();
      this.waitingBytes -= w.bytes.length;
      // Held segments are whole ones: one that starts at the next byte is a segment start, and
      // place clears the flag for one that overlaps what was delivered.
      this.place(w.offset, w.bytes, true, frame);
    }
  }

  /** Declares the hole before the first waiting segment a gap and delivers what follows it. */
  private skipToWaiting(frame: Stamp): void {
    const first = this.waiting.peek() as Waiting;
    const length = first.offset - this.next;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent; segments are held only past the next byte and every advance of it drains those it reaches, so the first waiting one always starts after it (length > 0). (`false` and `<= 0`, disabled with them, never skip: the tests time out.)
    if (length > 0) {
      this.stats.gapBytes += length;
      this.sink.gap(this.next, length, frame);
      this.next = first.offset;
    }
    this.drain(frame);
  }

  /** End of the capture: every hole still open becomes a gap. */
  finish(): void {
    for (let w = this.waiting.peek(); w !== undefined; w = this.waiting.peek()) this.skipToWaiting(w.frame);
  }
}
