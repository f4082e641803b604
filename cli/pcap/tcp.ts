/**
 * The TCP header (RFC 9293, section 3.1): ports, sequence and acknowledgment numbers, flags, and
 * the payload after the data offset (options skipped).
 *
 * @module
 */

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
    srcPort: (b[0] << 8) | b[1],
    dstPort: (b[2] << 8) | b[3],
    seq: ((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) >>> 0,
    ack: ((b[8] << 24) | (b[9] << 16) | (b[10] << 8) | b[11]) >>> 0,
    fin: (flags & 0x01) !== 0,
    syn: (flags & 0x02) !== 0,
    rst: (flags & 0x04) !== 0,
    ackFlag: (flags & 0x10) !== 0,
    payload: b.subarray(dataOffset),
  };
}
