/**
 * Where the layers of one frame lie. The link, IP and TCP decoders fill one `Dissection` in place
 * (offsets into the frame's bytes, numbers), and the analyzer reuses it frame after frame: the
 * per-frame path allocates no object for its headers and no string for its addresses until a
 * connection is new.
 *
 * @module
 */
import { v6Address } from './ip-address.js';

/** The layers of one frame, as offsets into `data` and header fields. */
export interface Dissection {
  /** The bytes holding the frame (the frame is `data[…, frameEnd)`; every offset below is an index into `data`). */
  data: Uint8Array;
  /** Where the frame's bytes end in `data`. */
  frameEnd: number;
  /** IP version found by the link layer. */
  ipVersion: 4 | 6;
  /** Where the IP header starts in `data`. */
  ipStart: number;
  /** Where the IP packet ends (trimmed to its length field, so padding is never payload). */
  ipEnd: number;
  /** Where the source and destination addresses are (4 or 16 bytes). */
  srcAt: number;
  dstAt: number;
  /** Transport protocol number (6 = TCP). */
  protocol: number;
  /** True for an IP fragment (reported, not reassembled). */
  fragment: boolean;
  /** A fragment's byte offset in its datagram, and whether more follow. */
  fragmentOffset: number;
  moreFragments: boolean;
  /** Where the transport header starts. */
  transportStart: number;
  /** TCP ports, sequence and acknowledgment numbers, flag bits (FIN 0x01, SYN 0x02, RST 0x04, ACK 0x10). */
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: number;
  /** Where the TCP payload starts (it ends at `ipEnd`). */
  payloadStart: number;
}

/** A fresh dissection to fill. */
export function dissection(): Dissection {
  return {
    // Stryker disable next-line BooleanLiteral: decodeIp writes `fragment` on every path that returns no skip reason, and nothing reads it after a skip
    data: new Uint8Array(0), frameEnd: 0, ipVersion: 4, ipStart: 0, ipEnd: 0, srcAt: 0, dstAt: 0, protocol: 0, fragment: false, fragmentOffset: 0,
    // Stryker disable next-line BooleanLiteral: `moreFragments` is read only when `fragment` is true, and decodeIp writes both together then
    moreFragments: false, transportStart: 0, srcPort: 0, dstPort: 0, seq: 0, ack: 0, flags: 0, payloadStart: 0,
  };
}

/** The printable address at `at` (dotted quad, or RFC 5952 IPv6). */
export function addressAt(d: Dissection, at: number): string {
  const b = d.data;
  return d.ipVersion === 4 ? `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}` : v6Address(b, at);
}
