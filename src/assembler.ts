/**
 * The packet assembler of the stream `Decoder`: it holds the bytes of the one packet that spans
 * chunks, from its first byte to its last, and hands back the packet as one buffer. It knows
 * nothing of what the bytes mean: the Decoder reads the fixed header, checks it, and tells the
 * assembler how long the packet is.
 *
 * Its state is one named field:
 * - `idle`: nothing held, no buffer kept;
 * - `header`: the first bytes of a packet whose fixed header is cut (at most 4 are held, in `head`);
 * - `small`: a packet of at most {@link STAGE_BLOCK} bytes, copied piece by piece into a stretch of
 *   its exact size carved from the shared slab (`slab-pool.ts`), and handed back where it lies
 *   (the slab, and the packet's offset in it: no view of its own is made);
 * - `large`: a larger packet, held as views of the chunks it arrived in; pieces under
 *   {@link SMALL_PIECE} bytes are gathered into staging blocks instead (so that a peer dribbling
 *   bytes costs memory in proportion to the bytes, and a small view never pins a large chunk).
 *   The pieces are copied once, into a buffer of the packet's exact size, when the last arrives.
 *
 * The transitions: {@link PacketAssembler.beginHeader} (idle → header),
 * {@link PacketAssembler.extendHeader} (header → header), {@link PacketAssembler.begin} (idle or
 * header → small or large), {@link PacketAssembler.add} and {@link PacketAssembler.absorb} (small
 * or large, more bytes), {@link PacketAssembler.finish} (small or large → idle, the packet out),
 * {@link PacketAssembler.drop} (any → idle, everything let go).
 *
 * @module
 */
import { sharedSlabPool } from './slab-pool.js';
import { speciesOf } from './wire/views.js';

/** Pieces of a large packet shorter than this are copied into a staging block rather than held as views. */
export const SMALL_PIECE = 1024;
/** Size of a staging block, and the largest packet gathered whole in a slab stretch. */
export const STAGE_BLOCK = 4096;

/** What the assembler is holding: see the module's description. */
export type AssemblerState = 'idle' | 'header' | 'small' | 'large';

/**
 * Copies `src[from, to)` to `dst` at `at`: a loop for a few bytes (cheaper than `set`), else `set`
 * from a plain view of the range (only read from, so not of `src`'s kind: `subarray` of a subclass
 * calls its constructor through the species lookup, measured at twice the cost of this one).
 */
function copy(dst: Uint8Array, at: number, src: Uint8Array, from: number, to: number): void {
  // Stryker disable next-line ConditionalExpression,EqualityOperator,ArithmeticOperator: equivalent; the byte loop and `set` write the same bytes, the bound only picks the faster one (speed only).
  if (to - from < 16) {
    // Stryker disable next-line EqualityOperator: equivalent; one byte more is written just past the range: past the end of a stretch or packet (ignored by the typed array), or where the next piece or header byte is written before anything reads it. (`i >= to` skips the loop, as the kept ConditionalExpression `false` does.)
    for (let i = from; i < to; i++) dst[at++] = src[i];
  } else {
    // Stryker disable next-line ConditionalExpression: equivalent (`false` for the test or for either half of it); a view of all of `src` holds the bytes `src` holds (taking `src` itself only saves making the view). `true` for any of them, disabled with them, copies more than the range: the tests see that.
    dst.set(from === 0 && to === src.length ? src : new Uint8Array(src.buffer, src.byteOffset + from, to - from), at);
  }
}

/** Holds the one packet of a stream that spans chunks (one per `Decoder`). */
export class PacketAssembler {
  private current: AssemblerState = 'idle';
  /** Bytes held of the pending packet (in state `header`, the header bytes held). */
  private count = 0;
  /** Total size of the pending packet once begun, else -1. */
  private size = -1;
  /** Fixed-header length of the pending packet, once begun. */
  private hl = 0;
  /** In state `header`, the header bytes held before the last {@link extendHeader}. */
  private had = 0;
  /** The first bytes of a packet whose fixed header is cut; read them through {@link head}. */
  private readonly headBytes = new Uint8Array(5);
  /**
   * Where the next piece is copied: `stage[staged, limit)` is free. In state `small`, the slab the
   * packet's stretch is in (the stretch is `stage[limit - size, limit)`); in state `large`, the open
   * staging block (earlier pieces are in `fragments`), or null. Null in states `idle` and `header`.
   */
  private stage: Uint8Array | null = null;
  private staged = 0;
  private limit = 0;
  /** In state `large`: views of the pieces held so far, in order (the open block excluded). */
  private fragments: Uint8Array[] = [];
  /** Where the packet the last {@link finish} returned begins in the buffer it returned. */
  private at = 0;

