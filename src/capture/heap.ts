/**
 * A binary min-heap: push and pop in O(log n), whatever the order things arrive in. The
 * reassembler keeps its out-of-order segments in one, so that a connection whose segments come in
 * reverse order costs O(n log n), not O(n²).
 *
 * @module
 */

/** A min-heap ordered by `before(a, b)` (true when `a` comes out first). */
export class MinHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  /** How many items it holds. */
  get size(): number {
    return this.items.length;
  }

  /** The first item, without removing it. */
  peek(): T | undefined {
    return this.items[0];
  }

  /** Adds an item. */
  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(a[i], a[parent])) break;
      [a[i], a[parent]] = [a[parent], a[i]];
      i = parent;
    }
  }

  /** Removes and returns the first item. */
  pop(): T | undefined {
    const a = this.items;
    // One item or none: nothing to restore. (Told by the length, not by what pop() gives: an item may be undefined.)
    if (a.length <= 1) return a.pop();
    const top = a[0];
    a[0] = a.pop() as T;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && this.before(a[l], a[m])) m = l;
      if (r < a.length && this.before(a[r], a[m])) m = r;
      if (m === i) break;
      [a[i], a[m]] = [a[m], a[i]];
      i = m;
    }
    return top;
  }
}
