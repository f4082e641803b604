/**
 * The link layers of the capture reader: where the IP packet starts in a frame of each supported
 * LINKTYPE_, the minimum header sizes (a frame shorter than its link-layer header is skipped with
 * that reason, one exactly as long is an empty IP packet), and the reasons for frames that carry
 * no IP packet.
 */
import { describe, expect, it } from 'vitest';
import { dissection } from '../src/capture/dissection.js';
import { decodeLink } from '../src/capture/link.js';

const SHORT = 'frame shorter than its link-layer header';

/**
 * The IP version and start the link layer finds in `frame`, or the reason it gives. The frame is
 * read twice: as an array of its own, and as a range in the middle of a larger one (as a capture
 * reader gives frames of a file chunk), between bytes that would read as IPv4 (0x45) were they
 * taken for the frame's; both readings must agree.
 */
function find(linkType: number, frame: number[]) {
  const d = dissection();
  const data = Uint8Array.from(frame);
  const skip = decodeLink(linkType, data, 0, data.length, d);
  expect(d.data).toBe(data);
  expect(d.frameEnd).toBe(data.length);
  const alone = skip !== undefined ? { skip } : { ipVersion: d.ipVersion, ipStart: d.ipStart };
  const lead = 5;
  const inside = Uint8Array.from([...new Array<number>(lead).fill(0x45), ...frame, 0x45, 0x45, 0x45, 0x45]);
  const e = dissection();
  const skipInside = decodeLink(linkType, inside, lead, lead + frame.length, e);
  expect(e.data).toBe(inside);
  expect(e.frameEnd).toBe(lead + frame.length);
  expect(skipInside !== undefined ? { skip: skipInside } : { ipVersion: e.ipVersion, ipStart: e.ipStart - lead }).toEqual(alone);
  return alone;
}

const MACS = new Array<number>(12).fill(0x02);
const zeros = (n: number) => new Array<number>(n).fill(0);

describe('Ethernet (LINKTYPE_ETHERNET 1)', () => {
  it('ethertype 0x0800 is IPv4 at 14, 0x86dd is IPv6 at 14', () => {
    expect(find(1, [...MACS, 0x08, 0x00, 0x45])).toEqual({ ipVersion: 4, ipStart: 14 });
    expect(find(1, [...MACS, 0x86, 0xdd, 0x60])).toEqual({ ipVersion: 6, ipStart: 14 });
  });

  it('13 bytes are shorter than the header; 14 are an empty packet', () => {
    expect(find(1, [...MACS, 0x08])).toEqual({ skip: SHORT });
    expect(find(1, [...MACS, 0x08, 0x00])).toEqual({ ipVersion: 4, ipStart: 14 });
  });

  it('VLAN tags (802.1Q 0x8100, 802.1ad 0x88a8, 0x9100) are skipped, one or several', () => {
    expect(find(1, [...MACS, 0x81, 0x00, 0, 5, 0x08, 0x00])).toEqual({ ipVersion: 4, ipStart: 18 });
    expect(find(1, [...MACS, 0x88, 0xa8, 0, 5, 0x81, 0x00, 0, 6, 0x86, 0xdd])).toEqual({ ipVersion: 6, ipStart: 22 });
    expect(find(1, [...MACS, 0x91, 0x00, 0, 5, 0x08, 0x00])).toEqual({ ipVersion: 4, ipStart: 18 });
  });

  it('a VLAN tag without the ethertype after it is shorter than the header', () => {
    expect(find(1, [...MACS, 0x81, 0x00])).toEqual({ skip: SHORT });
    expect(find(1, [...MACS, 0x81, 0x00, 0, 5])).toEqual({ skip: SHORT });
    expect(find(1, [...MACS, 0x81, 0x00, 0, 5, 0x08])).toEqual({ skip: SHORT });
  });

  it('a type field of 1500 or less is an 802.3 length; above it, another ethertype is named in hex', () => {
    expect(find(1, [...MACS, 0x05, 0xdc, 0x45])).toEqual({ skip: '802.3 frame (length, not ethertype)' });
    expect(find(1, [...MACS, 0x00, 0x2e, 0x45])).toEqual({ skip: '802.3 frame (length, not ethertype)' });
    expect(find(1, [...MACS, 0x05, 0xdd, 0x45])).toEqual({ skip: 'ethertype 0x05dd' });
    expect(find(1, [...MACS, 0x08, 0x06, 0x00])).toEqual({ skip: 'ethertype 0x0806' });
  });
});