  /** What the assembler holds now. */
  get state(): AssemblerState {
    return this.current;
  }

  /** Bytes held of the pending packet (0 when idle). */
  get held(): number {
    return this.count;
  }

  /** Total size of the pending packet once {@link begin} was called, else -1. */
  get need(): number {
    return this.size;
  }

  /** Fixed-header length of the pending packet, once {@link begin} was called. */
  get headerLength(): number {
    return this.hl;
  }

  /** In state `header`, the header bytes held so far (read `head[0, held)`). Do not modify. */
  get head(): Uint8Array {
    return this.headBytes;
  }

  /**
   * Where the packet the last {@link finish} returned begins in the buffer it returned (its
   * stretch's offset in the slab, or 0 for a large packet's own buffer).
   */
  get start(): number {
    return this.at;
  }

  /** Bytes of buffer space kept: the slab stretch, or the blocks and views of a large packet. */
  get reserved(): number {
    if (this.current === 'small') return this.size;
    let n = this.stage?.length ?? 0;
    for (const f of this.fragments) n += f.length;
    return n;
  }

  /** idle → header: holds `chunk[from, to)`, the first bytes (at most 4) of a packet whose fixed header is cut. */
  beginHeader(chunk: Uint8Array, from: number, to: number): void {
    // Stryker disable next-line EqualityOperator: equivalent; one more header byte is written at `held`, which nothing reads before extendHeader writes it. (`i >= to` runs the loop as little as ConditionalExpression `false` does: from < to here.)
    for (let i = from; i < to; i++) this.headBytes[i - from] = chunk[i];
    this.count = to - from;
    this.size = -1;
    this.current = 'header';
  }

  /**
   * In state `header`: appends the start of `chunk` to the header bytes held, up to 5 in all, and
   * returns how many there are now, for the caller to read the header in {@link head}. When the
   * header is complete, {@link begin} takes only its own bytes; the chunk's bytes after it stay
   * the caller's (`headerLength - before` of the chunk belong to the header, `before` being
   * {@link held} before this call).
   */
  extendHeader(chunk: Uint8Array): number {
    const had = this.count;
    const k = Math.min(5, had + chunk.length);
    // Stryker disable next-line ArithmeticOperator: equivalent; copying more writes only head bytes at or past `k` (or past the 5 kept: ignored), which nothing reads before the next extendHeader writes them.
    copy(this.headBytes, had, chunk, 0, k - had);
    this.had = had;
    this.count = k;
    return k;
  }

  /**
   * idle or header → small or large: begins a packet of `need` bytes whose fixed header is `hl`
   * bytes. From state `header`, the header bytes are the packet's first bytes, and the result is
   * how many bytes of the chunk last given to {@link extendHeader} were header bytes (the caller
   * goes on after them); from state `idle`, 0 (the caller adds the packet's bytes with {@link add}).
   *
   * The packet comes out in an array of the kind `like.subarray` makes (its species: a subclass's
   * chunks give that subclass; `like` is the chunk the packet begins in): a packet gathered from
   * a stream's chunks is read, and its payload viewed, from the same kind of array as a packet read
   * in place, so a payload's kind does not depend on where the chunks happened to be cut.
   */
  begin(need: number, hl: number, like: Uint8Array): number {
    const fromHeader = this.current === 'header';
    const had = this.had;
    this.size = need;
    this.hl = hl;
    this.count = 0;
    this.had = 0;
    // A small packet gets its stretch of the shared slab at once: no copy at the end, and the
    // claim reserves at most STAGE_BLOCK bytes.
    if (need <= STAGE_BLOCK) {
      this.current = 'small';
      const at = sharedSlabPool.reserve(need, like);
      this.stage = sharedSlabPool.slab;
      this.staged = at;
      this.limit = at + need;
    } else {
      this.current = 'large';
    }
    if (!fromHeader) return 0;
    this.add(this.headBytes, 0, hl);
    return hl - had;
  }

