/**
 * The TCP header of the capture reader (RFC 9293 section 3.1): the fields, and the data offset
 * that must cover at least the 20-byte header and stay within the IP packet. The segments sit
 * after an IP header, so that every bound is checked relative to where TCP starts.
 */
import { describe, expect, it } from 'vitest';
import { dissection } from '../src/capture/dissection.js';
import { decodeTcp } from '../src/capture/tcp.js';

/** What the TCP decoder finds in `segment` placed after `lead` bytes, the IP packet ending `trim` bytes before the frame does. */
function decode(segment: number[], lead = 20, trim = 0) {
  const d = dissection();
  d.data = Uint8Array.from([...new Array<number>(lead).fill(0xaa), ...segment]);
  d.transportStart = lead;
  d.ipEnd = d.data.length - trim;
  const skip = decodeTcp(d);
  if (skip !== undefined) return { skip };
  return { srcPort: d.srcPort, dstPort: d.dstPort, seq: d.seq, ack: d.ack, flags: d.flags, payloadStart: d.payloadStart - lead };
}

/** A TCP header of `words` 32-bit words (options filled with NOPs), then `payload`. */
function segment(words: number, payload: number[] = []): number[] {
  const h = [0xc3, 0x50, 0x07, 0x5b, 0x01, 0x02, 0x03, 0x04, 0xff, 0xfe, 0xfd, 0xfc, words << 4, 0x18, 0x10, 0x00, 0, 0, 0, 0];
  return [...h, ...new Array<number>(Math.max(0, words * 4 - 20)).fill(1), ...payload];
}

describe('TCP header (RFC 9293)', () => {
  it('ports, sequence and acknowledgment numbers, flags; the payload after the data offset', () => {
    expect(decode(segment(5, [0x30, 0]))).toEqual({ srcPort: 50000, dstPort: 1883, seq: 0x01020304, ack: 0xfffefdfc, flags: 0x18, payloadStart: 20 });
    expect(decode(segment(8, [0x30, 0]))).toMatchObject({ payloadStart: 32 });
  });

  it('fewer than 20 bytes of IP payload are a header cut short, wherever TCP starts', () => {
    expect(decode(segment(5).slice(0, 19))).toEqual({ skip: 'TCP header cut short' });
    expect(decode(segment(5).slice(0, 19), 40)).toEqual({ skip: 'TCP header cut short' });
    // The IP packet's end bounds it, not the frame's (Ethernet padding after it).
    expect(decode([...segment(5).slice(0, 19), 0, 0, 0], 20, 3)).toEqual({ skip: 'TCP header cut short' });
  });

  it('a data offset below 5 words is out of range', () => {
    expect(decode(segment(4, new Array<number>(8).fill(0)))).toEqual({ skip: 'TCP data offset out of range' });
    expect(decode(segment(0, new Array<number>(8).fill(0)))).toEqual({ skip: 'TCP data offset out of range' });
  });

  it('a data offset past the end of the IP packet is out of range; one ending exactly there leaves an empty payload', () => {
    expect(decode(segment(6).slice(0, 23))).toEqual({ skip: 'TCP data offset out of range' });
    expect(decode(segment(6).slice(0, 23), 40)).toEqual({ skip: 'TCP data offset out of range' });
    expect(decode([...segment(6).slice(0, 23), 0], 20, 1)).toEqual({ skip: 'TCP data offset out of range' });
    expect(decode(segment(6))).toMatchObject({ payloadStart: 24 });
  });
});
