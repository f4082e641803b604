/**
 * The reassembler's min-heap (src/capture/heap.ts): items come out in the order of its
 * comparison, each once, whatever order they went in — for any item type, undefined included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../src/capture/heap.js';

/** Pops everything. */
function drain<T>(h: MinHeap<T>): (T | undefined)[] {
  const out: (T | undefined)[] = [];
  while (h.size > 0) out.push(h.pop());
  return out;
}

describe('MinHeap', () => {
  it('an empty heap peeks and pops nothing', () => {
    const h = new MinHeap<number>((a, b) => a < b);
    expect([h.size, h.peek(), h.pop(), h.size]).toEqual([0, undefined, undefined, 0]);
  });

  it('property: any numbers pushed come out sorted, each once, the smallest always at the top', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 60 }), (xs) => {
        const h = new MinHeap<number>((a, b) => a < b);
        for (const x of xs) h.push(x);
        expect(h.size).toBe(xs.length);
        expect(h.peek()).toBe(xs.length > 0 ? Math.min(...xs) : undefined);
        expect(drain(h)).toEqual(xs.slice().sort((a, b) => a - b));
      }),
    );
  });

  it('a heap whose items may be undefined pops each item once (an undefined one last, as its order says)', () => {
    const h = new MinHeap<number | undefined>((a, b) => a !== undefined && (b === undefined || a < b));
    h.push(undefined);
    h.push(2);
    h.push(1);
    expect(h.pop()).toBe(1);
    expect(h.size).toBe(2);
    expect(drain(h)).toEqual([2, undefined]);
  });
});
