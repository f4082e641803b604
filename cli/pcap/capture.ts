/**
 * Capture files: detects classic pcap or pcapng from the first four bytes and yields the frames
 * in file order. The formats themselves live in `pcap-classic.ts` and `pcapng.ts`.
 *
 * @module
 */
import { readClassic } from './pcap-classic.js';
import { readPcapng } from './pcapng.js';
import type { ChunkReader } from './source.js';

/** One captured frame. */
export interface Frame {
  /** 1-based number of the frame in the file (as tshark's frame.number). */
  number: number;
  /** Capture time in nanoseconds since 1970-01-01 UTC. */
  timeNs: bigint;
  /** Digits after the second that the file's resolution carries (6 for µs, 9 for ns). */
  timeDigits: number;
  /** The link-layer header type (LINKTYPE_* number) of the frame's interface. */
  linkType: number;
  /** Interface index inside the file (always 0 for classic pcap). */
  interfaceId: number;
  /** The bytes captured (may be fewer than `originalLength` when the snapshot length cut it). */
  data: Uint8Array;
  /** Length of the frame on the wire. */
  originalLength: number;
}

/** When a frame was captured: its number and time (what events are stamped with). */
export interface Stamp {
  /** 1-based frame number. */
  frame: number;
  /** Nanoseconds since 1970-01-01 UTC. */
  timeNs: bigint;
  /** Fractional digits the file's resolution carries. */
  timeDigits: number;
}

/** A problem with the file itself: damage, an unknown format, a truncated last record. */
export interface CaptureProblem {
  kind: 'problem';
  /** File offset where the damage starts. */
  offset: number;
  message: string;
  /** True when reading stopped here. */
  fatal: boolean;
}

/** Description of the file, produced once its header is read. */
export interface CaptureInfo {
  kind: 'info';
  format: 'pcap' | 'pcapng';
  /** For pcap: 'big' or 'little' endian; for pcapng: of the first section. */
  byteOrder: 'big' | 'little';
  /** Interfaces (one for classic pcap): link type and timestamp digits. */
  interfaces: { linkType: number; timeDigits: number; name?: string }[];
}

/** What reading a capture yields, in file order. */
export type CaptureItem = ({ kind: 'frame' } & Frame) | CaptureProblem | CaptureInfo;

/**
 * Reads a capture file from `reader`. Never throws on bad input: damage is yielded as a
 * {@link CaptureProblem} (fatal ones end the sequence).
 */
export function* readCapture(reader: ChunkReader): Generator<CaptureItem> {
  const magic = reader.peek(4);
  if (magic === undefined) {
    yield { kind: 'problem', offset: 0, message: `the file is too short to be a capture (${reader.remaining()} byte(s))`, fatal: true };
    return;
  }
  const be = ((magic[0] << 24) | (magic[1] << 16) | (magic[2] << 8) | magic[3]) >>> 0;
  if (be === 0x0a0d0d0a) yield* readPcapng(reader);
  else if (be === 0xa1b2c3d4 || be === 0xd4c3b2a1 || be === 0xa1b23c4d || be === 0x4d3cb2a1) yield* readClassic(reader);
  else {
    const hex = Array.from(magic, (b) => b.toString(16).padStart(2, '0')).join('');
    yield { kind: 'problem', offset: 0, message: `not a pcap or pcapng file (first bytes ${hex})`, fatal: true };
  }
}

/** Reads an unsigned 32-bit integer in the given byte order. */
export function u32(b: Uint8Array, at: number, little: boolean): number {
  return little
    ? (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0
    : ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

/** Reads an unsigned 16-bit integer in the given byte order. */
export function u16(b: Uint8Array, at: number, little: boolean): number {
  return little ? b[at] | (b[at + 1] << 8) : (b[at] << 8) | b[at + 1];
}
