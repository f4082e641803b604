/**
 * Byte sources for the capture reader: a capture file is read in chunks, never whole, so a 1 GB
 * capture costs one chunk of memory plus what the reader keeps on purpose.
 *
 * `ChunkReader` turns any sequence of chunks into "give me exactly n bytes"; the file formats are
 * written against it and are tested on in-memory chunks split at every awkward place.
 *
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** A producer of chunks: returns the next chunk, or `undefined` at the end of the input. */
export type ChunkSource = () => Uint8Array | undefined;

/** Default chunk size for file reads: 1 MiB. */
export const DEFAULT_CHUNK_SIZE = 1 << 20;

/**
 * Reads exactly-sized pieces from a chunked source. Returned views stay valid: chunks are never
 * reused, and a piece that spans chunks is copied.
 */
export class ChunkReader {
  private chunk: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private done = false;
  /** Bytes consumed so far (the file offset of the next byte `take` returns). */
  offset = 0;

  constructor(private readonly source: ChunkSource) {}

  /** Loads chunks until at least `n` bytes are buffered or the input ends; returns bytes buffered. */
  private fill(n: number): number {
    while (this.chunk.length - this.pos < n && !this.done) {
      const next = this.source();
      if (next === undefined) {
        this.done = true;
        break;
      }
      if (next.length === 0) continue;
      if (this.pos === this.chunk.length) {
        this.chunk = next;
      } else {
        const rest = this.chunk.subarray(this.pos);
        const joined = new Uint8Array(rest.length + next.length);
        joined.set(rest, 0);
        joined.set(next, rest.length);
        this.chunk = joined;
      }
      this.pos = 0;
    }
    return this.chunk.length - this.pos;
  }

  /**
   * The next `n` bytes, or `undefined` when the input ends first; then `remaining()` tells how
   * many bytes were left.
   */
  take(n: number): Uint8Array | undefined {
    if (this.fill(n) < n) return undefined;
    const out = this.chunk.subarray(this.pos, this.pos + n);
    this.pos += n;
    this.offset += n;
    return out;
  }

  /** Looks at the next `n` bytes without consuming them (`undefined` when fewer are left). */
  peek(n: number): Uint8Array | undefined {
    if (this.fill(n) < n) return undefined;
    return this.chunk.subarray(this.pos, this.pos + n);
  }

  /** Skips `n` bytes; returns false when the input ended first. */
  skip(n: number): boolean {
    while (n > 0) {
      const have = this.fill(Math.min(n, DEFAULT_CHUNK_SIZE));
      if (have === 0) return false;
      const step = Math.min(have, n);
      this.pos += step;
      this.offset += step;
      n -= step;
    }
    return true;
  }

  /** Bytes left in the input, reading it to its end (used only to report a damaged file). */
  remaining(): number {
    let total = this.chunk.length - this.pos;
    this.pos = this.chunk.length;
    for (let c = this.done ? undefined : this.source(); c !== undefined; c = this.source()) total += c.length;
    this.done = true;
    return total;
  }

  /** True when no byte is left. */
  atEnd(): boolean {
    return this.fill(1) === 0;
  }
}

/** Chunks of an in-memory byte array, `size` bytes at a time (tests split inputs this way). */
export function bytesSource(bytes: Uint8Array, size = bytes.length || 1): ChunkSource {
  let pos = 0;
  return () => {
    if (pos >= bytes.length) return undefined;
    const out = bytes.subarray(pos, pos + size);
    pos += out.length;
    return out;
  };
}

/**
 * Chunks of a file (or of standard input for fd 0), read with a fresh buffer per chunk. The file
 * is closed when its end is reached.
 */
export function fileSource(pathOrFd: string | number, size = DEFAULT_CHUNK_SIZE): ChunkSource {
  const fd = typeof pathOrFd === 'number' ? pathOrFd : openSync(pathOrFd, 'r');
  let open = true;
  return () => {
    if (!open) return undefined;
    const buf = new Uint8Array(size);
    let n: number;
    for (;;) {
      try {
        n = readSync(fd, buf, 0, size, null);
        break;
      } catch (e) {
        // A non-blocking standard input says "try again"; anything else is a real error.
        if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      }
    }
    if (n === 0) {
      open = false;
      if (typeof pathOrFd === 'string') closeSync(fd);
      return undefined;
    }
    return buf.subarray(0, n);
  };
}
