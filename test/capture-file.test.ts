/**
 * The capture reader's modules on bytes alone: file formats (classic pcap in both byte orders,
 * µs and ns; pcapng with SHB, IDBs, EPB, SPB, several interfaces, either byte order), the chunked
 * input (every chunk split gives the same frames), link layers, IPv4/IPv6, and damage.
 * Formats: draft-ietf-opsawg-pcap and draft-ietf-opsawg-pcapng.
 */
import { describe, expect, it } from 'vitest';
import { chunksOf, fileItems } from '../src/capture/file.js';
import { ip, link, tcp } from './helpers/capture.js';

const ip4 = (b: Uint8Array) => ip(b, 4);
const ip6 = (b: Uint8Array) => ip(b, 6);
import type { FileItem } from '../src/capture/types.js';

type CaptureItem = FileItem;

function u32(v: number, little: boolean): number[] {
  return little ? [v & 255, (v >>> 8) & 255, (v >>> 16) & 255, v >>> 24] : [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}
function u16(v: number, little: boolean): number[] {
  return little ? [v & 255, v >> 8] : [v >> 8, v & 255];
}

/** A classic pcap with the given frames (seconds, fraction, bytes). */
function classic(little: boolean, nano: boolean, linkType: number, frames: [number, number, number[]][]): Uint8Array {
  const out = [...u32(nano ? 0xa1b23c4d : 0xa1b2c3d4, little), ...u16(2, little), ...u16(4, little), ...u32(0, little), ...u32(0, little), ...u32(65535, little), ...u32(linkType, little)];
  for (const [s, f, d] of frames) out.push(...u32(s, little), ...u32(f, little), ...u32(d.length, little), ...u32(d.length, little), ...d);
  return Uint8Array.from(out);
}

function block(type: number, body: number[], little: boolean): number[] {
  const padded = [...body];
  while (padded.length % 4 !== 0) padded.push(0);
  const total = padded.length + 12;
  return [...u32(type, little), ...u32(total, little), ...padded, ...u32(total, little)];
}

/** A pcapng: SHB, two IDBs (Ethernet µs, raw IP with if_tsresol 9 and a name), EPBs, an SPB, a Name Resolution Block. */
function pcapng(little: boolean): Uint8Array {
  const shb = block(0x0a0d0d0a, [...u32(0x1a2b3c4d, little), ...u16(1, little), ...u16(0, little), ...u32(0xffffffff, little), ...u32(0xffffffff, little)], little);
  const idb0 = block(1, [...u16(1, little), 0, 0, ...u32(0, little)], little);
  const name = [...'eth9'].map((c) => c.charCodeAt(0));
  const idb1 = block(1, [...u16(101, little), 0, 0, ...u32(0, little), ...u16(2, little), ...u16(4, little), ...name, ...u16(9, little), ...u16(1, little), 9, 0, 0, 0, ...u16(0, little), ...u16(0, little)], little);
  const epb = (iface: number, units: bigint, data: number[]) =>
    block(6, [...u32(iface, little), ...u32(Number(units >> 32n), little), ...u32(Number(units & 0xffffffffn), little), ...u32(data.length, little), ...u32(data.length, little), ...data], little);
  const spb = block(3, [...u32(3, little), 7, 8, 9], little);
  const nrb = block(4, [0, 0, 0, 0], little);
  return Uint8Array.from([...shb, ...idb0, ...epb(0, 1_700_000_000_123_456n, [1, 2, 3]), ...nrb, ...idb1, ...epb(1, 1_700_000_000_123_456_789n, [0x45]), ...spb]);
}

function frames(items: CaptureItem[]) {
  return items.filter((i) => i.kind === 'frame').map((f) => (f.kind === 'frame' ? { n: f.number, t: BigInt(f.seconds) * 1_000_000_000n + BigInt(f.nanos), d: Array.from(f.data.subarray(f.start, f.end)), l: f.linkType, i: f.interfaceId, digits: f.timeDigits } : null));
}

function readAll(bytes: Uint8Array, chunk = bytes.length): CaptureItem[] {
  return [...fileItems(chunksOf(bytes, chunk))];
}

describe('classic pcap', () => {
  for (const little of [true, false]) {
    for (const nano of [false, true]) {
      it(`${little ? 'little' : 'big'}-endian, ${nano ? 'ns' : 'µs'}: frames, times, link type`, () => {
        const file = classic(little, nano, 113, [[1_700_000_000, 5, [1, 2]], [1_700_000_001, 999, [3]]]);
        const items = readAll(file);
        expect(items[0]).toMatchObject({ kind: 'info', format: 'pcap', byteOrder: little ? 'little' : 'big' });
        const scale = nano ? 1n : 1000n;
        expect(frames(items)).toEqual([
          { n: 1, t: 1_700_000_000_000_000_000n + 5n * scale, d: [1, 2], l: 113, i: 0, digits: nano ? 9 : 6 },
          { n: 2, t: 1_700_000_001_000_000_000n + 999n * scale, d: [3], l: 113, i: 0, digits: nano ? 9 : 6 },
        ]);
      });
    }
  }

  it('every chunk size gives the same frames (the file is never needed whole)', () => {
    const file = classic(true, false, 1, [[1, 2, [1, 2, 3, 4, 5]], [3, 4, []], [5, 6, [9]]]);
    const whole = frames(readAll(file));
    for (let size = 1; size <= 17; size++) expect(frames(readAll(file, size))).toEqual(whole);
  });

  it('a file cut inside a record: the frames before, then a fatal problem at the record', () => {
    const file = classic(true, false, 1, [[1, 2, [1, 2, 3]], [3, 4, [5, 6, 7, 8]]]);
    const items = readAll(file.subarray(0, file.length - 2));
    expect(frames(items)).toHaveLength(1);
    expect(items.at(-1)).toMatchObject({ kind: 'problem', offset: 24 + 16 + 3, fatal: true });
    expect((items.at(-1) as { message: string }).message).toContain('2 of 4 bytes present');
  });

  it('a header cut short, and bytes that are no capture', () => {
    expect(readAll(Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2))[0]).toMatchObject({ kind: 'problem', fatal: true });
    expect(readAll(Uint8Array.of(1, 2, 3, 4, 5))[0]).toMatchObject({ kind: 'problem', offset: 0, message: 'not a pcap or pcapng file (first bytes 01020304)' });
  });
});

