/**
 * Capture files: detects classic pcap or pcapng from the first four bytes and yields the frames
 * in file order, from chunks pushed in any sizes. The formats themselves live in
 * `pcap-classic.ts` and `pcapng.ts`.
 *
 * @module
 */
import { hexBytes, u32be } from './bytes.js';
import { ClassicReader } from './pcap-classic.js';
import { PcapngReader } from './pcapng.js';
import { ByteQueue } from './queue.js';
import type { CaptureProblem, FileItem } from './types.js';

/** Reads a capture file pushed in chunks. Never throws on bad input: damage is a {@link CaptureProblem}. */
export class CaptureFile {
  private readonly queue = new ByteQueue();
  private format: ClassicReader | PcapngReader | undefined;
  private failed = false;

  /** Bytes pushed so far. */
  bytesIn = 0;

  /** Appends a chunk of the file (kept by reference until read: do not modify it). */
  push(chunk: Uint8Array): void {
    this.bytesIn += chunk.length;
    // After a fatal problem nothing more is read: the bytes are dropped, not held.
    if (!this.stopped) this.queue.push(chunk);
  }

  /** True once reading has stopped for good (a fatal problem). */
  get stopped(): boolean {
    return this.failed || (this.format !== undefined && this.format.stopped);
  }

  /**
   * The next item the bytes pushed so far hold, or undefined when more bytes are needed. A frame
   * may be an object the reader refills for the next frame: use it before asking again.
   */
  next(): FileItem | undefined {
    if (this.format === undefined) {
      if (this.failed || !this.queue.ensure(4)) return undefined;
      const magic = u32be(this.queue.buf, this.queue.pos);
      if (magic === 0x0a0d0d0a) this.format = new PcapngReader();
      else if (magic === 0xa1b2c3d4 || magic === 0xd4c3b2a1 || magic === 0xa1b23c4d || magic === 0x4d3cb2a1) this.format = new ClassicReader();
      else {
        this.failed = true;
        return { kind: 'problem', offset: 0, message: `not a pcap or pcapng file (first bytes ${hexBytes(this.queue.buf.subarray(this.queue.pos, this.queue.pos + 4)).replace(/ /g, '')})`, fatal: true };
      }
    }
    return this.format.next(this.queue);
  }

  /** The input has ended: the problem with what was left unread (a truncated record), if any. */
  end(): CaptureProblem | undefined {
    if (this.format !== undefined) return this.format.end(this.queue);
    if (this.failed) return undefined;
    this.failed = true;
    return { kind: 'problem', offset: 0, message: `the file is too short to be a capture (${this.queue.available} byte(s))`, fatal: true };
  }
}

/** Every item of a capture given as chunks (tests, and callers that hold the whole file). */
export function* fileItems(chunks: Iterable<Uint8Array>): Generator<FileItem> {
  const file = new CaptureFile();
  for (const chunk of chunks) {
    file.push(chunk);
    // A copy of each item: a frame may be an object the reader refills for the next one.
    for (let item = file.next(); item !== undefined; item = file.next()) yield { ...item };
  }
  const last = file.end();
  if (last !== undefined) yield last;
}

/** Splits `bytes` into views of `size` bytes (the last may be shorter). */
export function* chunksOf(bytes: Uint8Array, size = bytes.length || 1): Generator<Uint8Array> {
  for (let p = 0; p < bytes.length; p += size) yield bytes.subarray(p, p + size);
}
