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

/** The network-layer packet inside a frame. */
export interface NetworkPacket {
  /** 4 or 6. */
  ipVersion: 4 | 6;
  bytes: Uint8Array;
}

/** Why a frame carries no IP packet: a reason for a count, not an error. */
export type LinkResult = NetworkPacket | { skip: string };

function byEthertype(type: number, bytes: Uint8Array): LinkResult {
  if (type === ETHERTYPE_IPV4) return { ipVersion: 4, bytes };
  if (type === ETHERTYPE_IPV6) return { ipVersion: 6, bytes };
  return { skip: `ethertype 0x${type.toString(16).padStart(4, '0')}` };
}

function byFamily(family: number, bytes: Uint8Array): LinkResult {
  if (family === AF_INET) return { ipVersion: 4, bytes };
  if (AF_INET6.has(family)) return { ipVersion: 6, bytes };
  return { skip: `address family ${family}` };
}

function byVersionNibble(bytes: Uint8Array): LinkResult {
  const v = bytes.length > 0 ? bytes[0] >> 4 : 0;
  return v === 4 || v === 6 ? { ipVersion: v, bytes } : { skip: `raw packet with IP version ${v}` };
}

/** Strips the link-layer header of a frame of type `linkType`. */
export function decodeLink(linkType: number, data: Uint8Array): LinkResult {
  const short = { skip: 'frame shorter than its link-layer header' };
  switch (linkType) {
    case 1: {
      if (data.length < 14) return short;
      let p = 12;
      let type = u16be(data, p);
      while (VLAN_TAGS.has(type)) {
        p += 4;
        if (p + 2 > data.length) return short;
        type = u16be(data, p);
      }
      if (type <= 1500) return { skip: '802.3 frame (length, not ethertype)' };
      return byEthertype(type, data.subarray(p + 2));
    }
    case 113:
      if (data.length < 16) return short;
      return byEthertype(u16be(data, 14), data.subarray(16));
    case 276:
      if (data.length < 20) return short;
      return byEthertype(u16be(data, 0), data.subarray(20));
    case 0: {
      if (data.length < 4) return short;
      // Host byte order of the capturing machine: whichever reading is a small number.
      const le = u32(data, 0, true);
      return byFamily(le < 256 ? le : u32be(data, 0), data.subarray(4));
    }
    case 108:
      if (data.length < 4) return short;
      return byFamily(u32be(data, 0), data.subarray(4));
    case 12:
    case 14:
    case 101:
      return byVersionNibble(data);
    case 228:
      return { ipVersion: 4, bytes: data };
    case 229:
      return { ipVersion: 6, bytes: data };
    default:
      return { skip: `unsupported link type ${linkType}` };
  }
}
