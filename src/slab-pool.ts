/**
 * The slab pool the stream decoders share: a small packet that arrives split across chunks is
 * gathered in a stretch of its exact size carved from a 16 KiB slab, the way Node's allocation pool
 * carves its small byte arrays. Stretches are handed out one after another and never handed out twice, so the
 * views a decoded packet keeps of its stretch stay valid; a slab is dropped by the pool once full
 * and freed by the engine when no packet views it any more. A decoder holds its stretch only while
 * the packet is pending: an idle decoder holds no slab, whatever it received before.
 *
 * @module
 */

import type { ViewConstructor } from './wire/views.js';

/** Size of a slab. */
export const SLAB_SIZE = 16384;

/** Bump allocation of stretches from a succession of slabs (one pool object, shared explicitly). */
export class SlabPool {
  private slab: Uint8Array | null = null;
  private used = 0;

  /**
   * A fresh stretch of `n` bytes (1 ≤ n ≤ {@link SLAB_SIZE}), never handed out before: made by
   * `make` (a species, called as `subarray` calls it), or a plain `Uint8Array` without it. The first
   * call allocates the first slab.
   */
  take(n: number, make: ViewConstructor | null = null): Uint8Array {
    let slab = this.slab;
    if (slab === null || SLAB_SIZE - this.used < n) {
      slab = this.slab = new Uint8Array(SLAB_SIZE);
      this.used = 0;
    }
    const at = this.used;
    this.used = at + n;
    return make === null ? slab.subarray(at, at + n) : new make(slab.buffer, at, n);
  }
}

/** The pool every `Decoder` takes its stretches from. It allocates nothing until first used. */
export const sharedSlabPool = new SlabPool();
