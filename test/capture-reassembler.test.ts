/**
 * The Reassembler of one TCP direction, call by call: every `data` and `gap` it makes (offset,
 * bytes, segment-start flag, frame), its figures, and the rules for what waits: of two waiting
 * segments at one offset the first to arrive comes out first, a waiting segment is a copy, the
 * limit counts each segment's overhead and is reached only when passed, and only the first SYN
 * fixes the stream's start.
 */
import { describe, expect, it } from 'vitest';
import { Reassembler, SEGMENT_COST } from '../src/capture/reassembly.js';
import type { Stamp } from '../src/capture/types.js';

const stamp = (frame: number): Stamp => ({ frame, seconds: frame, nanos: 0, timeDigits: 6 });

type Call = ['data', number, number[], boolean, number] | ['gap', number, number, number];

/** A reassembler with the given limit that records every call it makes to its sink. */
function recording(limit = 1 << 20) {
  const calls: Call[] = [];
  const r = new Reassembler({
    data: (bytes, offset, segmentStart, frame) => calls.push(['data', offset, [...bytes], segmentStart, frame.frame]),
    gap: (offset, length, frame) => calls.push(['gap', offset, length, frame.frame]),
  }, limit);
  return { r, calls };
}

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('Reassembler: the stream\'s start', () => {
  it('is not known before the first segment; a SYN makes it known, and so does a first data segment mid-connection', () => {
    const a = recording();
    expect(a.r.started).toBe(false);
    a.r.add(1000, bytes(), true, false, stamp(1));
    expect(a.r.started).toBe(true);
    const b = recording();
    b.r.add(5000, bytes(1), false, false, stamp(1));
    expect(b.r.started).toBe(true);
  });

  it('only the first SYN fixes it: a later SYN with another sequence number does not move the stream', () => {
    const { r, calls } = recording();
    r.add(100, bytes(), true, false, stamp(1));
    r.add(900, bytes(), true, false, stamp(2));
    r.add(101, bytes(1, 2, 3), false, false, stamp(3));
    expect(calls).toEqual([['data', 0, [1, 2, 3], true, 3]]);
  });

  it('a SYN\'s own data (TCP Fast Open) starts at stream offset 0; a FIN on it ends the stream after that data', () => {
    const { r, calls } = recording();
    r.add(100, bytes(7, 8, 9), true, true, stamp(1));
    expect(calls).toEqual([['data', 0, [7, 8, 9], true, 1]]);
    expect(r.next).toBe(3);
    expect(r.finOffset).toBe(3);
  });

  it('a SYN with a FIN and no data ends the stream at offset 0', () => {
    const { r } = recording();
    r.add(0xffffffff, bytes(), true, true, stamp(1));
    expect(r.finOffset).toBe(0);
  });
});

describe('Reassembler: duplicates and overlaps', () => {
  it('a segment that repeats delivered bytes exactly, up to the next byte, delivers nothing and counts them as duplicates', () => {
    const { r, calls } = recording();
    r.add(0, bytes(1, 2, 3), false, false, stamp(1));
    r.add(1, bytes(2, 3), false, false, stamp(2));
    r.add(0, bytes(1, 2, 3), false, false, stamp(3));
    expect(calls).toEqual([['data', 0, [1, 2, 3], true, 1]]);
    expect(r.stats).toEqual({ segments: 3, outOfOrder: 0, duplicateBytes: 5, gapBytes: 0 });
  });

  it('the new part of a segment that overlaps delivered bytes is not a segment start', () => {
    const { r, calls } = recording();
    r.add(0, bytes(1, 2, 3), false, false, stamp(1));
    r.add(2, bytes(3, 4, 5), false, false, stamp(2));
    expect(calls).toEqual([
      ['data', 0, [1, 2, 3], true, 1],
      ['data', 3, [4, 5], false, 2],
    ]);
    expect(r.stats.duplicateBytes).toBe(1);
  });
});

