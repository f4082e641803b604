/**
 * The slab pool the stream decoders share: a small packet that arrives split across chunks is
 * gathered in a stretch of its exact size carved from a 16 KiB slab, the way Node's allocation pool
 * carves its small byte arrays, and decoded where it lies in the slab. Stretches are handed out one
 * after another and never handed out twice, so the views a decoded packet keeps of its stretch stay
 * valid; a slab is dropped by the pool once full and freed by the engine when no packet views it
 * any more. A decoder holds its stretch only while the packet is pending: an idle decoder holds no
 * slab, whatever it received before.
 *
 * @module
 */

import { speciesOf } from './wire/views.js';

/** Size of a slab. */
export const SLAB_SIZE = 16384;

/** Bump allocation of stretches from a succession of slabs (one pool object, shared explicitly). */
export class SlabPool {
  private current: Uint8Array | null = null;
  private used = 0;
  /** The constructor of the array the current slab's kind was taken from. */
  private like: unknown = null;

  /**
   * Reserves `n` fresh bytes (1 ≤ n ≤ {@link SLAB_SIZE}), never handed out before, and returns their
   * offset in {@link slab}. The slab comes as the kind of array `like.subarray` makes (its species: a
   * subclass's chunks give that subclass; a plain `Uint8Array` when the species is not a function
   * found the common way), so that a packet decoded from it, and the payload viewed in it, are of
   * the kind they would be read in place from `like`. The species is looked up only for a new slab,
   * or when `like`'s constructor is not the last one's. The first call allocates the first slab.
   */
  reserve(n: number, like: Uint8Array): number {
    const ctor = like.constructor;
    const fits = this.current !== null && SLAB_SIZE - this.used >= n;
    if (!fits || ctor !== this.like) {
      const make = speciesOf(like);
      const buffer = fits ? this.current!.buffer : new ArrayBuffer(SLAB_SIZE);
      if (!fits) this.used = 0;
      this.current = make === null ? new Uint8Array(buffer) : new make(buffer, 0, SLAB_SIZE);
      this.like = ctor;
    }
    const at = this.used;
    this.used = at + n;
    return at;
  }

  /** The slab of the last {@link reserve}, all of it (null before the first). */
  get slab(): Uint8Array | null {
    return this.current;
  }
}

/** The pool every `Decoder` takes its stretches from. It allocates nothing until first used. */
export const sharedSlabPool = new SlabPool();
