/**
 * Link layers: finds the IP packet inside a captured frame. Supported LINKTYPE_ values:
 * 1 Ethernet (with 802.1Q / 802.1ad VLAN tags), 113 Linux cooked capture v1 (SLL), 276 Linux
 * cooked capture v2 (SLL2), 0 BSD null/loopback (address family in the capturing host's byte
 * order), 108 OpenBSD loopback (network byte order), 101 / 12 / 14 raw IP, 228 raw IPv4,
 * 229 raw IPv6.
 *
 * @module
 */
import { u16be, u32, u32be } from './bytes.js';
import type { Dissection } from './dissection.js';

/** Link-type numbers and their names (tshark's names where it has one). */
export const LINK_TYPES: Readonly<Record<number, string>> = {
  0: 'BSD loopback (null)',
  1: 'Ethernet',
  12: 'raw IP',
  14: 'raw IP',
  101: 'raw IP',
  108: 'OpenBSD loopback',
  113: 'Linux cooked capture v1',
  228: 'raw IPv4',
  229: 'raw IPv6',
  276: 'Linux cooked capture v2',
};

const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const VLAN_TAGS = new Set([0x8100, 0x88a8, 0x9100]);

/** BSD address-family values for IPv6 (BSDs disagree) and Linux's. */
const AF_INET = 2;
const AF_INET6 = new Set([10, 24, 28, 30]);

function ip(d: Dissection, version: 4 | 6, at: number): undefined {
  d.ipVersion = version;
  d.ipStart = at;
  return undefined;
}

function byEthertype(d: Dissection, type: number, at: number): string | undefined {
  if (type === ETHERTYPE_IPV4) return ip(d, 4, at);
  if (type === ETHERTYPE_IPV6) return ip(d, 6, at);
  return `ethertype 0x${type.toString(16).padStart(4, '0')}`;
}

function byFamily(d: Dissection, family: number, at: number): string | undefined {
  if (family === AF_INET) return ip(d, 4, at);
  if (AF_INET6.has(family)) return ip(d, 6, at);
  return `address family ${family}`;
}

function byVersionNibble(d: Dissection, at: number): string | undefined {
  // An empty frame has no version nibble: the byte at `at` may be the next frame's.
  const v = d.frameEnd > at ? d.data[at] >> 4 : 0;
  return v === 4 || v === 6 ? ip(d, v, at) : `raw packet with IP version ${v}`;
}

/**
 * Finds the IP packet in the frame `data[start, end)` of link type `linkType`: sets `d.data`,
 * `d.frameEnd`, `d.ipVersion` and `d.ipStart`; returns why the frame carries no IP packet (a
 * reason for a count, not an error).
 */
export function decodeLink(linkType: number, data: Uint8Array, start: number, end: number, d: Dissection): string | undefined {
  const short = 'frame shorter than its link-layer header';
  const n = end - start;
  d.data = data;
  d.frameEnd = end;
  switch (linkType) {
    case 1: {
      if (n < 14) return short;
      let p = start + 12;
      let type = u16be(data, p);
      while (VLAN_TAGS.has(type)) {
        p += 4;
        if (p + 2 > end) return short;
        type = u16be(data, p);
      }
      if (type <= 1500) return '802.3 frame (length, not ethertype)';
      return byEthertype(d, type, p + 2);
    }
    case 113:
      if (n < 16) return short;
      return byEthertype(d, u16be(data, start + 14), start + 16);
    case 276:
      if (n < 20) return short;
      return byEthertype(d, u16be(data, start), start + 20);
    case 0: {
      if (n < 4) return short;
      // Host byte order of the capturing machine: whichever reading is a small number.
      const le = u32(data, start, true);
      return byFamily(d, le < 256 ? le : u32be(data, start), start + 4);
    }
    case 108:
      if (n < 4) return short;
      return byFamily(d, u32be(data, start), start + 4);
    case 12:
    case 14:
    case 101:
      return byVersionNibble(d, start);
    case 228:
      return ip(d, 4, start);
    case 229:
      return ip(d, 6, start);
    default:
      return `unsupported link type ${linkType}`;
  }
}