describe('Reassembler: out-of-order segments', () => {
  it('a waiting segment that becomes contiguous comes out as a segment start, in the frame that filled the hole; the held bytes go back to 0', () => {
    const { r, calls } = recording();
    r.add(0, bytes(), true, false, stamp(1));
    r.add(4, bytes(4, 5), false, false, stamp(2));
    expect(r.waitingBytes).toBe(2);
    r.add(1, bytes(1, 2, 3), false, false, stamp(3));
    expect(calls).toEqual([
      ['data', 0, [1, 2, 3], true, 3],
      ['data', 3, [4, 5], true, 3],
    ]);
    expect(r.waitingBytes).toBe(0);
    expect(r.stats).toEqual({ segments: 2, outOfOrder: 1, duplicateBytes: 0, gapBytes: 0 });
  });

  it('a waiting segment that overlaps what was delivered before it comes out is cut, and its rest is not a segment start', () => {
    const { r, calls } = recording();
    r.add(3, bytes(3, 4, 5), false, false, stamp(1)); // offset 0
    r.add(7, bytes(7, 8), false, false, stamp(2)); // waits at 4
    r.add(6, bytes(6, 7, 8, 9), false, false, stamp(3)); // fills the hole and covers the waiting segment
    expect(calls).toEqual([
      ['data', 0, [3, 4, 5], true, 1],
      ['data', 3, [6, 7, 8, 9], true, 3],
    ]);
    expect(r.stats.duplicateBytes).toBe(2);
    expect(r.waitingBytes).toBe(0);
  });

  it('of two waiting segments at one offset the first to arrive comes out first: its bytes win, the other gives only what it adds', () => {
    const { r, calls } = recording();
    r.add(0, bytes(0), false, false, stamp(1));
    r.add(5, bytes(1, 2, 3), false, false, stamp(2));
    r.add(5, bytes(9, 9, 9, 9, 9), false, false, stamp(3));
    r.add(1, bytes(0, 0, 0, 0), false, false, stamp(4));
    expect(calls).toEqual([
      ['data', 0, [0], true, 1],
      ['data', 1, [0, 0, 0, 0], true, 4],
      ['data', 5, [1, 2, 3], true, 4],
      ['data', 8, [9, 9], false, 4],
    ]);
  });

  it('of three waiting segments at one offset they come out in their order of arrival', () => {
    const { r, calls } = recording();
    r.add(0, bytes(0), false, false, stamp(1));
    r.add(2, bytes(1), false, false, stamp(2));
    r.add(2, bytes(2, 2), false, false, stamp(3));
    r.add(2, bytes(3, 3, 3), false, false, stamp(4));
    r.add(1, bytes(0), false, false, stamp(5));
    expect(calls).toEqual([
      ['data', 0, [0], true, 1],
      ['data', 1, [0], true, 5],
      ['data', 2, [1], true, 5],
      ['data', 3, [2], false, 5],
      ['data', 4, [3], false, 5],
    ]);
    expect(r.stats.duplicateBytes).toBe(3);
  });

  it('a waiting segment is a copy: the caller may reuse the buffer it passed', () => {
    const { r, calls } = recording();
    r.add(0, bytes(0), false, false, stamp(1));
    const buffer = bytes(5, 6);
    r.add(2, buffer, false, false, stamp(2));
    buffer.fill(0xee);
    r.add(1, bytes(1), false, false, stamp(3));
    expect(calls.at(-1)).toEqual(['data', 2, [5, 6], true, 3]);
  });
});

describe('Reassembler: the limit on waiting bytes', () => {
  it('held bytes plus each segment\'s overhead exactly at the limit wait; one byte more declares the hole a gap', () => {
    const at = recording(3 + SEGMENT_COST);
    at.r.add(0, bytes(0), false, false, stamp(1));
    at.r.add(3, bytes(3, 4, 5), false, false, stamp(2));
    expect(at.calls).toEqual([['data', 0, [0], true, 1]]);
    expect(at.r.waitingBytes).toBe(3);

    const past = recording(2 + SEGMENT_COST);
    past.r.add(0, bytes(0), false, false, stamp(1));
    past.r.add(3, bytes(3, 4, 5), false, false, stamp(2));
    expect(past.calls).toEqual([
      ['data', 0, [0], true, 1],
      ['gap', 1, 2, 2],
      ['data', 3, [3, 4, 5], true, 2],
    ]);
    expect(past.r.waitingBytes).toBe(0);
    expect(past.r.next).toBe(6);
    expect(past.r.stats).toEqual({ segments: 2, outOfOrder: 1, duplicateBytes: 0, gapBytes: 2 });
  });

  it('with no room at all (a limit below 0) every out-of-order segment is skipped to at once, and nothing is left waiting', () => {
    const { r, calls } = recording(-1);
    r.add(0, bytes(0), false, false, stamp(1));
    r.add(4, bytes(4), false, false, stamp(2));
    expect(calls).toEqual([
      ['data', 0, [0], true, 1],
      ['gap', 1, 3, 2],
      ['data', 4, [4], true, 2],
    ]);
    expect(r.waitingBytes).toBe(0);
  });

  it('at the end of the capture every hole becomes a gap, in the frame that carried the bytes after it; the gap bytes add up', () => {
    const { r, calls } = recording();
    r.add(0, bytes(0), false, false, stamp(1));
    r.add(3, bytes(3), false, false, stamp(2));
    r.add(10, bytes(10, 11), false, false, stamp(3));
    r.finish();
    expect(calls).toEqual([
      ['data', 0, [0], true, 1],
      ['gap', 1, 2, 2],
      ['data', 3, [3], true, 2],
      ['gap', 4, 6, 3],
      ['data', 10, [10, 11], true, 3],
    ]);
    expect(r.stats).toEqual({ segments: 3, outOfOrder: 2, duplicateBytes: 0, gapBytes: 8 });
    expect(r.waitingBytes).toBe(0);
  });

  it('waiting segments come out by offset, not by arrival: arrived in reverse order, each still comes out whole', () => {
    const { r, calls } = recording();
    r.add(0, bytes(0), false, false, stamp(1));
    r.add(30, bytes(30), false, false, stamp(2));
    r.add(20, bytes(20), false, false, stamp(3));
    r.add(10, bytes(10), false, false, stamp(4));
    r.finish();
    expect(calls).toEqual([
      ['data', 0, [0], true, 1],
      ['gap', 1, 9, 4],
      ['data', 10, [10], true, 4],
      ['gap', 11, 9, 3],
      ['data', 20, [20], true, 3],
      ['gap', 21, 9, 2],
      ['data', 30, [30], true, 2],
    ]);
    expect(r.stats).toEqual({ segments: 4, outOfOrder: 3, duplicateBytes: 0, gapBytes: 27 });
  });
});
