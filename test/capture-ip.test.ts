/**
 * The IP layer of the capture reader: IPv4 (RFC 791) header checks, total length and fragments;
 * IPv6 (RFC 8200) payload length, extension headers (RFC 8200 section 4, the Authentication
 * Header of RFC 4302 counted in 4-byte units) and the fragment header; IPv6 addresses in their
 * RFC 5952 text form. The packets sit after a link header, so that every offset is checked
 * relative to where the IP header starts.
 */
import { describe, expect, it } from 'vitest';
import { addressAt, dissection } from '../src/capture/dissection.js';
import { v6Address } from '../src/capture/ip-address.js';
import { decodeIp } from '../src/capture/ip.js';

/**
 * What the IP decoder finds in `packet` placed after `lead` bytes of link header (0xaa each), the
 * frame followed by bytes of the next (0xbb each), which are not the frame's.
 */
function decode(version: 4 | 6, packet: number[], lead = 14) {
  const d = dissection();
  d.data = Uint8Array.from([...new Array<number>(lead).fill(0xaa), ...packet, ...new Array<number>(24).fill(0xbb)]);
  d.frameEnd = lead + packet.length;
  d.ipVersion = version;
  d.ipStart = lead;
  const skip = decodeIp(d);
  if (skip !== undefined) return { skip };
  const { srcAt, dstAt, protocol, fragment, fragmentOffset, moreFragments, transportStart, ipEnd } = d;
  // Offsets relative to the IP header's start.
  return {
    srcAt: srcAt - lead, dstAt: dstAt - lead, protocol, fragment, fragmentOffset, moreFragments,
    transportStart: transportStart - lead, ipEnd: ipEnd - lead,
  };
}

const u16 = (v: number) => [v >> 8, v & 0xff];

/** An IPv4 header (20 bytes, or more with `ihl`) followed by `payload`. */
function ipv4(o: { ihl?: number; total?: number; protocol?: number; flagsFragment?: number; version?: number }, payload: number[] = []): number[] {
  const ihl = o.ihl ?? 5;
  const headerBytes = Math.max(ihl * 4, 20);
  const h = new Array<number>(headerBytes).fill(0);
  h[0] = ((o.version ?? 4) << 4) | ihl;
  [h[2], h[3]] = u16(o.total ?? headerBytes + payload.length);
  [h[6], h[7]] = u16(o.flagsFragment ?? 0);
  h[8] = 64;
  h[9] = o.protocol ?? 6;
  h.splice(12, 8, 192, 0, 2, 1, 198, 51, 100, 2);
  return [...h, ...payload];
}

/** An IPv6 header with next header `next` and payload length `length` (default: the bytes that follow), then `rest`. */
function ipv6(next: number, rest: number[] = [], length = rest.length, version = 6): number[] {
  const h = new Array<number>(40).fill(0);
  h[0] = version << 4;
  [h[4], h[5]] = u16(length);
  h[6] = next;
  h[7] = 64;
  h.splice(8, 16, 0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 1);
  h.splice(24, 16, 0x20, 0x01, 0x0d, 0xb8, ...new Array<number>(11).fill(0), 0x22);
  return [...h, ...rest];
}

const TCP_HEADER = new Array<number>(20).fill(0x11);

