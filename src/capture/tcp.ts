/**
 * The TCP header (RFC 9293, section 3.1): ports, sequence and acknowledgment numbers, flags, and
 * the payload after the data offset (options skipped).
 *
 * @module
 */
import { u16be, u32be } from './bytes.js';

/** A decoded TCP segment. */
export interface TcpSegment {
  srcPort: number;
  dstPort: number;
  /** Sequence number of the first byte (of the SYN, when `syn`). */
  seq: number;
  ack: number;
  syn: boolean;
  fin: boolean;
  rst: boolean;
  ackFlag: boolean;
  payload: Uint8Array;
}

/** Decodes a TCP segment; a string says why it could not be. */
export function decodeTcp(b: Uint8Array): TcpSegment | string {
  if (b.length < 20) return 'TCP header cut short';
  const dataOffset = (b[12] >> 4) * 4;
  if (dataOffset < 20 || dataOffset > b.length) return 'TCP data offset out of range';
  const flags = b[13];
  return {
    srcPort: u16be(b, 0),
    dstPort: u16be(b, 2),
    seq: u32be(b, 4),
    ack: u32be(b, 8),
    fin: (flags & 0x01) !== 0,
    syn: (flags & 0x02) !== 0,
    rst: (flags & 0x04) !== 0,
    ackFlag: (flags & 0x10) !== 0,
    payload: b.subarray(dataOffset),
  };
}
