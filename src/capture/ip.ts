/**
 * IPv4 (RFC 791, options skipped by the header length) and IPv6 (RFC 8200, extension headers
 * walked). Fragments are recognised and reported, not reassembled. Only what TCP needs is kept:
 * where the addresses are, the transport protocol and where its bytes are (trimmed to the IP
 * length, so Ethernet padding never becomes TCP data).
 *
 * @module
 */
import { u16be } from './bytes.js';
import type { Dissection } from './dissection.js';

const IPV6_EXTENSIONS = new Set([0, 43, 60, 135, 139, 140]);

/** Decodes the IP header at `d.ipStart` (version `d.ipVersion`) into `d`; returns why the packet is skipped, if it is. */
export function decodeIp(d: Dissection): string | undefined {
  return d.ipVersion === 4 ? decodeIpv4(d) : decodeIpv6(d);
}

function decodeIpv4(d: Dissection): string | undefined {
  const b = d.data;
  const s = d.ipStart;
  const n = d.frameEnd - s;
  if (n < 20) return 'IPv4 header cut short';
  if (b[s] >> 4 !== 4) return 'not IPv4';
  const headerLength = (b[s] & 0x0f) * 4;
  const total = u16be(b, s + 2);
  if (headerLength < 20 || headerLength > n) return 'IPv4 header length out of range';
  d.srcAt = s + 12;
  d.dstAt = s + 16;
  d.protocol = b[s + 9];
  const fragmentOffset = (u16be(b, s + 6) & 0x1fff) * 8;
  const more = (b[s + 6] & 0x20) !== 0;
  d.fragment = more || fragmentOffset !== 0;
  d.fragmentOffset = fragmentOffset;
  d.moreFragments = more;
  // A total length of 0 is what TCP segmentation offload leaves in captures: take the frame.
  const end = total === 0 ? n : Math.min(total, n);
  if (end < headerLength) return 'IPv4 total length shorter than its header';
  d.transportStart = s + headerLength;
  d.ipEnd = s + end;
  return undefined;
}

function decodeIpv6(d: Dissection): string | undefined {
  const b = d.data;
  const s = d.ipStart;
  const frameEnd = d.frameEnd;
  if (frameEnd - s < 40) return 'IPv6 header cut short';
  if (b[s] >> 4 !== 6) return 'not IPv6';
  const payloadLength = u16be(b, s + 4);
  const end = payloadLength === 0 ? frameEnd : Math.min(s + 40 + payloadLength, frameEnd);
  d.srcAt = s + 8;
  d.dstAt = s + 24;
  d.fragment = false;
  let next = b[s + 6];
  let p = s + 40;
  for (;;) {
    if (next === 44) {
      if (p + 8 > end) return 'IPv6 fragment header cut short';
      d.fragment = true;
      d.protocol = b[p];
      d.fragmentOffset = u16be(b, p + 2) & 0xfff8;
      d.moreFragments = (b[p + 3] & 1) === 1;
      return undefined;
    }
    if (next === 51) {
      if (p + 2 > end) return 'IPv6 extension header cut short';
      const len = (b[p + 1] + 2) * 4;
      next = b[p];
      p += len;
      continue;
    }
    if (!IPV6_EXTENSIONS.has(next)) break;
    if (p + 2 > end) return 'IPv6 extension header cut short';
    const len = (b[p + 1] + 1) * 8;
    next = b[p];
    p += len;
  }
  if (p > end) return 'IPv6 extension headers run past the packet';
  d.protocol = next;
  d.transportStart = p;
  d.ipEnd = end;
  return undefined;
}