describe('IPv4 header (RFC 791)', () => {
  it('a header of 20 bytes: addresses at 12 and 16, the protocol, the transport after the header, the end at the total length', () => {
    expect(decode(4, ipv4({}, TCP_HEADER))).toEqual({
      srcAt: 12, dstAt: 16, protocol: 6, fragment: false, fragmentOffset: 0, moreFragments: false, transportStart: 20, ipEnd: 40,
    });
  });

  it('addresses print as dotted quads of the four bytes at their offsets, nothing before them', () => {
    const d = dissection();
    d.data = Uint8Array.of(0xaa, 0xbb, 0xcc, 192, 0, 2, 1, 198, 51, 100, 2, 0xdd);
    d.ipVersion = 4;
    expect(addressAt(d, 3)).toBe('192.0.2.1');
    expect(addressAt(d, 7)).toBe('198.51.100.2');
  });

  it('a packet of exactly 20 bytes (a header alone) is decoded: its transport data is empty', () => {
    expect(decode(4, ipv4({}))).toMatchObject({ transportStart: 20, ipEnd: 20 });
  });

  it('fewer than 20 bytes after the link header are a header cut short, wherever the header starts', () => {
    expect(decode(4, ipv4({}).slice(0, 19))).toEqual({ skip: 'IPv4 header cut short' });
    expect(decode(4, ipv4({}).slice(0, 19), 30)).toEqual({ skip: 'IPv4 header cut short' });
  });

  it('a version nibble other than 4 is not IPv4', () => {
    expect(decode(4, ipv4({ version: 6 }, TCP_HEADER))).toEqual({ skip: 'not IPv4' });
  });

  it('options: a header length of 6 words puts the transport 24 bytes in', () => {
    expect(decode(4, ipv4({ ihl: 6 }, TCP_HEADER))).toMatchObject({ transportStart: 24, ipEnd: 44 });
  });

  it('a header length below 5 words, or beyond the bytes captured, is out of range', () => {
    expect(decode(4, ipv4({ ihl: 4, total: 40 }, TCP_HEADER))).toEqual({ skip: 'IPv4 header length out of range' });
    // 24 bytes of header announced, 20 captured (total length 0: offload, nothing else to go by).
    expect(decode(4, ipv4({ ihl: 6, total: 0 }).slice(0, 20))).toEqual({ skip: 'IPv4 header length out of range' });
    expect(decode(4, ipv4({ ihl: 6, total: 0 }).slice(0, 23))).toEqual({ skip: 'IPv4 header length out of range' });
  });

  it('a total length below the captured bytes trims the packet (Ethernet padding is not transport data)', () => {
    expect(decode(4, [...ipv4({}, TCP_HEADER), 0, 0, 0, 0, 0, 0])).toMatchObject({ transportStart: 20, ipEnd: 40 });
  });

  it('a total length beyond the captured bytes ends the packet where the capture does', () => {
    expect(decode(4, ipv4({ total: 1500 }, TCP_HEADER))).toMatchObject({ transportStart: 20, ipEnd: 40 });
  });

  it('a total length of 0 (left by TCP segmentation offload) takes the whole frame', () => {
    expect(decode(4, ipv4({ total: 0 }, TCP_HEADER))).toMatchObject({ transportStart: 20, ipEnd: 40 });
  });

  it('a total length shorter than the header is refused; one equal to it is an empty packet', () => {
    expect(decode(4, ipv4({ total: 19 }, TCP_HEADER))).toEqual({ skip: 'IPv4 total length shorter than its header' });
    expect(decode(4, ipv4({ ihl: 6, total: 23 }, TCP_HEADER))).toEqual({ skip: 'IPv4 total length shorter than its header' });
    expect(decode(4, ipv4({ total: 20 }, TCP_HEADER))).toMatchObject({ transportStart: 20, ipEnd: 20 });
  });

  it('fragments: the offset in 8-byte units, the More Fragments flag, a non-first last fragment', () => {
    expect(decode(4, ipv4({ flagsFragment: 0x2000 }, TCP_HEADER))).toMatchObject({ fragment: true, fragmentOffset: 0, moreFragments: true });
    expect(decode(4, ipv4({ flagsFragment: 0x0003 }, TCP_HEADER))).toMatchObject({ fragment: true, fragmentOffset: 24, moreFragments: false });
    // Don't Fragment (0x4000) alone is not a fragment.
    expect(decode(4, ipv4({ flagsFragment: 0x4000 }, TCP_HEADER))).toMatchObject({ fragment: false, fragmentOffset: 0, moreFragments: false });
  });
});

