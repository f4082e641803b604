import { describe, expect, it } from 'vitest';
import { FRAME_INCOMPLETE, FRAME_MALFORMED, frameLength, frameRemainingLength, headerLength } from '../src/header.js';
import { VBI_INCOMPLETE, VBI_TOO_LONG, vbiBytesAt } from '../src/wire/vbi.js';

// frameLength: the one framing every stream reader shares [MQTT-2.2.3: Remaining Length as a
// Variable Byte Integer of at most 4 bytes; MQTT-1.5.5-1 shortest encoding, read leniently here].
describe('frameLength and frameRemainingLength', () => {
  it('frame a packet at an offset whose Remaining Length is not in its shortest encoding (read, not refused)', () => {
    // A byte before the packet, then PINGREQ with Remaining Length 0 written as 0x80 0x00.
    const bytes = new Uint8Array([0xff, 0xc0, 0x80, 0x00]);
    expect(frameRemainingLength(bytes, 1)).toBe(0);
    expect(frameLength(bytes, 1)).toBe(3);
    expect(headerLength(bytes, 1, 0)).toBe(3);
  });

  it('frame a shortest-encoded two-byte Remaining Length', () => {
    const bytes = new Uint8Array(3 + 200);
    bytes.set([0x30, 0xc8, 0x01]); // 200 = 0x48 | 0x80, then 1
    expect(frameRemainingLength(bytes)).toBe(200);
    expect(frameLength(bytes)).toBe(203);
  });

  it('answer incomplete for a cut header and malformed for a fifth length byte; the two equal the VBI reader results', () => {
    expect(frameLength(new Uint8Array([0x30]))).toBe(FRAME_INCOMPLETE);
    expect(frameLength(new Uint8Array([0x30, 0x80]))).toBe(FRAME_INCOMPLETE);
    expect(frameLength(new Uint8Array([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]))).toBe(FRAME_MALFORMED);
    expect(frameLength(new Uint8Array([0x30, 0x00]), 2)).toBe(FRAME_INCOMPLETE);
    expect([FRAME_INCOMPLETE, FRAME_MALFORMED]).toEqual([VBI_INCOMPLETE, VBI_TOO_LONG]);
  });
});

describe('vbiBytesAt', () => {
  it('counts the bytes of a Variable Byte Integer as written, at most four', () => {
    expect(vbiBytesAt(new Uint8Array([0x00]), 0)).toBe(1);
    expect(vbiBytesAt(new Uint8Array([0x80, 0x00]), 0)).toBe(2);
    expect(vbiBytesAt(new Uint8Array([0xff, 0xff, 0xff, 0x7f]), 0)).toBe(4);
    // A fourth byte with its continuation bit still ends the count at four.
    expect(vbiBytesAt(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x00]), 0)).toBe(4);
  });
});