describe('Linux cooked captures (LINKTYPE_LINUX_SLL 113, LINKTYPE_LINUX_SLL2 276)', () => {
  it('SLL: the protocol at 14, IP at 16; 15 bytes are shorter than the header', () => {
    expect(find(113, [...zeros(14), 0x08, 0x00])).toEqual({ ipVersion: 4, ipStart: 16 });
    expect(find(113, [...zeros(14), 0x86, 0xdd, 0x60])).toEqual({ ipVersion: 6, ipStart: 16 });
    expect(find(113, [...zeros(14), 0x08])).toEqual({ skip: SHORT });
  });

  it('SLL2: the protocol at 0, IP at 20; 19 bytes are shorter than the header', () => {
    expect(find(276, [0x08, 0x00, ...zeros(18)])).toEqual({ ipVersion: 4, ipStart: 20 });
    expect(find(276, [0x86, 0xdd, ...zeros(18), 0x60])).toEqual({ ipVersion: 6, ipStart: 20 });
    expect(find(276, [0x08, 0x00, ...zeros(17)])).toEqual({ skip: SHORT });
  });
});

describe('Loopback (LINKTYPE_NULL 0 in the capturing host\'s byte order, LINKTYPE_LOOP 108 in network order)', () => {
  it('null: AF_INET 2 is IPv4 at 4, in either byte order; 3 bytes are shorter than the header', () => {
    expect(find(0, [2, 0, 0, 0])).toEqual({ ipVersion: 4, ipStart: 4 });
    expect(find(0, [0, 0, 0, 2, 0x45])).toEqual({ ipVersion: 4, ipStart: 4 });
    expect(find(0, [2, 0, 0])).toEqual({ skip: SHORT });
  });

  it('null: the IPv6 families of the BSDs and Linux (10, 24, 28, 30) are IPv6; another family is named', () => {
    for (const family of [10, 24, 28, 30]) expect(find(0, [family, 0, 0, 0])).toEqual({ ipVersion: 6, ipStart: 4 });
    expect(find(0, [0, 0, 0, 30])).toEqual({ ipVersion: 6, ipStart: 4 });
    expect(find(0, [7, 0, 0, 0])).toEqual({ skip: 'address family 7' });
  });

  it('null: a little-endian reading of 256 or more is not small, so the big-endian one is taken', () => {
    // Little-endian 255 is small: taken as is.
    expect(find(0, [255, 0, 0, 0])).toEqual({ skip: 'address family 255' });
    // Little-endian 256 is not: big-endian 0x00010000.
    expect(find(0, [0, 1, 0, 0])).toEqual({ skip: 'address family 65536' });
  });

  it('OpenBSD loop: the family in network byte order; 3 bytes are shorter than the header', () => {
    expect(find(108, [0, 0, 0, 2])).toEqual({ ipVersion: 4, ipStart: 4 });
    expect(find(108, [0, 0, 0, 24, 0x60])).toEqual({ ipVersion: 6, ipStart: 4 });
    expect(find(108, [2, 0, 0, 0])).toEqual({ skip: 'address family 33554432' });
    expect(find(108, [0, 0, 0])).toEqual({ skip: SHORT });
  });
});

describe('Raw IP (LINKTYPE_RAW 101 and DLT 12 / 14; LINKTYPE_IPV4 228, LINKTYPE_IPV6 229)', () => {
  it('101, 12 and 14: the version nibble of the first byte says IPv4 or IPv6, at 0', () => {
    for (const type of [101, 12, 14]) {
      expect(find(type, [0x45, 0])).toEqual({ ipVersion: 4, ipStart: 0 });
      expect(find(type, [0x60, 0])).toEqual({ ipVersion: 6, ipStart: 0 });
    }
  });

  it('101: any other version is named; an empty frame has version 0', () => {
    expect(find(101, [0x55, 0])).toEqual({ skip: 'raw packet with IP version 5' });
    expect(find(101, [])).toEqual({ skip: 'raw packet with IP version 0' });
  });

  it('228 is IPv4 and 229 is IPv6, whatever the first byte says', () => {
    expect(find(228, [0x60])).toEqual({ ipVersion: 4, ipStart: 0 });
    expect(find(229, [0x45])).toEqual({ ipVersion: 6, ipStart: 0 });
  });

  it('another link type is unsupported, by number', () => {
    expect(find(105, [0x45])).toEqual({ skip: 'unsupported link type 105' });
  });
});