describe('IPv6 header (RFC 8200)', () => {
  it('the fixed header: addresses at 8 and 24, the next header, the transport at 40, the end at the payload length', () => {
    expect(decode(6, ipv6(6, TCP_HEADER))).toEqual({
      srcAt: 8, dstAt: 24, protocol: 6, fragment: false, fragmentOffset: 0, moreFragments: false, transportStart: 40, ipEnd: 60,
    });
  });

  it('fewer than 40 bytes are a header cut short, wherever the header starts; exactly 40 are an empty packet', () => {
    expect(decode(6, ipv6(59).slice(0, 39))).toEqual({ skip: 'IPv6 header cut short' });
    expect(decode(6, ipv6(59).slice(0, 39), 40)).toEqual({ skip: 'IPv6 header cut short' });
    expect(decode(6, ipv6(59))).toMatchObject({ protocol: 59, transportStart: 40, ipEnd: 40 });
  });

  it('a version nibble other than 6 is not IPv6', () => {
    expect(decode(6, ipv6(6, TCP_HEADER, 20, 4))).toEqual({ skip: 'not IPv6' });
  });

  it('the payload length is read from the IPv6 header, not the bytes before it: padding after it is not transport data', () => {
    // The link header's last bytes read as a payload length of 0xaaaa.
    expect(decode(6, [...ipv6(6, TCP_HEADER), 0, 0, 0, 0], 14)).toMatchObject({ transportStart: 40, ipEnd: 60 });
  });

  it('a payload length beyond the captured bytes ends the packet where the capture does', () => {
    expect(decode(6, ipv6(6, TCP_HEADER, 1000))).toMatchObject({ transportStart: 40, ipEnd: 60 });
  });

  it('a payload length of 0 (a jumbogram, or offload) takes the whole frame', () => {
    expect(decode(6, ipv6(6, TCP_HEADER, 0))).toMatchObject({ transportStart: 40, ipEnd: 60 });
  });

  it('extension headers are walked in 8-byte units: Hop-by-Hop (16 bytes) then Destination Options (8 bytes) then TCP', () => {
    const hopByHop = [60, 1, ...new Array<number>(14).fill(0)];
    const destination = [6, 0, ...new Array<number>(6).fill(0)];
    expect(decode(6, ipv6(0, [...hopByHop, ...destination, ...TCP_HEADER]))).toMatchObject({ protocol: 6, transportStart: 64, ipEnd: 84 });
  });

  it('the Authentication Header is counted in 4-byte units, plus 2 (RFC 4302)', () => {
    // Payload Len 4: (4 + 2) * 4 = 24 bytes of AH, then TCP.
    const ah = [6, 4, ...new Array<number>(22).fill(0x33)];
    expect(decode(6, ipv6(51, [...ah, ...TCP_HEADER]))).toMatchObject({ protocol: 6, transportStart: 64, ipEnd: 84 });
    // Payload Len 1: 12 bytes, then an 8-byte Destination Options header, then TCP.
    const short = [60, 1, ...new Array<number>(10).fill(0x33)];
    expect(decode(6, ipv6(51, [...short, 6, 0, 0, 0, 0, 0, 0, 0, ...TCP_HEADER]))).toMatchObject({ protocol: 6, transportStart: 60, ipEnd: 80 });
  });

  it('an extension header needs its first 2 bytes: 1 byte is a header cut short, 2 that announce more are headers running past the packet', () => {
    expect(decode(6, ipv6(0, [6]))).toEqual({ skip: 'IPv6 extension header cut short' });
    expect(decode(6, ipv6(0, [6, 0]))).toEqual({ skip: 'IPv6 extension headers run past the packet' });
    expect(decode(6, ipv6(51, [6]))).toEqual({ skip: 'IPv6 extension header cut short' });
    expect(decode(6, ipv6(51, [6, 0]))).toEqual({ skip: 'IPv6 extension headers run past the packet' });
    // The payload length bounds them, not the captured bytes.
    expect(decode(6, ipv6(0, [6, 0, 0, 0, 0, 0, 0, 0], 1))).toEqual({ skip: 'IPv6 extension header cut short' });
    expect(decode(6, ipv6(51, [6, 0, 0, 0, 0, 0, 0, 0], 1))).toEqual({ skip: 'IPv6 extension header cut short' });
  });

  it('extension headers that end exactly at the packet\'s end leave an empty transport', () => {
    expect(decode(6, ipv6(0, [59, 0, 0, 0, 0, 0, 0, 0]))).toMatchObject({ protocol: 59, transportStart: 48, ipEnd: 48 });
    expect(decode(6, ipv6(0, [6, 1, 0, 0, 0, 0, 0, 0]))).toEqual({ skip: 'IPv6 extension headers run past the packet' });
  });

  it('a fragment header: the protocol inside, the offset, the M flag; a first and a last fragment', () => {
    expect(decode(6, ipv6(44, [6, 0, 0x00, 0x01, 0, 0, 0, 7, ...TCP_HEADER]))).toMatchObject({ fragment: true, protocol: 6, fragmentOffset: 0, moreFragments: true });
    expect(decode(6, ipv6(44, [6, 0, 0x05, 0xa8, 0, 0, 0, 7]))).toMatchObject({ fragment: true, protocol: 6, fragmentOffset: 1448, moreFragments: false });
  });

  it('a fragment header after another extension header is found', () => {
    expect(decode(6, ipv6(0, [44, 0, 0, 0, 0, 0, 0, 0, 17, 0, 0x00, 0x11, 0, 0, 0, 1]))).toMatchObject({ fragment: true, protocol: 17, fragmentOffset: 16, moreFragments: true });
  });

  it('a fragment header needs its 8 bytes: 7 are a fragment header cut short, wherever the header starts', () => {
    expect(decode(6, ipv6(44, [6, 0, 0, 1, 0, 0, 0]))).toEqual({ skip: 'IPv6 fragment header cut short' });
    expect(decode(6, ipv6(44, [6, 0, 0, 1, 0, 0, 0]), 0)).toEqual({ skip: 'IPv6 fragment header cut short' });
  });
});

