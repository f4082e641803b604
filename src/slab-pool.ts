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

import { speciesOf, type ViewConstructor } from './wire/views.js';

/** Size of a slab. */
export const SLAB_SIZE = 16384;

/** Bump allocation of stretches from a succession of slabs (one pool object, shared explicitly). */
export class SlabPool {
  private plain: Uint8Array | null = null;
  private used = 0;
  /** The constructor of the arrays {@link slabLike} was last given, and their species. */
  private like: unknown = null;
  private make: ViewConstructor | null = null;
  /** The current slab as an array of that species (null: not made yet). */
  private kind: Uint8Array | null = null;

  /**
   * Reserves `n` fresh bytes (1 ≤ n ≤ {@link SLAB_SIZE}), never handed out before, and returns their
   * offset in the current slab: read the slab with {@link slabLike} before the next call. The first
   * call allocates the first slab.
   */
  reserve(n: number): number {
    if (this.plain === null || SLAB_SIZE - this.used < n) {
      this.plain = new Uint8Array(SLAB_SIZE);
      this.kind = null;
      this.used = 0;
    }
    const at = this.used;
    this.used = at + n;
    return at;
  }

  /**
   * The current slab, all of it, as the kind of array `like.subarray` makes (its species: a
   * subclass's chunks give that subclass), so that a packet decoded from it, and the payload viewed
   * in it, are of the same kind as when read in place from `like`. One array per slab and kind:
   * the species is looked up again only when `like`'s constructor is not the last one's. A plain
   * `Uint8Array` when the species is not a function found the common way.
   */
  slabLike(like: Uint8Array): Uint8Array {
    const ctor = like.constructor;
    if (ctor !== this.like) {
      this.like = ctor;
      this.make = speciesOf(like);
      this.kind = null;
    }
    const plain = this.plain!;
    if (this.kind === null) this.kind = this.make === null ? plain : new this.make(plain.buffer, 0, SLAB_SIZE);
    return this.kind;
  }
}

/** The pool every `Decoder` takes its stretches from. It allocates nothing until first used. */
export const sharedSlabPool = new SlabPool();
