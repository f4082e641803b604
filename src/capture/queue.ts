/**
 * The bytes pushed in and not yet read, as a queue of chunks: the file formats read "the next n
 * bytes" from it whatever the chunking. Bytes are copied only when a record spans chunks (then
 * exactly the record's bytes are), so a record inside a chunk is a view of it.
 *
 * @module
 */

const EMPTY = new Uint8Array(0);

/** A queue of pushed chunks read front to back. */
export class ByteQueue {
  /** The chunk being read; the next byte is `buf[pos]`. */
  buf: Uint8Array = EMPTY;
  /** Position of the next byte in `buf`. */
  pos = 0;
  /** Chunks after `buf`, from index `head`. */
  private rest: Uint8Array[] = [];
  private head = 0;
  /** Bytes buffered (in `buf` from `pos`, and in the chunks after it). */
  available = 0;
  /** Bytes read so far: the file offset of `buf[pos]`. */
  offset = 0;

  /** Appends a chunk (kept by reference: do not modify it afterwards). */
  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // A subclass of Uint8Array makes every later `subarray` of it one too, through its own species
    // constructor (measured twice the cost of a plain view): hold a plain Uint8Array.
    // Stryker disable next-line ConditionalExpression: `true` also wraps a plain Uint8Array in a new view of the same memory at the same place: the same bytes, still no copy (`false`, disabled with it, keeps a subclass: the tests see that)
    if (chunk.constructor !== Uint8Array) chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length);
    this.available += chunk.length;
    // Read to its end, `buf` has no chunk after it: advance() moves to the next chunk as soon as one
    // ends, and ensure() leaves a copy that is not read to its end.
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
      this.pos = 0;
      this.rest.length = 0;
      this.head = 0;
    } else this.rest.push(chunk);
  }

  /**
   * Makes the next `n` bytes contiguous in `buf` from `pos` (copying them when they span chunks);
   * false when fewer than `n` are buffered.
   */
  ensure(n: number): boolean {
    if (this.buf.length - this.pos >= n) return true;
    if (this.available < n) return false;
    const out = new Uint8Array(n);
    let filled = this.buf.length - this.pos;
    out.set(this.buf.subarray(this.pos), 0);
    while (filled < n) {
      const c = this.rest[this.head];
      const need = n - filled;
      if (c.length <= need) {
        out.set(c, filled);
        filled += c.length;
        this.head++;
      } else {
        out.set(c.subarray(0, need), filled);
        filled = n;
        this.rest[this.head] = c.subarray(need);
      }
    }
    this.buf = out;
    this.pos = 0;
    // Compact the list now and then so it does not grow with the number of chunks read.
    // Stryker disable next-line ConditionalExpression,EqualityOperator,BlockStatement: compacting, sooner, later or never, only bounds the list's memory: the chunks from `head` on, and their order, stay the same
    if (this.head > 64) {
      this.rest = this.rest.slice(this.head);
      this.head = 0;
    }
    // The copied bytes are still counted as buffered until advanced over.
    return true;
  }

  /** Moves past `n` bytes made contiguous by {@link ensure}. */
  advance(n: number): void {
    this.pos += n;
    this.offset += n;
    this.available -= n;
    if (this.pos >= this.buf.length) this.nextChunk();
  }

  /** The next `n` bytes as a view (copied only when they span chunks), or undefined when fewer are buffered. */
  take(n: number): Uint8Array | undefined {
    if (!this.ensure(n)) return undefined;
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.advance(n);
    return out;
  }

  private nextChunk(): void {
    if (this.head < this.rest.length) {
      this.buf = this.rest[this.head];
      this.rest[this.head++] = EMPTY;
    } else {
      this.buf = EMPTY;
      this.rest.length = 0;
      this.head = 0;
    }
    this.pos = 0;
  }
}