describe('pcapng', () => {
  for (const little of [true, false]) {
    it(`${little ? 'little' : 'big'}-endian section: two interfaces, EPB times by if_tsresol, SPB, other blocks skipped`, () => {
      const items = readAll(pcapng(little));
      const infos = items.filter((i) => i.kind === 'info');
      expect(infos.at(-1)).toMatchObject({ format: 'pcapng', interfaces: [{ linkType: 1, timeDigits: 6 }, { linkType: 101, timeDigits: 9, name: 'eth9' }] });
      expect(frames(items)).toEqual([
        { n: 1, t: 1_700_000_000_123_456_000n, d: [1, 2, 3], l: 1, i: 0, digits: 6 },
        { n: 2, t: 1_700_000_000_123_456_789n, d: [0x45], l: 101, i: 1, digits: 9 },
        { n: 3, t: 0n, d: [7, 8, 9], l: 1, i: 0, digits: 6 },
      ]);
      expect(items.some((i) => i.kind === 'problem')).toBe(false);
      for (const size of [1, 3, 7, 64]) expect(frames(readAll(pcapng(little), size))).toEqual(frames(items));
    });
  }

  it('cut inside a block: the frames before it, then a fatal problem naming the block', () => {
    const file = pcapng(true);
    const items = readAll(file.subarray(0, file.length - 5));
    expect(frames(items)).toHaveLength(2);
    expect(items.at(-1)).toMatchObject({ kind: 'problem', fatal: true });
    expect((items.at(-1) as { message: string }).message).toMatch(/^block SPB of 20 bytes has only 15 present/);
  });

  it('a block whose trailing length differs is damage', () => {
    const file = pcapng(true);
    file[file.length - 1] ^= 1;
    expect(readAll(file).at(-1)).toMatchObject({ kind: 'problem', fatal: true });
  });
});

