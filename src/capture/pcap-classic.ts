/**
 * Classic pcap (the libpcap format): a 24-byte file header, then records of a 16-byte header and
 * the captured bytes. Either byte order (the magic number tells), microsecond (0xa1b2c3d4) or
 * nanosecond (0xa1b23c4d) timestamps. Layout: draft-ietf-opsawg-pcap, sections 4 and 5.
 *
 * @module
 */
import { MAX_RECORD, u16, u32 } from './bytes.js';
import type { ByteQueue } from './queue.js';
import type { CaptureProblem, FileItem, Frame } from './types.js';

/**
 * Reads a classic pcap file record by record from a {@link ByteQueue} (the caller has checked the
 * magic number). The frame it returns is one object refilled for each record: use it (or copy it)
 * before asking for the next.
 */
export class ClassicReader {
  // Stryker disable next-line BooleanLiteral: header() sets it before any record is read (and end() reads no record before the header)
  private little = true;
  // Stryker disable next-line BooleanLiteral: header() sets it before any record is read
  private nano = false;
  private linkType = 0;
  private started = false;
  /** A problem found with the item before it, delivered next. */
  private queued: CaptureProblem | undefined;
  /** True once reading has stopped for good. */
  stopped = false;
  /** Frames read so far. */
  number = 0;
  private readonly frame: Frame = { kind: 'frame', number: 0, seconds: 0, nanos: 0, timeDigits: 6, linkType: 0, interfaceId: 0, data: new Uint8Array(0), start: 0, end: 0, originalLength: 0 };

  /** The next item the buffered bytes hold, or undefined when more bytes are needed (or reading stopped). */
  next(q: ByteQueue): FileItem | undefined {
    if (this.queued !== undefined) {
      const p = this.queued;
      this.queued = undefined;
      return p;
    }
    if (this.stopped) return undefined;
    if (!this.started) return this.header(q);
    if (!q.ensure(16)) return undefined;
    const b = q.buf;
    const p = q.pos;
    const little = this.little;
    const captured = u32(b, p + 8, little);
    if (captured > MAX_RECORD) {
      return this.fail({ kind: 'problem', offset: q.offset, message: `record ${this.number + 1}: captured length ${captured} is not believable; the file is damaged here`, fatal: true });
    }
    if (q.available < 16 + captured) return undefined;
    const sec = u32(b, p, little);
    const frac = u32(b, p + 4, little);
    const original = u32(b, p + 12, little);
    let data: Uint8Array;
    let start = 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: `false` and `>` send a record that lies in one chunk to the other branch, where take() gives a view of the same bytes of the chunk (ensure copies only bytes that span chunks): speed only. (`true` and `<`, disabled with them, cut records that span chunks; the tests see that.)
    if (b.length - p >= 16 + captured) {
      // The whole record is in this chunk (the usual case): a range of the chunk, no view made.
      data = b;
      start = p + 16;
      q.advance(16 + captured);
    } else {
      q.advance(16);
      data = q.take(captured) as Uint8Array;
    }
    this.number++;
    let nanos = this.nano ? frac : frac * 1000;
    let seconds = sec;
    // Stryker disable next-line ConditionalExpression: `true` also normalises a fraction under a second, which floor and % leave as it is: the same values. (`false`, disabled with it, keeps a fraction of a second or more; the tests see that.)
    if (nanos >= 1e9) {
      seconds += Math.floor(nanos / 1e9);
      nanos %= 1e9;
    }
    // One frame object, refilled: the caller uses a frame before asking for the next item.
    const f = this.frame;
    f.number = this.number;
    f.seconds = seconds;
    f.nanos = nanos;
    f.timeDigits = this.nano ? 9 : 6;
    f.linkType = this.linkType;
    f.data = data;
    f.start = start;
    f.end = start + captured;
    f.originalLength = original;
    return f;
  }

  private header(q: ByteQueue): FileItem | undefined {
    const header = q.take(24);
    if (header === undefined) return undefined;
    this.started = true;
    this.little = header[0] === 0xd4 || header[0] === 0x4d;
    this.nano = u32(header, 0, this.little) === 0xa1b23c4d;
    const major = u16(header, 4, this.little);
    // The link type is the low 16 bits; the upper bits of the field may carry FCS information.
    this.linkType = u32(header, 20, this.little) & 0xffff;
    if (major !== 2) {
      this.queued = { kind: 'problem', offset: 4, message: `unsupported pcap version ${major}`, fatal: true };
      this.stopped = true;
    }
    return { kind: 'info', format: 'pcap', byteOrder: this.little ? 'little' : 'big', interfaces: [{ linkType: this.linkType, timeDigits: this.nano ? 9 : 6 }] };
  }

  private fail(p: CaptureProblem): CaptureProblem {
    this.stopped = true;
    return p;
  }

  /** The input ended: the problem with the bytes left over, if any. */
  end(q: ByteQueue): CaptureProblem | undefined {
    if (this.stopped || q.available === 0) return undefined;
    const left = q.available;
    if (!this.started) return { kind: 'problem', offset: 0, message: `the pcap file header is cut short (${left} of 24 bytes)`, fatal: true };
    const at = q.offset;
    if (left < 16) return { kind: 'problem', offset: at, message: `record ${this.number + 1}: header cut short (${left} of 16 bytes); the capture ends here`, fatal: true };
    q.ensure(16);
    const captured = u32(q.buf, q.pos + 8, this.little);
    return { kind: 'problem', offset: at, message: `record ${this.number + 1}: ${left - 16} of ${captured} bytes present; the capture is cut short here`, fatal: true };
  }
}
