/**
 * Classic pcap (the libpcap format): a 24-byte file header, then records of a 16-byte header and
 * the captured bytes. Either byte order (the magic number tells), microsecond (0xa1b2c3d4) or
 * nanosecond (0xa1b23c4d) timestamps. Layout: draft-ietf-opsawg-pcap, sections 4 and 5.
 *
 * @module
 */
import { type CaptureItem, u16, u32 } from './capture.js';
import type { ChunkReader } from './source.js';

/** Largest record accepted: a larger length means a damaged file, not a big frame. */
export const MAX_RECORD = 256 * 1024 * 1024;

/** Reads a classic pcap file (the caller has checked the magic number). */
export function* readClassic(reader: ChunkReader): Generator<CaptureItem> {
  const header = reader.take(24);
  if (header === undefined) {
    yield { kind: 'problem', offset: 0, message: `the pcap file header is cut short (${reader.remaining()} of 24 bytes)`, fatal: true };
    return;
  }
  const little = header[0] === 0xd4 || header[0] === 0x4d;
  const nano = u32(header, 0, little) === 0xa1b23c4d;
  const major = u16(header, 4, little);
  // The link type is the low 16 bits; the upper bits of the field may carry FCS information.
  const linkType = u32(header, 20, little) & 0xffff;
  const timeDigits = nano ? 9 : 6;
  yield { kind: 'info', format: 'pcap', byteOrder: little ? 'little' : 'big', interfaces: [{ linkType, timeDigits }] };
  if (major !== 2) {
    yield { kind: 'problem', offset: 4, message: `unsupported pcap version ${major}`, fatal: true };
    return;
  }
  let number = 0;
  for (;;) {
    const at = reader.offset;
    if (reader.atEnd()) return;
    const rec = reader.take(16);
    if (rec === undefined) {
      yield { kind: 'problem', offset: at, message: `record ${number + 1}: header cut short (${reader.remaining()} of 16 bytes); the capture ends here`, fatal: true };
      return;
    }
    const sec = u32(rec, 0, little);
    const frac = u32(rec, 4, little);
    const captured = u32(rec, 8, little);
    const original = u32(rec, 12, little);
    if (captured > MAX_RECORD) {
      yield { kind: 'problem', offset: at, message: `record ${number + 1}: captured length ${captured} is not believable; the file is damaged here`, fatal: true };
      return;
    }
    const data = reader.take(captured);
    if (data === undefined) {
      yield { kind: 'problem', offset: at, message: `record ${number + 1}: ${reader.remaining()} of ${captured} bytes present; the capture is cut short here`, fatal: true };
      return;
    }
    number++;
    const timeNs = BigInt(sec) * 1_000_000_000n + BigInt(frac) * (nano ? 1n : 1000n);
    yield { kind: 'frame', number, timeNs, timeDigits, linkType, interfaceId: 0, data, originalLength: original };
  }
}
