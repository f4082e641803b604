/**
 * IPv4 (RFC 791, options skipped by the header length) and IPv6 (RFC 8200, extension headers
 * walked). Fragments are recognised and reported, not reassembled. Only what TCP needs is kept:
 * addresses, the transport protocol and its bytes (trimmed to the IP length, so Ethernet padding
 * never becomes TCP data).
 *
 * @module
 */
import { u16be } from './bytes.js';

/** A transport-layer payload found inside an IP packet. */
export interface IpPacket {
  version: 4 | 6;
  /** Printable addresses (dotted quad, or RFC 5952 IPv6). */
  src: string;
  dst: string;
  /** Transport protocol number (6 = TCP). */
  protocol: number;
  payload: Uint8Array;
}

/** A fragment (reported, not reassembled). */
export interface IpFragment {
  fragment: true;
  src: string;
  dst: string;
  protocol: number;
  /** Byte offset of this fragment in the original datagram. */
  offset: number;
  more: boolean;
}

/** What an IP packet gives: a payload, a fragment, or a reason it was skipped. */
export type IpResult = IpPacket | IpFragment | { skip: string };

const IPV6_EXTENSIONS = new Set([0, 43, 60, 135, 139, 140]);

function v4Address(b: Uint8Array, at: number): string {
  return `${b[at]}.${b[at + 1]}.${b[at + 2]}.${b[at + 3]}`;
}

/** Formats 16 bytes as an IPv6 address, the longest run of zero groups shortened to `::`. */
export function v6Address(b: Uint8Array, at: number): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(u16be(b, at + 2 * i));
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Decodes an IPv4 packet. */
export function decodeIpv4(b: Uint8Array): IpResult {
  if (b.length < 20) return { skip: 'IPv4 header cut short' };
  if (b[0] >> 4 !== 4) return { skip: 'not IPv4' };
  const headerLength = (b[0] & 0x0f) * 4;
  const total = u16be(b, 2);
  if (headerLength < 20 || headerLength > b.length) return { skip: 'IPv4 header length out of range' };
  const src = v4Address(b, 12);
  const dst = v4Address(b, 16);
  const protocol = b[9];
  const flags = b[6] >> 5;
  const fragmentOffset = (u16be(b, 6) & 0x1fff) * 8;
  const more = (flags & 1) === 1;
  if (more || fragmentOffset !== 0) return { fragment: true, src, dst, protocol, offset: fragmentOffset, more };
  // A total length of 0 is what TCP segmentation offload leaves in captures: take the frame.
  const end = total === 0 ? b.length : Math.min(total, b.length);
  if (end < headerLength) return { skip: 'IPv4 total length shorter than its header' };
  return { version: 4, src, dst, protocol, payload: b.subarray(headerLength, end) };
}

/** Decodes an IPv6 packet, walking the extension headers. */
export function decodeIpv6(b: Uint8Array): IpResult {
  if (b.length < 40) return { skip: 'IPv6 header cut short' };
  if (b[0] >> 4 !== 6) return { skip: 'not IPv6' };
  const payloadLength = u16be(b, 4);
  const end = payloadLength === 0 ? b.length : Math.min(40 + payloadLength, b.length);
  const src = v6Address(b, 8);
  const dst = v6Address(b, 24);
  let next = b[6];
  let p = 40;
  for (;;) {
    if (next === 44) {
      if (p + 8 > end) return { skip: 'IPv6 fragment header cut short' };
      const off = u16be(b, p + 2) & 0xfff8;
      return { fragment: true, src, dst, protocol: b[p], offset: off, more: (b[p + 3] & 1) === 1 };
    }
    if (next === 51) {
      if (p + 2 > end) return { skip: 'IPv6 extension header cut short' };
      const len = (b[p + 1] + 2) * 4;
      next = b[p];
      p += len;
      continue;
    }
    if (!IPV6_EXTENSIONS.has(next)) break;
    if (p + 2 > end) return { skip: 'IPv6 extension header cut short' };
    const len = (b[p + 1] + 1) * 8;
    next = b[p];
    p += len;
  }
  if (p > end) return { skip: 'IPv6 extension headers run past the packet' };
  return { version: 6, src, dst, protocol: next, payload: b.subarray(p, end) };
}