describe('IPv6 addresses as text (RFC 5952)', () => {
  const addr = (...groups: number[]) => v6Address(Uint8Array.from([0xff, ...groups.flatMap(u16)]), 1);

  it('no zero group: all eight groups, lower-case hex without leading zeros', () => {
    expect(addr(0x2001, 0xdb8, 1, 2, 3, 4, 5, 0xabcd)).toBe('2001:db8:1:2:3:4:5:abcd');
  });

  it('a single zero group is not shortened (section 4.2.2)', () => {
    expect(addr(0x2001, 0xdb8, 0, 1, 1, 1, 1, 1)).toBe('2001:db8:0:1:1:1:1:1');
    expect(addr(1, 2, 3, 0, 5, 6, 7, 8)).toBe('1:2:3:0:5:6:7:8');
  });

  it('the longest run of zero groups becomes ::, the groups after it joined by colons', () => {
    expect(addr(0x2001, 0xdb8, 0, 0, 0, 0, 2, 1)).toBe('2001:db8::2:1');
    expect(addr(1, 0, 0, 0, 0, 0, 0, 0)).toBe('1::');
    expect(addr(0, 0, 0, 0, 0, 0, 0, 1)).toBe('::1');
    expect(addr(0, 0, 0, 0, 0, 0, 0, 0)).toBe('::');
  });

  it('a longer run later wins over a shorter one earlier; of two equally long runs the first is shortened (section 4.2.3)', () => {
    expect(addr(1, 0, 0, 2, 0, 0, 0, 3)).toBe('1:0:0:2::3');
    expect(addr(1, 0, 0, 2, 0, 0, 3, 4)).toBe('1::2:0:0:3:4');
    expect(addr(0, 0, 1, 0, 0, 0, 2, 3)).toBe('0:0:1::2:3');
  });
});
