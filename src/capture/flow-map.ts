/**
 * A map from TCP connections to values, looked up by a frame of either direction: entries are
 * chained under their {@link flowHash} (a small integer key) and told apart by their
 * {@link AddressPair}. No string is built to find a frame's connection.
 *
 * @module
 */
import { type AddressPair, flowHash } from './address-pair.js';
import type { Dissection } from './dissection.js';

/** One connection's entry. */
export interface FlowEntry<V> {
  readonly pair: AddressPair;
  value: V;
  /** The next entry under the same hash. */
  next: FlowEntry<V> | undefined;
  /** When it was added (the map's count of additions then). */
  order: number;
}

/** Connections and their values. */
export class FlowMap<V> {
  private readonly heads = new Map<number, FlowEntry<V>>();
  private added = 0;
  /** Entries held. */
  size = 0;

  /** The entry of the frame in `d` (either direction); `hash` is `flowHash(d)` when the caller has it. */
  find(d: Dissection, hash = flowHash(d)): FlowEntry<V> | undefined {
    for (let e = this.heads.get(hash); e !== undefined; e = e.next) if (e.pair.match(d) !== undefined) return e;
    return undefined;
  }

  /** Adds an entry for the connection `pair` (the caller has made sure there is none yet). */
  add(pair: AddressPair, value: V): FlowEntry<V> {
    const e: FlowEntry<V> = { pair, value, next: this.heads.get(pair.hash), order: this.added++ };
    this.heads.set(pair.hash, e);
    this.size++;
    return e;
  }

  /** Removes `e` (nothing when it is not held). */
  remove(e: FlowEntry<V>): void {
    const hash = e.pair.hash;
    const head = this.heads.get(hash);
    if (head === e) {
      // Stryker disable next-line ConditionalExpression: `false` is equivalent but for memory: the hash then stays in the map with no entry under it, which find() and entries() step over
      if (e.next === undefined) this.heads.delete(hash);
      else this.heads.set(hash, e.next);
    } else {
      let p = head;
      while (p !== undefined && p.next !== e) p = p.next;
      // Not under its hash: removed before (or never added).
      if (p === undefined) return;
      // `e.next` is left as it is: a walk that stands on `e` goes on past it.
      p.next = e.next;
    }
    this.size--;
  }

  /** Every entry now, in the order they were added (a copy: entries may be removed while it is walked). */
  entries(): FlowEntry<V>[] {
    const out: FlowEntry<V>[] = [];
    for (const head of this.heads.values()) for (let e: FlowEntry<V> | undefined = head; e !== undefined; e = e.next) out.push(e);
    return out.sort((a, b) => a.order - b.order);
  }

  /** Removes every entry. */
  clear(): void {
    this.heads.clear();
    this.size = 0;
  }
}
