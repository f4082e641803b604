/**
 * The capture reader's byte queue (src/capture/queue.ts): "the next n bytes" whatever the chunking,
 * a record inside one chunk given as a view of that chunk (no copy), a record spanning chunks
 * copied exactly, and the file offset and byte count kept right throughout.
 */
import { describe, expect, it } from 'vitest';
import { ByteQueue } from '../src/capture/queue.js';

const bytes = (from: number, n: number) => Uint8Array.from({ length: n }, (_, i) => (from + i) & 255);
/** True when `part` is a view into `whole`'s memory at `at`. */
const viewOf = (part: Uint8Array, whole: Uint8Array, at: number) => part.buffer === whole.buffer && part.byteOffset === whole.byteOffset + at;

describe('ByteQueue', () => {
  it('a record inside one chunk is a view of it, also the record that ends the chunk', () => {
    const q = new ByteQueue();
    const a = bytes(1, 6);
    q.push(a);
    const first = q.take(2) as Uint8Array;
    const rest = q.take(4) as Uint8Array;
    expect([...first, ...rest]).toEqual([...a]);
    expect(viewOf(first, a, 0)).toBe(true);
    expect(viewOf(rest, a, 2)).toBe(true);
    expect(q.offset).toBe(6);
    expect(q.available).toBe(0);
    expect(q.take(1)).toBeUndefined();
  });

  it('once a chunk is read to its end, the records of the next chunk are views of it', () => {
    const q = new ByteQueue();
    const a = bytes(0, 4);
    const b = bytes(4, 4);
    q.push(a);
    q.push(b);
    expect(viewOf(q.take(4) as Uint8Array, a, 0)).toBe(true);
    const next = q.take(2) as Uint8Array;
    expect([...next]).toEqual([4, 5]);
    expect(viewOf(next, b, 0)).toBe(true);
    expect(q.offset).toBe(6);
    expect(q.available).toBe(2);
  });

  it('a chunk pushed after everything before it was read is read in place', () => {
    const q = new ByteQueue();
    q.push(bytes(0, 2));
    q.take(2);
    const b = bytes(2, 3);
    q.push(b);
    const got = q.take(3) as Uint8Array;
    expect([...got]).toEqual([2, 3, 4]);
    expect(viewOf(got, b, 0)).toBe(true);
  });

  it('a record spanning chunks is copied exactly, and the chunk after the last one it used is read in place', () => {
    const q = new ByteQueue();
    const [a, b, c] = [bytes(0, 2), bytes(2, 2), bytes(4, 4)];
    q.push(a);
    q.push(b);
    q.push(c);
    expect(q.ensure(9)).toBe(false);
    const spanning = q.take(4) as Uint8Array;
    expect([...spanning]).toEqual([0, 1, 2, 3]);
    expect(spanning.buffer).not.toBe(a.buffer);
    const last = q.take(4) as Uint8Array;
    expect([...last]).toEqual([4, 5, 6, 7]);
    expect(viewOf(last, c, 0)).toBe(true);
    expect(q.offset).toBe(8);
  });

  it('a record that ends inside a later chunk leaves the rest of that chunk in place', () => {
    const q = new ByteQueue();
    const [a, b] = [bytes(0, 3), bytes(3, 5)];
    q.push(a);
    q.push(b);
    expect([...(q.take(5) as Uint8Array)]).toEqual([0, 1, 2, 3, 4]);
    const rest = q.take(3) as Uint8Array;
    expect([...rest]).toEqual([5, 6, 7]);
    expect(viewOf(rest, b, 2)).toBe(true);
  });

  it('an empty chunk adds nothing: the chunk after it is still read in place', () => {
    const q = new ByteQueue();
    const [a, b] = [bytes(0, 2), bytes(2, 2)];
    q.push(a);
    q.push(new Uint8Array(0));
    q.push(b);
    expect(q.available).toBe(4);
    expect(viewOf(q.take(2) as Uint8Array, a, 0)).toBe(true);
    const next = q.take(2) as Uint8Array;
    expect([...next]).toEqual([2, 3]);
    expect(viewOf(next, b, 0)).toBe(true);
  });

  it('a chunk of a Uint8Array subclass is read as plain Uint8Array views of the same memory', () => {
    class Sub extends Uint8Array {}
    const q = new ByteQueue();
    const s = new Sub([9, 8, 7]);
    q.push(s);
    const got = q.take(2) as Uint8Array;
    expect(got.constructor).toBe(Uint8Array);
    expect(viewOf(got, s, 0)).toBe(true);
  });

  it('many small chunks: every byte once, in order, with the right offsets', () => {
    const q = new ByteQueue();
    for (let i = 0; i < 300; i++) q.push(Uint8Array.of(i & 255));
    q.push(new Uint8Array(0));
    expect(q.available).toBe(300);
    const out: number[] = [];
    for (let r = q.take(7); r !== undefined; r = q.take(7)) out.push(...r);
    expect(out).toEqual(Array.from({ length: 294 }, (_, i) => i & 255));
    expect(q.offset).toBe(294);
    expect(q.available).toBe(6);
    expect([...(q.take(6) as Uint8Array)]).toEqual([294 & 255, 295 & 255, 296 & 255, 297 & 255, 298 & 255, 299 & 255]);
  });
});
