/**
 * The TCP header (RFC 9293, section 3.1): ports, sequence and acknowledgment numbers, flags, and
 * where the payload starts after the data offset (options skipped).
 *
 * @module
 */
import { u16be, u32be } from './bytes.js';
import type { Dissection } from './dissection.js';

/** TCP flag bit: no more data from the sender. */
export const FIN = 0x01;
/** TCP flag bit: synchronise sequence numbers (a connection's start). */
export const SYN = 0x02;
/** TCP flag bit: reset the connection. */
export const RST = 0x04;
/** TCP flag bit: the acknowledgment number is significant. */
export const ACK = 0x10;

/** Decodes the TCP header at `d.transportStart` into `d`; returns why it could not be, if it could not. */
export function decodeTcp(d: Dissection): string | undefined {
  const b = d.data;
  const s = d.transportStart;
  if (d.ipEnd - s < 20) return 'TCP header cut short';
  const dataOffset = (b[s + 12] >> 4) * 4;
  if (dataOffset < 20 || s + dataOffset > d.ipEnd) return 'TCP data offset out of range';
  d.srcPort = u16be(b, s);
  d.dstPort = u16be(b, s + 2);
  d.seq = u32be(b, s + 4);
  d.ack = u32be(b, s + 8);
  d.flags = b[s + 13];
  d.payloadStart = s + dataOffset;
  return undefined;
}
