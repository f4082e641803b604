/**
 * Views into the bytes being read, made as `subarray` makes them — the same memory, and the same
 * kind of array (the input's species: a view of a `Uint8Array` subclass is of that subclass, as
 * Node's own byte arrays are) — without the work `subarray` repeats on every call. `subarray`
 * looks up the input's constructor and species and reads its `buffer` each time; a
 * {@link ViewMaker} looks them up once per input array and then only constructs. Measured on
 * Node 20 (2 M views of 100 bytes): `subarray` of Node's subclass 40 ns, of a `Uint8Array` 26 ns,
 * a constructor call on a known ArrayBuffer 17 ns; reading `.buffer` alone 17 ns.
 *
 * @module
 */

/** A typed-array constructor called as `subarray` calls its species: `(buffer, byteOffset, length)`. */
export type ViewConstructor = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Uint8Array;

/**
 * The constructor `subarray` would use for views of `buf` (its species), or null when that is not
 * a function found the common way: `subarray` itself is then called for every view (and applies
 * the rest of ECMA-262's SpeciesConstructor, default and errors included).
 */
export function speciesOf(buf: Uint8Array): ViewConstructor | null {
  const S = (buf.constructor as { [Symbol.species]?: unknown } | undefined)?.[Symbol.species];
  // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent (`false`, `""`): null sends every view of the array to subarray, which makes the same view (speed only); `true`, disabled with them, makes views with a species that is not a function: the tests see that.
  return typeof S === 'function' ? (S as ViewConstructor) : null;
}

/**
 * Views made of a small array before its parts are looked up: `decode` hands every call a new
 * array, with at most two views to make (a PUBLISH's topic bytes and payload). An array of at most
 * {@link ON_HEAP_MAX} bytes may live on the engine's heap, and reading its `buffer` then moves its
 * bytes out to an ArrayBuffer of their own, which costs more than the `subarray` calls it saves.
 */
const VIEWS_BEFORE_LOOKUP = 2;

/**
 * The longest array V8 may keep on its heap (`new Uint8Array(n)` for n up to 64): a longer one has
 * its ArrayBuffer already, and its parts are looked up at its first view. A stream's chunks are
 * longer (a socket's, always), and the views of the chunks and of the slab stretches that split
 * packets are gathered in were made by `subarray` two at a time after every switch between them:
 * looked up at once, 1,460-byte chunks decode 1.05–1.15× faster (`bench:ab`, 4 December 2026).
 */
const ON_HEAP_MAX = 64;

/** Makes views of one input array at a time; looks up how at once, or, for a small array, once it has had a few views. */
export class ViewMaker {
  /** The array the views are of (held only while the reader holds it anyway), and how many it has had. */
  private of: Uint8Array | null = null;
  private views = 0;
  /** Its parts, once looked up (`make` null until then). */
  private make: ViewConstructor | null = null;
  private buffer: ArrayBufferLike | null = null;
  private base = 0;

  /** Lets go of the array (and its ArrayBuffer): the next view looks its parts up again. */
  release(): void {
    this.of = null;
    this.buffer = null;
  }

  /** `buf[start, end)` as a view of the same memory, of the array kind `buf.subarray` returns. */
  view(buf: Uint8Array, start: number, end: number): Uint8Array {
    // Stryker disable next-line ConditionalExpression: equivalent (`true`): starting over at every view makes every view by subarray, the same views (speed only); `false`, disabled with it, keeps another array's parts: the tests see that.
    if (buf !== this.of) {
      this.of = buf;
      this.views = 0;
      this.make = null;
    }
    // Stryker disable next-line ConditionalExpression: equivalent (`true`): looking the parts up again at every view finds the same ones (speed only); `false`, disabled with it, never looks them up: the tests see that.
    if (this.make === null) {
      // A long array is looked up at once, a short one at its third view (views.test.ts checks when).
      const now = buf.length > ON_HEAP_MAX || ++this.views > VIEWS_BEFORE_LOOKUP;
      if (!now || (this.make = speciesOf(buf)) === null) return buf.subarray(start, end);
      this.buffer = buf.buffer;
      this.base = buf.byteOffset;
    }
    return new this.make(this.buffer as ArrayBufferLike, this.base + start, end - start);
  }
}

/**
 * The view maker every reader uses. One is enough: decoding runs on one thread, the maker checks
 * on every call which array it is given, and a Decoder lets go of its chunk when its push ends
 * (a maker per reader cost every idle connection about 50 bytes: bench/memory.mjs).
 */
export const sharedViews = new ViewMaker();