  /**
   * The short path of a piece that completes nothing: in state `small` or `large`, takes all of
   * `chunk` when it leaves the packet incomplete and fits the open stage (in state `large`, only a
   * piece under {@link SMALL_PIECE}) and returns true; otherwise does nothing and returns false.
   */
  absorb(chunk: Uint8Array): boolean {
    const stage = this.stage;
    if (stage === null) return false;
    const n = chunk.length;
    const at = this.staged;
    if (n < this.size - this.count && n <= this.limit - at && (n < SMALL_PIECE || this.current === 'small')) {
      copy(stage, at, chunk, 0, n);
      this.staged = at + n;
      this.count += n;
      return true;
    }
    return false;
  }

  /**
   * In state `small` or `large`: adds `chunk[from, to)`, which must leave the packet incomplete or
   * just complete it (to be followed by {@link finish}). Copied into the stage, or, in state
   * `large`, held as a view when at least {@link SMALL_PIECE} bytes.
   */
  add(chunk: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (n <= 0) return;
    this.count += n;
    if (this.current === 'large' && n >= SMALL_PIECE) {
      this.closeStage();
      this.fragments.push(chunk.subarray(from, to));
      return;
    }
    let stage = this.stage;
    // Stryker disable next-line ConditionalExpression: equivalent (`false` for `stage === null`); with no stage `staged` and `limit` are 0, and `n` is positive, so the second test holds. The other forms, disabled with it, are killed by the tests.
    if (stage === null || this.staged + n > this.limit) {
      // Only in state `large`: a small packet's stretch always has room for the rest of it.
      this.closeStage();
      // A block never larger than what the packet still needs.
      const left = this.size - (this.count - n);
      stage = this.stage = new Uint8Array(Math.max(n, Math.min(STAGE_BLOCK, left)));
      this.limit = stage.length;
    }
    copy(stage, this.staged, chunk, from, to);
    this.staged += n;
  }

  /**
   * small or large → idle: adds `chunk[from, to)`, the packet's last bytes, and returns a buffer
   * holding the whole packet at `[start, start + need)` ({@link start}, `need` as before this
   * call): the slab of a small packet's stretch, or one copy of the pieces of a large one, of the
   * packet's exact size. The assembler keeps no reference to it.
   */
  finish(chunk: Uint8Array, from: number, to: number): Uint8Array {
    let packet: Uint8Array;
    let at = 0;
    if (this.current === 'small') {
      this.add(chunk, from, to);
      packet = this.stage!;
      at = this.limit - this.size;
    } else {
      // Copy every piece once into a buffer of the packet's exact size.
      this.closeStage();
      const whole = new Uint8Array(this.size);
      let at = 0;
      for (const f of this.fragments) {
        whole.set(f, at);
        at += f.length;
      }
      copy(whole, at, chunk, from, to);
      // Of the last chunk's kind, as a stretch is of the first's (a stream's chunks are of one kind).
      const make = speciesOf(chunk);
      packet = make === null ? whole : new make(whole.buffer, 0, whole.length);
    }
    this.drop();
    this.at = at;
    return packet;
  }

  /** any → idle: lets go of every byte and buffer held. */
  drop(): void {
    this.current = 'idle';
    this.stage = null;
    this.staged = this.limit = 0;
    // Stryker disable next-line EqualityOperator,ConditionalExpression: equivalent (`>= 0`, `true`); they only swap an empty array for a new empty one. (`<= 0` and `false`, disabled with them, keep the fragments: the tests see that.)
    if (this.fragments.length > 0) this.fragments = [];
    this.count = this.had = this.hl = 0;
    this.size = -1;
  }

  /** In state `large`: moves the filled part of the open staging block to the fragments. */
  private closeStage(): void {
    // Stryker disable next-line EqualityOperator,ConditionalExpression,LogicalOperator: equivalent; an open stage always holds bytes (add copies at least one into it when it opens one), with no stage `staged` is 0, and an empty fragment would add nothing. (The forms that push nothing, disabled with them, are killed by the tests; `true` for the whole test pushes from no stage and throws.)
    if (this.stage !== null && this.staged > 0) this.fragments.push(this.stage.subarray(0, this.staged));
    this.stage = null;
    this.staged = this.limit = 0;
  }
}