describe('link layers', () => {
  const ip4 = [0x45, 0, 0, 20];
  it('Ethernet with an 802.1ad and an 802.1Q tag', () => {
    const frame = Uint8Array.from([...new Array(12).fill(0), 0x88, 0xa8, 0, 100, 0x81, 0, 0, 7, 0x08, 0x00, ...ip4]);
    expect(link(1, frame)).toEqual({ ipVersion: 4, bytes: Uint8Array.from(ip4) });
    expect(link(1, Uint8Array.from([...new Array(12).fill(0), 0x08, 0x06, 1]))).toEqual({ skip: 'ethertype 0x0806' });
    expect(link(1, Uint8Array.from([...new Array(12).fill(0), 0x00, 0x40]))).toMatchObject({ skip: expect.stringContaining('802.3') });
  });
  it('Linux cooked capture v1 (protocol at 14) and v2 (protocol at 0, 20-byte header)', () => {
    expect(link(113, Uint8Array.from([...new Array(14).fill(0), 0x86, 0xdd, 0x60]))).toEqual({ ipVersion: 6, bytes: Uint8Array.of(0x60) });
    expect(link(276, Uint8Array.from([0x08, 0x00, ...new Array(18).fill(0), 0x45]))).toEqual({ ipVersion: 4, bytes: Uint8Array.of(0x45) });
  });
  it('BSD null in either host byte order, OpenBSD loopback, raw IP by its version nibble', () => {
    expect(link(0, Uint8Array.of(2, 0, 0, 0, 0x45))).toMatchObject({ ipVersion: 4 });
    expect(link(0, Uint8Array.of(0, 0, 0, 30, 0x60))).toMatchObject({ ipVersion: 6 });
    expect(link(108, Uint8Array.of(0, 0, 0, 24, 0x60))).toMatchObject({ ipVersion: 6 });
    expect(link(101, Uint8Array.of(0x60))).toMatchObject({ ipVersion: 6 });
    expect(link(147, Uint8Array.of(0))).toEqual({ skip: 'unsupported link type 147' });
  });
});

describe('IP and TCP', () => {
  /** IPv4 header with `options` 4-byte words, then `payload`; total length covers both, frame padded after. */
  function v4(options: number[], flagsFrag: number, payload: number[]): Uint8Array {
    const ihl = 5 + options.length / 4;
    const total = ihl * 4 + payload.length;
    return Uint8Array.from([0x40 | ihl, 0, total >> 8, total & 255, 0, 0, flagsFrag >> 8, flagsFrag & 255, 64, 6, 0, 0, 127, 0, 0, 1, 10, 0, 0, 2, ...options, ...payload, 0, 0, 0]);
  }
  it('IPv4 options are skipped by the header length; Ethernet padding is not payload', () => {
    const r = ip4(v4([1, 1, 1, 0], 0x4000, [9, 8, 7]));
    expect(r).toEqual({ version: 4, src: '127.0.0.1', dst: '10.0.0.2', protocol: 6, payload: Uint8Array.of(9, 8, 7) });
  });
  it('IPv4 fragments are reported (first with MF, later with an offset), not reassembled', () => {
    expect(ip4(v4([], 0x2000, [1]))).toMatchObject({ fragment: true, offset: 0, more: true });
    expect(ip4(v4([], 0x0003, [1]))).toMatchObject({ fragment: true, offset: 24, more: false });
  });
  it('IPv6: extension headers walked, addresses shortened, fragment header reported', () => {
    const addr = [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1];
    const hopByHop = [6, 0, 0, 0, 0, 0, 0, 0];
    const packet = Uint8Array.from([0x60, 0, 0, 0, 0, 8 + 2, 0, 64, ...addr, ...new Array(15).fill(0), 1, ...hopByHop, 0xaa, 0xbb]);
    expect(ip6(packet)).toEqual({ version: 6, src: '2001:db8::1', dst: '::1', protocol: 6, payload: Uint8Array.of(0xaa, 0xbb) });
    const frag = Uint8Array.from([0x60, 0, 0, 0, 0, 8, 44, 64, ...addr, ...addr, 6, 0, 0, 0x11, 0, 0, 0, 1]);
    expect(ip6(frag)).toMatchObject({ fragment: true, protocol: 6, offset: 16, more: true });
  });
  it('TCP: ports, sequence numbers, flags, payload after the data offset (options skipped)', () => {
    const seg = Uint8Array.from([0xa0, 0x00, 0x07, 0x5b, 0xff, 0xff, 0xff, 0xfe, 0, 0, 0, 1, 0x60, 0x12, 0, 0, 0, 0, 0, 0, 2, 4, 5, 0xb4, 0x10]);
    expect(tcp(seg)).toEqual({ srcPort: 40960, dstPort: 1883, seq: 0xfffffffe, ack: 1, syn: true, fin: false, rst: false, ackFlag: true, payload: Uint8Array.of(0x10) });
    expect(tcp(seg.subarray(0, 10))).toBe('TCP header cut short');
  });
});
