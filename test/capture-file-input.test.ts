/**
 * The capture file's input side (src/capture/file.ts): telling pcap from pcapng by the first four
 * bytes, the problems of an input that is no capture or too short, when reading stops (and that
 * bytes pushed after that are not held), the byte count, and the chunking helpers.
 */
import { describe, expect, it } from 'vitest';
import { CaptureFile, chunksOf, fileItems } from '../src/capture/file.js';

/** The bytes a file holds unread (private; read here to check that a stopped file drops what it is given). */
const held = (file: CaptureFile) => file['queue'].available;

/** A little-endian µs pcap header (Ethernet) and records of the given bytes. */
function pcap(...records: number[][]): Uint8Array {
  const out = [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 1, 0, 0, 0];
  records.forEach((d, i) => out.push(i + 1, 0, 0, 0, 0, 0, 0, 0, d.length, 0, 0, 0, d.length, 0, 0, 0, ...d));
  return Uint8Array.from(out);
}

/** The first `n` items of a generator at most (a generator that never ends is cut). */
function firstOf<T>(g: Iterable<T>, n = 20): T[] {
  const out: T[] = [];
  for (const x of g) {
    out.push(x);
    if (out.length >= n) break;
  }
  return out;
}

describe('capture file: the format and the input', () => {
  it('bytes that are no capture: one fatal problem naming the first four bytes; then nothing, not even at the end', () => {
    const file = new CaptureFile();
    file.push(Uint8Array.of(1, 0xab, 3, 4, 5));
    expect(file.stopped).toBe(false);
    expect(file.next()).toEqual({ kind: 'problem', offset: 0, message: 'not a pcap or pcapng file (first bytes 01ab0304)', fatal: true });
    expect(file.stopped).toBe(true);
    expect(file.next()).toBeUndefined();
    expect(file.end()).toBeUndefined();
  });

  it('fewer than four bytes in all: the end says the file is too short to be a capture, once', () => {
    const file = new CaptureFile();
    file.push(Uint8Array.of(0xd4, 0xc3));
    expect(file.next()).toBeUndefined();
    expect(file.stopped).toBe(false);
    expect(file.end()).toEqual({ kind: 'problem', offset: 0, message: 'the file is too short to be a capture (2 byte(s))', fatal: true });
    expect(file.stopped).toBe(true);
    expect(file.end()).toBeUndefined();
    expect([...fileItems([])]).toEqual([{ kind: 'problem', offset: 0, message: 'the file is too short to be a capture (0 byte(s))', fatal: true }]);
  });

  it('a fatal problem inside the format stops the file', () => {
    const file = new CaptureFile();
    const header = pcap();
    header[4] = 9; // version 9
    file.push(header);
    expect(file.stopped).toBe(false);
    expect(file.next()).toMatchObject({ kind: 'info', format: 'pcap' });
    expect(file.stopped).toBe(true);
    expect(file.next()).toEqual({ kind: 'problem', offset: 4, message: 'unsupported pcap version 9', fatal: true });
    expect(file.next()).toBeUndefined();
    const good = new CaptureFile();
    good.push(pcap([1]));
    expect(good.next()).toMatchObject({ kind: 'info' });
    expect(good.stopped).toBe(false);
  });

  it('bytesIn counts every byte pushed, also after reading stopped; bytes pushed after a fatal problem are not held', () => {
    const file = new CaptureFile();
    file.push(Uint8Array.of(9, 9, 9));
    file.push(Uint8Array.of(9, 9));
    expect(file.bytesIn).toBe(5);
    expect(held(file)).toBe(5);
    expect(file.next()).toMatchObject({ kind: 'problem', fatal: true });
    file.push(new Uint8Array(1000));
    expect(file.bytesIn).toBe(1005);
    expect(held(file)).toBe(5);
  });

  it('fileItems gives each frame as its own object (the reader refills one for the next record)', () => {
    const items = [...fileItems([pcap([1, 2], [3])])];
    expect(items.map((i) => (i.kind === 'frame' ? [i.number, i.seconds, Array.from(i.data.subarray(i.start, i.end))] : i.kind))).toEqual(['info', [1, 1, [1, 2]], [2, 2, [3]]]);
  });
});

describe('chunksOf', () => {
  const bytes = Uint8Array.of(1, 2, 3, 4, 5, 6);
  const chunks = (b: Uint8Array, size?: number) => firstOf(chunksOf(b, size)).map((c) => Array.from(c));

  it('splits into views of the size given, the last one shorter, and no empty chunk at the end', () => {
    expect(chunks(bytes, 4)).toEqual([[1, 2, 3, 4], [5, 6]]);
    expect(chunks(bytes, 3)).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(chunks(bytes, 1)).toEqual([[1], [2], [3], [4], [5], [6]]);
  });

  it('by default gives the bytes as one chunk; no bytes give no chunk', () => {
    expect(chunks(bytes)).toEqual([[1, 2, 3, 4, 5, 6]]);
    expect(chunks(new Uint8Array(0))).toEqual([]);
  });
});
